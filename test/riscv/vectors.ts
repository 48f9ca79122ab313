/**
 * The guest COUNTER_CFG_MATCH test vectors of ../shared/DOMAIN-RISCV.md A.4,
 * with the answers the document gives (each checked against
 * arch/riscv/kvm/vcpu_pmu.c, torvalds/linux@057dd2639cea:
 * kvm_riscv_vcpu_pmu_ctr_cfg_match and the functions it calls). The setup
 * is the document's: 6 host hardware counters, so the guest has
 * num_hw_ctrs = 7 (0-6, 1 is time) and firmware counters 7-28; flags 0
 * and no counter in use unless a vector says otherwise. Nothing here is
 * computed by pmumap.
 */

/** SBI error codes (arch/riscv/include/asm/sbi.h) as the tables name them. */
export const SBI_ERR_FAILURE = 'SBI_ERR_FAILURE'; // -1
export const SBI_ERR_NOT_SUPPORTED = 'SBI_ERR_NOT_SUPPORTED'; // -2
export const SBI_ERR_INVALID_PARAM = 'SBI_ERR_INVALID_PARAM'; // -3

export interface RiscvVector {
  readonly n: string;
  readonly eventIdx: bigint;
  readonly eventData?: bigint;
  readonly base?: bigint;
  readonly mask: bigint;
  readonly flags?: bigint;
  readonly inUse?: bigint;
  /** perf: the counter and attr KVM creates; software: the firmware counter; refused: the SBI error. */
  readonly want:
    | {
        readonly outcome: 'perf';
        readonly counter: number;
        readonly type: number;
        readonly config: bigint;
      }
    | { readonly outcome: 'software'; readonly counter: number }
    | { readonly outcome: 'refused'; readonly code: string };
}

const perf = (counter: number, type: number, config: bigint) =>
  ({ outcome: 'perf', counter, type, config }) as const;
const refused = (code: string) => ({ outcome: 'refused', code }) as const;

/** PERF_TYPE_HARDWARE 0, PERF_TYPE_HW_CACHE 3, PERF_TYPE_RAW 4 (include/uapi/linux/perf_event.h). */
export const VECTORS: readonly RiscvVector[] = [
  { n: '1 HW cycles', eventIdx: 0x00001n, mask: 0x1n, want: perf(0, 0, 0n) },
  {
    n: '2 HW instructions, fixed counter 2 whatever the mask',
    eventIdx: 0x00002n,
    mask: 0x78n,
    want: perf(2, 0, 1n),
  },
  { n: '3 branch misses', eventIdx: 0x00006n, mask: 0x78n, want: perf(3, 0, 5n) },
  { n: '4 REF_CPU_CYCLES', eventIdx: 0x0000an, mask: 0x78n, want: perf(3, 0, 9n) },
  { n: '5 LL write miss', eventIdx: 0x10013n, mask: 0x78n, want: perf(3, 3, 0x10102n) },
  { n: '6 cache op 3', eventIdx: 0x10007n, mask: 0x78n, want: refused(SBI_ERR_NOT_SUPPORTED) },
  {
    n: '7 RAW keeps 48 bits',
    eventIdx: 0x20000n,
    eventData: 0xffff000000001234n,
    mask: 0x78n,
    want: perf(3, 4, 0x1234n),
  },
  {
    n: '8 RAW_V2 keeps 56 bits (newest kernels)',
    eventIdx: 0x30000n,
    eventData: 0x00abcdef01234567n,
    mask: 0x78n,
    want: perf(3, 4, 0xabcdef01234567n),
  },
  {
    n: '9 FW IPI_SENT with AUTO_START',
    eventIdx: 0xf0006n,
    flags: 0x4n,
    base: 7n,
    mask: 0x1n,
    want: { outcome: 'software', counter: 7 },
  },
  {
    n: '10 FW code 22',
    eventIdx: 0xf0016n,
    base: 7n,
    mask: 0x1n,
    want: refused(SBI_ERR_NOT_SUPPORTED),
  },
  {
    n: '11 FW event, HW-only mask',
    eventIdx: 0xf0006n,
    mask: 0x78n,
    want: refused(SBI_ERR_NOT_SUPPORTED),
  },
  { n: '12a empty mask', eventIdx: 0x00006n, mask: 0n, want: refused(SBI_ERR_INVALID_PARAM) },
  {
    n: '12b mask past 29 counters',
    eventIdx: 0x00006n,
    mask: 1n << 29n,
    want: refused(SBI_ERR_INVALID_PARAM),
  },
  { n: '13 type 4', eventIdx: 0x40000n, mask: 0x78n, want: refused(SBI_ERR_NOT_SUPPORTED) },
  {
    n: '14 SKIP_MATCH on an unused counter',
    eventIdx: 0x00006n,
    flags: 0x1n,
    mask: 0x10n,
    want: refused(SBI_ERR_FAILURE),
  },
  { n: '15 HW NO_EVENT opens CPU_CYCLES', eventIdx: 0x00000n, mask: 0x78n, want: perf(3, 0, 0n) },
  {
    n: '16 counters 3-6 all in use',
    eventIdx: 0x00006n,
    mask: 0x78n,
    inUse: 0x78n,
    want: refused(SBI_ERR_NOT_SUPPORTED),
  },
];

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** The `pmumap map riscv` options of a vector. */
export function mapArgs(v: RiscvVector): string[] {
  return [
    '--event-idx',
    hex(v.eventIdx),
    '--counter-mask',
    hex(v.mask),
    ...(v.eventData !== undefined ? ['--event-data', hex(v.eventData)] : []),
    ...(v.base !== undefined ? ['--counter-base', hex(v.base)] : []),
    ...(v.flags !== undefined ? ['--flags', hex(v.flags)] : []),
    ...(v.inUse !== undefined ? ['--in-use', hex(v.inUse)] : []),
  ];
}
