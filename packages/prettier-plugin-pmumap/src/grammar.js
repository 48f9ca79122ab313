// @ts-check
/**
 * The pmumap Ohm grammar, compiled from its source at load time.
 *
 * A published plugin carries a copy of grammar/pmumap.ohm made by `npm pack`
 * (scripts/copy-grammar.mjs, prepack), so it parses exactly the language of
 * the pmumap release it is published with; inside the repository the
 * copy is absent and the repository's own grammar is read, so the plugin can
 * never drift from the compiler's grammar there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ohm from 'ohm-js';

const packaged = fileURLToPath(new URL('../pmumap.ohm', import.meta.url));
const repository = fileURLToPath(new URL('../../../grammar/pmumap.ohm', import.meta.url));

/** @type {ohm.Grammar | undefined} */
let compiled;

/** The grammar (compiled once per process). */
export function pmumapGrammar() {
  if (!compiled) {
    const path = existsSync(packaged) ? packaged : repository;
    compiled = ohm.grammar(readFileSync(path, 'utf8'));
  }
  return compiled;
}
