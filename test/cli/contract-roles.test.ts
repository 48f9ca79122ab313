/**
 * The cpuid and verify contracts are declarations (issue 16 item 2): the
 * `--hypervisor` flag sets the input declaring `role hypervisor`, a guest
 * leaf's registers answer under their register names (`role guest`), and
 * verify's leaf when an expectation names none is the arch's `default leaf`.
 * Each test renames or removes the declaration in a copy of the shipped
 * tables; before, src/ matched the names `hypervisor`, `guest_*` and the
 * leaf 0xa itself, so a rename changed the answer silently.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { cli } from './run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'pmumap-contract-roles-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the shipped tables (not vendor/ or generated/), with `edit` applied to one file. */
function tablesWith(name: string, file: string, edit: (text: string) => string): string {
  const dir = join(scratch, name);
  for (const arch of ['arm64', 'linux', 'riscv', 'x86']) {
    cpSync(join(ROOT, 'tables', arch), join(dir, 'tables', arch), { recursive: true });
  }
  const path = join(dir, 'tables', file);
  const text = readFileSync(path, 'utf8');
  const edited = edit(text);
  expect(edited).not.toBe(text);
  writeFileSync(path, edited);
  return dir;
}

const LEAF = ['cpuid', '0xa', '--eax', '0x07300803', '--ebx', '0', '--ecx', '0', '--edx', '0'];

describe('cpuid and verify read the tables by declaration', () => {
  it('--hypervisor sets the input with role hypervisor, whatever its name', async () => {
    const dir = tablesWith('hypervisor', 'x86/readers.pmumap', (t) =>
      t.replace(/\bhypervisor\b/g, 'in_vm').replace('role in_vm', 'role hypervisor'),
    );
    const vm = JSON.parse((await cli([...LEAF, 'tables', '--hypervisor', '--json'], dir)).stdout);
    const bare = JSON.parse((await cli([...LEAF, 'tables', '--json'], dir)).stdout);
    // Linux perf v2-v4: max(EDX[4:0], 3) on bare metal, EDX[4:0] (0 here) in a VM.
    expect(bare.fixedCounters['linux-perf']).toEqual([0, 1, 2]);
    expect(vm.fixedCounters['linux-perf']).toEqual([]);
  }, 60_000);

  it("a guest leaf's registers answer under their register names, whatever the outputs' names", async () => {
    const dir = tablesWith('guest', 'x86/kvm.pmumap', (t) =>
      t.replace(/\bguest_(e[abcd]x)\b/g, 'offered_$1'),
    );
    const r = await cli([...LEAF, 'tables', '--json'], dir);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j.kvmGuest.legacy)).toEqual(['eax', 'ebx', 'ecx', 'edx']);
  }, 60_000);

  it("verify checks an expectation without a leaf on the arch's default leaf, and says so when none is declared", async () => {
    const dir = tablesWith('no-default-leaf', 'x86/arch.pmumap', (t) =>
      t.replace(/\n *default leaf ArchPerfmon[^\n]*/, ''),
    );
    cpSync(join(ROOT, 'test/fixtures/cpuid'), join(dir, 'cpuid'), { recursive: true });
    const r = await cli(['verify', 'cpuid', '--expect', 'cpuid/expect.json'], dir);
    expect(r.status).toBe(1);
    // Each expectation of a dump names no leaf: every one fails, saying why.
    expect(r.stderr).toContain(
      'FAIL dumps: icelake-client-i7-1065G7.txt: names no leaf, and no arch of the tables declares a `default leaf`',
    );
    const declared = tablesWith('default-leaf', 'x86/arch.pmumap', (t) => `${t}\n`);
    cpSync(join(ROOT, 'test/fixtures/cpuid'), join(declared, 'cpuid'), { recursive: true });
    const ok = await cli(['verify', 'cpuid', '--expect', 'cpuid/expect.json'], declared);
    expect(ok.status).toBe(0);
    expect(`${ok.stdout}${ok.stderr}`).not.toContain('names no leaf');
  }, 60_000);
});
