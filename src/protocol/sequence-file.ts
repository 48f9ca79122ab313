/**
 * A call sequence file: one line per host record or call, `#` comments.
 *
 *   host pmu 8 counters 6          (host lines first: a record of the protocol's `host`)
 *   vcpu0 init pmu_v3
 *   vgic init
 *   vcpu0 set IRQ 23 => 0          (an expected result: 0 or -ERRNO)
 *   vcpu1 set FILTER 0x11,1,allow => -EBUSY; kvm-5.10: 0
 *                                  (per machine: sequence-expectation.ts)
 *
 * Every word is the tables' (invocation-text.ts); a line that is not one of
 * these is a UsageError naming file:line.
 */
import type { MProtocol } from '../model/protocol-model.ts';
import { UsageError } from '../io/usage-error.ts';
import type { HostRecords, Invocation, PValue } from '../runtime/protocol-step.ts';
import type { EnumNames } from './invocation-text.ts';
import { bindArgs, parseInvocation } from './invocation-text.ts';
import type { Expectation } from './sequence-expectation.ts';
import { parseExpectation } from './sequence-expectation.ts';

export interface SequenceCall {
  readonly line: number;
  /** The call as the line writes it (without its comment and expectation). */
  readonly text: string;
  readonly invocation: Invocation;
  /** What the line expects of every machine, or of each, when it states it. */
  readonly expect?: Expectation;
}

export interface Sequence {
  readonly host: HostRecords;
  readonly calls: readonly SequenceCall[];
  /** One more than the highest vCPU number any call names (at least 1). */
  readonly vcpus: number;
}

/** The largest vCPU number a line may name: a VM has at most a few thousand. */
const MAX_VCPU = 4095;

export function parseSequence(
  text: string,
  file: string,
  proto: MProtocol,
  names: EnumNames,
  /** Every machine of the protocol: the names an expectation may give. */
  machines: readonly string[],
): Sequence {
  const host = new Map<string, PValue[][]>();
  const calls: SequenceCall[] = [];
  let vcpus = 1;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const fail = (why: string): never => {
      throw new UsageError(`${file}:${line}: ${why}`);
    };
    const content = raw.replace(/#.*$/, '').trim();
    if (content === '') return;
    const [callText = '', expectText, ...more] = content.split('=>').map((s) => s.trim());
    if (more.length > 0) fail("more than one '=>'");
    const words = callText.split(/[\s,]+/).filter((w) => w !== '');
    if (words[0] === 'host' && !proto.calls.some((c) => c.subject === 'host' && !c.perVcpu)) {
      if (expectText !== undefined) fail('a host line expects no result');
      if (calls.length > 0) fail('host lines come before the first call');
      const record = proto.hosts.find((h) => h.name === words[1]);
      if (!record) {
        fail(
          `'host ${words[1] ?? ''}' is not a host record of protocol ${proto.name}; expected ${proto.hosts.map((h) => `host ${h.name}`).join(', ') || 'none'}`,
        );
        return;
      }
      const params = record.fields.map((f) => ({ name: f.name, type: f.type }));
      const bound = bindArgs(words.slice(2), params, names, `host ${record.name}`);
      if ('error' in bound) return fail(bound.error);
      const list = host.get(record.name) ?? [];
      list.push(record.fields.map((f) => bound.ok.get(f.name) ?? 0n));
      host.set(record.name, list);
      return;
    }
    const parsed = parseInvocation(words, proto, names);
    if ('error' in parsed) return fail(parsed.error);
    const inv = parsed.ok;
    if (inv.vcpu !== undefined) {
      if (inv.vcpu > MAX_VCPU) fail(`vCPU ${inv.vcpu} is past the limit of ${MAX_VCPU}`);
      vcpus = Math.max(vcpus, inv.vcpu + 1);
    }
    let expect: Expectation | undefined;
    if (expectText !== undefined) {
      const parsed = parseExpectation(expectText, proto, machines);
      if ('error' in parsed) return fail(parsed.error);
      expect = parsed.ok;
    }
    calls.push({
      line,
      text: callText.replace(/\s+/g, ' '),
      invocation: inv,
      ...(expect !== undefined ? { expect } : {}),
    });
  });
  return { host, calls, vcpus };
}
