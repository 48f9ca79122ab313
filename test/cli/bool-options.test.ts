/**
 * A true/false option is spelled alike in every command (src/cli/args.ts):
 * a bare `--hypervisor` is true, and `--hypervisor true|false` (or `=true`,
 * `=false`) says which. Before, `cpuid`/`explain`/`cpu` took only the bare
 * form (`--hypervisor true` read `true` as a tables path or an unexpected
 * argument) and the arch commands (`fixed`, `guest-leaf`, ...) only the
 * valued one (a bare `--hypervisor` "needs a value"); `pmumap query`'s
 * `"mediated": false` was left out, so the input's default true answered.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { ROOT, sharedCache } from '../helpers.ts';
import { cli } from './run-cli.ts';

// Arch perfmon v2 with no fixed counters in EDX: perf assumes 3 fixed
// counters unless it runs in a VM (perf_fixed_mask, tables/x86/readers.pmumap).
const LEAF = ['--eax', '0x07300402', '--ebx', '0', '--ecx', '0', '--edx', '0'];

const json = async (argv: string[]): Promise<unknown> => {
  const r = await cli([...argv, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
};

describe('bool options', () => {
  it('cpuid takes --hypervisor bare or with true/false, never reading true as a path', async () => {
    const bare = await json(['cpuid', '0xa', ...LEAF, '--hypervisor']);
    const none = await json(['cpuid', '0xa', ...LEAF]);
    expect(bare).not.toEqual(none);
    expect(await json(['cpuid', '0xa', ...LEAF, '--hypervisor', 'true'])).toEqual(bare);
    expect(await json(['cpuid', '0xa', ...LEAF, '--hypervisor', 'false'])).toEqual(none);
    expect(await json(['cpuid', '0xa', ...LEAF, '--hypervisor=true'])).toEqual(bare);
  });

  it('fixed x86 takes a bare --hypervisor as true', async () => {
    const t = (await json(['fixed', 'x86', ...LEAF, '--hypervisor', 'true'])) as { fixed: string };
    const f = (await json(['fixed', 'x86', ...LEAF, '--hypervisor', 'false'])) as { fixed: string };
    expect([t.fixed, f.fixed]).toEqual(['0x0', '0x7']);
    expect(await json(['fixed', 'x86', ...LEAF, '--hypervisor'])).toEqual(t);
  });

  it('explain and cpu take --hypervisor true', async () => {
    const explain = ['explain', 'x86', '0xa', ...LEAF];
    expect(await json([...explain, '--hypervisor', 'true'])).toEqual(
      await json([...explain, '--hypervisor']),
    );
    const cpu = ['cpu', 'x86', '--vendor', 'GenuineIntel', '--family', '6', '--model', '0x55'];
    expect(await json([...cpu, '--hypervisor', 'true'])).toEqual(
      await json([...cpu, '--hypervisor']),
    );
    expect(await json([...cpu, '--hypervisor', 'false'])).toEqual(await json(cpu));
  });

  it('says what a flag takes when given another value', async () => {
    const r = await cli(['fixed', 'x86', ...LEAF, '--hypervisor=yes']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "pmumap: option '--hypervisor' is true or false, found 'yes' (a bare --hypervisor is true)\n",
    );
  });

  it('pmumap query: "hypervisor": true is the bare flag, "sscofpmf": false is --sscofpmf false', async () => {
    const registers = { eax: '0x07300402', ebx: 0, ecx: 0, edx: 0 };
    // map riscv's --sscofpmf defaults to true: left out, the answer would be true's.
    const lines = [
      { cmd: 'fixed x86', ...registers, hypervisor: true },
      { cmd: 'map riscv', 'event-idx': '0x10001', sscofpmf: false },
    ].map((q) => JSON.stringify(q) + '\n');
    let stdout = '';
    const status = await runCli(['query'], {
      stdout: (t) => (stdout += t),
      stderr: () => {},
      cwd: ROOT,
      env: { PMUMAP_CACHE_DIR: sharedCache() },
      stdin: (async function* () {
        yield* lines;
      })(),
    });
    expect(status).toBe(0);
    const answers = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    const riscv = ['map', 'riscv', '--event-idx', '0x10001'];
    expect(answers).toEqual([
      await json(['fixed', 'x86', ...LEAF, '--hypervisor']),
      await json([...riscv, '--sscofpmf', 'false']),
    ]);
    expect(answers[1]).not.toEqual(await json(riscv));
  });
});
