/**
 * Scale limits (src/syntax/limits.ts): a file over 4 MiB, nesting past 48
 * levels and operator chains past 400 on a line are refused with a
 * diagnostic naming the limit, quickly; 200 levels of nesting and a 1500-
 * term chain over many lines never overflow the stack; 100k events within
 * the size limit compile in bounded time.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.ts';

function codes(text: string): string[] {
  return compile([{ path: 'big.pmumap', text }]).diagnostics.map((d) => d.code);
}

describe('scale limits', () => {
  it('refuses a 10 MB tables file with PM1004 at once', () => {
    const line = '// padding padding padding padding padding padding padding padding\n';
    const text = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
    const started = performance.now();
    const result = compile([{ path: 'big.pmumap', text }]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['PM1004']);
    expect(result.diagnostics[0]?.message).toMatch(/the file is 10\.0 MiB; the limit is 4 MiB/);
  });

  it('refuses 200 levels of nesting with PM1003 and 1000 negations with PM1003', () => {
    expect(codes(`feature D = ${'('.repeat(200)}1${')'.repeat(200)}\n`)).toEqual(['PM1003']);
    expect(codes(`feature N = ${'!'.repeat(1000)}true\n`)).toEqual(['PM1003']);
  });

  it('turns a stack overflow from a chain spread over lines into PM1005', () => {
    // 12,000 terms: a process that has parsed shorter chains first nests ~3,000 deep.
    const text = `feature CHAIN = 1\n${'  + 1\n'.repeat(12_000)}  == 0\n`;
    expect(codes(text)).toEqual(['PM1005']);
  });

  it('compiles an events enum of 100k members in bounded time', () => {
    const members = Array.from({ length: 100_000 }, (_, i) => `  E${i} = 0x${i.toString(16)}`);
    const text = `events big : 20 {\n${members.join('\n')}\n}\n`;
    const started = performance.now();
    const result = compile([{ path: 'big.pmumap', text }]);
    const seconds = (performance.now() - started) / 1000;
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.enums[0]?.members).toHaveLength(100_000);
    // ohm-js 17 parses ~0.1 MB/s here: 1.6 MB takes tens of seconds, never unbounded.
    expect(seconds).toBeLessThan(120);
  }, 180_000);
});
