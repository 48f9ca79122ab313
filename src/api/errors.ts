/**
 * The one error the library API throws: a caller's mistake (an unknown
 * interface, consumer or input, a value that does not fit its type, a
 * missing input). Table errors are never thrown: loading a tables
 * directory returns them as diagnostics.
 */
export class PmumapError extends Error {
  override readonly name = 'PmumapError';
}
