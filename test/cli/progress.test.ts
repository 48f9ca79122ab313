/** The progress line: only on a terminal, only after a second (or before blocking work), erased at the end. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { startProgress } from '../../src/cli/progress.ts';

function io(stderrIsTTY: boolean): CliIo & { err: string[] } {
  const err: string[] = [];
  return {
    stdout: () => undefined,
    stderr: (t) => err.push(t),
    cwd: '/',
    env: {},
    stderrIsTTY,
    err,
  };
}

describe('startProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('on a terminal: nothing for the first second, then one line rewritten each second, erased by done', () => {
    const t = io(true);
    const p = startProgress(t, 'diff');
    p.step('compiling OLD');
    vi.advanceTimersByTime(999);
    expect(t.err).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(t.err).toEqual(['\rpmumap diff: compiling OLD (1 s)']);
    p.step('compiling NEW');
    expect(t.err.at(-1)).toBe('\rpmumap diff: compiling NEW (1 s)');
    vi.advanceTimersByTime(1000);
    expect(t.err.at(-1)).toBe('\rpmumap diff: compiling NEW (2 s)');
    p.done();
    const last = t.err.at(-1) ?? '';
    expect(last).toBe(`\r${' '.repeat('pmumap diff: compiling NEW (2 s)'.length)}\r`);
    vi.advanceTimersByTime(5000);
    expect(t.err.at(-1)).toBe(last);
  });

  it('work done within the second leaves stderr empty', () => {
    const t = io(true);
    const p = startProgress(t, 'report');
    p.step('rendering');
    vi.advanceTimersByTime(500);
    p.done();
    vi.advanceTimersByTime(5000);
    expect(t.err).toEqual([]);
  });

  it('a blocking step shows at once: no timer can fire during it', () => {
    const t = io(true);
    const p = startProgress(t, 'cpuid disagree');
    p.step('comparing', true);
    expect(t.err).toEqual(['\rpmumap cpuid disagree: comparing (0 s)']);
    p.done();
    expect(t.err.at(-1)).toMatch(/^\r +\r$/);
  });

  it('not a terminal (a pipe, CI, a test): silent whatever happens', () => {
    const absent = (({ stderrIsTTY: _, ...rest }) => rest)(io(false));
    for (const t of [io(false), absent]) {
      const p = startProgress(t, 'diff');
      p.step('compiling', true);
      vi.advanceTimersByTime(10_000);
      p.done();
      expect(t.err).toEqual([]);
    }
  });
});
