// After `tsc -p tsconfig.build.json`: copy the generated grammar bundle and
// its types next to the compiled sources (tsc does not emit a .js that has a
// .d.ts beside it, and the declarations of src/syntax/ import those types),
// and write dist/fingerprint.txt, the hash of grammar/ and src/ that
// keys the compile cache of the built CLI (see src/project/fingerprint.ts).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
mkdirSync(`${root}dist/grammar`, { recursive: true });
for (const file of ['pmumap.ohm-bundle.js', 'pmumap.ohm-bundle.d.ts'])
  copyFileSync(`${root}grammar/${file}`, `${root}dist/grammar/${file}`);
const { sourceFingerprint } = await import('../dist/src/project/fingerprint.js');
writeFileSync(`${root}dist/fingerprint.txt`, sourceFingerprint(root) + '\n');
