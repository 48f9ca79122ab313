/**
 * `pmumap query`: many questions in one process. The contract: each line's
 * answer is the JSON the single command prints with --json; a bad line is
 * an error object on its own line and the stream goes on; answers come in
 * input order; a line past the limit is an error, never held in memory.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { INPUT_LIMITS } from '../../src/io/input-limits.ts';
import { ROOT, sharedCache } from '../helpers.ts';
import { cli } from './run-cli.ts';

async function query(
  chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  extra: string[] = [],
) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(['query', ...extra], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: ROOT,
    env: { PMUMAP_CACHE_DIR: sharedCache() },
    stdin: (async function* () {
      yield* chunks;
    })(),
  });
  return { status, stderr, lines: stdout.split('\n').filter((l) => l !== '') };
}

const CPUID = [
  'cpuid',
  '0xa',
  '--eax',
  '0x07300403',
  '--ebx',
  '0x0',
  '--ecx',
  '0x0',
  '--edx',
  '0x00008603',
];
const QUESTIONS: string[][] = [
  CPUID,
  [...CPUID, '--hypervisor', '--consumer', 'kvm-legacy'],
  ['map', 'arm64', '--counter', '3', '--value', '0x11', '--pmuver', '4', '--counters', '6'],
  ['map', 'arm64', '--counter', '31', '--value', '0x80000000', '--mode', 'emulated'],
  ['map', 'arm64', '--counter', '32', '--value', '0x11'],
  ['generic', 'arm64', '--pmceid0', '0x7fff0f3f', '--pmceid1', '0x0'],
  ['pmceid', 'arm64', '--host-pmceid0', '0xffffffff', '--host-pmceid1', '0x0'],
  [
    'pmceid',
    'arm64',
    '--host-pmceid0',
    '0x1',
    '--host-pmceid1',
    '0x1',
    '--filter',
    'deny:0x0-0x10',
  ],
  ['fixed', 'x86', '--eax', '0x07300403', '--ebx', '0x0', '--ecx', '0x0', '--edx', '0x00008603'],
  [
    'run',
    'kvm_evtype_write',
    ...['--set', 'pmu=pmuv3', '--set', 'host_type=8', '--set', 'pmuver=4', '--set', 'counters=6'],
    ...['--set', 'counter=3', '--set', 'value=0x11', '--set', 'el2=false', '--consumer', 'kvm'],
  ],
];

describe('pmumap query', () => {
  it("answers every question as the single command's --json does, in input order", async () => {
    const singles = [];
    for (const argv of QUESTIONS) {
      const r = await cli([...argv, '--json']);
      expect(r.status, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
      singles.push(JSON.parse(r.stdout));
    }
    const r = await query(QUESTIONS.map((argv) => JSON.stringify({ argv }) + '\n'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.lines.map((l) => JSON.parse(l))).toEqual(singles);
  });

  it('takes "cmd" with options as keys, and an interface with its inputs', async () => {
    const single = JSON.parse((await cli([...CPUID, '--hypervisor', '--json'])).stdout);
    const run = JSON.parse((await cli([...QUESTIONS[9]!, '--json'])).stdout);
    const r = await query([
      JSON.stringify({
        cmd: 'cpuid 0xa',
        eax: '0x07300403',
        ebx: 0,
        ecx: '0x0',
        edx: '0x00008603',
        hypervisor: true,
        json: false,
      }) + '\n',
      JSON.stringify({
        interface: 'kvm_evtype_write',
        inputs: {
          pmu: 'pmuv3',
          host_type: 8,
          pmuver: 4,
          counters: 6,
          counter: 3,
          value: '0x11',
          el2: false,
        },
        consumer: 'kvm',
      }) + '\n',
    ]);
    expect(r.lines.map((l) => JSON.parse(l))).toEqual([single, run]);
  });

  it('answers a bad line with an error object on its line and goes on', async () => {
    const good = JSON.stringify({ argv: QUESTIONS[2] });
    const r = await query([
      [
        good,
        'not json',
        '[1, 2]',
        JSON.stringify({ cmd: 'map arm64', counter: '3' }),
        JSON.stringify({ cmd: 'mapp arm64' }),
        JSON.stringify({ cmd: 'cpuid disagree' }),
        JSON.stringify({ argv: ['map', 'arm64', 'tables', '--value', '1'] }),
        JSON.stringify({ cmd: 'map arm64', value: '0x1', counter: -1 }),
        '',
        good,
      ].join('\n') + '\n',
    ]);
    expect(r.status).toBe(1);
    const answers = r.lines.map((l) => JSON.parse(l));
    expect(answers).toHaveLength(9); // the blank line is skipped
    expect(answers[0]).toEqual(answers[8]);
    expect(answers[0]).toMatchObject({ outcome: 'perf', event: 'CPU_CYCLES' });
    expect(answers.slice(1, 8).map((a) => [a.line, a.error])).toEqual([
      [2, 'json'],
      [3, 'json'],
      [4, 'usage'],
      [5, 'usage'],
      [6, 'usage'],
      [7, 'usage'],
      [8, 'json'],
    ]);
    expect(answers[3].message).toBe('map arm64 needs --value');
    expect(answers[4].message).toContain("did you mean 'map'?");
    expect(answers[6].message).toContain('tables paths go to pmumap query itself');
  });

  it('answers each line as it arrives, before stdin ends (a terminal, a pipe kept open)', async () => {
    const line = JSON.stringify({ argv: QUESTIONS[2] }) + '\n';
    let stdout = '';
    // The next line is sent only once the answer to the one before is out: buffering the
    // answers until end of input would never finish (the test would time out).
    async function* conversation() {
      for (let i = 0; i < 3; i++) {
        yield line;
        while (stdout.split('\n').length - 1 <= i) await new Promise((r) => setTimeout(r, 5));
      }
    }
    const status = await runCli(['query'], {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      cwd: ROOT,
      env: { PMUMAP_CACHE_DIR: sharedCache() },
      stdin: conversation(),
    });
    expect(status).toBe(0);
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('answers a line split across chunks, and a last line without a newline', async () => {
    const line = JSON.stringify({ argv: QUESTIONS[2] });
    const bytes = new TextEncoder().encode(`${line}\n${line}`);
    const r = await query([
      bytes.subarray(0, 7),
      bytes.subarray(7, line.length + 3),
      bytes.subarray(line.length + 3),
    ]);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]).toBe(r.lines[1]);
  });

  it('refuses a line past the limit without holding it, then answers the next', async () => {
    const good = JSON.stringify({ argv: QUESTIONS[2] });
    // 64 KiB + 1 in pieces, then far more: a stream that never ends its line costs no memory.
    const piece = 'x'.repeat(16 * 1024);
    async function* stream() {
      for (let i = 0; i < 64; i++) yield piece; // 1 MiB on one line
      yield `\n${'y'.repeat(INPUT_LIMITS.queryLine)}\n`; // exactly the limit: allowed, not JSON
      yield `${good}\n`;
    }
    const r = await query(stream());
    const answers = r.lines.map((l) => JSON.parse(l));
    expect(answers.map((a) => a.error)).toEqual(['too-long', 'json', undefined]);
    expect(answers[0].message).toMatch(/line is 1 MiB or more; a question may be at most 64 KiB/);
    expect(answers[2]).toMatchObject({ outcome: 'perf' });
  });

  it('says a line that is not UTF-8', async () => {
    const r = await query([new Uint8Array([0x7b, 0xff, 0x7d, 0x0a])]);
    expect(JSON.parse(r.lines[0]!)).toEqual({
      line: 1,
      error: 'not-utf8',
      message: 'line is not UTF-8',
    });
  });

  it('is a usage error without stdin', async () => {
    const r = await cli(['query']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('pmumap: query reads questions from stdin, and there is none\n');
  });
});
