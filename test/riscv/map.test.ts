/**
 * `pmumap map riscv --event-idx IDX [--event-data DATA] [--counter-mask
 * MASK] ... --json` answers the COUNTER_CFG_MATCH vectors of
 * DOMAIN-RISCV.md A.4 (test/riscv/vectors.ts) with the keys `map arm64`
 * uses plus the counter KVM picks, and the older kernel generation
 * (--kernel 6.10, before RAW_V2) differs only where the document says.
 */
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.ts';
import { mapArgs, SBI_ERR_NOT_SUPPORTED, VECTORS } from './vectors.ts';

async function map(args: string[]) {
  const r = await cli(['map', 'riscv', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe('pmumap map riscv: the guest COUNTER_CFG_MATCH vectors of DOMAIN-RISCV.md A.4', () => {
  for (const v of VECTORS) {
    it(`vector ${v.n}`, async () => {
      const answer = await map(mapArgs(v));
      expect(answer.consumer).toBe('kvm');
      expect(answer.source).toMatch(/^tables\/riscv\/kvm\.pmumap:\d+$/);
      const w = v.want;
      expect(answer.outcome).toBe(w.outcome);
      if (w.outcome === 'perf') {
        expect(Number(answer.counter)).toBe(w.counter);
        expect(answer.attr.type).toBe(w.type);
        expect(BigInt(answer.attr.config)).toBe(w.config);
        // The attr initialiser in kvm_riscv_vcpu_pmu_ctr_cfg_match.
        expect(answer.attr).toMatchObject({ exclude_host: true, exclude_hv: true, pinned: true });
        expect(BigInt(answer.attr.config1)).toBe(1n); // RISCV_PMU_CONFIG1_GUEST_EVENTS
        expect(answer.reason).toBeNull();
      } else if (w.outcome === 'software') {
        expect(Number(answer.counter)).toBe(w.counter);
        expect(answer.attr).toBeNull();
      } else {
        expect(answer.reason.code).toBe(w.code);
        expect(answer.reason.message).toMatch(/SBI_ERR_|no SBI PMU/);
        expect(answer.attr).toBeNull();
      }
    });
  }

  it('names the event_idx when it is a named SBI event, else prints it in hex', async () => {
    expect((await map(['--event-idx', '0x10013', '--counter-mask', '0x78'])).event).toBe(
      'LL_WRITE_MISS',
    );
    expect(
      (await map(['--event-idx', '0xf0006', '--counter-base', '7', '--counter-mask', '1'])).event,
    ).toBe('FW_IPI_SENT');
    expect((await map(['--event-idx', '0x40000', '--counter-mask', '0x78'])).event).toBe('0x40000');
  });

  it('without a mask the guest asks for every counter it has, as Linux does: branch misses land on counter 3', async () => {
    const answer = await map(['--event-idx', '0x6']);
    expect(Number(answer.counter)).toBe(3);
    expect(answer.attr.config).toBe('0x5');
  });

  it('SET_UINH and SET_SINH exclude user and kernel; VUINH and VSINH are ignored', async () => {
    // flags 0x78: SET_VUINH (3), SET_VSINH (4), SET_UINH (5), SET_SINH (6).
    const both = await map(['--event-idx', '0x6', '--counter-mask', '0x78', '--flags', '0x60']);
    expect(both.attr).toMatchObject({ exclude_user: true, exclude_kernel: true });
    const virt = await map(['--event-idx', '0x6', '--counter-mask', '0x78', '--flags', '0x18']);
    expect(virt.attr).toMatchObject({ exclude_user: false, exclude_kernel: false });
  });

  it('a host without Sscofpmf gives the guest no SBI PMU: every call is SBI_ERR_NOT_SUPPORTED', async () => {
    const answer = await map(['--event-idx', '0x1', '--sscofpmf', 'false']);
    expect(answer.outcome).toBe('refused');
    expect(answer.reason.code).toBe(SBI_ERR_NOT_SUPPORTED);
  });

  it('--kernel 6.10 answers with the reader before RAW_V2: vector 8 is refused, vector 7 is not', async () => {
    const [raw, rawV2] = [VECTORS[6]!, VECTORS[7]!];
    const old = await map([...mapArgs(rawV2), '--kernel', '6.10']);
    expect(old.consumer).toBe('kvm-6.3');
    expect(old.status).toMatchObject({ kind: 'mainline', since: '6.3', until: '6.17' });
    expect(old.outcome).toBe('refused');
    expect(old.reason.code).toBe(SBI_ERR_NOT_SUPPORTED);
    const oldRaw = await map([...mapArgs(raw), '--kernel', '6.10']);
    expect(oldRaw.attr).toMatchObject({ type: 4, config: '0x1234' });
  });

  it('without SBI v3.0 on the host, a RAW_V2 config above bit 47 is refused (riscv_pmu_get_event_info)', async () => {
    const answer = await map([...mapArgs(VECTORS[7]!), '--sbi-v3', 'false']);
    expect(answer.outcome).toBe('refused');
    expect(answer.reason.code).toBe(SBI_ERR_NOT_SUPPORTED);
  });

  it('a mistyped option is one line and exit 2', async () => {
    const r = await cli(['map', 'riscv', '--event-index', '0x1', '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
