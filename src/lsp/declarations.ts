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
  return (
    typeof name === 'object' &&
    name !== null &&
    typeof (name as { name?: unknown }).name === 'string' &&
    typeof (value as { span?: unknown }).span === 'object'
  );
}

/** The named things listed in `node`'s array properties (one level down, then theirs). */
function childrenOf(node: object): Declaration[] {
  const out: Declaration[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (!Array.isArray(value)) continue;
    for (const item of value) {
      if (isNamed(item)) {
        out.push({
          name: item.name.name,
          kind: key,
          span: item.span,
          nameSpan: item.name.span,
          children: childrenOf(item),
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
