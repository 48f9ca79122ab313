/**
 * What running a consumer gives: the outcome, outputs, variables, trace and
 * warnings. Its own module so the interpreter (run.ts) and the compiled path
 * (compile-consumer.ts), which run.ts calls, share it without a cycle.
 */
import type { Value } from './values.ts';

/** perf_event_attr fields set by a mapping: integers for type/config*, booleans for flags. */
export type PerfAttr = Readonly<Record<string, bigint | boolean>>;

/**
 * How a counter configuration ends: a perf event, software emulation, direct
 * hardware ownership by the guest (partitioned PMU), or a typed refusal.
 */
export type Outcome =
  | {
      readonly kind: 'perf';
      readonly attr: PerfAttr;
      /** For a generic mapping, the perf event's name (perf.HARDWARE.CPU_CYCLES). */
      readonly event?: string;
      readonly origin: string;
    }
  | {
      readonly kind: 'software';
      readonly code?: string;
      readonly message: string;
      readonly origin: string;
    }
  | { readonly kind: 'direct'; readonly message: string; readonly origin: string }
  | {
      readonly kind: 'refused';
      readonly code: string;
      readonly message: string;
      readonly origin: string;
    };

export interface TraceEntry {
  readonly origin: string;
  readonly step: string;
  readonly value?: Value;
  readonly taken?: boolean;
}

export interface RunOptions {
  /**
   * Record every step (default true). False runs the consumer compiled to
   * JavaScript (compile-consumer.ts): the same answer with an empty trace, much faster.
   */
  readonly trace?: boolean;
}

/** A `warn` step that fired: something surprising about the input, not a refusal. */
export interface Warning {
  readonly message: string;
  readonly origin: string;
}

export interface RunResult {
  readonly consumer: string;
  readonly outcome?: Outcome;
  readonly outputs: Readonly<Record<string, Value>>;
  readonly vars: Readonly<Record<string, Value>>;
  readonly trace: readonly TraceEntry[];
  readonly warnings: readonly Warning[];
}
