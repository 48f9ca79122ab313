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
import type { RegisterValues } from './cpu-values.ts';
import { vendorRegisters } from './cpu-values.ts';

type EncodeInput = NonNullable<Model['interfaces'][number]>['inputs'][number];

/** The raw description of one CPU. */
export interface RawCpu {
  /** The vendor string (`--vendor`). */
  readonly vendor: string;
  /** Encode inputs by name (`--family 6`, `--hypervisor`). */
  readonly given: ReadonlyMap<string, bigint | boolean>;
  /** Registers given as whole leaves (`--leaf`), and any other register values. */
  readonly registers: RegisterValues;
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
): RegisterValues {
  const encode = encodeInterface(model, command);
  const values = vendorRegisters(command, raw.vendor, vendorOption);
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
