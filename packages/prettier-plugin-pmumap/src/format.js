// @ts-check
/**
 * Format a pmumap source: parse it with the Ohm grammar, lay its tokens out
 * (layout.js) and print them with every comment where it was: a comment on
 * the line of the token before it stays at the end of that line, a comment
 * on a line of its own stays on a line of its own before the token that
 * follows it, indented like that token (or like the block's items before a
 * closing brace). One blank line is kept where the source has one or more
 * between items, declarations or comments.
 */
import { commentsBetween, newlinesBetween } from './comments.js';
import { pmumapGrammar } from './grammar.js';
import { partsOf } from './layout.js';

const INDENT = '  ';

/** A source the grammar does not accept; `loc` is where (1-based line, 0-based column). */
export class PmumapSyntaxError extends SyntaxError {
  /**
   * @param {string} message
   * @param {{ start: { line: number, column: number } }} loc
   */
  constructor(message, loc) {
    super(message);
    this.loc = loc;
  }
}

/**
 * The file's layout, or a PmumapSyntaxError.
 * @param {string} text
 */
export function layout(text) {
  const grammar = pmumapGrammar();
  const match = grammar.match(text, 'File');
  if (match.failed()) {
    const offset = match.getRightmostFailurePosition();
    const before = text.slice(0, offset).split('\n');
    const line = before.length;
    const column = (before[before.length - 1] ?? '').length;
    throw new PmumapSyntaxError(`expected ${match.getExpectedText()} (${line}:${column + 1})`, {
      start: { line, column },
    });
  }
  try {
    return partsOf(grammar.createSemantics()(match), text);
  } catch (e) {
    // The CST walk recursed past the stack (the compiler reports PM1005 here).
    if (!(e instanceof RangeError)) throw e;
    throw new PmumapSyntaxError('the file nests too deeply to format (the stack ran out)', {
      start: { line: 1, column: 0 },
    });
  }
}

/**
 * The formatted text of a pmumap source.
 * @param {string} text
 * @returns {string}
 */
export function format(text) {
  return print(text, layout(text));
}

/**
 * @param {string} text
 * @param {import('./layout.js').Part[]} parts
 */
function print(text, parts) {
  /** @type {string[]} */
  const lines = [];
  /** The line being written; undefined before anything is. */
  /** @type {string | undefined} */
  let line;
  let indent = 0;
  /** End of the last token or comment written. */
  let lastEnd = 0;
  /** @type {import('./layout.js').Token | undefined} */
  let lastToken;
  /** A comment ended the line: what follows starts a new one. */
  let mustBreak = false;
  /** @type {import('./layout.js').Part[]} */
  let pending = [];

  /**
   * @param {number} level
   * @param {boolean} blank
   * @returns {string}
   */
  const startLine = (level, blank) => {
    if (line !== undefined) {
      lines.push(line.trimEnd());
      if (blank) lines.push('');
    }
    return (line = INDENT.repeat(Math.max(0, level)));
  };

  /** Write the comments before `to` (a token's start, or the end of the file). @param {number} to */
  const writeComments = (to) => {
    for (const comment of commentsBetween(text, lastEnd, to)) {
      const newlines = newlinesBetween(text, lastEnd, comment.start);
      if (line !== undefined && newlines === 0) {
        line += ` ${comment.text}`;
        mustBreak = mustBreak || comment.line;
      } else {
        // Before a closing brace, the comment belongs to the block's items.
        const opens = pending.filter((p) => p === 'indent').length;
        startLine(indent + opens, newlines > 1);
        line += comment.text;
        mustBreak = true;
      }
      lastEnd = comment.end;
    }
  };

  for (const part of parts) {
    if (typeof part === 'string') {
      pending.push(part);
      continue;
    }
    writeComments(part.start);
    const newline = pending.includes('nl');
    for (const marker of pending) {
      if (marker === 'indent') indent++;
      if (marker === 'dedent') indent--;
    }
    if (line === undefined) {
      line = INDENT.repeat(indent);
    } else if (newline) {
      startLine(indent, newlinesBetween(text, lastEnd, part.start) > 1);
    } else if (mustBreak) {
      startLine(indent + 1, false);
    } else if (!part.glueLeft && !lastToken?.glueRight) {
      line += ' ';
    }
    line += part.text;
    lastToken = part;
    lastEnd = part.end;
    mustBreak = false;
    pending = [];
  }
  pending = [];
  writeComments(text.length);
  if (line !== undefined) lines.push(line.trimEnd());
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
