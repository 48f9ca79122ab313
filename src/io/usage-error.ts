/**
 * A mistake in what the user gave (an option, a value, a path): one line on
 * stderr, exit status 2, never a stack trace. It lives this low so that
 * every room that reads or parses user input (io, query, the API) can
 * throw it without importing the command line.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
