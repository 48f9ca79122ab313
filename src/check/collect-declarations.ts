/**
 * Stage 1: build the global symbol table. Reports PM2001 for a name declared
 * twice (consumers, reason codes and top-level names each have one namespace).
 */
import type * as A from '../syntax/ast.ts';
import type { CheckContext, GlobalDecl } from './context.ts';
import { kindName } from './context.ts';
import { consumerKey } from './flatten-consumer.ts';

export function collectDeclarations(ctx: CheckContext): void {
  const { symbols, bag } = ctx;
  const define = (name: A.Ident, decl: GlobalDecl, what: string): void => {
    const previous = symbols.globals.get(name.name);
    if (previous) {
      const prevName = previous.kind === 'register' ? previous.name : previous.name;
      bag.report(
        'DuplicateName',
        name.span,
        [what, name.name],
        [{ message: `'${name.name}' is first defined here`, span: prevName.span }],
      );
      return;
    }
    symbols.globals.set(name.name, decl);
  };

  for (const file of ctx.files) {
    for (const decl of file.decls) {
      switch (decl.kind) {
        case 'consumer': {
          const key = consumerKey(decl.implements.name, decl.name.name);
          const previous = symbols.consumers.get(key);
          if (previous) {
            bag.report(
              'DuplicateName',
              decl.name.span,
              ['consumer', decl.name.name],
              [{ message: `'${decl.name.name}' is first defined here`, span: previous.name.span }],
            );
          } else symbols.consumers.set(key, decl);
          break;
        }
        case 'example':
          symbols.examples.push(decl);
          break;
        case 'explore':
        case 'lacks':
        case 'import':
        // Protocols and machines have their own names (src/protocol/check-protocols.ts).
        case 'protocol':
        case 'machine':
          break;
        case 'reasons':
          define(decl.name, decl, kindName.reasons);
          for (const reason of decl.reasons) {
            const previous = symbols.reasons.get(reason.name.name);
            if (previous) {
              bag.report(
                'DuplicateName',
                reason.name.span,
                ['reason', reason.name.name],
                [
                  {
                    message: `'${reason.name.name}' is first defined here`,
                    span: previous.reason.name.span,
                  },
                ],
              );
            } else symbols.reasons.set(reason.name.name, { reason, group: decl });
          }
          break;
        case 'cpuid':
          define(decl.name, decl, kindName.cpuid);
          for (const reg of decl.registers) {
            if (symbols.registers.has(reg.name.name)) {
              bag.report('DuplicateName', reg.name.span, ['register', reg.name.name]);
            } else symbols.registers.set(reg.name.name, reg);
          }
          break;
        case 'register':
          define(decl.name, decl, kindName.register);
          if (!symbols.registers.has(decl.name.name)) symbols.registers.set(decl.name.name, decl);
          break;
        default:
          define(decl.name, decl, kindName[decl.kind]);
      }
    }
  }
}
