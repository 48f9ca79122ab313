// Before `npm pack`/`npm publish`: copy the repository's grammar into the
// package (src/grammar.js reads the copy first); after: remove it, so inside
// the repository the plugin always reads grammar/pmumap.ohm itself.
import { copyFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const copy = fileURLToPath(new URL('../pmumap.ohm', import.meta.url));
if (process.argv.includes('--remove')) rmSync(copy, { force: true });
else copyFileSync(fileURLToPath(new URL('../../../grammar/pmumap.ohm', import.meta.url)), copy);
