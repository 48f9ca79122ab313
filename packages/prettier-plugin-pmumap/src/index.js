// @ts-check
/**
 * prettier-plugin-pmumap: formats pmumap tables (.pmumap) the way the
 * shipped tables are written. The parser hands prettier the source and its
 * layout; the printer writes it (format.js), comments included, so prettier
 * has no comments of its own to attach.
 */
import { doc } from 'prettier';
import { format } from './format.js';

const { hardline, join } = doc.builders;

/** @type {import('prettier').SupportLanguage[]} */
export const languages = [
  {
    name: 'pmumap',
    parsers: ['pmumap'],
    extensions: ['.pmumap'],
    vscodeLanguageIds: ['pmumap'],
  },
];

/**
 * @typedef {{ type: 'pmumap-file', text: string, formatted: string }} PmumapRoot
 */

/** @type {Record<string, import('prettier').Parser<PmumapRoot>>} */
export const parsers = {
  pmumap: {
    astFormat: 'pmumap',
    parse(text) {
      // A syntax error (PmumapSyntaxError, with `loc`) is prettier's error.
      return { type: 'pmumap-file', text, formatted: format(text) };
    },
    locStart: () => 0,
    locEnd: (node) => node.text.length,
  },
};

/** @type {Record<string, import('prettier').Printer<PmumapRoot>>} */
export const printers = {
  pmumap: {
    print(path) {
      // Lines as hardlines: prettier adds nothing and breaks nothing.
      const { formatted } = path.node;
      return formatted === '' ? '' : [join(hardline, formatted.slice(0, -1).split('\n')), hardline];
    },
  },
};

export { format, PmumapSyntaxError } from './format.js';

export default { languages, parsers, printers };
