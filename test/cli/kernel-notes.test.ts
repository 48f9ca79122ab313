/**
 * `--kernel` names a mainline release in the consumers' ranges. A stable
 * point release (6.15.3) is answered as its mainline release (before, 6.15.3
 * fell outside `linux-perf-6.14`'s v6.14–v6.15 and was refused, while
 * 6.12.75 was answered silently); a release candidate (7.0-rc3, refused
 * before) as the release it leads to, since the merge window closes at
 * -rc1; a release newer than every range (99.99, answered silently before)
 * by the newest readers. Each says so: a note on stderr and a `warnings`
 * entry in --json answers.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { ROOT, sharedCache } from '../helpers.ts';
import { cli } from './run-cli.ts';

const FIXED = ['fixed', 'x86', '--eax', '0x07300403', '--ebx', '0', '--ecx', '0', '--edx', '0x603'];

interface Answer {
  consumer: string;
  warnings?: { message: string; source: string | null }[];
}

async function answer(kernel: string): Promise<{ json: Answer; stderr: string }> {
  const r = await cli([...FIXED, '--kernel', kernel, '--json']);
  expect(r.status).toBe(0);
  return { json: JSON.parse(r.stdout) as Answer, stderr: r.stderr };
}

describe('--kernel notes', () => {
  it('answers a stable point release as its mainline release, and says so', async () => {
    const point = await answer('6.15.3');
    expect(point.json.consumer).toBe('linux-perf-6.14');
    const note =
      '--kernel 6.15.3 is a stable point release, answered as mainline v6.15: the tables model mainline releases, and a stable branch may carry backports they do not';
    expect(point.stderr).toBe(`pmumap: note: ${note}\n`);
    expect(point.json.warnings).toEqual([{ message: note, source: null }]);
    // The mainline release itself needs no note.
    const mainline = await answer('6.15');
    expect(mainline.stderr).toBe('');
    expect(mainline.json.warnings).toBeUndefined();
  });

  it('answers a release candidate as the release it leads to', async () => {
    const rc = await answer('6.14-rc3');
    expect(rc.json.consumer).toBe((await answer('6.14')).json.consumer);
    expect(rc.stderr).toMatch(/--kernel 6\.14-rc3 is a release candidate, answered as v6\.14/);
    const r = await cli([...FIXED, '--kernel', '6.14.1-rc1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^pmumap: --kernel '6\.14\.1-rc1' is not a kernel release/);
  });

  it('answers a release newer than every range with the newest readers, naming the newest release modelled', async () => {
    const beyond = await answer('99.99');
    const newest = await cli([...FIXED, '--json']);
    expect(beyond.json.consumer).toBe((JSON.parse(newest.stdout) as Answer).consumer);
    expect(beyond.stderr).toMatch(
      /^pmumap: note: --kernel 99\.99 is newer than every release the tables model \(the newest they name is v\d+\.\d+\): the newest readers answer/,
    );
  });

  it('puts the note in cpu x86 --json warnings and in pmumap query answers', async () => {
    const r = await cli([
      ...['cpu', 'x86', '--vendor', 'GenuineIntel', '--family', '6', '--model', '0x55'],
      ...['--kernel', '6.6.30', '--json'],
    ]);
    expect(r.status).toBe(0);
    const messages = (JSON.parse(r.stdout) as Answer).warnings?.map((w) => w.message) ?? [];
    expect(
      messages.filter((m) => m.startsWith('--kernel 6.6.30 is a stable point release')),
    ).toHaveLength(1);

    let stdout = '';
    await runCli(['query'], {
      stdout: (t) => (stdout += t),
      stderr: () => {},
      cwd: ROOT,
      env: { PMUMAP_CACHE_DIR: sharedCache() },
      stdin: (async function* () {
        yield JSON.stringify({ argv: [...FIXED, '--kernel', '6.15.3'] }) + '\n';
      })(),
    });
    expect(JSON.parse(stdout)).toEqual((await answer('6.15.3')).json);
  });
});
