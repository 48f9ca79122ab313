/**
 * The compiled protocols (issue 20). The types live in model.ts (the
 * generated TypeScript tables carry a copy of that one file); this module
 * names them for the protocol code.
 */
export type {
  MMachine,
  MProtocol,
  PCall,
  PEffect,
  PExplore,
  PExpr,
  PHostRecord,
  PParam,
  PStateVar,
  PStep,
  PType,
} from './model.ts';
