/**
 * examples/c/kvm-pmevtyper.c, the C example README shows, builds against
 * the checked-in tables/generated/c under the strict flags (C11 and as
 * C++17) and prints what the TypeScript runtime answers: the perf
 * attributes of an event KVM creates, or the refusal with its message's
 * placeholders filled in, and the deciding line. pmumap_format_message
 * behaves as snprintf does at every buffer size.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    ['pmuv3', '0', '0x4008'],
    ['apple_m1', '0', '0x1b'],
    ['pmuv3', '40', '0x11'],
  ])('%s counter %s value %s: the runtime answer', async (pmu, n, v) => {
    const [counter, value] = [BigInt(n), BigInt(v)];
    const { stdout } = await run(program, [pmu, n, v], dir);
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

describe('pmumap_format_message', () => {
  it('fills placeholders as the runtime does and truncates as snprintf does', async () => {
    const tc = findToolchain();
    writeFileSync(
      join(dir, 'format.c'),
      `#include <stdio.h>
#include "pmumap.h"
int main(void) {
  struct pmumap_args args;
  char buf[128];
  size_t n, size;
  const char *msg = "e={event} small={small} on={on} pmu={pmu} {missing} {{event}} {9x} {event";
  args.count = 4;
  args.items[0] = pmumap__arg("event", PMUMAP_ARG_INT, 0x1b, NULL);
  args.items[1] = pmumap__arg("small", PMUMAP_ARG_INT, 9, NULL);
  args.items[2] = pmumap__arg("on", PMUMAP_ARG_BOOL, 1, NULL);
  args.items[3] = pmumap__arg("pmu", PMUMAP_ARG_TEXT, 0, "apple_m1");
  n = pmumap_format_message(buf, sizeof buf, msg, &args);
  printf("%zu [%s]\\n", n, buf);
  for (size = 0; size <= 3; size++) {
    buf[0] = 'X';
    n = pmumap_format_message(buf, size, msg, &args);
    printf("%zu %zu [%s]\\n", size, n, size == 0 ? (buf[0] == 'X' ? "untouched" : "written") : buf);
  }
  n = pmumap_format_message(buf, sizeof buf, "{event}", NULL);
  printf("%zu [%s]\\n", n, buf);
  return 0;
}
`,
    );
    await run(tc.cc, [...STRICT_C, ...include, 'format.c', '-o', 'format'], dir);
    const { stdout } = await run(join(dir, 'format'), [], dir);
    const full = 'e=0x1b small=9 on=true pmu=apple_m1 {missing} {0x1b} {9x} {event';
    expect(stdout.split('\n')).toEqual([
      `${full.length} [${full}]`,
      `0 ${full.length} [untouched]`,
      `1 ${full.length} []`,
      `2 ${full.length} [e]`,
      `3 ${full.length} [e=]`,
      '7 [{event}]',
      '',
    ]);
  });
});
