/**
 * The answer to an arch command (`pmumap map|generic|pmceid ARCH ...`,
 * also one line of `pmumap query`): the interface's consumer run on the
 * parsed inputs, as the JSON answer (outcome, event, stored, attr, reason,
 * source and the other outputs; for a command `over` an input, one answer
 * per member of its type), with the consumer's status and the differing
 * answers of patch-only consumers. Options are parsed in
 * src/cli/commands/arch-command.ts.
 */
import { membersOfType } from '../model/members.ts';
import type { MArch, MInterface, Model } from '../model/model.ts';
import type { RunResult } from '../runtime/run.ts';
import { runConsumer } from '../runtime/run.ts';
import type { Tables } from '../runtime/tables.ts';
import type { Value } from '../runtime/values.ts';
import { consumerStatusJson, differingPatches } from './kernel-answers.ts';
import { outputWithRole } from './roles.ts';
import { jsonValue, memberName } from './value-names.ts';

const ATTR_KEYS = [
  'type',
  'config',
  'config1',
  'exclude_user',
  'exclude_kernel',
  'exclude_hv',
  'exclude_host',
  'pinned',
];
const INT_ATTRS = new Set(['type', 'config', 'config1', 'config2']);

function attrJson(attr: Readonly<Record<string, bigint | boolean>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of [...ATTR_KEYS, ...Object.keys(attr).filter((k) => !ATTR_KEYS.includes(k))]) {
    const v = attr[k] ?? (INT_ATTRS.has(k) ? 0n : false);
    out[k] = k === 'type' && typeof v === 'bigint' ? Number(v) : jsonValue(v);
  }
  return out;
}

function reasonOf(r: RunResult): { code: string; message: string } | null {
  const o = r.outcome;
  if (o?.kind === 'refused') return { code: o.code, message: o.message };
  if (o?.kind === 'software' || o?.kind === 'direct')
    return { code: o.kind === 'software' ? (o.code ?? 'SOFTWARE') : 'DIRECT', message: o.message };
  return null;
}

/**
 * The one-answer JSON shape: outcome, event, stored, attr, reason, source
 * (and any other outputs). `event` and `stored` are the outputs declaring
 * those roles, whatever their names; null where the interface has none.
 * `counter` (the counter the command picks: a number, null where the run
 * stopped before picking) is there only where an output declares that role.
 */
function answerJson(model: Model, iface: MInterface, r: RunResult): Record<string, unknown> {
  const o = r.outcome;
  const eventOutput = outputWithRole(iface, 'event');
  const storedOutput = outputWithRole(iface, 'stored');
  const event = eventOutput && r.outputs[eventOutput.name];
  const stored = storedOutput && r.outputs[storedOutput.name];
  const out: Record<string, unknown> = {
    outcome: o ? o.kind : null,
    event:
      event === undefined
        ? null
        : (memberName(model, eventOutput?.type, event) ?? jsonValue(event)),
    stored: stored === undefined ? null : jsonValue(stored),
    attr: o?.kind === 'perf' ? attrJson(o.attr) : null,
    reason: reasonOf(r),
    source: o?.origin ?? null,
  };
  if (o?.kind === 'perf' && o.event) out['perf_event'] = o.event;
  // The counter the command picks is an index, a number like every counter
  // index in the answers (host --json, explain --json), not a register value.
  const counterOutput = outputWithRole(iface, 'counter');
  const counter = counterOutput && r.outputs[counterOutput.name];
  if (counterOutput) out['counter'] = typeof counter === 'bigint' ? Number(counter) : null;
  const answered = new Set([eventOutput?.name, storedOutput?.name, counterOutput?.name]);
  for (const [k, v] of Object.entries(r.outputs))
    if (!(k in out) && !answered.has(k)) out[k] = jsonValue(v);
  out['consumer'] = r.consumer;
  addWarnings(out, r);
  return out;
}

/**
 * The `warn` steps that fired, as `cpu --json` and `cpuid --json` give
 * them ({ message, source }); the key is there only when one fired, so
 * an answer without warnings keeps its shape.
 */
function addWarnings(out: Record<string, unknown>, r: RunResult): void {
  if (r.warnings.length > 0)
    out['warnings'] = r.warnings.map((w) => ({ message: w.message, source: w.origin }));
}

export interface OverItem {
  readonly value: bigint;
  readonly name: string;
  readonly label: string;
}

const overItems = new WeakMap<Model, Map<string, readonly OverItem[]>>();

/** The members of an input's type: an enum's members or a perf target type's ids (once per model). */
export function membersOf(model: Model, type: string): readonly OverItem[] {
  let perModel = overItems.get(model);
  if (!perModel) overItems.set(model, (perModel = new Map()));
  let items = perModel.get(type);
  if (!items) {
    items = membersOfType(model, type).map((m) => ({
      value: BigInt(m.value),
      name: m.name,
      label: m.doc ?? m.name,
    }));
    perModel.set(type, items);
  }
  return items;
}

/** One arch-command question with its options parsed and checked: what to run, on what. */
export interface ArchQuestion {
  readonly arch: MArch;
  readonly binding: MArch['commands'][number];
  readonly iface: MInterface;
  readonly inputs: Readonly<Record<string, Value>>;
  readonly consumer: string;
  readonly json: boolean;
  /**
   * A command declared with `identity CPU.SLOT`: who the CPU is (null when the
   * question named none, so the CPU's overrides were not applied) and warnings.
   */
  readonly identity?: {
    readonly cpu: Record<string, unknown> | null;
    readonly warnings: readonly string[];
  };
}

/**
 * The JSON answer `pmumap COMMAND ARCH ... --json` prints (also one line of
 * `pmumap query`): the answer, the `consumer` and its `status`, and the
 * differing answers of the patch-only consumers that modify it (`patches`).
 */
export function archAnswerJson(model: Model, tables: Tables, q: ArchQuestion): unknown {
  // An interface without an outcome answers with its outputs; an output may be named like a key.
  const output = (k: string): boolean => q.iface.outputs.some((o) => o.name === k);
  const [addConsumer, addStatus] = [!output('consumer'), !output('status')];
  const answer = (consumer: string): Record<string, unknown> => {
    // A new object each time; keys as `{ ...a, consumer, status }` would order them.
    const a = answerOf(model, tables, { ...q, consumer }) as Record<string, unknown>;
    if (addConsumer && !('consumer' in a)) a['consumer'] = consumer;
    if (addStatus) a['status'] = consumerStatusJson(model, q.iface.name, consumer);
    return a;
  };
  // The main answer once: differingPatches compares each patch's with it.
  let main: Record<string, unknown> | undefined;
  const once = (consumer: string): Record<string, unknown> =>
    consumer === q.consumer ? (main ??= answer(consumer)) : answer(consumer);
  const patches = differingPatches(model, q.iface.name, q.consumer, once).map((p) => p.answer);
  main ??= answer(q.consumer);
  const answered: Record<string, unknown> = output('patches') ? main : { ...main, patches };
  if (!q.identity) return answered;
  // A command with `identity CPU.SLOT`: who the CPU is (null: none given), and
  // the question's warnings after the answer's own (the key only when any).
  const own = (answered['warnings'] ?? []) as unknown[];
  const warnings = [...own, ...q.identity.warnings.map((message) => ({ message, source: null }))];
  return {
    ...answered,
    cpu: q.identity.cpu,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

const NO_TRACE = { trace: false } as const;

/** The raw config of a run that opens a perf event, or null. */
function perfConfig(r: RunResult): unknown {
  const config = r.outcome?.kind === 'perf' ? r.outcome.attr['config'] : undefined;
  return config === undefined ? null : jsonValue(config);
}

/** The JSON answer of one consumer (without its status or the patch-only answers). */
export function answerOf(model: Model, tables: Tables, q: ArchQuestion): unknown {
  const { iface, binding, consumer, inputs } = q;
  if (binding.over) {
    const overType = iface.inputs.find((i) => i.name === binding.over)?.type ?? '';
    const first = iface.outputs[0]?.name;
    // One inputs object for every member (a consumer keeps no reference to its inputs).
    const given: Record<string, Value> = { ...inputs };
    const events = membersOf(model, overType).map((m) => {
      given[binding.over!] = m.value;
      const r = runConsumer(tables, consumer, given, iface.name, NO_TRACE);
      const item: Record<string, unknown> = {
        perf: m.label,
        id: Number(m.value),
        outcome: r.outcome?.kind === 'refused' ? 'refused' : r.outcome ? 'mapped' : null,
        // The interface's first output is the code each id maps to; a whole
        // CPU's slot (identity) is read as its perf config, as `cpu` reads it
        // (AMD's slot outputs its map first).
        code: q.identity?.cpu
          ? perfConfig(r)
          : first === undefined || r.outputs[first] === undefined
            ? null
            : jsonValue(r.outputs[first]),
        reason: reasonOf(r),
        source: r.outcome?.origin ?? null,
      };
      addWarnings(item, r);
      return item;
    });
    return { consumer, events };
  }
  const r = runConsumer(tables, consumer, inputs, iface.name, { trace: false });
  if (iface.outcome) return answerJson(model, iface, r);
  const out = Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, jsonValue(v)]));
  addWarnings(out, r);
  return out;
}
