/**
 * Lines from a byte stream, bounded: a line longer than `limit` bytes is
 * reported as too long (its bytes are dropped as they arrive, never held),
 * so stdin that never sends a newline costs no memory. Lines are yielded
 * per chunk as soon as they are complete: a terminal or a pipe that stays
 * open is answered line by line.
 */

export type Line =
  | { readonly kind: 'text'; readonly number: number; readonly text: string }
  | { readonly kind: 'too-long'; readonly number: number; readonly bytes: number }
  | { readonly kind: 'not-utf8'; readonly number: number };

const NEWLINE = 0x0a;

export async function* boundedLines(
  chunks: AsyncIterable<Uint8Array | string>,
  limit: number,
): AsyncGenerator<Line[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parts: Uint8Array[] = [];
  let held = 0;
  let dropped = 0; // bytes of the current line beyond the limit (then nothing is held)
  let number = 0;
  const finish = (): Line => {
    number++;
    if (dropped > 0) {
      const line: Line = { kind: 'too-long', number, bytes: dropped };
      dropped = 0;
      return line;
    }
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    parts = [];
    held = 0;
    try {
      return { kind: 'text', number, text: decoder.decode(bytes).replace(/\r$/, '') };
    } catch {
      return { kind: 'not-utf8', number };
    }
  };
  const take = (piece: Uint8Array): void => {
    if (dropped > 0) {
      dropped += piece.length;
      return;
    }
    if (held + piece.length > limit) {
      dropped = held + piece.length;
      parts = [];
      held = 0;
      return;
    }
    if (piece.length > 0) {
      parts.push(piece);
      held += piece.length;
    }
  };
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const lines: Line[] = [];
    let start = 0;
    for (let nl = bytes.indexOf(NEWLINE); nl >= 0; nl = bytes.indexOf(NEWLINE, start)) {
      take(bytes.subarray(start, nl));
      lines.push(finish());
      start = nl + 1;
    }
    // Copy the rest: the stream may reuse its buffer.
    if (start < bytes.length) take(Uint8Array.prototype.slice.call(bytes, start));
    if (lines.length > 0) yield lines;
  }
  if (held > 0 || dropped > 0) yield [finish()];
}
