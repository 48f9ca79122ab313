/**
 * Whether a vendor core's event code fits where it goes. A core line's
 * code (a PMUv3 event number) or CODE:UMASK (an Intel encoding, umask << 8
 * | code as the grammar defines it) is an event of the core's pmu: it must
 * fit that pmu's event space, whose width the tables declare (`events
 * pmuv3_event : 16`). The event space of a pmu is the one its fixed
 * counters count (`counter 31 fixed pmuv3_event.CPU_CYCLES`). Import and
 * check ask the same question here: import skips the record, check reports
 * the line (PM2607), so C never truncates a code into its field and rustc
 * never refuses a literal.
 */
import type { Model } from '../model/model.ts';

/** The bits of a CODE:UMASK encoding below the umask (grammar/pmumap.ohm, `coreUmask`). */
export const UMASK_SHIFT = 8n;

/** A pmu's event space: the events enum its fixed counters count, and its declared width. */
export interface EventSpace {
  readonly name: string;
  readonly width: number;
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** What is too wide, and which number to point at. */
export interface CodeWidthProblem {
  readonly text: string;
  readonly at: 'code' | 'umask';
}

/** What is too wide about `code` (and `umask`) in `space`, or undefined when it fits. */
export function codeWidthProblem(
  space: EventSpace,
  code: bigint,
  umask?: bigint,
): CodeWidthProblem | undefined {
  const limit = 1n << BigInt(space.width);
  if (umask === undefined) {
    if (code < limit) return undefined;
    return {
      text: `code ${hex(code)} does not fit the ${space.width}-bit event space '${space.name}'`,
      at: 'code',
    };
  }
  if (code >= 1n << UMASK_SHIFT) {
    return {
      text: `code ${hex(code)} of ${hex(code)}:${hex(umask)} does not fit the ${UMASK_SHIFT} bits below the umask (CODE:UMASK is umask << ${UMASK_SHIFT} | code)`,
      at: 'code',
    };
  }
  const encoding = (umask << UMASK_SHIFT) | code;
  if (encoding < limit) return undefined;
  return {
    text: `encoding ${hex(encoding)} (${hex(code)}:${hex(umask)}) does not fit the ${space.width}-bit event space '${space.name}'`,
    at: 'umask',
  };
}

/** The event space of each pmu of `model` that has one (a child's counters replace its parent's). */
export function eventSpacesOf(model: Model): Map<string, EventSpace> {
  const out = new Map<string, EventSpace>();
  for (const pmu of model.pmus) {
    for (const c of pmu.counters) {
      const e = c.fixed?.op === 'const' ? c.fixed.enum : undefined;
      const space = model.enums.find((x) => x.name === e && x.kind === 'events');
      if (space) {
        out.set(pmu.name, { name: space.name, width: space.width });
        break;
      }
    }
  }
  return out;
}
