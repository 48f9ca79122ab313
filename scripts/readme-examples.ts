/**
 * npm run readme:examples [-- --write]: run README's `$ pmumap ...`
 * examples (test/readme/readme-examples.ts says which) and list those
 * whose output differs from README. --write puts the real output of each
 * differing exact example into README; a pattern example (with `...`)
 * is listed for a hand edit.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  matches,
  outputLines,
  readmeExamples,
  runExample,
  writesFiles,
} from '../test/readme/readme-examples.ts';

const root = join(import.meta.dirname, '..');
const path = join(root, 'README.md');
const write = process.argv.includes('--write');
const readme = readFileSync(path, 'utf8');
const lines = readme.split('\n');
const cache = mkdtempSync(join(tmpdir(), 'pmumap-readme-'));
let differ = 0;
let written = 0;
try {
  const examples = readmeExamples(readme);
  // From the last example up, so a rewrite keeps the earlier line numbers.
  for (const example of [...examples].reverse()) {
    if (writesFiles(example)) {
      console.log(`README.md:${example.line}: writes files; mark its block not run`);
      differ++;
      continue;
    }
    const actual = await runExample(example, root, { PMUMAP_CACHE_DIR: cache });
    if (matches(example, actual)) continue;
    differ++;
    if (write && !example.pattern) {
      lines.splice(
        example.outputStart,
        example.outputEnd - example.outputStart,
        ...outputLines(actual),
      );
      written++;
      console.log(`README.md:${example.line}: rewritten: ${example.command}`);
    } else
      console.log(
        `README.md:${example.line}: differs${example.pattern ? ' (pattern: edit by hand)' : ''}: ${example.command}`,
      );
  }
  console.log(`${examples.length} example(s), ${differ} differ, ${written} rewritten`);
} finally {
  rmSync(cache, { recursive: true, force: true });
}
// Beside README and renamed over it, so an interrupted run never leaves it half written.
if (written > 0) {
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, lines.join('\n'));
  renameSync(partial, path);
}
process.exitCode = differ > written ? 1 : 0;
