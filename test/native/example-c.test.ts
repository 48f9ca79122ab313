/**
 * examples/c/kvm-pmevtyper.c, the C example README shows, builds against
 * the checked-in tables/generated/c under the strict flags (C11 and as
 * C++17) and prints what the TypeScript runtime answers: the perf
 * attributes of an event KVM creates, or the refusal with its message's
 * placeholders filled in, and the deciding line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsumer } from '../../src/runtime/run.ts';
import { ROOT, shipped } from '../helpers.ts';
import { findToolchain, run, STRICT_C, STRICT_CXX } from './toolchain.ts';

const dir = mkdtempSync(join(tmpdir(), 'pmumap-example-c-'));
const program = join(dir, 'kvm-pmevtyper');
const source = join(ROOT, 'examples/c/kvm-pmevtyper.c');
const include = ['-I', join(ROOT, 'tables/generated/c')];

beforeAll(async () => {
  const tc = findToolchain();
  await Promise.all([
    run(tc.cc, [...STRICT_C, ...include, source, '-o', program], dir),
    run(tc.cxx, [...STRICT_CXX, ...include, '-x', 'c++', '-fsyntax-only', source], dir),
  ]);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The runtime's answer for a PMEVTYPER write, in the example's words. */
function runtime(pmu: string, counter: bigint, value: bigint): string {
  const r = runConsumer(
    shipped().tables,
    'kvm',
    { pmu: { kind: 'pmu', name: pmu }, counter, value },
    'kvm_evtype_write',
  );
  const o = r.outcome;
  if (!o) throw new Error('no outcome');
  if (o.kind === 'perf') {
    const hex = (v: bigint | boolean | undefined) => `0x${BigInt(v ?? 0).toString(16)}`;
    return `perf type=${hex(o.attr['type'])} config=${hex(o.attr['config'])}`;
  }
  if (o.kind === 'refused') return `refused ${o.code}: ${o.message}`;
  throw new Error(`unexpected outcome ${o.kind}`);
}

describe('examples/c/kvm-pmevtyper.c', () => {
  it.each([
    ['pmuv3', 0n, 0x4008n],
    ['apple_m1', 0n, 0x1bn],
    ['pmuv3', 40n, 0x11n],
  ])('%s counter %d value %#x: the runtime answer', async (pmu, counter, value) => {
    const { stdout } = await run(program, [pmu, `${counter}`, `0x${value.toString(16)}`], dir);
    const [answer, decided] = stdout.split('\n');
    const want = runtime(pmu, counter, value);
    expect(want).not.toMatch(/\{\w+\}/);
    if (want.startsWith('perf')) expect(answer?.startsWith(`${want} `)).toBe(true);
    else expect(answer).toBe(want);
    const origin = runConsumer(
      shipped().tables,
      'kvm',
      { pmu: { kind: 'pmu', name: pmu }, counter, value },
      'kvm_evtype_write',
    ).outcome?.origin;
    expect(decided).toBe(`decided at ${origin}`);
  });

  it('refuses an unknown PMU with exit 2 and a usage line', async () => {
    await expect(run(program, ['x86', '0', '0'], dir)).rejects.toThrow(/unknown PMU 'x86'/);
  });
});
