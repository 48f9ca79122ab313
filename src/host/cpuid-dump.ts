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

/** Something wrong with one line of a dump: an error drops the line, a warning keeps the first values. */
export interface DumpNote {
  readonly severity: 'error' | 'warning';
  /** 1-based. */
  readonly line: number;
  readonly message: string;
}

export interface ParsedDump {
  readonly cpus: readonly DumpCpu[];
  readonly notes: readonly DumpNote[];
}

export const leafKey = (leaf: number, subleaf: number): string =>
  `${leaf.toString(16)}:${subleaf.toString(16)}`;

/** The most hex digits a 32-bit field has; more is another format or a corrupt line, never guessed at. */
const MAX_DIGITS = 8;
const REGISTER_NAMES = ['eax', 'ebx', 'ecx', 'edx'] as const;
/**
 * Longer lines are no dump format's (theirs are under 200 characters) and
 * are skipped unread: the header pattern backtracks, and a 16 MiB line
 * built to exploit it must not cost minutes.
 */
const MAX_LINE = 1024;

/** What a format's pattern captured: leaf and subleaf, then EAX..EDX, as written. */
interface Fields {
  readonly leaf: string;
  readonly subleaf: string;
  readonly regs: readonly [string, string, string, string];
  /** The leaf is decimal (libcpuid's `basic_cpuid[10]`). */
  readonly decimalLeaf?: boolean;
}

const H = '([0-9a-f]+)';
const FORMATS: readonly [RegExp, (m: RegExpExecArray) => Fields][] = [
  [
    new RegExp(
      `^\\s*0x${H}\\s+0x${H}:\\s+eax=0x${H}\\s+ebx=0x${H}\\s+ecx=0x${H}\\s+edx=0x${H}\\b`,
      'i',
    ),
    (m) => ({ leaf: m[1]!, subleaf: m[2]!, regs: [m[3]!, m[4]!, m[5]!, m[6]!] }),
  ],
  [
    new RegExp(`^\\s*CPUID\\s+${H}:\\s*${H}-${H}-${H}-${H}\\b(?:\\s*\\[SL\\s*${H}\\])?`, 'i'),
    (m) => ({ leaf: m[1]!, subleaf: m[6] ?? '0', regs: [m[2]!, m[3]!, m[4]!, m[5]!] }),
  ],
  [
    new RegExp(`^\\s*CPUID\\s+${H}:${H}\\s*=\\s*${H}\\s+${H}\\s+${H}\\s+${H}\\b`, 'i'),
    (m) => ({ leaf: m[1]!, subleaf: m[2]!, regs: [m[3]!, m[4]!, m[5]!, m[6]!] }),
  ],
  [
    new RegExp(`<register\\s+eax="${H}"\\s+ecx="${H}">\\s*${H},${H},${H},${H}\\b`, 'i'),
    (m) => ({ leaf: m[1]!, subleaf: m[2]!, regs: [m[3]!, m[4]!, m[5]!, m[6]!] }),
  ],
  [
    new RegExp(`^\\s*basic_cpuid\\[(\\d+)\\]=${H}\\s+${H}\\s+${H}\\s+${H}\\b`, 'i'),
    (m) => ({ leaf: m[1]!, subleaf: '0', regs: [m[2]!, m[3]!, m[4]!, m[5]!], decimalLeaf: true }),
  ],
];

/** `CPU 3:`, `------[ Logical CPU #3 ]------`, or any short `label:` line starts a new CPU. */
const HEADER = /^\s*(?:-+\[.*?Logical CPU\s*#(\d+).*\]-+|([^:=<>[\]]{1,60}):)\s*$/i;

/** The value of a 32-bit field, or why it is not one. */
function field(text: string, what: string, decimal = false): number | string {
  if (decimal) {
    const v = Number(text);
    return text.length <= 10 && v <= 0xffffffff ? v : `${what} ${text} does not fit in 32 bits`;
  }
  const digits = text.replace(/^0x/i, '');
  if (digits.length > MAX_DIGITS)
    return `${what} ${text} has ${digits.length} hex digits; a CPUID value is 32 bits (at most ${MAX_DIGITS} digits)`;
  return Number.parseInt(digits, 16) >>> 0;
}

const hex32 = (v: number): string => `0x${v.toString(16).padStart(8, '0')}`;

/**
 * Parse a dump into CPUs; a dump with no header is one CPU. A line whose
 * leaf or register does not fit 32 bits is an error naming the line (it is
 * dropped, never read as its first eight digits); a leaf a CPU reports
 * again with other values is a warning (the first values stand).
 */
export function readDump(text: string): ParsedDump {
  interface Building {
    label: string;
    leaves: Map<string, Registers>;
    lineOf: Map<string, number>;
  }
  const cpus: Building[] = [];
  const notes: DumpNote[] = [];
  let current: Building | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.length > MAX_LINE || /^\s*#|^[+-] /.test(raw)) continue;
    const line = raw.replace(/^\s*\/\/\/\s?/, '');
    const header = HEADER.exec(line);
    if (header) {
      current = {
        label: header[1] !== undefined ? `CPU ${header[1]}` : (header[2] ?? 'CPU').trim(),
        leaves: new Map(),
        lineOf: new Map(),
      };
      cpus.push(current);
      continue;
    }
    for (const [re, read] of FORMATS) {
      const m = re.exec(line);
      if (!m) continue;
      const f = read(m);
      const values = [
        field(f.leaf, 'leaf', f.decimalLeaf),
        field(f.subleaf, 'subleaf'),
        ...f.regs.map((r, k) => field(r, REGISTER_NAMES[k] ?? 'register')),
      ];
      const bad = values.find((v): v is string => typeof v === 'string');
      if (bad !== undefined) {
        notes.push({ severity: 'error', line: i + 1, message: bad });
        break;
      }
      const [leaf, subleaf, ...regs] = values as number[];
      if (!current) {
        current = { label: 'CPU', leaves: new Map(), lineOf: new Map() };
        cpus.push(current);
      }
      const key = leafKey(leaf ?? 0, subleaf ?? 0);
      const earlier = current.leaves.get(key);
      if (!earlier) {
        current.leaves.set(key, regs as unknown as Registers);
        current.lineOf.set(key, i + 1);
      } else if (earlier.some((v, k) => v !== regs[k])) {
        const differ = REGISTER_NAMES.flatMap((name, k) =>
          earlier[k] === regs[k]
            ? []
            : [`${name} ${hex32(regs[k] ?? 0)} (was ${hex32(earlier[k] ?? 0)})`],
        );
        notes.push({
          severity: 'warning',
          line: i + 1,
          message: `${current.label} reports leaf 0x${(leaf ?? 0).toString(16)} subleaf ${subleaf ?? 0} again with other values: ${differ.join(', ')}; the values of line ${current.lineOf.get(key)} are used`,
        });
      }
      break;
    }
  }
  return {
    cpus: cpus.filter((c) => c.leaves.size > 0).map((c) => ({ label: c.label, leaves: c.leaves })),
    notes,
  };
}

/** The CPUs of a dump, without its notes. */
export function parseDump(text: string): DumpCpu[] {
  return [...readDump(text).cpus];
}

/**
 * The leaf that gives the highest leaf of `leaf`'s range: 0 for the basic
 * leaves, 0x40000000, 0x80000000... for the ranges above (each range's
 * first leaf reports its maximum in EAX).
 */
const rangeBase = (leaf: number): number => (leaf & 0xf0000000) >>> 0;

/** The highest leaf of `leaf`'s range the CPU reports, when its dump has the range's first leaf. */
export function maxLeafOf(cpu: DumpCpu, leaf: number): number | undefined {
  return cpu.leaves.get(leafKey(rangeBase(leaf), 0))?.[0];
}

/** Registers of a leaf a CPU reports, or undefined when the dump lacks it or it is above the CPU's maximum leaf. */
export function leafOf(cpu: DumpCpu, leaf: number, subleaf = 0): Registers | undefined {
  const max = maxLeafOf(cpu, leaf);
  if (max !== undefined && leaf > max) return undefined;
  return cpu.leaves.get(leafKey(leaf, subleaf));
}
