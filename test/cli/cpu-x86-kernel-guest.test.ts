/**
 * `pmumap cpu x86 --kernel VERSION` picks "the reader versions that model
 * that release" (its --help; README "cpu (x86)": "`--kernel VERSION` picks
 * the reader versions of that release"). The perf and generic slots did;
 * the KVM guest slot kept listing every consumer, so `--kernel 6.1` printed
 * what KVM v7.0 offers beside what v6.1 offers. The guest slot now keeps the
 * mainline consumers whose range holds the release, and the patch-only
 * series against one of them. Without --kernel it lists every consumer.
 *
 * Expected sets are the consumer ranges the tables declare (`pmumap
 * consumers`): intel_cpu_kvm kvm-legacy v7.0.., kvm-legacy-6.16 v6.16-v6.19,
 * kvm-legacy-6.11 v6.11-v6.15, kvm-legacy-6.10 v6.3-v6.10, kvm-legacy-6.2 v6.2,
 * kvm-legacy-5.14 v5.14-v6.1, kvm-legacy-5.12 v5.12-v5.13, kvm-legacy-5.10
 * v5.10-v5.11, kvm-mediated-7.0
 * v7.0.., kvm-mediated (patch-only, modifies kvm-mediated-7.0); amd_cpu_kvm
 * kvm v6.14.., kvm-6.5 v6.5-v6.13, kvm-6.4 ..v6.4.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { cli } from './run-cli.ts';

const LYNNFIELD = join(ROOT, 'test/fixtures/cpuid/nehalem-lynnfield-i7-860-libcpuid.txt');
const GENOA = join(ROOT, 'test/fixtures/cpuid-amd/zen4-epyc-9124-genoa.txt');

async function guestConsumers(dump: string, ...more: string[]): Promise<string[]> {
  const r = await cli(['cpu', 'x86', '--dump', dump, ...more, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout) as { answers: { kvmGuest: Record<string, unknown> }[] };
  return Object.keys(j.answers[0]!.kvmGuest).sort();
}

describe('cpu x86 --kernel: the KVM guest consumers of that release', () => {
  it.each([
    ['5.10', ['kvm-legacy-5.10']],
    ['5.13', ['kvm-legacy-5.12']],
    ['6.1', ['kvm-legacy-5.14']],
    ['6.2', ['kvm-legacy-6.2']],
    ['6.10', ['kvm-legacy-6.10']],
    ['6.11', ['kvm-legacy-6.11']],
    ['6.16', ['kvm-legacy-6.16']],
    ['6.19', ['kvm-legacy-6.16']],
    ['7.0', ['kvm-legacy', 'kvm-mediated', 'kvm-mediated-7.0']],
  ])('Intel (Lynnfield) --kernel %s: %j', async (kernel, expected) => {
    expect(await guestConsumers(LYNNFIELD, '--kernel', kernel)).toEqual(expected);
  });

  it.each([
    ['5.10', ['kvm-6.4']],
    ['6.5', ['kvm-6.5']],
    ['6.13', ['kvm-6.5']],
    ['6.14', ['kvm']],
  ])('AMD (Genoa) --kernel %s: %j', async (kernel, expected) => {
    expect(await guestConsumers(GENOA, '--kernel', kernel)).toEqual(expected);
  });

  it('without --kernel every consumer answers', async () => {
    expect(await guestConsumers(LYNNFIELD)).toEqual([
      'kvm-legacy',
      'kvm-legacy-5.10',
      'kvm-legacy-5.12',
      'kvm-legacy-5.14',
      'kvm-legacy-6.10',
      'kvm-legacy-6.11',
      'kvm-legacy-6.16',
      'kvm-legacy-6.2',
      'kvm-mediated',
      'kvm-mediated-7.0',
    ]);
  });

  it('the text lists the same consumers', async () => {
    const r = await cli(['cpu', 'x86', '--dump', LYNNFIELD, '--kernel', '6.1']);
    expect(r.status).toBe(0);
    const guest = r.stdout.split('KVM guest:')[1] ?? '';
    expect(guest).toContain('kvm-legacy-5.14 (mainline v5.14–v6.1)');
    expect(guest).not.toMatch(/kvm-legacy \(|kvm-mediated/);
  });
});
