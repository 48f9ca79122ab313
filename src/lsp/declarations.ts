/**
 * What a tables file declares, for the language server's outline, go to
 * definition and hover: each top-level declaration with a name, and inside
 * it everything that has one (enum members, register fields, interface
 * inputs, consumer lets and labelled steps...). Found by walking the AST
 * generically, so a declaration the grammar gains shows up without a change.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { FileAst } from '../syntax/ast.ts';

export interface Declaration {
  readonly name: string;
  /** The AST kind of the top-level declaration, or the property a child is listed under ("fields"). */
  readonly kind: string;
  /** The whole declaration. */
  readonly span: Span;
  /** Its name. */
  readonly nameSpan: Span;
  readonly children: readonly Declaration[];
}

interface Named {
  readonly name: { readonly name: string; readonly span: Span };
  readonly span: Span;
}

function isNamed(value: unknown): value is Named {
  if (typeof value !== 'object' || value === null) return false;
  const name = (value as { name?: unknown }).name;
  return isIdent(name) && typeof (value as { span?: unknown }).span === 'object';
}

function isIdent(name: unknown): name is Named['name'] {
  return (
    typeof name === 'object' &&
    name !== null &&
    typeof (name as { name?: unknown }).name === 'string'
  );
}

/** A labelled `when` or `warn` step: named by its label (a `drop` names a parent's step, not its own). */
function labelled(value: object): Named | undefined {
  const step = value as { kind?: unknown; label?: unknown; span?: Span };
  if ((step.kind !== 'when' && step.kind !== 'warn') || !isIdent(step.label) || !step.span)
    return undefined;
  return { name: step.label, span: step.span };
}

/** The named things listed in `node`'s array properties (one level down, then theirs). */
function childrenOf(node: object): Declaration[] {
  const out: Declaration[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (!Array.isArray(value)) continue;
    for (const item of value) {
      const named = isNamed(item)
        ? item
        : typeof item === 'object' && item
          ? labelled(item)
          : undefined;
      if (named) {
        out.push({
          name: named.name.name,
          kind: key,
          span: named.span,
          nameSpan: named.name.span,
          children: childrenOf(named),
        });
      } else if (typeof item === 'object' && item !== null) {
        // A cpuid leaf's registers (eax { ... }) are unnamed groups: their fields count.
        out.push(...childrenOf(item));
      }
    }
  }
  return out;
}

/** The declarations of one file, in source order. */
export function declarationsOf(ast: FileAst): Declaration[] {
  return ast.decls.flatMap((decl) =>
    isNamed(decl)
      ? [
          {
            name: decl.name.name,
            kind: decl.kind,
            span: decl.span,
            nameSpan: decl.name.span,
            children: childrenOf(decl),
          },
        ]
      : [],
  );
}
