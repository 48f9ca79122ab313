/**
 * A DSL string literal's value: the text between the quotes with `\n`,
 * `\u{HEX}` (a code point: the one way to write a control character, which
 * a tables file may not contain raw) and `\<c>` escapes undone.
 */
export function unescapeText(raw: string): string {
  return raw
    .slice(1, -1)
    .replace(
      /\\u\{([0-9A-Fa-f]{1,6})\}|\\(.)/g,
      (whole, hex: string | undefined, c: string | undefined) => {
        if (hex === undefined) return c === 'n' ? '\n' : (c ?? '');
        const code = parseInt(hex, 16);
        // Past U+10FFFF or a lone surrogate is no character: the escape means `u{...}` as before.
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole.slice(1);
        return String.fromCodePoint(code);
      },
    );
}
