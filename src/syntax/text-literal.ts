/** A DSL string literal's value: the text between the quotes with `\n` and `\<c>` escapes undone. */
export function unescapeText(raw: string): string {
  return raw.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}
