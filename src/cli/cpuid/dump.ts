/**
 * Read CPUID dumps in the formats people publish: Debian's `cpuid -r`
 * (`0x0000000a 0x00: eax=0x.. ebx=0x.. ecx=0x.. edx=0x..`), AIDA64 /
 * InstLatx64 (`CPUID 0000000A: EAX-EBX-ECX-EDX [SL 01]`), the
 * `CPUID 0000000a:00 = EAX EBX ECX EDX` form, RJCP XML
 * (`<register eax="0000000A" ecx="00000000">EAX,EBX,ECX,EDX</register>`) and
 * libcpuid tests (`basic_cpuid[10]=EAX EBX ECX EDX`). A new CPU starts at a
 * `CPU n:` or `Logical CPU #n` header. Lines a diff marks with +/- and
 * comment lines are skipped; lines nothing recognises are ignored.
 */

export type Registers = readonly [number, number, number, number];

export interface DumpCpu {
  readonly label: string;
  /** `leaf:subleaf` (hex, e.g. `a:0`) -> EAX, EBX, ECX, EDX. */
  readonly leaves: ReadonlyMap<string, Registers>;
}

const hex = (s: string): number => Number.parseInt(s, 16) >>> 0;
export const leafKey = (leaf: number, subleaf: number): string =>
  `${leaf.toString(16)}:${subleaf.toString(16)}`;

const FORMATS: readonly [RegExp, (m: RegExpExecArray) => [number, number, Registers]][] = [
  [
    /^\s*0x([0-9a-f]{8})\s+0x([0-9a-f]{2,8}):\s+eax=0x([0-9a-f]{8})\s+ebx=0x([0-9a-f]{8})\s+ecx=0x([0-9a-f]{8})\s+edx=0x([0-9a-f]{8})/i,
    (m) => [hex(m[1]!), hex(m[2]!), [hex(m[3]!), hex(m[4]!), hex(m[5]!), hex(m[6]!)]],
  ],
  [
    /^\s*CPUID\s+([0-9a-f]{8}):\s*([0-9a-f]{8})-([0-9a-f]{8})-([0-9a-f]{8})-([0-9a-f]{8})(?:\s*\[SL\s*([0-9a-f]+)\])?/i,
    (m) => [hex(m[1]!), m[6] ? hex(m[6]) : 0, [hex(m[2]!), hex(m[3]!), hex(m[4]!), hex(m[5]!)]],
  ],
  [
    /^\s*CPUID\s+([0-9a-f]{8}):([0-9a-f]{2,8})\s*=\s*([0-9a-f]{8})\s+([0-9a-f]{8})\s+([0-9a-f]{8})\s+([0-9a-f]{8})/i,
    (m) => [hex(m[1]!), hex(m[2]!), [hex(m[3]!), hex(m[4]!), hex(m[5]!), hex(m[6]!)]],
  ],
  [
    /<register\s+eax="([0-9a-f]{8})"\s+ecx="([0-9a-f]{8})">\s*([0-9a-f]{8}),([0-9a-f]{8}),([0-9a-f]{8}),([0-9a-f]{8})/i,
    (m) => [hex(m[1]!), hex(m[2]!), [hex(m[3]!), hex(m[4]!), hex(m[5]!), hex(m[6]!)]],
  ],
  [
    /^\s*basic_cpuid\[(\d+)\]=([0-9a-f]{8})\s+([0-9a-f]{8})\s+([0-9a-f]{8})\s+([0-9a-f]{8})/i,
    (m) => [Number(m[1]), 0, [hex(m[2]!), hex(m[3]!), hex(m[4]!), hex(m[5]!)]],
  ],
];

/** `CPU 3:`, `------[ Logical CPU #3 ]------`, or any short `label:` line starts a new CPU. */
const HEADER = /^\s*(?:-+\[.*?Logical CPU\s*#(\d+).*\]-+|([^:=<>[\]]{1,60}):)\s*$/i;

/** Parse a dump into CPUs; a dump with no header is one CPU. */
export function parseDump(text: string): DumpCpu[] {
  const cpus: { label: string; leaves: Map<string, Registers> }[] = [];
  let current: { label: string; leaves: Map<string, Registers> } | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*#|^[+-] /.test(raw)) continue;
    const line = raw.replace(/^\s*\/\/\/\s?/, '');
    const header = HEADER.exec(line);
    if (header) {
      current = {
        label: header[1] !== undefined ? `CPU ${header[1]}` : (header[2] ?? 'CPU').trim(),
        leaves: new Map(),
      };
      cpus.push(current);
      continue;
    }
    for (const [re, read] of FORMATS) {
      const m = re.exec(line);
      if (!m) continue;
      const [leaf, subleaf, regs] = read(m);
      if (!current) {
        current = { label: 'CPU', leaves: new Map() };
        cpus.push(current);
      }
      const key = leafKey(leaf, subleaf);
      if (!current.leaves.has(key)) current.leaves.set(key, regs);
      break;
    }
  }
  return cpus.filter((c) => c.leaves.size > 0);
}

/** Registers of a leaf a CPU reports, or undefined when the dump lacks it or it is above the maximum basic leaf. */
export function leafOf(cpu: DumpCpu, leaf: number, subleaf = 0): Registers | undefined {
  const max = cpu.leaves.get(leafKey(0, 0))?.[0];
  if (max !== undefined && leaf < 0x80000000 && leaf > max) return undefined;
  return cpu.leaves.get(leafKey(leaf, subleaf));
}
