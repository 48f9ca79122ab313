/**
 * The test vectors of ../shared/DOMAIN-AMD.md section 4 (TV-1..TV-24), one
 * test each, run through the CLI as a user would: `pmumap cpu x86` with raw
 * registers where the vector is about a whole CPU, and the AMD guest
 * commands (amd-guest, amd-rdmsr, amd-rdpmc, amd-evntsel, amd-constraint)
 * or `pmumap run` where it is about a VM. Every expected value is the
 * document's, with the kernel line that decides it quoted beside it.
 *
 * Elsewhere, named the same way: TV-16 (the AMD mediated vPMU) in
 * test/cli/amd-mediated.test.ts and TV-17 (Family 15h constraints) in
 * test/cli/amd-constraint.test.ts.
 *
 * Kernel trees read: torvalds/linux@02918f007792 (arch/x86/kvm/pmu.c,
 * arch/x86/kvm/svm/pmu.c), torvalds/linux@67f8bc848ee3
 * (arch/x86/kvm/msrs.c), torvalds/linux@03c601927b67
 * (arch/x86/events/amd/core.c), torvalds/linux@0847230e9b5d
 * (arch/x86/events/zhaoxin/core.c), the svm_set_cpu_caps PMU block and
 * cpuid.c `case 0xa` as quoted in DOMAIN-AMD.md's sources, and the v6.9
 * event-map patches c7b2edd8377b and 563bdbac10e5.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

interface Guest {
  leaves: Record<string, Record<string, string>>;
  guestPerfmon: boolean | null;
  version: number | null;
  gpCounters: number | null;
  fixedCounters: number[] | null;
  why: { code: string } | null;
}

interface Answer {
  vendor: string;
  family: number;
  model: number;
  perf: {
    pmu: string | null;
    driver: string | null;
    version: number | null;
    gpCounters: number | null;
    fixedCounters: number[] | null;
    eventsel: string | null;
    stride: number | null;
    why: { code: string } | null;
    generic: Record<string, string | null>;
    genericWhy: Record<string, { code: string }>;
  };
  kvmGuest: Record<string, Guest>;
}

const AMD = 'AuthenticAMD';
const HYGON = 'HygonGenuine';
const CENTAUR = 'CentaurHauls';

/** `pmumap cpu x86` from raw registers: vendor, family, model, stepping, then whole leaves. */
async function cpu(
  vendor: string,
  family: number,
  model: number,
  leaves: Record<string, string> = {},
  kernel?: string,
): Promise<Answer> {
  const args = ['cpu', 'x86', '--vendor', vendor, '--family', `${family}`, '--model', `${model}`];
  args.push('--stepping', '1');
  for (const [leaf, regs] of Object.entries(leaves)) args.push('--leaf', `${leaf}=${regs}`);
  if (kernel) args.push('--kernel', kernel);
  const r = await cli([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Answer;
}

/** An arch command of x86 (amd-guest, amd-rdmsr, ...) with --json. */
async function command(name: string, ...args: string[]): Promise<Record<string, unknown>> {
  const r = await cli([name, 'x86', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

// Registers of the hosts the vectors name. 0x80000001.ECX 0x75C237FF is a
// Zen 2 / Zen 4 part's (bit 23 PerfCtrExtCore set); 0x80000022 EAX 0x7 /
// EBX 0x44106 is EPYC 9124's (PerfMonV2, NumPerfCtrCore 6).
const ZEN2_LEAVES = { '0x80000000': '0x80000020,0,0,0', '0x80000001': '0,0,0x75C237FF,0' };
const ZEN4_LEAVES = {
  '0x80000000': '0x80000028,0,0,0',
  '0x80000001': '0,0,0x75C237FF,0',
  '0x80000022': '0x7,0x44106,0,0',
};
const ZEN4_HOST = ['--ext-features', '0x75C237FF', '--ext-perfmon-eax', '0x7'];
ZEN4_HOST.push('--ext-perfmon-ebx', '0x44106');
const ZXE_LEAF = { '0xa': '0x07300402,0,0,0x603' };

const leafA = (g: Guest | undefined) => g?.leaves['0xa'];

describe('DOMAIN-AMD.md section 4 test vectors', () => {
  it('DOMAIN-AMD.md TV-1: Zen 2 with PerfCtrExtCore: perf version 0, 6 counters at 0xc0010200 + 2i; KVM offers PERFCTR_CORE and no 0x80000022; a guest gets version 1 with 6 counters, or 4 without PerfCtrExtCore', async () => {
    const a = await cpu(AMD, 0x17, 0x71, ZEN2_LEAVES);
    // amd_core_pmu_init: "x86_pmu.eventsel = MSR_F15H_PERF_CTL; x86_pmu.perfctr =
    // MSR_F15H_PERF_CTR; x86_pmu.num_counters = AMD64_NUM_COUNTERS_CORE;"
    // amd_pmu_addr_offset: "offset = index << 1;" (stride 2); .version not set (0).
    expect(a.perf).toMatchObject({
      version: 0,
      gpCounters: 6,
      fixedCounters: [],
      eventsel: '0xc0010200',
      stride: 2,
    });
    // svm_set_cpu_caps: "else kvm_cpu_cap_check_and_set(X86_FEATURE_PERFCTR_CORE);";
    // "if (kvm_pmu_cap.version != 2 || ...) kvm_cpu_cap_clear(X86_FEATURE_PERFMON_V2);"
    // The host's highest extended leaf is 0x80000020: no 0x80000022 entry.
    const kvm = a.kvmGuest['kvm']!;
    expect(kvm.leaves['0x80000001']).toEqual({ ecx: '0x800000' });
    expect(kvm.guestPerfmon).toBe(false);
    // amd_pmu_refresh: "pmu->version = 1; ... else if (guest_cpu_cap_has(vcpu,
    // X86_FEATURE_PERFCTR_CORE)) pmu->nr_arch_gp_counters = AMD64_NUM_COUNTERS_CORE;"
    expect(kvm).toMatchObject({ version: 1, gpCounters: 6, fixedCounters: [] });
    // "... else { pmu->nr_arch_gp_counters = AMD64_NUM_COUNTERS; }"
    const noCore = await command('amd-guest', '--ext-features', '0x75C237FF');
    expect(noCore).toMatchObject({ version: '0x1', gp_counters: '0x4', perfctr_core: false });
    // get_gp_pmc_amd: "case MSR_F15H_PERF_CTL0 ... MSR_F15H_PERF_CTR5: if
    // (!guest_cpu_cap_has(vcpu, X86_FEATURE_PERFCTR_CORE)) return NULL;" and
    // amd_is_valid_msr returns false for them: kvm_get_msr_common's default,
    // KVM_MSR_RET_UNSUPPORTED, a #GP.
    const f15 = await command(
      'amd-rdmsr',
      '--version',
      '1',
      '--counters',
      '4',
      '--msr',
      '0xc0010200',
    );
    expect(f15).toMatchObject({ outcome: 'refused', reason: { code: 'NOT_IMPLEMENTED' } });
  });

  it('DOMAIN-AMD.md TV-2: Zen 4 with PerfMonV2, NumPerfCtrCore 6: perf version 2 with 6 counters and the Zen 4 map; KVM offers 0x80000022 EAX 0x1, EBX 0x6; a guest given it has version 2, 6 counters, GLOBAL_CTL 0x3f', async () => {
    const a = await cpu(AMD, 0x19, 0x11, ZEN4_LEAVES);
    // amd_core_pmu_init: "x86_pmu.version = 2; ... x86_pmu.num_counters = ebx.split.num_core_pmc;"
    expect(a.perf).toMatchObject({ version: 2, gpCounters: 6 });
    // amd_zen4_perfmon_event_map (563bdbac10e5): [PERF_COUNT_HW_REF_CPU_CYCLES] = 0x100000120.
    expect(a.perf.generic['ref-cycles']).toBe('0x100000120');
    // cpuid.c case 0x80000022 (after Xiaoyao Li's 2025 fix): "entry->eax = 0; ...
    // if (kvm_cpu_cap_has(X86_FEATURE_PERFMON_V2)) ebx.split.num_core_pmc =
    // kvm_pmu_cap.num_counters_gp; ... cpuid_entry_override(entry, CPUID_8000_0022_EAX);"
    expect(a.kvmGuest['kvm']!.leaves['0x80000022']).toEqual({
      eax: '0x1',
      ebx: '0x6',
      ecx: '0x0',
      edx: '0x0',
    });
    expect(a.kvmGuest['kvm']).toMatchObject({ version: 2, gpCounters: 6 });
    // kvm_pmu_refresh: "pmu->global_ctrl = GENMASK_ULL(pmu->nr_arch_gp_counters - 1, 0);"
    // amd_pmu_refresh: "pmu->global_ctrl_rsvd = ~(BIT_ULL(pmu->nr_arch_gp_counters) - 1);"
    const g = await command('amd-guest', ...ZEN4_HOST, '--guest-ext-features', '0x800000');
    expect(g).toMatchObject({ version: '0x1' }); // no PerfMonV2 in the guest's CPUID yet
    const v2 = await command(
      'amd-guest',
      ...ZEN4_HOST,
      '--guest-ext-features',
      '0x800000',
      '--guest-perfmon-eax',
      '0x1',
      '--guest-perfmon-ebx',
      '0x6',
    );
    expect(v2).toMatchObject({
      version: '0x2',
      gp_counters: '0x6',
      global_ctl: '0x3f',
      global_ctl_rsvd: '0xffffffffffffffc0',
    });
  });

  it('DOMAIN-AMD.md TV-3: NumPerfCtrCore 16 cannot be written (EBX[3:0] is 4 bits); the largest, 15, is capped to 6 by KVM', async () => {
    // union cpuid_0x80000022_ebx: "unsigned int num_core_pmc:4;" 16 is 0b10000: written
    // into EBX the 1 lands in bit 4 (lbr_v2_stack_sz) and NumPerfCtrCore reads 0, so
    // perf has 0 counters and kvm_init_pmu_capability ("if (!kvm_host_pmu.num_counters_gp
    // ...) enable_pmu = false;") gives guests none. The vector's host cannot exist.
    const v2host = { '0x80000000': '0x80000022,0,0,0', '0x80000001': '0,0,0x800000,0' };
    const sixteen = await cpu(AMD, 0x1a, 0x02, { ...v2host, '0x80000022': '0x1,0x10,0,0' });
    expect(sixteen.perf.gpCounters).toBe(0);
    expect(sixteen.kvmGuest['kvm']).toMatchObject({ version: 0, gpCounters: 0 });
    // With 15: kvm_init_pmu_capability "kvm_pmu_cap.num_counters_gp =
    // min(kvm_pmu_cap.num_counters_gp, pmu_ops->MAX_NR_GP_COUNTERS);" (6).
    const fifteen = await cpu(AMD, 0x1a, 0x02, { ...v2host, '0x80000022': '0x1,0xf,0,0' });
    expect(fifteen.perf.gpCounters).toBe(15);
    expect(fifteen.kvmGuest['kvm']!.leaves['0x80000022']).toMatchObject({ ebx: '0x6' });
    expect(fifteen.kvmGuest['kvm']!.gpCounters).toBe(6);
  });

  it('DOMAIN-AMD.md TV-4: a VMM sets PerfMonV2 + PerfCtrExtCore with NumPerfCtrCore 3 on Zen 4: version 2, 3 counters, GLOBAL_CTL 0x7; RDMSR CTL3 and RDPMC 3 #GP', async () => {
    // amd_pmu_refresh: "pmu->version = 2; ... pmu->nr_arch_gp_counters =
    // ebx.split.num_core_pmc;" then min_t with kvm_pmu_cap.num_counters_gp (6).
    const g = await command(
      'amd-guest',
      ...ZEN4_HOST,
      '--guest-ext-features',
      '0x800000',
      '--guest-perfmon-eax',
      '0x1',
      '--guest-perfmon-ebx',
      '0x3',
    );
    // kvm_pmu_refresh: "pmu->global_ctrl = GENMASK_ULL(pmu->nr_arch_gp_counters - 1, 0);"
    expect(g).toMatchObject({
      outcome: 'software',
      version: '0x2',
      gp_counters: '0x3',
      global_ctl: '0x7',
    });
    // amd_is_valid_msr: "case MSR_F15H_PERF_CTL0 ... MSR_F15H_PERF_CTR5: return
    // guest_cpu_cap_has(vcpu, X86_FEATURE_PERFCTR_CORE);" (true), but
    // amd_pmu_get_pmc: "if (pmc_idx >= num_counters) return NULL;" so
    // amd_pmu_get_msr "return 1;": #GP.
    const rdmsr = await command(
      'amd-rdmsr',
      '--version',
      '2',
      '--counters',
      '3',
      '--perfctr-core',
      'true',
      '--msr',
      '0xc0010206',
    );
    expect(rdmsr).toMatchObject({ outcome: 'refused', reason: { code: 'NOT_IMPLEMENTED' } });
    // amd_check_rdpmc_early: "if (idx >= pmu->nr_arch_gp_counters) return -EINVAL;"
    const rdpmc = await command('amd-rdpmc', '--counters', '3', '--ecx', '3');
    expect(rdpmc).toMatchObject({ outcome: 'refused', reason: { code: 'NOT_IMPLEMENTED' } });
  });

  it('DOMAIN-AMD.md TV-5: Zen 4 with enable_pmu=0: v6.5-v6.13 leak host EBX 6 into 0x80000022 EAX and EBX (PerfMonV2 bit 0 clear, bits 1-2 set); fixed kernels give all zero and no PERFCTR_CORE', async () => {
    // The vector is about the module parameter, which `cpu x86` does not take:
    // pmumap run sets it. 94cdeebd8211 "entry->eax = entry->ebx;" when PerfMonV2 cannot
    // be exposed; Xiaoyao Li (2025-03-04) "Explicitly set eax and ebx to 0".
    const set = [
      'vendor_ebx=0x68747541',
      'vendor_edx=0x69746e65',
      'vendor_ecx=0x444d4163',
      'signature=0x00A10F11',
      'ext_max=0x80000028',
      'ext_features=0x75C237FF',
      'ext_perfmon_eax=0x7',
      'ext_perfmon_ebx=0x6',
      'enable_pmu=false',
    ].flatMap((s) => ['--set', s]);
    const r = await cli(['run', 'amd_cpu_kvm', ...set, '--json']);
    expect(r.status).toBe(0);
    const results = (
      JSON.parse(r.stdout) as {
        results: { consumer: string; outputs: Record<string, string | boolean> }[];
      }
    ).results;
    const of = (c: string) => results.find((x) => x.consumer === c)!.outputs;
    // EAX = 0b0110: PerfMonV2 (bit 0) clear, LbrStack (1) and LbrAndPmcFreeze (2) set.
    expect(of('kvm-6.5')).toMatchObject({ guest_perfmon_eax: '0x6', guest_perfmon_ebx: '0x6' });
    expect(of('kvm')).toMatchObject({
      guest_perfmon_eax: '0x0',
      guest_perfmon_ebx: '0x0',
      guest_perfmon_ecx: '0x0',
      guest_perfmon_edx: '0x0',
      // svm_set_cpu_caps: the PERFCTR_CORE block is inside "if (enable_pmu) {".
      guest_ext_features: '0x0',
    });
  });

  it('DOMAIN-AMD.md TV-6: branch-misses is 0x00c3 on Zen 1, Zen 2, a K7-map family and Zen 4', async () => {
    // amd_perfmon_event_map, amd_zen1/zen2/zen4_perfmon_event_map:
    // "[PERF_COUNT_HW_BRANCH_MISSES] = 0x00c3,"
    const cpus: [number, number][] = [
      [0x17, 0x01],
      [0x17, 0x71],
      [0x10, 0x04],
      [0x19, 0x11],
    ];
    for (const [family, model] of cpus) {
      const a = await cpu(AMD, family, model);
      expect(a.perf.generic['branch-misses']).toBe('0xc3');
    }
  });

  it('DOMAIN-AMD.md TV-7: Zen 3 stalled-cycles-backend: 0x0187 up to v6.8, none from v6.9', async () => {
    // <= v6.8 amd_pmu_event_map: "if (boot_cpu_data.x86 >= 0x17) return
    // amd_f17h_perfmon_event_map[hw_event];" -> [STALLED_CYCLES_BACKEND] = 0x0187.
    expect((await cpu(AMD, 0x19, 0x21, {}, '6.8')).perf.generic['stalled-cycles-backend']).toBe(
      '0x187',
    );
    // c7b2edd8377b: "remove the entry for backend stalls since there is no direct
    // replacement" (amd_zen2_perfmon_event_map); a 0 entry is -ENOENT.
    const now = await cpu(AMD, 0x19, 0x21);
    expect(now.perf.generic['stalled-cycles-backend']).toBeNull();
    expect(now.perf.genericWhy['stalled-cycles-backend']?.code).toBe('UNSUPPORTED');
  });

  it('DOMAIN-AMD.md TV-8: stalled-cycles-frontend is 0x0287 on Zen 1 on every kernel; on Zen 2 0x0287 up to v6.8 and 0x00a9 from v6.9', async () => {
    // amd_zen1_perfmon_event_map (= the f17h map): [STALLED_CYCLES_FRONTEND] = 0x0287.
    for (const kernel of ['6.8', '6.9'])
      expect((await cpu(AMD, 0x17, 0x01, {}, kernel)).perf.generic['stalled-cycles-frontend']).toBe(
        '0x287',
      );
    // c7b2edd8377b: "Use PMCx0A9 (cycles where micro-op queue is empty) instead".
    expect((await cpu(AMD, 0x17, 0x71, {}, '6.8')).perf.generic['stalled-cycles-frontend']).toBe(
      '0x287',
    );
    expect((await cpu(AMD, 0x17, 0x71, {}, '6.9')).perf.generic['stalled-cycles-frontend']).toBe(
      '0xa9',
    );
  });

  it('DOMAIN-AMD.md TV-9: ref-cycles from v6.9 is 0x100000120 on Zen 4 and family 0x1a, none on Zen 3', async () => {
    // 563bdbac10e5: "if (cpu_feature_enabled(X86_FEATURE_ZEN4) || boot_cpu_data.x86 >=
    // 0x1a) return amd_zen4_perfmon_event_map[hw_event];" with
    // [PERF_COUNT_HW_REF_CPU_CYCLES] = 0x100000120 (event 0x120: bits 7:0 = 0x20, 35:32 = 1).
    expect((await cpu(AMD, 0x19, 0x11)).perf.generic['ref-cycles']).toBe('0x100000120');
    expect((await cpu(AMD, 0x1a, 0x02)).perf.generic['ref-cycles']).toBe('0x100000120');
    // Zen 3 reads amd_zen2_perfmon_event_map, which has no REF_CPU_CYCLES entry.
    expect((await cpu(AMD, 0x19, 0x21)).perf.generic['ref-cycles']).toBeNull();
  });

  it('DOMAIN-AMD.md TV-10: Hygon family 0x18: cache-references 0xff60 and stalled-cycles-backend 0x0187 up to v6.8, 0x077d and 0x00d1 from v6.9; perf PMU name HYGON', async () => {
    // init_hw_perf_events: "case X86_VENDOR_HYGON: err = amd_pmu_init();
    // x86_pmu.name = "HYGON";"
    const old = await cpu(HYGON, 0x18, 0x00, {}, '6.8');
    expect(old.perf.driver).toBe('HYGON');
    // <= v6.8: "if (boot_cpu_data.x86 >= 0x17) return amd_f17h_perfmon_event_map[...]".
    expect(old.perf.generic).toMatchObject({
      'cache-references': '0xff60',
      'stalled-cycles-backend': '0x187',
    });
    // v6.9+: no X86_FEATURE_ZEN1/ZEN2 on Hygon (init_hygon sets only X86_FEATURE_ZEN)
    // and 0x18 < 0x19, so "return amd_perfmon_event_map[hw_event];" (K7 map).
    const now = await cpu(HYGON, 0x18, 0x00);
    expect(now.perf.generic).toMatchObject({
      'cache-references': '0x77d',
      'stalled-cycles-backend': '0xd1',
    });
  });

  it('DOMAIN-AMD.md TV-11: Zen 1 cache-references 0xff60 and cache-misses 0x0964', async () => {
    // amd_f17h_perfmon_event_map / amd_zen1_perfmon_event_map:
    // "[PERF_COUNT_HW_CACHE_REFERENCES] = 0xff60, [PERF_COUNT_HW_CACHE_MISSES] = 0x0964,"
    // (bsp_init_amd: family 0x17 models 0x00-0x2f set X86_FEATURE_ZEN1).
    for (const kernel of ['6.8', '6.9']) {
      const a = await cpu(AMD, 0x17, 0x01, {}, kernel);
      expect(a.perf.generic).toMatchObject({
        'cache-references': '0xff60',
        'cache-misses': '0x964',
      });
    }
  });

  it('DOMAIN-AMD.md TV-12: K10 (family 0x10) without PerfCtrExtCore: perf 4 counters at 0xc0010000 + i, K7 map; KVM gives version 1 with 4 counters and no PERFCTR_CORE', async () => {
    // amd_core_pmu_init: "if (!boot_cpu_has(X86_FEATURE_PERFCTR_CORE)) return 0;":
    // the amd_pmu template stays (MSR_K7_EVNTSEL0, AMD64_NUM_COUNTERS, offset = index).
    const a = await cpu(AMD, 0x10, 0x04, {
      '0x80000000': '0x8000001b,0,0,0',
      '0x80000001': '0,0,0,0',
    });
    expect(a.perf).toMatchObject({ gpCounters: 4, eventsel: '0xc0010000', stride: 1 });
    // amd_perfmon_event_map: [PERF_COUNT_HW_CACHE_REFERENCES] = 0x077d.
    expect(a.perf.generic['cache-references']).toBe('0x77d');
    // svm_set_cpu_caps: "if (kvm_pmu_cap.num_counters_gp < AMD64_NUM_COUNTERS_CORE)
    // kvm_pmu_cap.num_counters_gp = min(AMD64_NUM_COUNTERS, ...);" and no PERFCTR_CORE.
    expect(a.kvmGuest['kvm']!.leaves['0x80000001']).toEqual({ ecx: '0x0' });
    expect(a.kvmGuest['kvm']).toMatchObject({ version: 1, gpCounters: 4 });
    // MSR_K7_PERFCTR3 = 0xc0010007 (get_gp_pmc_amd: "idx = msr - MSR_K7_PERFCTR0;"):
    // counter 3's count (register 1, AmdPmuRegister.CTR).
    const ctr3 = await command(
      'amd-rdmsr',
      '--version',
      '1',
      '--counters',
      '4',
      '--msr',
      '0xc0010007',
    );
    expect(ctr3).toMatchObject({ outcome: 'software', counter: 3, register: '0x1' });
  });

  it('DOMAIN-AMD.md TV-13: RDPMC ECX 0x40000000: #GP on the newest kernel, counter 0 on ~v5.15', async () => {
    // amd_check_rdpmc_early: "if (idx >= pmu->nr_arch_gp_counters) return -EINVAL;"
    // (ECX unmasked, torvalds/linux@02918f007792).
    const now = await command('amd-rdpmc', '--ecx', '0x40000000');
    expect(now).toMatchObject({ outcome: 'refused', reason: { code: 'NOT_IMPLEMENTED' } });
    // ~v5.15 amd_rdpmc_ecx_to_pmc: "idx &= ~(3u << 30);" (torvalds/linux@1ebdbeb03efe).
    const old = await command('amd-rdpmc', '--ecx', '0x40000000', '--consumer', 'kvm-5.15');
    expect(old).toMatchObject({ outcome: 'software', counter: 0 });
  });

  it('DOMAIN-AMD.md TV-14: KVM offers leaf 0xA all zero on every AMD and Hygon host, even one whose leaf 0xA is not zero', async () => {
    // cpuid.c case 0xa: "if (!enable_pmu || !static_cpu_has(X86_FEATURE_ARCH_PERFMON)) {
    // entry->eax = entry->ebx = entry->ecx = entry->edx = 0; break; }" and amd.c/hygon.c
    // never set X86_FEATURE_ARCH_PERFMON (DOMAIN-AMD.md 1.6). That check is 5a1bde46f98b
    // (v5.18); before it (torvalds/linux@d7e0a795bf37) "if (!cap.version) memset(&cap, 0,
    // sizeof(cap));" zeroed the leaf as well, AMD's perf version being 0 until PerfMonV2
    // support (v5.19), so no mainline release offered AMD a non-zero leaf 0xA.
    const zero = { eax: '0x0', ebx: '0x0', ecx: '0x0', edx: '0x0' };
    const hosts: [string, number, number, Record<string, string>][] = [
      [AMD, 0x19, 0x11, ZEN4_LEAVES],
      [AMD, 0x17, 0x71, { ...ZEN2_LEAVES, '0xa': '0x07300403,0,0,0x603' }],
      [HYGON, 0x18, 0x00, { '0x80000001': '0,0,0x35C233FF,0' }],
    ];
    for (const [vendor, family, model, leaves] of hosts) {
      const a = await cpu(vendor, family, model, leaves);
      const guests = Object.values(a.kvmGuest);
      expect(guests.length).toBeGreaterThan(0);
      for (const g of guests) {
        expect(leafA(g)).toEqual(zero);
        expect(g.fixedCounters).toEqual([]);
      }
    }
  });

  it('DOMAIN-AMD.md TV-15: a guest EVNTSEL0 write of 0x0000_0100_0053_0076 is stored as 0x530076 and opens raw event 0x76 excluding the host', async () => {
    // amd_pmu_refresh: "pmu->reserved_bits = 0xfffffff000280000ull;" amd_pmu_set_msr:
    // "data &= ~pmu->reserved_bits;" pmc_reprogram_counter: ".exclude_host = 1,"
    const j = await command('amd-evntsel', '--counter', '0', '--value', '0x0000010000530076');
    expect(j).toMatchObject({
      outcome: 'perf',
      stored: '0x530076',
      attr: { type: 4, config: '0x76', exclude_host: true },
    });
  });

  it('DOMAIN-AMD.md TV-18: Zen FLOPs (event 0x003) with 6 counters: counters 0, 2, 4 (mask 0x15), weight 3, paired', async () => {
    // amd_core_pmu_init: "for (i = 0; i < x86_pmu.num_counters - 1; i += 2)
    // even_ctr_mask |= BIT_ULL(i);" and pair_constraint weight num_counters / 2;
    // amd_is_pair_event_code: "case 0x003: return true;"
    const j = await command('amd-constraint', '--config', '0x430003');
    expect(j).toMatchObject({ mask: '0x15', weight: '0x3', pair: true });
  });

  it('DOMAIN-AMD.md TV-19: Zhaoxin ZXE (family 7, model 0x3b): branch-instructions 0x0028, branch-misses 0x0029, cycles 0x0082, stalled-cycles-frontend event 0x01 umask 0x01 inv cmask 1', async () => {
    // zhaoxin_pmu_init case 0x3b: "zx_pmon_event_map[PERF_COUNT_HW_BRANCH_INSTRUCTIONS] =
    // 0x0028; zx_pmon_event_map[PERF_COUNT_HW_BRANCH_MISSES] = 0x0029;" family 7:
    // "X86_CONFIG(.event = 0x01, .umask = 0x01, .inv = 0x01, .cmask = 0x01)"
    // = 0x01 | 0x01 << 8 | 1 << 23 | 1 << 24.
    const a = await cpu(CENTAUR, 7, 0x3b, ZXE_LEAF);
    expect(a.perf.generic).toMatchObject({
      'branch-instructions': '0x28',
      'branch-misses': '0x29',
      'cpu-cycles': '0x82',
      'stalled-cycles-frontend': '0x1800101',
    });
  });

  it('DOMAIN-AMD.md TV-20: Zhaoxin ZXC (family 6, model 0x19): only cycles (0x0082); instructions, cache-references, cache-misses and bus-cycles zeroed', async () => {
    // zhaoxin_pmu_init case 0x06 (model 0x19): "zx_pmon_event_map[PERF_COUNT_HW_INSTRUCTIONS]
    // = 0; ..._CACHE_REFERENCES] = 0; ..._CACHE_MISSES] = 0; ..._BUS_CYCLES] = 0;"
    const a = await cpu(CENTAUR, 6, 0x19, ZXE_LEAF);
    expect(a.perf.generic['cpu-cycles']).toBe('0x82');
    for (const event of ['instructions', 'cache-references', 'cache-misses', 'bus-cycles'])
      expect(a.perf.generic[event]).toBeNull();
  });

  it('DOMAIN-AMD.md TV-21: Zhaoxin with leaf 0xA version 3: no hardware PMU driver', async () => {
    // zhaoxin_pmu_init: "if (version != 2) return -ENODEV;"
    const a = await cpu(CENTAUR, 7, 0x3b, { '0xa': '0x07300403,0,0,0x603' });
    expect(a.perf.pmu).toBeNull();
    expect(a.perf.why?.code).toBe('NO_PERF_DRIVER');
  });

  it('DOMAIN-AMD.md TV-22: PerfCtrExtCore with only 5 counters (PerfMonV2 NumPerfCtrCore 5): KVM keeps min(4, 5) = 4, offers neither PERFCTR_CORE nor PerfMonV2', async () => {
    // Perf counts 5 only through PerfMonV2 ("x86_pmu.num_counters = ebx.split.num_core_pmc;").
    const a = await cpu(AMD, 0x19, 0x11, {
      '0x80000000': '0x80000022,0,0,0',
      '0x80000001': '0,0,0x800000,0',
      '0x80000022': '0x1,0x5,0,0',
    });
    expect(a.perf.gpCounters).toBe(5);
    // svm_set_cpu_caps: "if (kvm_pmu_cap.num_counters_gp < AMD64_NUM_COUNTERS_CORE)
    // kvm_pmu_cap.num_counters_gp = min(AMD64_NUM_COUNTERS, kvm_pmu_cap.num_counters_gp);
    // else kvm_cpu_cap_check_and_set(X86_FEATURE_PERFCTR_CORE); if (kvm_pmu_cap.version
    // != 2 || !kvm_cpu_cap_has(X86_FEATURE_PERFCTR_CORE)) kvm_cpu_cap_clear(X86_FEATURE_PERFMON_V2);"
    const kvm = a.kvmGuest['kvm']!;
    expect(kvm.leaves['0x80000001']).toEqual({ ecx: '0x0' });
    expect(kvm.leaves['0x80000022']).toMatchObject({ eax: '0x0', ebx: '0x0' });
    expect(kvm).toMatchObject({ version: 1, gpCounters: 4 });
  });

  it('DOMAIN-AMD.md TV-23: KVM_CAP_PMU_CAPABILITY = KVM_PMU_CAP_DISABLE: guest version 0; RDPMC #GPs; the K7 MSRs read 0 and the F15H MSRs #GP', async () => {
    // kvm_vm_ioctl_enable_cap: "kvm->arch.enable_pmu = !(cap->args[0] & KVM_PMU_CAP_DISABLE);"
    // kvm_pmu_refresh: "pmu->version = 0; ... if (!vcpu->kvm->arch.enable_pmu) return;"
    const g = await command(
      'amd-guest',
      ...ZEN4_HOST,
      '--guest-ext-features',
      '0x800000',
      '--pmu-cap-disable',
      'true',
    );
    expect(g).toMatchObject({
      outcome: 'refused',
      reason: { code: 'VM_PMU_DISABLED' },
      version: '0x0',
      gp_counters: '0x0',
    });
    // amd_check_rdpmc_early with nr_arch_gp_counters 0 (and kvm_pmu_rdpmc:
    // "if (!pmu->version) return 1;").
    const rdpmc = await command('amd-rdpmc', '--counters', '0', '--ecx', '0');
    expect(rdpmc).toMatchObject({ outcome: 'refused', reason: { code: 'NOT_IMPLEMENTED' } });
    // amd_is_valid_msr: K7 "return pmu->version > 0;" (false), so kvm_get_msr_common
    // answers "case MSR_K7_EVNTSEL0 ... MSR_K7_PERFCTR3: ... msr_info->data = 0;"
    // (torvalds/linux@67f8bc848ee3 msrs.c): no #GP, the PMU path is just not taken.
    const k7 = await command(
      'amd-rdmsr',
      '--version',
      '0',
      '--counters',
      '0',
      '--msr',
      '0xc0010004',
    );
    expect(k7).toMatchObject({ outcome: 'software' });
    // The F15H MSRs have no such case: "default: ... return KVM_MSR_RET_UNSUPPORTED;" (#GP).
    const f15 = await command(
      'amd-rdmsr',
      '--version',
      '0',
      '--counters',
      '0',
      '--msr',
      '0xc0010201',
    );
    expect(f15).toMatchObject({ outcome: 'refused', reason: { code: 'NOT_IMPLEMENTED' } });
  });

  it('DOMAIN-AMD.md TV-24: v6.9+, family 0x17 model 0x80 (not in bsp_init_amd): cache-references 0x077d (0xff60 up to v6.8); family 0x19 unknown model: 0xff60', async () => {
    // bsp_init_amd lists no family 0x17 model 0x80 ("goto warn"), so no ZENn flag, and
    // 0x17 < 0x19: "return amd_perfmon_event_map[hw_event];" ([CACHE_REFERENCES] = 0x077d).
    expect((await cpu(AMD, 0x17, 0x80)).perf.generic['cache-references']).toBe('0x77d');
    expect((await cpu(AMD, 0x17, 0x80, {}, '6.8')).perf.generic['cache-references']).toBe('0xff60');
    // "if (cpu_feature_enabled(X86_FEATURE_ZEN2) || boot_cpu_data.x86 >= 0x19) return
    // amd_zen2_perfmon_event_map[hw_event];" for a family 0x19 model no table lists (0xb0).
    expect((await cpu(AMD, 0x19, 0xb0)).perf.generic['cache-references']).toBe('0xff60');
  });
});

describe('amd-guest by kernel generation', () => {
  it('PerfMonV2 set by the VMM on a Zen 2 host: version 1 from v6.14 (guest_cpu_cap_has), version 2 on v6.9-v6.13 (guest_cpuid_has)', async () => {
    // 8f2a27752e80 (kvm-x86-misc-6.14): "-\tif (guest_cpuid_has(vcpu, X86_FEATURE_PERFMON_V2)) {"
    // "+\tif (guest_cpu_cap_has(vcpu, X86_FEATURE_PERFMON_V2)) {", and guest cpu_caps are
    // the guest's CPUID AND KVM's (svm_set_cpu_caps clears PERFMON_V2 on a Zen 2 host,
    // kvm_pmu_cap.version being 0).
    const args = ['--ext-features', '0x75C237FF', '--guest-ext-features', '0x800000'];
    args.push('--guest-perfmon-eax', '0x1', '--guest-perfmon-ebx', '0x6');
    expect(await command('amd-guest', ...args)).toMatchObject({ consumer: 'kvm', version: '0x1' });
    // de120e1d692d (v6.9): "pmu->global_ctrl = GENMASK_ULL(pmu->nr_arch_gp_counters - 1, 0);"
    expect(await command('amd-guest', ...args, '--kernel', '6.13')).toMatchObject({
      consumer: 'kvm-6.13',
      version: '0x2',
      gp_counters: '0x6',
      global_ctl: '0x3f',
    });
  });
});
