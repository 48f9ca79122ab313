/**
 * Progress on stderr for work that takes longer than a second, only when
 * stderr is a terminal: one line rewritten in place (`\r`), cleared when
 * the work ends, so nothing of it is left in the scrollback or a log.
 */
import type { CliIo } from './io.ts';

export interface Progress {
  /**
   * What is being done now ("compiling OLD", "rendering"). `blocking`: the
   * work that follows holds the event loop, so no timer can show the line
   * during it: show it now.
   */
  step(what: string, blocking?: boolean): void;
  /** Clear the line; call once, whether the work succeeded or not. */
  done(): void;
}

const SILENT: Progress = { step: () => undefined, done: () => undefined };

/** Shown only once `delayMs` has passed, so quick runs print nothing even on a terminal. */
export function startProgress(io: CliIo, title: string, delayMs = 1000): Progress {
  if (!io.stderrIsTTY) return SILENT;
  const started = Date.now();
  let current = '';
  let shown = '';
  let ticking: ReturnType<typeof setInterval> | undefined;
  let finished = false;
  const render = (): void => {
    if (finished) return;
    const seconds = Math.floor((Date.now() - started) / 1000);
    const line = `pmumap ${title}: ${current} (${seconds} s)`;
    io.stderr(`\r${line.padEnd(shown.length)}`);
    shown = line;
    // Once shown, the line's clock moves each second; the timer never keeps the process alive.
    ticking ??= setInterval(render, 1000);
    ticking.unref?.();
  };
  const first = setTimeout(render, delayMs);
  first.unref?.();
  return {
    step(what, blocking = false) {
      current = what;
      // Synchronous work starves the timers: a step past the delay shows itself.
      if (blocking || shown || Date.now() - started >= delayMs) render();
    },
    done() {
      finished = true;
      clearInterval(ticking);
      clearTimeout(first);
      if (shown) io.stderr(`\r${' '.repeat(shown.length)}\r`);
      shown = '';
    },
  };
}
