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
  /** A protocol state's `vm`/`vcpu`, a call's subject: what qualifies it where it is used. */
  readonly scope?: string;
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

/**
 * Lists that hold uses, not declarations: a machine step's effects
 * (`vm.pmu = value` assigns a protocol state), a whole-CPU command's vendor
 * matches, an explore block's samples, a call's arguments.
 */
const USES = new Set(['effects', 'match', 'samples', 'args', 'values', 'items:explore']);

/** `X86Vendor.INTEL` for a member, `x` for a name: how a `for` block of a whole-CPU command is named. */
function exprName(expr: unknown): string {
  const e = expr as { kind?: string; name?: unknown; object?: unknown };
  if (e.kind === 'name' && typeof e.name === 'string') return e.name;
  if (e.kind === 'member' && isIdent(e.name)) return `${exprName(e.object)}.${e.name.name}`;
  return '…';
}

/**
 * What names a protocol call (`vcpu.set`), a whole-CPU command's slot
 * (`perf = intel_cpu_perf`) or its `for X86Vendor.INTEL { ... }` block; the
 * kind of a protocol item is the item (errno, state, call, host).
 */
function special(key: string, item: object): { named: Named; kind: string } | undefined {
  const value = item as {
    item?: unknown;
    subject?: unknown;
    verb?: unknown;
    slot?: unknown;
    match?: unknown;
    span?: Span;
  };
  if (!value.span) return undefined;
  if (value.item === 'call' && isIdent(value.subject) && isIdent(value.verb)) {
    const name = {
      name: `${value.subject.name}.${value.verb.name}`,
      span: { ...value.subject.span, end: value.verb.span.end },
    };
    return { named: { name, span: value.span }, kind: 'call' };
  }
  if (typeof value.item === 'string' && isNamed(item)) return { named: item, kind: value.item };
  if (key === 'slots' && isIdent(value.slot))
    return { named: { name: value.slot, span: value.span }, kind: 'slots' };
  if (key === 'vendors' && Array.isArray(value.match)) {
    const first = value.match[0] as { span?: Span } | undefined;
    const nameSpan = first?.span ?? value.span;
    const name = { name: `for ${value.match.map(exprName).join(', ')}`, span: nameSpan };
    return { named: { name, span: value.span }, kind: 'vendors' };
  }
  return undefined;
}

/** The scope word of a protocol state (`vm`, `vcpu`) or the subject of a call. */
function scopeOf(item: object): string | undefined {
  const value = item as { scope?: unknown; subject?: unknown };
  if (isIdent(value.scope)) return value.scope.name;
  if (isIdent(value.subject)) return value.subject.name;
  return undefined;
}

/** The named things listed in `node`'s array properties (one level down, then theirs). */
function childrenOf(node: object): Declaration[] {
  const out: Declaration[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (!Array.isArray(value) || USES.has(key)) continue;
    for (const item of value) {
      if (typeof item !== 'object' || item === null) continue;
      if (USES.has(`${key}:${String((item as { item?: unknown }).item)}`)) continue;
      const found = special(key, item);
      const named = found?.named ?? (isNamed(item) ? item : labelled(item));
      if (named) {
        const scope = scopeOf(item);
        out.push({
          name: named.name.name,
          kind: found?.kind ?? key,
          span: named.span,
          nameSpan: named.name.span,
          children: childrenOf(item),
          ...(scope === undefined ? {} : { scope }),
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
