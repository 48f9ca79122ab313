// @ts-check
/**
 * The comments between two tokens. Ohm skips comments as space in syntactic
 * rules, so they are not in the tree: the formatter finds them in the text
 * between consecutive tokens and attaches each to the token it follows
 * (a trailing comment, on that token's line) or to the one it precedes
 * (a leading comment, on a line of its own).
 */

/**
 * @typedef {object} Comment
 * @property {string} text the comment as written, `//` or `/*` included
 * @property {number} start
 * @property {number} end
 * @property {boolean} line a `//` comment, which ends its line
 */

/**
 * Comments in text[from, to). The range holds only spaces, comments and, where
 * the printer drops an optional trailing comma, that comma.
 * @param {string} text
 * @param {number} from
 * @param {number} to
 * @returns {Comment[]}
 */
export function commentsBetween(text, from, to) {
  /** @type {Comment[]} */
  const found = [];
  let i = from;
  while (i < to) {
    if (text.startsWith('//', i)) {
      let end = text.indexOf('\n', i);
      if (end < 0 || end > to) end = to;
      found.push({ text: text.slice(i, end).trimEnd(), start: i, end, line: true });
      i = end;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? to : close + 2;
      found.push({ text: text.slice(i, end), start: i, end, line: false });
      i = end;
    } else {
      i++;
    }
  }
  return found;
}

/**
 * Newlines in text[from, to).
 * @param {string} text
 * @param {number} from
 * @param {number} to
 */
export function newlinesBetween(text, from, to) {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
