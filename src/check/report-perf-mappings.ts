/**
 * Every refusal names a declared reason code and says why (PM3002, PM3003,
 * PM3005); perf outcomes set only perf_event_attr fields pmumap models
 * (PM3004). Example expectations are held to the same names.
 */
import type * as A from '../syntax/ast.ts';
import type { CheckContext } from './context.ts';
import { oneOf } from './context.ts';
import { PERF_ATTRS } from './perf-attrs.ts';

function checkReason(ctx: CheckContext, code: A.Ident): void {
  if (!ctx.symbols.reasons.has(code.name)) {
    ctx.bag.report('UnknownReason', code.span, [code.name, oneOf(ctx.symbols.reasons.keys())]);
  }
}

function checkAttrs(ctx: CheckContext, attrs: readonly A.AttrAssign[]): void {
  for (const attr of attrs) {
    if (!(attr.name.name in PERF_ATTRS)) {
      ctx.bag.report('UnknownPerfAttr', attr.name.span, [
        attr.name.name,
        oneOf(Object.keys(PERF_ATTRS), 12),
      ]);
    }
  }
}

function checkOutcome(ctx: CheckContext, outcome: A.Outcome): void {
  if (outcome.kind === 'refuse') {
    if (!outcome.code) {
      ctx.bag.report('RefusalWithoutReason', outcome.span);
      return;
    }
    checkReason(ctx, outcome.code);
    if (!outcome.text || outcome.text.value.trim() === '') {
      ctx.bag.report('RefusalWithoutMessage', outcome.span, [outcome.code.name]);
    }
  } else if (outcome.kind === 'perf' || outcome.kind === 'generic') checkAttrs(ctx, outcome.attrs);
  else if (outcome.kind === 'software' && outcome.code) checkReason(ctx, outcome.code);
}

export function reportPerfMappings(ctx: CheckContext): void {
  for (const consumer of ctx.symbols.consumers.values()) {
    for (const step of consumer.steps) {
      if (step.kind === 'when' || step.kind === 'final') checkOutcome(ctx, step.outcome);
    }
  }
  for (const example of ctx.symbols.examples) {
    for (const expect of example.expects) {
      for (const item of expect.items) {
        if (item.kind === 'refuse') checkReason(ctx, item.code);
        if (item.kind === 'perf') checkAttrs(ctx, item.attrs);
      }
    }
  }
}
