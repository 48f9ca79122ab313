/**
 * The AST of the protocol constructs (issue 20). The types live in ast.ts
 * (a Decl is one of them); this module names them for the protocol code.
 */
export type {
  CallRef,
  MachineDecl,
  MachineEffect,
  MachineResult,
  MachineStep,
  MachineStepBody,
  ProtocolDecl,
  ProtocolItem,
  ProtocolParam,
  ProtocolSample,
} from './ast.ts';
