/**
 * SIGINT and SIGTERM while gen changes its output directory. The changes are
 * synchronous, so with a listener installed a signal cannot cut them short:
 * it is delivered when they are done, and the run then undoes them (the
 * previous files come back, the private directory goes) instead of dying
 * half-way with its temporary files left behind.
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

  /** Yield to the event loop once, so a signal that arrived meanwhile is seen; the signal, if any. */
  async pending(): Promise<NodeJS.Signals | undefined> {
    await new Promise((resolve) => setImmediate(resolve));
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
