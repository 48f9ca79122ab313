/**
 * User text (a command-line option, a library input) -> runtime values, by the declared type of each
 * interface input: enum members by name, pmus by name, booleans, numbers,
 * and ranges written `ACTION:lo-hi,...` (e.g. `allow:0x11-0x11,deny:0x20-0x3f`).
 */
import type { MEnum, MInterface, Model } from '../model/model.ts';
import type { Range, Value } from '../runtime/values.ts';
import { didYouMean } from '../io/did-you-mean.ts';
import { UsageError } from '../io/usage-error.ts';

const INT = /^(0x[0-9a-f_]+|0b[01_]+|\d+)$/i;
const U64_LIMIT = 1n << 64n;

function parseInt(text: string, what: string): bigint {
  if (text.startsWith('-') && INT.test(text.slice(1)))
    throw new UsageError(`${what}: ${text} is negative; expected an unsigned number`);
  if (INT.test(text)) {
    const v = BigInt(text.replace(/_/g, ''));
    if (v < U64_LIMIT) return v;
  }
  throw new UsageError(
    `${what}: expected a number below 2^64 (decimal, 0x or 0b), found '${text}'`,
  );
}

function parseRanges(model: Model, type: string, text: string, what: string): Value {
  const actionEnum = /^ranges<(\w+)>$/.exec(type)?.[1];
  const members = model.enums.find((e) => e.name === actionEnum)?.members ?? [];
  const items: Range[] = [];
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const m = /^\s*([A-Za-z_]\w*|\d+):([^-\s]+)(?:-([^\s]+))?\s*$/.exec(part);
    if (!m?.[1] || !m[2]) throw new UsageError(`${what}: expected ACTION:LO-HI, found '${part}'`);
    const member = members.find((x) => x.name.toLowerCase() === m[1]?.toLowerCase());
    const action = member ? BigInt(member.value) : INT.test(m[1]) ? BigInt(m[1]) : undefined;
    if (action === undefined) {
      throw new UsageError(
        `${what}: unknown action '${m[1]}'${didYouMean(
          m[1],
          members.map((x) => x.name.toLowerCase()),
        )} (expected ${members.map((x) => x.name.toLowerCase()).join(', ')})`,
      );
    }
    const lo = parseInt(m[2], what);
    const hi = m[3] === undefined ? lo : parseInt(m[3], what);
    if (hi < lo)
      throw new UsageError(`${what}: range ${m[2]}-${m[3]} is empty; write the low bound first`);
    items.push({ action, lo, hi });
  }
  return { kind: 'ranges', items };
}

/** Parse the text given for input `name` of `iface`. `what` names the option in errors. */
export function parseInputValue(
  model: Model,
  iface: MInterface,
  name: string,
  text: string,
  what: string,
): Value {
  const input = iface.inputs.find((i) => i.name === name);
  if (!input) {
    throw new UsageError(
      `'${name}' is not an input of '${iface.name}'${didYouMean(
        name,
        iface.inputs.map((i) => i.name),
      )} (expected ${iface.inputs.map((i) => i.name).join(', ')})`,
    );
  }
  const value = parseUnchecked(model, input.type, text, what);
  if (typeof value === 'bigint') checkBounds(model, input, value, text, what);
  return value;
}

/** The bit width of an integer-valued type: uN, a register, an enum. */
function widthOf(model: Model, type: string): number | undefined {
  const u = /^u(\d+)$/.exec(type);
  if (u) return Number(u[1]);
  const reg = model.registers.find((r) => r.name === type);
  if (reg) return reg.width;
  return model.enums.find((e) => e.name === type)?.width;
}

/** What parsing a value of a type needs of the model: its enum, whether a pmu names it, its width. */
interface TypeFacts {
  readonly en: MEnum | undefined;
  /** The enum's members by name and by ENUM.NAME, the first member of each name. */
  readonly members: ReadonlyMap<string, MEnum['members'][number]>;
  /** For a pmu type: the PMUs a value may name, the type's own and those that extend it. */
  readonly pmus: readonly string[] | undefined;
  readonly width: number | undefined;
}

const typeFacts = new WeakMap<Model, Map<string, TypeFacts>>();

/**
 * The facts of `type`, worked out once per model and type: `pmumap query` parses the same
 * few input types for every question, and each search walks the model's enums or registers.
 */
function factsOf(model: Model, type: string): TypeFacts {
  let perModel = typeFacts.get(model);
  if (!perModel) typeFacts.set(model, (perModel = new Map()));
  let facts = perModel.get(type);
  if (!facts) {
    const en = model.enums.find((e) => e.name === type);
    const members = new Map<string, MEnum['members'][number]>();
    for (const m of en?.members ?? []) {
      if (!members.has(m.name)) members.set(m.name, m);
      const qualified = `${en?.name}.${m.name}`;
      if (!members.has(qualified)) members.set(qualified, m);
    }
    facts = {
      en,
      members,
      pmus: model.pmus.some((p) => p.name === type) ? pmusOfType(model, type) : undefined,
      width: widthOf(model, type),
    };
    perModel.set(type, facts);
  }
  return facts;
}

/**
 * `input pmu : T` takes T or a PMU whose parent chain reaches T: another
 * architecture's PMU has none of the properties the readers ask of T.
 */
function pmusOfType(model: Model, type: string): string[] {
  const byName = new Map(model.pmus.map((p) => [p.name, p]));
  const reaches = (name: string | undefined, seen = new Set<string>()): boolean => {
    if (name === undefined || seen.has(name)) return false;
    if (name === type) return true;
    seen.add(name);
    return reaches(byName.get(name)?.parent, seen);
  };
  return model.pmus.filter((p) => reaches(p.name)).map((p) => p.name);
}

/** A number must fit its input's type and lie in its declared range. */
function checkBounds(
  model: Model,
  input: MInterface['inputs'][number],
  value: bigint,
  text: string,
  what: string,
): void {
  const width = factsOf(model, input.type).width;
  if (width !== undefined && width < 64 && value >= 1n << BigInt(width))
    throw new UsageError(`${what}: ${text} does not fit in ${width} bits (${input.type})`);
  if (input.range && (value < BigInt(input.range.lo) || value > BigInt(input.range.hi))) {
    throw new UsageError(
      `${what}: ${text} is outside ${Number(input.range.lo)}..${Number(input.range.hi)}${input.doc ? ` (${input.doc})` : ''}`,
    );
  }
}

function parseUnchecked(model: Model, type: string, text: string, what: string): Value {
  if (type === 'bool') {
    if (text === 'true' || text === 'false') return text === 'true';
    throw new UsageError(`${what}: expected true or false, found '${text}'`);
  }
  if (type === 'ranges' || type.startsWith('ranges<')) return parseRanges(model, type, text, what);
  const facts = factsOf(model, type);
  const en = facts.en;
  if (en) {
    const member = facts.members.get(text);
    if (member) return BigInt(member.value);
    if (INT.test(text)) return parseInt(text, what);
    throw new UsageError(
      `${what}: expected a ${type} member (${en.members.map((m) => m.name).join(', ')}) or a number, found '${text}'${didYouMean(
        text,
        en.members.map((m) => m.name),
      )}`,
    );
  }
  if (facts.pmus) {
    const wanted = text.replace(/-/g, '_');
    if (facts.pmus.includes(wanted)) return { kind: 'pmu', name: wanted };
    throw new UsageError(
      `${what}: expected a pmu (${facts.pmus.join(', ')}), found '${text}'${didYouMean(
        wanted,
        facts.pmus,
      )}`,
    );
  }
  return parseInt(text, what);
}
