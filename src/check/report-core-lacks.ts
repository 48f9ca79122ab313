/**
 * PM2605: a vendor core claims as a common event a code its own manual says
 * it does not implement (`lacks CORE { ... }`, e.g. the Cortex-A9 and event
 * 0x08), or a code its architecture version does not define
 * (`lacks arch "armv7-a" { ... }`). A generic `instructions` mapping built
 * on such a claim would count nothing, or something else.
 */
import type { CheckContext } from './context.ts';
import { declsOf, oneOf } from './context.ts';

const hex = (v: bigint) => `0x${v.toString(16)}`;

export function reportCoreLacks(ctx: CheckContext): void {
  const cores = declsOf(ctx.files, 'core');
  const byName = new Map(cores.map((c) => [c.name.name, c]));
  const rules = declsOf(ctx.files, 'lacks');
  for (const rule of rules) {
    if (rule.core && !byName.has(rule.core.name)) {
      ctx.bag.report('UndefinedName', rule.core.span, [
        rule.core.name,
        `a core: ${oneOf(byName.keys())}`,
      ]);
    }
  }
  for (const core of cores) {
    const applicable = rules.filter(
      (r) =>
        (r.core !== undefined && r.core.name === core.name.name) ||
        (r.arch !== undefined && r.arch.value === core.arch?.value),
    );
    for (const claim of core.common) {
      const hit = applicable
        .flatMap((rule) => rule.codes.map((range) => ({ rule, range })))
        .find(
          ({ range }) => range.lo.value <= claim.code.value && claim.code.value <= range.hi.value,
        );
      if (!hit) continue;
      const { rule, range } = hit;
      const file = core.source?.value ?? 'unknown file';
      ctx.bag.report(
        'VendorUnimplemented',
        claim.span,
        [
          core.name.name,
          hex(claim.code.value),
          claim.name.name,
          rule.core
            ? 'this core does not implement it'
            : `${rule.arch?.value} defines no such event`,
          rule.text.value,
          `${file} record ${claim.record.value}`,
        ],
        [
          {
            message: 'stated here',
            span: { ...range.lo.span, end: range.hi.span.end },
          },
        ],
      );
    }
  }
}
