/**
 * What a sequence line expects after its `=>`: one result for every
 * machine, or per machine where kernel generations answer differently.
 *
 *   vcpu0 set IRQ 23 => 0                                   (every machine)
 *   vcpu1 set FILTER 0x11,1,allow => -EBUSY; kvm-5.10: 0    (kvm-5.10 0, every other -EBUSY)
 *   vcpu0 set FIXED_COUNTERS_ONLY => -ENXIO; kvm-fco, kvm-fco-v7: -EBUSY; kvm-partitioned: -EFAULT
 *
 * Items are separated by `;`: a bare result is every machine no other item
 * names (at most one, and it may be left out: then only the named machines
 * expect anything), `NAME, NAME: R` the named machines of the protocol.
 */
import type { MProtocol } from '../model/protocol-model.ts';

export interface Expectation {
  /** "0" or "-ERRNO" for every machine not named; absent, they expect nothing. */
  readonly others?: string;
  /** The named machines' results. */
  readonly machines: ReadonlyMap<string, string>;
}

/** What `machine` is expected to answer, if anything. */
export function expectedOf(e: Expectation, machine: string): string | undefined {
  return e.machines.get(machine) ?? e.others;
}

const RESULT = /^(0|-([A-Za-z_][A-Za-z0-9_]*))$/;
const FORM = "expected '=> 0' or '=> -ERRNO', or per machine '=> R; MACHINE, MACHINE: R'";

/** A result as written, checked against the protocol's errnos; `whole` is the text after `=>`. */
function result(text: string, whole: string, proto: MProtocol): { ok: string } | { error: string } {
  const m = RESULT.exec(text);
  if (!m)
    return {
      error: `'=> ${whole}': ${whole === text ? '' : `'${text}' is not a result; `}${FORM}`,
    };
  const errno = m[2];
  if (errno !== undefined && !proto.errnos.some((e) => e.name === errno)) {
    return {
      error: `'-${errno}' is not an errno of protocol ${proto.name}; expected one of ${proto.errnos.map((e) => `-${e.name}`).join(', ')}`,
    };
  }
  return { ok: errno === undefined ? '0' : `-${errno}` };
}

/**
 * The text after `=>`; `machines` are every machine of the protocol (not
 * only those a `--consumer` shows), so a file means the same whichever are shown.
 */
export function parseExpectation(
  text: string,
  proto: MProtocol,
  machines: readonly string[],
): { ok: Expectation } | { error: string } {
  let others: string | undefined;
  const named = new Map<string, string>();
  for (const item of text.split(';').map((s) => s.trim())) {
    if (item === '') return { error: `'=> ${text}': an empty item; ${FORM}` };
    const colon = item.lastIndexOf(':');
    const r = result((colon < 0 ? item : item.slice(colon + 1)).trim(), text, proto);
    if ('error' in r) return r;
    if (colon < 0) {
      if (others !== undefined)
        return {
          error: `two results for every machine not named ('${others}' and '${r.ok}'): name the machines of one, 'MACHINE: R'`,
        };
      others = r.ok;
      continue;
    }
    for (const name of item
      .slice(0, colon)
      .split(',')
      .map((s) => s.trim())) {
      if (name === '') return { error: `'${item}': a machine name is missing before ':'` };
      if (!machines.includes(name))
        return {
          error: `'${name}' is not a machine of protocol ${proto.name}; expected one of ${machines.join(', ')}`,
        };
      if (named.has(name)) return { error: `machine '${name}' is named twice` };
      named.set(name, r.ok);
    }
  }
  return { ok: { ...(others !== undefined ? { others } : {}), machines: named } };
}
