/**
 * `pmumap explain x86 LEAF[.SUB]`: a subleaf the tables declare
 * (tables/x86/cpuid.pmumap `cpuid ArchPerfmonExtCounters = 0x23 subleaf 1`,
 * which declares EAX and EBX) is explained as `--leaf 0x23.1=...` reads it
 * elsewhere; before, `0x23.1` was "not an event, REGISTER=VALUE or a CPUID
 * leaf". Given some registers, the message names only the missing ones
 * (before: "needs --ebx (and --eax, --ebx, --ecx, --edx)").
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

describe('explain x86 LEAF.SUB', () => {
  it('decodes CPUID.(0x23, 1) from --eax and --ebx, the registers the tables declare for it', async () => {
    const r = await cli(['explain', 'x86', '0x23.1', '--eax', '0xff', '--ebx', '0x7', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as {
      kind: string;
      registers: { name: string; value: string }[];
    };
    expect(j.kind).toBe('cpuid');
    expect(j.registers.map((x) => [x.name, x.value])).toEqual([
      ['ArchPerfmonExtCounters.eax', '0xff'],
      ['ArchPerfmonExtCounters.ebx', '0x7'],
    ]);
  });

  it('says which commands take the subleaf beside their other inputs, since none answers from it alone', async () => {
    const r = await cli(['explain', 'x86', '0x23.1', '--eax', '0xff', '--ebx', '0x7']);
    expect(r.status).toBe(0);
    // kvm.pmumap/readers.pmumap: input leaf23_ebx : ArchPerfmonExtCounters.ebx of fixed_counters and kvm_guest_leaf.
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^no command answers from this leaf alone; these take it beside their other inputs: .*pmumap fixed x86 --leaf23-ebx, pmumap guest-leaf x86 --leaf23-ebx/,
    );
  });

  it('names only the registers that are missing', async () => {
    const r = await cli(['explain', 'x86', '0xa', '--eax', '0x07300403']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'pmumap: explain x86 0xa needs --ebx, --ecx and --edx too (the registers the tables declare for it)\n',
    );
    const sub = await cli(['explain', 'x86', '0x23.1', '--ebx', '0x7']);
    expect(sub.stderr).toBe(
      'pmumap: explain x86 0x23.1 needs --eax too (the registers the tables declare for it)\n',
    );
  });

  it('names the subleaves a leaf has when the one asked for is not declared', async () => {
    const r = await cli(['explain', 'x86', '0x23.5', '--eax', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'pmumap: the tables declare no CPUID subleaf 0x23.5 for x86 (leaf 0x23 has 0x23.0 and 0x23.1)\n',
    );
  });

  it('reads LEAF.0 as LEAF', async () => {
    const leaf = ['--eax', '0x07300403', '--ebx', '0', '--ecx', '0', '--edx', '0x603', '--json'];
    const plain = JSON.parse((await cli(['explain', 'x86', '0xa', ...leaf])).stdout) as object;
    const zero = JSON.parse((await cli(['explain', 'x86', '0xa.0', ...leaf])).stdout) as object;
    expect({ ...zero, thing: '0xa', leaf: '0xa' }).toEqual(plain);
  });
});
