/**
 * The register values a command command (`pmumap cpu ARCH`) runs on: read
 * from one CPU of a dump, or built from raw options (a vendor string, the
 * encode interface's inputs, and whole leaves). Keys are the tables' cpuid
 * register names (`ArchPerfmon.eax`); a register the CPU does not report
 * is absent, so the interfaces take their defaults.
 */
import type { DumpCpu } from '../../host/cpuid-dump.ts';
import { leafOf } from '../../host/cpuid-dump.ts';
import { UsageError } from '../../io/usage-error.ts';
import type { MCpuCommand } from '../../model/model.ts';
import type { MRegister, Model } from '../../model/model.ts';
import { cpuidRegisters } from '../cpuid/leaf-answer.ts';

export type RegisterValues = Map<string, bigint>;

const REGISTER_INDEX = { eax: 0, ebx: 1, ecx: 2, edx: 3 } as const;
type RegisterName = keyof typeof REGISTER_INDEX;
const isRegisterName = (r: string): r is RegisterName => r in REGISTER_INDEX;

/** The leaf and subleaf of a cpuid register, as numbers. */
export function leafOfRegister(reg: MRegister): { leaf: number; subleaf: number } {
  return {
    leaf: Number(BigInt(reg.cpuid?.leaf ?? '0')),
    subleaf: Number(BigInt(reg.cpuid?.subleaf ?? '0')),
  };
}

/**
 * The [leaf, subleaf] pairs to read from a CPUID device: every declared
 * leaf, and the first leaf of each range (whose EAX is the range's
 * maximum, so a leaf above it is known to be absent).
 */
export function leavesToRead(model: Model): [number, number][] {
  const pairs = new Map<string, [number, number]>();
  for (const reg of cpuidRegisters(model)) {
    const { leaf, subleaf } = leafOfRegister(reg);
    const base = (leaf & 0xf0000000) >>> 0;
    pairs.set(`${base}:0`, [base, 0]);
    pairs.set(`${leaf}:${subleaf}`, [leaf, subleaf]);
  }
  return [...pairs.values()];
}

/** The values of every cpuid register the tables declare, as one dump CPU reports them. */
export function valuesOfDumpCpu(model: Model, cpu: DumpCpu): RegisterValues {
  const out: RegisterValues = new Map();
  for (const reg of cpuidRegisters(model)) {
    const { leaf, subleaf } = leafOfRegister(reg);
    const regs = leafOf(cpu, leaf, subleaf);
    const r = reg.cpuid?.reg ?? '';
    if (regs && isRegisterName(r)) out.set(reg.name, BigInt(regs[REGISTER_INDEX[r]]));
  }
  return out;
}

/** The vendor string the command's registers hold (4 ASCII bytes each, little-endian), if all are known. */
export function vendorText(
  command: MCpuCommand,
  values: ReadonlyMap<string, bigint>,
): string | undefined {
  let text = '';
  for (const name of command.vendorString) {
    const v = values.get(name);
    if (v === undefined) return undefined;
    for (let i = 0n; i < 4n; i++) text += String.fromCharCode(Number((v >> (8n * i)) & 0xffn));
  }
  return text;
}

/** `--vendor TEXT`: the registers that hold it; any other length is a usage error. */
export function vendorRegisters(
  command: MCpuCommand,
  text: string,
  option: string,
): RegisterValues {
  const width = command.vendorString.length * 4;
  if (text.length !== width || !/^[\x20-\x7e]*$/.test(text))
    throw new UsageError(
      `${option}: expected ${width} printable ASCII characters (the CPU's vendor string, spaces included), found '${text}'`,
    );
  const out: RegisterValues = new Map();
  command.vendorString.forEach((name, k) => {
    let v = 0n;
    for (let i = 0; i < 4; i++) v |= BigInt(text.charCodeAt(k * 4 + i)) << BigInt(8 * i);
    out.set(name, v);
  });
  return out;
}

const NUM = /^(0x[0-9a-f]+|\d+)$/i;

/**
 * `--leaf LEAF[.SUB]=EAX,EBX,ECX,EDX`: the values it gives the registers the
 * tables declare for that leaf (none for a leaf no table declares: accepted,
 * and the commands warn that nothing reads it, unreadLeafWarnings).
 */
export function leafOption(model: Model, text: string): RegisterValues {
  const m = /^([^=.]+)(?:\.([^=]+))?=(.*)$/.exec(text);
  const bad = (why: string): UsageError =>
    new UsageError(`--leaf: ${why}; expected LEAF[.SUB]=EAX,EBX,ECX,EDX, found '${text}'`);
  if (!m) throw bad('no =');
  const regs = (m[3] ?? '').split(',');
  if (regs.length !== 4) throw bad(`${regs.length} register value(s)`);
  const number = (s: string, what: string, max: bigint): bigint => {
    if (!NUM.test(s.trim())) throw bad(`${what} '${s}' is not a number`);
    const v = BigInt(s.trim());
    if (v > max) throw bad(`${what} ${s} does not fit in 32 bits`);
    return v;
  };
  const leaf = number(m[1] ?? '', 'leaf', 0xffffffffn);
  const subleaf = m[2] === undefined ? 0n : number(m[2], 'subleaf', 0xffffffffn);
  const values = regs.map((r, k) => number(r, ['eax', 'ebx', 'ecx', 'edx'][k] ?? '', 0xffffffffn));
  const out: RegisterValues = new Map();
  for (const reg of cpuidRegisters(model)) {
    const at = leafOfRegister(reg);
    const r = reg.cpuid?.reg ?? '';
    if (BigInt(at.leaf) === leaf && BigInt(at.subleaf) === subleaf && isRegisterName(r))
      out.set(reg.name, values[REGISTER_INDEX[r]] ?? 0n);
  }
  return out;
}
