/**
 * A DSL source file and the one place that turns 0-based UTF-16 offsets into
 * 1-based line and column numbers for display.
 */
export interface SourceFile {
  /** Path as the user should see it (relative to the working directory). */
  readonly path: string;
  readonly text: string;
  /**
   * The tables roots of the compilation it came from (directories, spelled
   * as paths are): its imports must stay inside one of them (PM2314).
   * Absent (the compile API, tests), imports may not be absolute or climb
   * above the directory paths are relative to.
   */
  readonly roots?: readonly string[];
}

export interface LineCol {
  readonly line: number;
  readonly col: number;
}

const lineStartsCache = new WeakMap<SourceFile, number[]>();

function lineStarts(file: SourceFile): number[] {
  let starts = lineStartsCache.get(file);
  if (!starts) {
    starts = [0];
    for (let i = 0; i < file.text.length; i++) {
      if (file.text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    lineStartsCache.set(file, starts);
  }
  return starts;
}

/** 1-based line and column of a 0-based offset. */
export function lineColOf(file: SourceFile, offset: number): LineCol {
  const starts = lineStarts(file);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - (starts[lo] ?? 0) + 1 };
}

/** The text of a 1-based line, without its newline. */
export function lineText(file: SourceFile, line: number): string {
  const starts = lineStarts(file);
  const start = starts[line - 1] ?? file.text.length;
  const next = starts[line];
  const end = next === undefined ? file.text.length : next - 1;
  return file.text.slice(start, end).replace(/\r$/, '');
}
