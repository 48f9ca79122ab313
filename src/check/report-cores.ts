/**
 * Cross-checks of vendor cores (pmumap import) against the architectural
 * tables, as warnings that point at the generated line and the vendor's
 * file and record: an architectural event whose name or code disagrees
 * with the architecture's events (PM2601), fixed counters that are not a
 * prefix (PM2602: Clearwater Forest's missing counter 3), a code or name
 * listed twice (PM2603), and counters the core's pmu cannot have (PM2604).
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type * as A from '../syntax/ast.ts';
import { qualifierText } from '../syntax/qualifiers.ts';
import type { CheckContext } from './context.ts';
import { declsOf, oneOf } from './context.ts';

function vendor(core: A.CoreDecl, record: A.NumberLit | undefined): string {
  const file = core.source?.value ?? 'unknown file';
  return record ? `${file} record ${record.value}` : file;
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** Indices a pmu declares, programmable and fixed (children inherit their parent's when they declare none). */
function pmuCounters(
  ctx: CheckContext,
  name: string,
  seen = new Set<string>(),
): { programmable: number; fixed: Set<number> } | undefined {
  const pmu = ctx.symbols.globals.get(name);
  if (pmu?.kind !== 'pmu' || seen.has(name)) return undefined;
  seen.add(name);
  const counters = pmu.items.filter((i): i is A.CounterDecl => i.kind === 'counter');
  if (counters.length === 0 && pmu.parent) return pmuCounters(ctx, pmu.parent.name, seen);
  let programmable = 0;
  const fixed = new Set<number>();
  for (const c of counters) {
    for (let i = Number(c.lo.value); i <= Number(c.hi.value); i++) {
      if (c.fixed) fixed.add(i);
      else programmable++;
    }
  }
  return { programmable, fixed };
}

export function reportCores(ctx: CheckContext): void {
  const eventEnums = [...ctx.symbols.globals.values()].filter(
    (d): d is A.EnumDecl => d.kind === 'enum' && d.isEvents,
  );
  for (const core of declsOf(ctx.files, 'core')) {
    const pmu = ctx.symbols.globals.get(core.pmu.name);
    if (pmu?.kind !== 'pmu') {
      const names = [...ctx.symbols.globals.values()]
        .filter((d) => d.kind === 'pmu')
        .map((d) => d.name.name);
      ctx.bag.report('UndefinedName', core.pmu.span, [core.pmu.name, `a pmu: ${oneOf(names)}`]);
      continue;
    }
    const name = core.name.name;
    // PM2601: architectural events by name, checked against every events enum.
    for (const c of core.common) {
      const members = eventEnums.flatMap((e) =>
        e.members.filter((m) => m.name.name === c.name.name).map((m) => ({ e, m })),
      );
      if (members.some(({ m }) => m.value.value === c.code.value)) continue;
      const what =
        members.length === 0
          ? `no architectural event is named '${c.name.name}'`
          : members
              .map(({ e, m }) => `${e.name.name}.${m.name.name} is ${hex(m.value.value)}`)
              .join(', ');
      ctx.bag.report('VendorArchMismatch', c.span, [
        name,
        hex(c.code.value),
        c.name.name,
        what,
        vendor(core, c.record),
      ]);
    }
    // PM2602: fixed counters must be a prefix 0..n-1 for a count to describe them.
    const fixed = [...new Set(core.fixed.map((f) => Number(f.index.value)))].sort((a, b) => a - b);
    const top = fixed.length ? (fixed[fixed.length - 1] ?? 0) : -1;
    const missing = Array.from({ length: top + 1 }, (_, i) => i).filter((i) => !fixed.includes(i));
    if (missing.length > 0) {
      const mask = fixed.reduce((m, i) => m | (1n << BigInt(i)), 0n);
      const prefix = fixed.filter((v, i) => v === i);
      const first =
        core.fixed.find((f) => Number(f.index.value) > (missing[0] ?? 0)) ?? core.fixed[0];
      ctx.bag.report('VendorFixedNotPrefix', first?.span ?? core.name.span, [
        name,
        `{${fixed.join(', ')}}`,
        hex(mask),
        missing.length === 1 ? `counter ${missing[0]} is` : `counters ${missing.join(', ')} are`,
        prefix.length ? `{${prefix.join(', ')}}` : 'none of them',
        vendor(core, first?.record),
      ]);
    }
    // PM2603: the same event code (and umask) or name twice.
    const codes = new Map<string, Span>();
    const names = new Map<string, Span>();
    const lines: { key: string; nameKey: string; span: Span; record: A.NumberLit }[] = [
      ...core.common.map((c) => ({
        key: hex(c.code.value),
        nameKey: c.name.name,
        span: c.span,
        record: c.record,
      })),
      ...core.events.map((e) => ({
        key: `${hex(e.code.value)}${e.umask ? `:${hex(e.umask.value)}` : ''}${e.qualifiers.length ? ` ${qualifierText(e)}` : ''}`,
        nameKey: e.name.value,
        span: e.span,
        record: e.record,
      })),
    ];
    // A name twice is one warning per repeat; encodings listed twice are
    // usually aliases (perf lists both names), so one warning per core says
    // how many and shows the first.
    const aliases: { line: (typeof lines)[number]; first: Span; firstName: string }[] = [];
    const firstName = new Map<string, string>();
    for (const l of lines) {
      const previous = codes.get(l.key);
      if (previous)
        aliases.push({ line: l, first: previous, firstName: firstName.get(l.key) ?? '' });
      else {
        codes.set(l.key, l.span);
        firstName.set(l.key, l.nameKey);
      }
      if (l.nameKey === '') continue;
      const previousName = names.get(l.nameKey);
      if (previousName) {
        ctx.bag.report(
          'VendorDuplicate',
          l.span,
          [name, `'${l.nameKey}'`, vendor(core, l.record)],
          [{ message: 'first listed here', span: previousName }],
        );
      } else names.set(l.nameKey, l.span);
    }
    const first = aliases[0];
    if (first) {
      const what =
        aliases.length === 1
          ? `event ${first.line.key} ('${first.firstName}' and '${first.line.nameKey}')`
          : `${aliases.length} event encodings, e.g. ${first.line.key} ('${first.firstName}' and '${first.line.nameKey}'),`;
      ctx.bag.report(
        'VendorDuplicate',
        first.line.span,
        [name, what, vendor(core, first.line.record)],
        [{ message: 'first listed here', span: first.first }],
      );
    }
    // PM2604: counters the pmu cannot have.
    const declared = pmuCounters(ctx, core.pmu.name);
    if (
      declared &&
      core.counters &&
      declared.programmable > 0 &&
      Number(core.counters.value) > declared.programmable
    ) {
      ctx.bag.report('VendorCounters', core.counters.span, [
        name,
        `${core.counters.value} programmable counters`,
        core.pmu.name,
        `has at most ${declared.programmable}`,
        vendor(core, undefined),
      ]);
    }
    for (const f of core.fixed) {
      if (declared && !declared.fixed.has(Number(f.index.value))) {
        ctx.bag.report('VendorCounters', f.index.span, [
          name,
          `fixed counter ${f.index.value} (${f.name.value})`,
          core.pmu.name,
          declared.fixed.size
            ? `declares fixed counters ${[...declared.fixed].join(', ')} only`
            : 'declares no fixed counter',
          vendor(core, f.record),
        ]);
      }
    }
  }
}
