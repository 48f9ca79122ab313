/**
 * Golden diagnostics: each test/fixtures/diagnostics/<case>.pmumap states
 * the code it must produce on its first line (`// expect: PM2103`); its
 * full rendered output is pinned in <case>.errors.txt (update with
 * `npm run test:update` and review the diff).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.ts';
import { formatDiagnostics } from '../../src/diagnostics/format.ts';
import { messages } from '../../src/diagnostics/messages.ts';
import { ROOT } from '../helpers.ts';

const dir = join(ROOT, 'test/fixtures/diagnostics');
const cases = readdirSync(dir)
  .filter((n) => n.endsWith('.pmumap'))
  .map((n) => n.replace(/\.pmumap$/, ''))
  .sort();

function expectedCode(text: string): string {
  const m = /^\/\/ expect: (PM\d{4})/.exec(text);
  if (!m?.[1]) throw new Error('fixture must start with "// expect: PMxxxx"');
  return m[1];
}

describe('diagnostic fixtures', () => {
  it.each(cases)('%s', async (name) => {
    const path = `test/fixtures/diagnostics/${name}.pmumap`;
    const text = readFileSync(join(ROOT, path), 'utf8');
    const result = compile([{ path, text }]);
    // An error stops the model; a warning (the vendor cross-checks) does not.
    const severity = Object.values(messages).find((m) => m.code === expectedCode(text))?.severity;
    if (severity === 'error') expect(result.model).toBeUndefined();
    else expect(result.model).toBeDefined();
    expect(result.diagnostics.map((d) => d.code)).toContain(expectedCode(text));
    const rendered = formatDiagnostics(result.diagnostics, new Map([[path, { path, text }]]));
    await expect(rendered).toMatchFileSnapshot(join(dir, `${name}.errors.txt`));
  });

  it('covers every code in the catalog with a fixture', () => {
    const covered = new Set(
      cases.map((n) => expectedCode(readFileSync(join(dir, `${n}.pmumap`), 'utf8'))),
    );
    // PM1004 needs a file over 4 MiB: test/syntax/limits.test.ts builds one in memory.
    const builtInTests = new Set(['PM1004']);
    const missing = Object.values(messages)
      .map((m) => m.code)
      .filter((c) => !covered.has(c) && !builtInTests.has(c));
    expect(missing).toEqual([]);
  });

  it('gives every catalog entry its own code', () => {
    const codes = Object.values(messages).map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
