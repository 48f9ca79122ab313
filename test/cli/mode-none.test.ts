/**
 * A mode names a consumer of the arch block (`mode kvm = kvm-legacy` in
 * tables/x86/arch.pmumap), so it applies only to commands whose interface
 * that consumer implements. The AMD commands' interfaces have no mode; their
 * readers are picked with --consumer or --kernel. `--mode` on them said
 * "unknown --mode 'kvm' (expected )": an empty list, even for the name of a
 * mode the arch has. It now says the command has no modes and what picks a
 * reader instead, on one line with exit 2.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

describe('--mode on a command without modes', () => {
  it.each([
    [['amd-evntsel', 'x86', '--counter', '0', '--value', '0x530076', '--mode', 'kvm']],
    [['amd-rdpmc', 'x86', '--ecx', '0', '--mode', 'foo']],
    [['amd-mediated', 'x86', '--mode', 'mediated']],
  ])('%j: one line, exit 2, names --consumer and its consumers', async (argv) => {
    const r = await cli(argv);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('(expected )');
    expect(lines[0]).toContain(`${argv[0]} x86 has no --mode`);
    expect(lines[0]).toContain('--consumer');
    // the command's own consumers: each AMD interface has a consumer named kvm
    expect(lines[0]).toMatch(/\bkvm\b/);
  });

  it('a command with modes still lists them', async () => {
    const r = await cli([
      'fixed-map',
      'x86',
      '--counter',
      '1',
      '--eax',
      '0x7300402',
      '--ebx',
      '0',
      '--ecx',
      '0',
      '--edx',
      '0x8603',
      '--mode',
      'foo',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown --mode 'foo' (expected kvm, mediated)");
  });
});
