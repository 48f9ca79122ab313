/**
 * The contract between the tables and the front-ends: the roles an
 * interface input or output may declare (`output event : E role event`),
 * and the type each needs. A command or JSON answer finds what it reads by
 * role, never by an output's name, so a renamed output keeps its answer;
 * the checker holds every role to this list (src/check/report-contracts.ts,
 * PM2350-PM2369). A word list of the language, like its keywords: the
 * checker and the query layer (src/query/roles.ts finds an item by role)
 * import it without compiler code.
 */
/**
 * What a role's item must be: any type, any integer (uN, an enum, a
 * register), an unsigned integer (uN), a bool, an enum, an enum with a
 * member NONE (a plan), or a cpuid register.
 */
export type RoleType = 'any' | 'integer' | 'uint' | 'bool' | 'enum' | 'plan' | 'cpuid-register';

export interface RoleSpec {
  readonly type: RoleType;
  /** Several items of one interface may have it (each register of a guest leaf). */
  readonly many?: boolean;
  /** Who reads it, for the diagnostics and the language server. */
  readonly doc: string;
}

export const outputRoles = {
  event: {
    type: 'any',
    doc: "the event the answer counts: the `event` key of a command's --json answer, named by its enum",
  },
  stored: {
    type: 'integer',
    doc: "the value a register write leaves: the `stored` key of a command's --json answer",
  },
  fixed: {
    type: 'uint',
    doc: "a bitmap of fixed counters: the cpuid report's fixedCounters",
  },
  guest: {
    type: 'cpuid-register',
    many: true,
    doc: "a register of the leaf a guest is offered: the cpuid report's kvmGuest, keyed by the register",
  },
  compatible: {
    type: 'bool',
    doc: 'a `host devices` verdict: the device may back a guest',
  },
  why: { type: 'enum', doc: 'the reason of a `host devices` or `host plan` verdict' },
  plan: {
    type: 'plan',
    doc: 'the `host plan` verdict (its enum names the plans; NONE is no vPMU)',
  },
  set_pmu: {
    type: 'bool',
    doc: "the `host plan` names the covering PMU (SET_PMU), so its perf type is the guest's",
  },
  counter: {
    type: 'uint',
    doc: 'the counter the command picks for the event (where the guest does not name one): explain says which',
  },
} as const satisfies Record<string, RoleSpec>;

export const inputRoles = {
  counter: {
    type: 'uint',
    doc: "the counter index a guest programs: the cpuid report maps a pmu's fixed counters one by one through it, explain names it",
  },
  hypervisor: { type: 'bool', doc: 'what the --hypervisor flag sets' },
  counter_mask: {
    type: 'uint',
    doc: 'a bitmap of the counters the guest offers, one of which the command picks (its role counter output): explain shows the mask it runs with',
  },
} as const satisfies Record<string, RoleSpec>;

export type OutputRole = keyof typeof outputRoles;
export type InputRole = keyof typeof inputRoles;
