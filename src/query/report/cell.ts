/**
 * One cell of a report table: what a consumer answered (perf, generic,
 * software, direct, refused, or a plain value), its text, and where in the
 * tables the answer came from.
 */
export interface Cell {
  /** perf, generic, software, direct, refused, value */
  readonly kind: string;
  readonly text: string;
  readonly detail?: string;
  readonly origin?: string;
}
