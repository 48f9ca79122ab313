/**
 * The answer of `pmumap host`: the plan (src/query/host-plan.ts) under the
 * asked plan consumer and kernel release, and the patch-only plan
 * consumers that modify it and plan otherwise. Every rule's consumer must
 * model the release (the device judge has one consumer per arch, so only
 * the plan's can change); a consumer no release models is the asker's
 * mistake (a UsageError).
 */
import type { SysfsHost } from '../host/read-host.ts';
import { KernelChoiceError } from '../model/kernel-choice.ts';
import type { MConsumer, Model } from '../model/model.ts';
import type { Tables } from '../runtime/tables.ts';
import { UsageError } from '../io/usage-error.ts';
import type { HostPlan } from './host-plan.ts';
import { planHost } from './host-plan.ts';
import { consumerForKernel, differingPatches } from './kernel-answers.ts';

export interface HostQuestion {
  readonly cpus?: readonly number[];
  readonly arch?: string;
  /** The plan consumer asked for (already checked against the plan interface's consumers). */
  readonly consumer?: string;
  readonly kernel?: readonly number[];
}

export interface HostAnswer {
  /** The plan interface ('' when the arch has no plan rule). */
  readonly iface: string;
  readonly plan: HostPlan;
  readonly patches: readonly { consumer: MConsumer; plan: HostPlan }[];
}

/** The arch's `host plan` rule for a plan, if the arch has one. */
export function planRule(model: Model, plan: HostPlan) {
  const rules = model.archs.find((a) => a.name === plan.arch)?.host?.rules ?? [];
  return { rules, rule: rules.find((r) => r.role === 'plan') };
}

/** What a plan answers, without where it was read: the part a patch-only plan is compared on. */
export function planAnswer(p: HostPlan): Record<string, unknown> {
  const { consumer, plan, why, whyText, pmu, pmuType, guest } = p;
  return { consumer, plan, why, whyText, pmu, pmuType, guest };
}

/** `first` is the plan with the arch's own consumer (planHost without a consumer or kernel). */
export function hostAnswer(
  model: Model,
  tables: Tables,
  host: SysfsHost,
  first: HostPlan,
  q: HostQuestion,
): HostAnswer {
  const { rules, rule } = planRule(model, first);
  for (const r of rules) consumerForKernel(model, r.interface, r.consumer, q.kernel);
  const consumer = rule
    ? consumerForKernel(model, rule.interface, q.consumer ?? rule.consumer, q.kernel)
    : q.consumer;
  const planWith = (c: string | undefined): HostPlan => {
    if (q.kernel === undefined && (c === undefined || c === first.consumer)) return first;
    try {
      return planHost(tables, host, {
        ...(q.cpus ? { cpus: q.cpus } : {}),
        ...(q.arch ? { arch: q.arch } : {}),
        ...(c !== undefined ? { consumer: c } : {}),
        ...(q.kernel ? { kernel: q.kernel } : {}),
      });
    } catch (e) {
      // What the guest keeps is asked of the mode's consumer for that kernel too.
      if (e instanceof KernelChoiceError) throw new UsageError(e.message);
      throw e;
    }
  };
  const plan = planWith(consumer);
  const patches = rule && plan.consumer ? planPatches(model, rule.interface, plan, planWith) : [];
  return { iface: rule?.interface ?? '', plan, patches };
}

/** The patch-only plan consumers that modify the plan's consumer and plan otherwise. */
function planPatches(
  model: Model,
  iface: string,
  final: HostPlan,
  planWith: (consumer: string) => HostPlan,
): { consumer: MConsumer; plan: HostPlan }[] {
  const plans = new Map<string, HostPlan>();
  const answer = (c: string): Record<string, unknown> => {
    const p = plans.get(c) ?? planWith(c);
    plans.set(c, p);
    return planAnswer(p);
  };
  plans.set(final.consumer ?? '', final);
  return differingPatches(model, iface, final.consumer ?? '', answer).map(({ consumer }) => ({
    consumer,
    plan: plans.get(consumer.name) ?? planWith(consumer.name),
  }));
}
