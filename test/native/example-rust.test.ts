/**
 * examples/rust, the Cargo program README shows, builds against the
 * checked-in crate tables/generated/rust as a path dependency (copied with
 * its relative layout to a temporary folder: Cargo.lock and target/ go
 * there), clean under clippy -D warnings, and prints what the TypeScript
 * runtime answers, the message with its placeholders filled in.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsumer } from '../../src/runtime/run.ts';
import { ROOT, shipped } from '../helpers.ts';
import { cargo, findToolchain, run } from './toolchain.ts';

const dir = mkdtempSync(join(tmpdir(), 'pmumap-example-rust-'));
const target = join(dir, 'target');
const program = join(target, 'debug/kvm-pmevtyper');

beforeAll(async () => {
  for (const path of ['examples/rust/Cargo.toml', 'examples/rust/src', 'tables/generated/rust'])
    cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  const tc = findToolchain();
  const crate = join(dir, 'examples/rust');
  await cargo(tc, ['build'], crate, target);
  await cargo(tc, ['clippy', '--', '-D', 'warnings'], crate, target);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('examples/rust', () => {
  it.each([
    ['pmuv3', '0', '0x4008'],
    ['apple_m1', '0', '0x1b'],
    ['pmuv3', '40', '0x11'],
  ])('%s counter %s value %s: the runtime answer', async (pmu, counter, value) => {
    const r = runConsumer(
      shipped().tables,
      'kvm',
      { pmu: { kind: 'pmu', name: pmu }, counter: BigInt(counter), value: BigInt(value) },
      'kvm_evtype_write',
    ).outcome;
    if (!r) throw new Error('no outcome');
    const want =
      r.kind === 'perf'
        ? `perf type=0x${(r.attr['type'] ?? 0n).toString(16)} config=0x${(r.attr['config'] ?? 0n).toString(16)}`
        : r.kind === 'refused'
          ? `Refused ${r.code}: ${r.message}`
          : `unexpected ${r.kind}`;
    const { stdout } = await run(program, [pmu, counter, value], dir);
    expect(stdout).toBe(`${want}\ndecided at ${r.origin}\n`);
  });
});
