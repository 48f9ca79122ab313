// After `tsc -p tsconfig.build.json`: copy the generated grammar bundle next
// to the compiled sources (tsc does not emit a .js that has a .d.ts beside
// it), and write dist/fingerprint.txt, the hash of grammar/ and src/ that
// keys the compile cache of the built CLI (see src/cli/fingerprint.ts).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
mkdirSync(`${root}dist/grammar`, { recursive: true });
copyFileSync(`${root}grammar/pmumap.ohm-bundle.js`, `${root}dist/grammar/pmumap.ohm-bundle.js`);
const { sourceFingerprint } = await import('../dist/src/cli/fingerprint.js');
writeFileSync(`${root}dist/fingerprint.txt`, sourceFingerprint(root) + '\n');
