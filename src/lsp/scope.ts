/**
 * The names a consumer's or a machine's body may use besides the file's
 * declarations: its own (lets, labelled steps), those of the interface or
 * protocol it implements (inputs and outputs; errnos, states, calls and
 * their parameters, host records) and those of the consumers or machines it
 * extends, nearest first. Go to definition, hover and completion read them.
 */
import type { FileAst } from '../syntax/ast.ts';
import type { Declaration } from './declarations.ts';
import { declarationsOf } from './declarations.ts';

export interface Scoped {
  readonly path: string;
  readonly declaration: Declaration;
  /** The declaration it is listed in (a call for a parameter). */
  readonly parent: Declaration;
}

export interface Top {
  readonly path: string;
  readonly declaration: Declaration;
  readonly implements?: string;
  readonly extends?: string;
}

export function topLevel(asts: ReadonlyMap<string, FileAst>): Top[] {
  return [...asts].flatMap(([path, ast]) => {
    const declarations = declarationsOf(ast);
    return ast.decls.flatMap((decl) => {
      if (!('name' in decl) || decl.name === undefined || !('span' in decl)) return [];
      const declaration = declarations.find((d) => d.span.start === decl.span.start);
      if (!declaration) return [];
      const links =
        decl.kind === 'consumer' || decl.kind === 'machine'
          ? {
              implements: decl.implements.name,
              ...(decl.parent ? { extends: decl.parent.name } : {}),
            }
          : {};
      return [{ path, declaration, ...links }];
    });
  });
}

/** Every declaration under `parent`, children before grandchildren. */
function nested(path: string, parent: Declaration): Scoped[] {
  const own = parent.children.map((declaration) => ({ path, declaration, parent }));
  return [...own, ...parent.children.flatMap((child) => nested(path, child))];
}

/** The consumer or machine of `path` around `offset`, if any. */
export function enclosing(
  asts: ReadonlyMap<string, FileAst>,
  path: string,
  offset: number,
): Top | undefined {
  return topLevel(new Map([[path, asts.get(path) ?? { path, decls: [] }]])).find(
    (t) =>
      (t.declaration.kind === 'consumer' || t.declaration.kind === 'machine') &&
      t.declaration.span.start <= offset &&
      offset <= t.declaration.span.end,
  );
}

/** What the body of the consumer or machine at `offset` in `path` may name, nearest first. */
export function scopeAt(
  asts: ReadonlyMap<string, FileAst>,
  path: string,
  offset: number,
): Scoped[] {
  const here = enclosing(asts, path, offset);
  if (!here) return [];
  const all = topLevel(asts);
  const kind = here.declaration.kind;
  const contract = kind === 'consumer' ? 'interface' : 'protocol';
  const out: Scoped[] = nested(here.path, here.declaration);
  const iface = all.find(
    (t) => t.declaration.kind === contract && t.declaration.name === here.implements,
  );
  if (iface) out.push(...nested(iface.path, iface.declaration));
  const seen = new Set([here.declaration.name]);
  for (let parent = here.extends; parent !== undefined && !seen.has(parent);) {
    seen.add(parent);
    const found = all.find((t) => t.declaration.kind === kind && t.declaration.name === parent);
    if (!found) break;
    out.push(...nested(found.path, found.declaration));
    parent = found.extends;
  }
  return out;
}

/**
 * The entry a name used at `offset` refers to: `whole` (`vcpu.set`, a call)
 * first, then `name` qualified by `qualifier` (`vm.pmu` is the vm state,
 * `host.pmu` the host record), then `name` alone.
 */
export function resolveInScope(
  scope: readonly Scoped[],
  whole: string,
  name: string,
  qualifier: string | undefined,
  call?: string,
): Scoped | undefined {
  const byWhole = whole !== name && scope.find((s) => s.declaration.name === whole);
  if (byWhole) return byWhole;
  const named = scope.filter((s) => s.declaration.name === name);
  return (
    named.find(
      (s) =>
        qualifier !== undefined &&
        (s.declaration.scope === qualifier || s.declaration.kind === qualifier),
    ) ??
    // A parameter several calls have (`attr`): the one of the step's call.
    named.find((s) => call !== undefined && s.parent.name === call) ??
    named[0]
  );
}

/** The call (`vcpu.set`) of the machine step around `offset` in `path`, if it names one. */
export function callAt(
  asts: ReadonlyMap<string, FileAst>,
  path: string,
  offset: number,
): string | undefined {
  for (const decl of asts.get(path)?.decls ?? []) {
    if (decl.kind !== 'machine' || offset < decl.span.start || offset > decl.span.end) continue;
    const step = decl.steps.find((s) => s.span.start <= offset && offset <= s.span.end);
    return step?.on ? `${step.on.subject.name}.${step.on.verb.name}` : undefined;
  }
  return undefined;
}

/**
 * The top-level declaration a name at `offset` of `path` refers to. Consumer
 * and machine names are unique per interface or protocol only (`kvm` is a
 * consumer of several), so among namesakes the one wins whose interface the
 * line names (`command map = kvm_evtype_write default kvm`, `extends kvm` in
 * a header that `implements` it), then the one of the interface the
 * enclosing consumer, machine or example is about; else the first.
 */
export function pickDeclaration(
  asts: ReadonlyMap<string, FileAst>,
  name: string,
  line: string,
  path: string,
  offset: number,
): Top | undefined {
  const namesakes = topLevel(asts).filter((t) => t.declaration.name === name);
  if (namesakes.length < 2) return namesakes[0];
  const words = new Set(line.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  const onLine = namesakes.find((t) => t.implements !== undefined && words.has(t.implements));
  if (onLine) return onLine;
  const around = (asts.get(path)?.decls ?? []).find(
    (d) => d.span.start <= offset && offset <= d.span.end,
  );
  const about =
    around?.kind === 'example'
      ? around.on.name
      : around?.kind === 'consumer' || around?.kind === 'machine'
        ? around.implements.name
        : undefined;
  return namesakes.find((t) => t.implements === about) ?? namesakes[0];
}
