/**
 * README's consumer table is generated from the tables' declarations
 * (`pmumap consumers --markdown`, between the consumers:begin/end markers):
 * a consumer added, renamed or given another status shows here until
 * README is updated. Cells are compared trimmed, so prettier's column
 * padding does not matter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumerTableMarkdown } from '../src/cli/commands/consumers.ts';
import { ROOT, shipped } from './helpers.ts';

/** A Markdown table's rows as trimmed cells; the separator row as dashes only. */
function rows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/^-+$/, '---')),
    );
}

describe("README's consumer table", () => {
  it('is pmumap consumers --markdown (fix: paste its output between the markers)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const begin = readme.indexOf('<!-- consumers:begin -->');
    const end = readme.indexOf('<!-- consumers:end -->');
    expect(begin).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(begin);
    expect(rows(readme.slice(begin, end))).toEqual(rows(consumerTableMarkdown(shipped().model)));
  });

  it('gives every consumer a kernel: a mainline range, a patch series or a document', () => {
    const table = rows(consumerTableMarkdown(shipped().model)).slice(2);
    expect(table).toHaveLength(shipped().model.consumers.length);
    for (const [, , kernel] of table) expect(kernel).toMatch(/^(mainline |patch-only: |spec: )/);
  });
});
