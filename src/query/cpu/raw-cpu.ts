/**
 * A whole CPU described by raw options instead of a dump: the vendor
 * string, the inputs of the command's encode interface (family, model,
 * stepping...) and whole leaves, turned into the register values the
 * readers bind. An encode input with a default may be left out; since a
 * left-out value is a guess, `defaultedInputWarnings` runs the answer again
 * for every other value the input may take and says so when the answer
 * would differ (Zhaoxin's Nano case reads the stepping; no Intel reader
 * does).
 */
import { UsageError } from '../../io/usage-error.ts';
import type { MCpuCommand, Model } from '../../model/model.ts';
import { printExpr } from '../../model/print-expr.ts';
import { runConsumer } from '../../runtime/run.ts';
import type { Tables } from '../../runtime/tables.ts';
import { formatValue } from '../../runtime/values.ts';
import { bindInputs } from '../cpuid/leaf-answer.ts';
import type { RegisterValues } from './cpu-values.ts';
import { vendorRegisters, vendorText } from './cpu-values.ts';

type EncodeInput = NonNullable<Model['interfaces'][number]>['inputs'][number];

/** The raw description of one CPU. */
export interface RawCpu {
  /** The vendor string (`--vendor`). */
  readonly vendor: string;
  /** Encode inputs by name (`--family 6`, `--hypervisor`). */
  readonly given: ReadonlyMap<string, bigint | boolean>;
  /** Registers given as whole leaves (`--leaf`), and any other register values. */
  readonly registers: RegisterValues;
  /** The `--leaf` texts whose leaf no table declares a register at: accepted, read by nothing. */
  readonly unread?: readonly string[];
}

/** A warning for each `--leaf` nothing reads (a typo like 0xa.1 would otherwise go unnoticed). */
export function unreadLeafWarnings(raw: RawCpu): string[] {
  return (raw.unread ?? []).map((text) => {
    const [leaf = '', subleaf = '0'] = (text.split('=')[0] ?? '').split('.');
    return `--leaf ${text}: no table reads leaf ${leaf.trim()} subleaf ${subleaf.trim()}, so it changes nothing`;
  });
}

/** An encode input's option: its role's word if it has one (`--hypervisor`), else its name. */
export function encodeOption(i: { readonly name: string; readonly role?: string }): string {
  return (i.role ?? i.name).replace(/_/g, '-');
}

/** An encode input's default as the user would type it (`0`, not the tables' `0x0`). */
export function defaultText(model: Model, i: EncodeInput): string {
  if (!i.default) return '';
  return i.default.op === 'const'
    ? BigInt(i.default.value).toString()
    : printExpr(model, i.default);
}

/** The interface that turns the command's raw options into registers. */
export function encodeInterface(model: Model, command: MCpuCommand) {
  const encode = model.interfaces.find((i) => i.name === command.encode.interface);
  if (!encode) throw new Error(`encode interface ${command.encode.interface} is not in the model`);
  return encode;
}

/** The options a raw description still lacks (`--vendor`, `--family`...), to name in a usage error. */
export function missingRawOptions(
  model: Model,
  command: MCpuCommand,
  vendor: string | undefined,
  given: ReadonlyMap<string, unknown>,
): string[] {
  return [
    ...(vendor === undefined ? ['--vendor'] : []),
    ...encodeInterface(model, command)
      .inputs.filter((i) => !given.has(i.name) && !i.default)
      .map((i) => `--${encodeOption(i)}`),
  ];
}

/** The register values of a raw CPU: the vendor string's, the encode outputs' (cpuid-typed), then the given registers. */
export function rawCpuValues(
  model: Model,
  tables: Tables,
  command: MCpuCommand,
  raw: RawCpu,
  vendorOption = '--vendor',
  parts: { readonly vendor: boolean } = { vendor: true },
): RegisterValues {
  const encode = encodeInterface(model, command);
  const values: RegisterValues = parts.vendor
    ? vendorRegisters(command, raw.vendor, vendorOption)
    : new Map();
  const encoded = runConsumer(
    tables,
    command.encode.consumer,
    Object.fromEntries(raw.given),
    encode.name,
    { trace: false },
  );
  for (const o of encode.outputs) {
    const v = encoded.outputs[o.name];
    if (typeof v === 'bigint' && model.registers.some((r) => r.name === o.type && r.cpuid))
      values.set(o.type, v);
  }
  for (const [k, v] of raw.registers) values.set(k, v);
  return values;
}

/** The cpuid registers the encode interface writes for these encode inputs. */
function encodedRegisters(
  model: Model,
  tables: Tables,
  command: MCpuCommand,
  given: ReadonlyMap<string, bigint | boolean>,
): RegisterValues {
  return rawCpuValues(model, tables, command, { vendor: '', given, registers: new Map() }, '', {
    vendor: false,
  });
}

/**
 * A --leaf may give a register the raw options give too (the vendor
 * string's, the identity's), say CPUID.0 with its EAX, which no option
 * gives; it must then describe the same CPU. Before, the leaf silently won:
 * `--vendor AuthenticAMD` with an Intel leaf 0 ran Intel's readers. Compared
 * are what the options decide: the vendor string, what the identify
 * interface reads back (family, model, stepping), and the bits each flag
 * sets; other bits of a leaf the options give (CPUID.1:ECX's features) are
 * the leaf's own. Throws a usage error naming the first disagreement.
 */
export function checkLeavesAgree(
  model: Model,
  tables: Tables,
  command: MCpuCommand,
  raw: RawCpu,
): void {
  if (raw.registers.size === 0) return;
  const fromOptions = rawCpuValues(model, tables, command, { ...raw, registers: new Map() });
  const merged = rawCpuValues(model, tables, command, raw);
  if (
    command.vendorString.some(
      (r) => raw.registers.has(r) && raw.registers.get(r) !== fromOptions.get(r),
    )
  )
    throw new UsageError(
      `--leaf gives the vendor string '${vendorText(command, merged)}', but --vendor says '${raw.vendor}'`,
    );
  const identify = model.interfaces.find((i) => i.name === command.identify.interface);
  if (identify) {
    const decode = (values: RegisterValues) =>
      runConsumer(
        tables,
        command.identify.consumer,
        bindInputs(model, identify, values, {}),
        identify.name,
        {
          trace: false,
        },
      ).outputs;
    const said = decode(fromOptions);
    const leaves = decode(merged);
    const encodeInputs = encodeInterface(model, command).inputs;
    for (const o of identify.outputs) {
      const a = said[o.name];
      const b = leaves[o.name];
      if (a === undefined || b === undefined || formatValue(a) === formatValue(b)) continue;
      const input = encodeInputs.find((i) => i.name === o.name);
      const option = input ? `--${encodeOption(input)}` : 'the options';
      const shown = (v: typeof a): string =>
        typeof v === 'bigint' ? v.toString() : formatValue(v);
      throw new UsageError(
        `--leaf gives ${o.name} ${shown(b)}, but ${option} says ${shown(a)}${input && !raw.given.has(input.name) ? ` (its default)` : ''}`,
      );
    }
  }
  for (const flag of encodeInterface(model, command).inputs.filter((i) => i.type === 'bool')) {
    const on = encodedRegisters(model, tables, command, new Map(raw.given).set(flag.name, true));
    const off = encodedRegisters(model, tables, command, new Map(raw.given).set(flag.name, false));
    for (const [register, value] of on) {
      const bits = value ^ (off.get(register) ?? 0n);
      const fromLeaf = raw.registers.get(register);
      if (bits === 0n || fromLeaf === undefined) continue;
      if ((fromLeaf & bits) === ((fromOptions.get(register) ?? 0n) & bits)) continue;
      throw new UsageError(
        `--leaf ${(fromLeaf & bits) !== 0n ? 'sets' : 'clears'} the ${register} bits of --${encodeOption(flag)} (0x${bits.toString(16)}), but --${encodeOption(flag)} is ${raw.given.get(flag.name) === true ? '' : 'not '}given`,
      );
    }
  }
}

/** Every value of an encode input's declared range (none when it has no range or a wide one). */
function rangeValues(i: EncodeInput): bigint[] {
  if (!i.range) return [];
  const lo = BigInt(i.range.lo);
  const hi = BigInt(i.range.hi);
  if (hi - lo > 255n) return [];
  const out: bigint[] = [];
  for (let v = lo; v <= hi; v++) out.push(v);
  return out;
}

/**
 * For each encode input left to its default (a value, not a flag: an
 * absent flag is a statement, not a guess), the other values of its range
 * that would change the answer, as a warning naming the option. `answerKey`
 * is what the answer says, as text: two values give the same answer when
 * their keys are equal.
 */
export function defaultedInputWarnings(
  model: Model,
  tables: Tables,
  command: MCpuCommand,
  raw: RawCpu,
  answerKey: (values: RegisterValues) => string,
): string[] {
  const encode = encodeInterface(model, command);
  const warnings: string[] = [];
  for (const i of encode.inputs) {
    if (raw.given.has(i.name) || !i.default || i.type === 'bool') continue;
    const base = answerKey(rawCpuValues(model, tables, command, raw));
    const differing = rangeValues(i).filter((v) => {
      const given = new Map(raw.given).set(i.name, v);
      return answerKey(rawCpuValues(model, tables, command, { ...raw, given })) !== base;
    });
    if (differing.length === 0) continue;
    const shown =
      differing.length > 8 ? `${differing.slice(0, 8).join(', ')}, ...` : differing.join(', ');
    warnings.push(
      `--${encodeOption(i)} was not given, so it is ${defaultText(model, i)} (its default); the answer differs for ${i.name} ${shown}: give --${encodeOption(i)}`,
    );
  }
  return warnings;
}

/** A usage error for a raw description that lacks options. */
export function rawUsageError(
  command: string,
  arch: string,
  missing: readonly string[],
): UsageError {
  return new UsageError(
    `${command} ${arch} needs --dump FILE, or ${missing.join(', ')} (with --leaf LEAF[.SUB]=EAX,EBX,ECX,EDX for the perfmon leaves)`,
  );
}
