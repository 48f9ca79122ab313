/** The formatted text of a pmumap source; throws PmumapSyntaxError when it does not parse. */
export declare function format(text: string): string;

/** A source the grammar does not accept; `loc` is where (1-based line, 0-based column). */
export declare class PmumapSyntaxError extends SyntaxError {
  readonly loc: { start: { line: number; column: number } };
}
