/**
 * The values a command's inputs take when a run leaves them out: each
 * declared default evaluated in declaration order over the inputs given and
 * the defaults before it, as src/runtime/run.ts does before the first step.
 * Explain shows a defaulted input by its value, not only its expression.
 */
import type { MExpr, MInterface } from '../../model/model.ts';
import { evaluate } from '../../runtime/evaluate.ts';
import type { Tables } from '../../runtime/tables.ts';
import type { Value } from '../../runtime/values.ts';

/** A defaulted input's value and the inputs its default reads, with theirs. */
export interface DefaultedInput {
  readonly value: Value;
  readonly reads: readonly { readonly name: string; readonly value: Value }[];
}

/** The inputs an expression reads (a `var` naming one of `names`), in first-read order. */
function inputsRead(e: unknown, names: ReadonlySet<string>, out: Set<string>): Set<string> {
  if (e === null || typeof e !== 'object') return out;
  const x = e as { op?: unknown; name?: unknown };
  if (x.op === 'var' && typeof x.name === 'string' && names.has(x.name)) out.add(x.name);
  for (const v of Object.values(e)) inputsRead(v, names, out);
  return out;
}

/** Input `name` of `iface` when a run is given `given` only: undefined when given or without a default. */
export function defaultedInput(
  t: Tables,
  iface: MInterface,
  given: Readonly<Record<string, Value>>,
  name: string,
): DefaultedInput | undefined {
  if (Object.hasOwn(given, name)) return undefined;
  const vars = new Map<string, Value>(Object.entries(given));
  const names = new Set(iface.inputs.map((i) => i.name));
  for (const input of iface.inputs) {
    if (vars.has(input.name) || !input.default) continue;
    const value = evaluate(t, input.default as MExpr, { vars });
    vars.set(input.name, value);
    if (input.name !== name) continue;
    const reads = [...inputsRead(input.default, names, new Set())].flatMap((n) => {
      const v = vars.get(n);
      return v === undefined ? [] : [{ name: n, value: v }];
    });
    return { value, reads };
  }
  return undefined;
}
