/**
 * SIGINT and SIGTERM while gen changes its output directory. The changes are
 * synchronous, so with a listener installed a signal cannot cut them short:
 * it is delivered when they are done, and the run then undoes them (the
 * previous files come back, the private directory goes) instead of dying
 * half-way with its temporary files left behind. (A signal in the last
 * synchronous steps, after the check, finds the run complete: it exits 0.)
 */
export class SignalGuard {
  private received: NodeJS.Signals | undefined;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.received ??= signal;
  };

  constructor() {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  /**
   * Let the event loop run one full turn, so a signal that arrived during
   * synchronous work is seen; the signal, if any. Node reads signals in the
   * poll phase: an immediate set now may run before it (this turn's check
   * phase), the one it sets runs after the next poll.
   */
  async pending(): Promise<NodeJS.Signals | undefined> {
    await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
    return this.received;
  }

  release(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}

/** The shell's exit status for a process stopped by `signal`. */
export function signalStatus(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : 143;
}
