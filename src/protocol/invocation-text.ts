/**
 * A call as a sequence file writes it: `vcpu0 set IRQ 23`, `vgic init`,
 * `vcpu1 init pmu_v3`. The words are the tables' (the call's subject and
 * verb, enum member names, flag parameter names); arguments go in
 * parameter order, a `name value` pair may name one, a flag is its name,
 * commas separate like spaces (`set FILTER 0x11,1,allow`).
 */
import type { MProtocol, PCall, PParam, PType } from '../model/protocol-model.ts';
import type { Invocation, PValue } from '../runtime/protocol-step.ts';

/** Per enum name, its members by value and by name. */
export interface EnumNames {
  readonly byValue: ReadonlyMap<string, ReadonlyMap<bigint, string>>;
  readonly byName: ReadonlyMap<string, ReadonlyMap<string, bigint>>;
}

export function enumNames(
  enums: readonly { name: string; members: readonly { name: string; value: bigint }[] }[],
): EnumNames {
  return {
    byValue: new Map(enums.map((e) => [e.name, new Map(e.members.map((m) => [m.value, m.name]))])),
    byName: new Map(enums.map((e) => [e.name, new Map(e.members.map((m) => [m.name, m.value]))])),
  };
}

function valueText(v: PValue, type: PType, names: EnumNames): string {
  if (typeof v === 'boolean') return String(v);
  if (type.kind === 'enum') return names.byValue.get(type.name)?.get(v) ?? `0x${v.toString(16)}`;
  return v < 1000n ? v.toString() : `0x${v.toString(16)}`;
}

const isDefault = (p: PParam, v: PValue | undefined): boolean =>
  v === undefined ||
  (p.type.kind === 'flag' && v === false) ||
  (p.default !== undefined && String(v) === String(parseConst(p.default)));

function parseConst(text: string): PValue {
  return text === 'true' ? true : text === 'false' ? false : BigInt(text);
}

export function callSubjectText(call: PCall, vcpu: number | undefined): string {
  return call.perVcpu ? `${call.subject}${vcpu ?? 0}` : call.subject;
}

export function formatInvocation(inv: Invocation, names: EnumNames): string {
  const words = [callSubjectText(inv.call, inv.vcpu), inv.call.verb];
  const params = inv.call.params;
  // Positional arguments up to the last one that is not its default; flags by name.
  let last = -1;
  params.forEach((p, i) => {
    if (p.type.kind !== 'flag' && !isDefault(p, inv.args.get(p.name))) last = i;
  });
  const positional: string[] = [];
  params.forEach((p, i) => {
    if (p.type.kind === 'flag' || i > last) return;
    positional.push(valueText(inv.args.get(p.name) ?? 0n, p.type, names));
  });
  if (positional.length > 0) words.push(positional.join(' '));
  for (const p of params)
    if (p.type.kind === 'flag' && inv.args.get(p.name) === true) words.push(p.name);
  return words.join(' ');
}

export type Parsed<T> = { readonly ok: T } | { readonly error: string };

function parseNumber(word: string): bigint | undefined {
  return /^(0x[0-9a-fA-F_]+|0b[01_]+|[0-9][0-9_]*)$/.test(word)
    ? BigInt(word.replace(/_/g, ''))
    : undefined;
}

function parseArg(word: string, p: PParam, names: EnumNames): Parsed<PValue> {
  const t = p.type;
  if (t.kind === 'bool' || t.kind === 'flag') {
    if (word === 'true' || word === 'false') return { ok: word === 'true' };
    return { error: `'${word}' is not true or false (parameter ${p.name})` };
  }
  const n = parseNumber(word);
  if (t.kind === 'enum') {
    const members = names.byName.get(t.name) ?? new Map<string, bigint>();
    const exact = members.get(word);
    if (exact !== undefined) return { ok: exact };
    const folded = [...members].find(([k]) => k.toLowerCase() === word.toLowerCase());
    if (folded) return { ok: folded[1] };
    if (n !== undefined) return { ok: n };
    return {
      error: `'${word}' is not a ${t.name} (expected one of ${[...members.keys()].join(', ')})`,
    };
  }
  if (n === undefined) return { error: `'${word}' is not a number (parameter ${p.name})` };
  if (t.width < 64 && n >> BigInt(t.width) !== 0n) {
    return { error: `${word} does not fit parameter ${p.name} (u${t.width})` };
  }
  if (n >> 64n !== 0n) return { error: `${word} does not fit in 64 bits` };
  return { ok: n };
}

/** Bind argument words to parameters: `name value`, a flag's name, or the next positional one. */
export function bindArgs(
  words: readonly string[],
  params: readonly PParam[],
  names: EnumNames,
  what: string,
): Parsed<Map<string, PValue>> {
  const values = new Map<string, PValue>();
  const positional = params.filter((p) => p.type.kind !== 'flag');
  let next = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const named = params.find((p) => p.name === w);
    if (named?.type.kind === 'flag') {
      values.set(named.name, true);
      continue;
    }
    let target: PParam | undefined;
    let word = w;
    if (named && i + 1 < words.length && !values.has(named.name)) {
      target = named;
      word = words[++i]!;
    } else {
      while (next < positional.length && values.has(positional[next]!.name)) next++;
      target = positional[next++];
    }
    if (!target) {
      return {
        error: `${what} takes ${positional.length} value(s) (${positional.map((p) => p.name).join(', ') || 'none'}); '${w}' is one too many`,
      };
    }
    const v = parseArg(word, target, names);
    if ('error' in v) return v;
    values.set(target.name, v.ok);
  }
  for (const p of params) {
    if (values.has(p.name)) continue;
    if (p.type.kind === 'flag') values.set(p.name, false);
    else if (p.default !== undefined) values.set(p.name, parseConst(p.default));
    else return { error: `${what} needs a value for '${p.name}'` };
  }
  return { ok: values };
}

/** Parse `SUBJECT[N] VERB ARGS...` against the protocol's calls. */
export function parseInvocation(
  words: readonly string[],
  p: MProtocol,
  names: EnumNames,
): Parsed<Invocation> {
  const [subjectWord = '', verb = '', ...rest] = words;
  const m = /^([A-Za-z_][A-Za-z_]*?)(\d+)$/.exec(subjectWord);
  const perVcpu = m
    ? p.calls.find((c) => c.perVcpu && c.subject === m[1] && c.verb === verb)
    : undefined;
  const call =
    perVcpu ?? p.calls.find((c) => !c.perVcpu && c.subject === subjectWord && c.verb === verb);
  if (!call) {
    const known = p.calls.map((c) => `${c.perVcpu ? `${c.subject}N` : c.subject} ${c.verb}`);
    return {
      error: `'${words.slice(0, 2).join(' ')}' is not a call of protocol ${p.name}; expected one of ${known.join(', ')}`,
    };
  }
  const args = bindArgs(
    rest,
    call.params,
    names,
    `${callSubjectText(call, 0).replace(/0$/, 'N')} ${call.verb}`,
  );
  if ('error' in args) return args;
  return { ok: { call, ...(perVcpu && m ? { vcpu: Number(m[2]) } : {}), args: args.ok } };
}
