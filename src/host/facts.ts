/**
 * The facts `pmumap host` reads off a sysfs tree and hands to the tables.
 * An arch block's `host` items bind them by name: the `devices` interface
 * takes per-device facts, the `plan` interface takes facts about the
 * whole host, and `host guest ... given` binds guest facts to the inputs
 * of the command that says what a guest keeps. The checker holds the
 * tables to these names (PM2312); everything they decide is in tables/.
 */
import type { OutputRole } from '../syntax/roles.ts';

/** How a fact's value reaches an interface input. */
export type FactKind = 'bool' | 'int' | 'pmu';

export const deviceFacts = {
  has_type: 'bool',
  type: 'int',
  has_cpus: 'bool',
  known: 'bool',
  known_devices: 'int',
} as const satisfies Record<string, FactKind>;

export const planFacts = {
  core_pmus: 'int',
  covering: 'bool',
  union_covers: 'bool',
  uncovered: 'int',
  known_devices: 'int',
} as const satisfies Record<string, FactKind>;

export const guestFacts = {
  pmu: 'pmu',
  type: 'int',
  counter: 'int',
  event: 'int',
  explicit: 'bool',
} as const satisfies Record<string, FactKind>;

/**
 * The two interfaces a `host` rule names, and the outputs `pmumap host`
 * reads from each, by role (src/syntax/roles.ts; PM2353 when one is missing).
 */
export const hostRoles = {
  devices: { facts: deviceFacts, outputs: ['compatible', 'why'] },
  plan: { facts: planFacts, outputs: ['plan', 'why', 'set_pmu'] },
} as const satisfies Record<
  string,
  { readonly facts: Record<string, FactKind>; readonly outputs: readonly OutputRole[] }
>;

export type HostRole = keyof typeof hostRoles;

/** The counters a guest block may name. */
export const guestCounters = ['cycles', 'instructions'] as const;
