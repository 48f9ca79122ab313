/**
 * Which kernel each consumer models. Every consumer says it (PM2320, a
 * warning so tables written before statuses still compile); a mainline
 * consumer never extends a patch-only one (PM2321); the versions of one
 * reader (a mainline consumer and the older ones `of` it) hold for
 * disjoint kernel ranges (PM2322), each range runs forwards (PM2323);
 * `of` and `modifies` name mainline consumers of the same interface
 * (PM2324); and an arch's default is its interface's newest mainline
 * consumer (PM2325), the one the command line answers with.
 */
import type * as A from '../syntax/ast.ts';
import type { CheckContext } from './context.ts';
import { declsOf } from './context.ts';
import { consumerKey, parentOf } from './flatten-consumer.ts';
import { compareKernelVersions } from '../syntax/kernel-version.ts';

type Mainline = Extract<A.ConsumerStatus, { kind: 'mainline' }>;

function describeStatus(s: A.ConsumerStatus | undefined): string {
  if (!s) return 'without a status';
  if (s.kind === 'patch') return `patch-only (${s.subject.value} ${s.version.name})`;
  if (s.kind === 'spec') return `a document (${s.document.value})`;
  return `mainline ${rangeText(s)}`;
}

function rangeText(s: Mainline): string {
  return `${s.since?.text ?? ''} .. ${s.until?.text ?? ''}`.trim();
}

/** Whether two ranges (open ends unbounded) share a release. */
function overlaps(a: Mainline, b: Mainline): boolean {
  const startsAfterEnd = (x: Mainline, y: Mainline): boolean =>
    x.since !== undefined &&
    y.until !== undefined &&
    compareKernelVersions(x.since.parts, y.until.parts) > 0;
  return !startsAfterEnd(a, b) && !startsAfterEnd(b, a);
}

export function reportConsumerStatus(ctx: CheckContext): void {
  const { consumers } = ctx.symbols;
  const all = declsOf(ctx.files, 'consumer');
  const lookup = (c: A.ConsumerDecl, name: string): A.ConsumerDecl | undefined =>
    consumers.get(consumerKey(c.implements.name, name));

  for (const c of all) {
    const status = c.status;
    if (!status) {
      ctx.bag.report('MissingConsumerStatus', c.name.span, [c.name.name]);
      continue;
    }
    const parent = parentOf(c, consumers);
    if (status.kind === 'mainline' && parent?.status?.kind === 'patch') {
      ctx.bag.report('MainlineExtendsPatch', c.parent?.span ?? c.name.span, [
        c.name.name,
        parent.name.name,
        describeStatus(parent.status),
      ]);
    }
    if (status.kind === 'mainline') {
      const { since, until } = status;
      if (since && until && compareKernelVersions(since.parts, until.parts) > 0) {
        ctx.bag.report('BackwardKernelRange', status.span, [since.text, until.text]);
      }
      if (status.of) {
        const newest = lookup(c, status.of.name);
        const ok = newest?.status?.kind === 'mainline' && !newest.status.of && newest !== c;
        if (!ok) {
          ctx.bag.report('StatusNotMainline', status.of.span, [
            status.of.name,
            c.implements.name,
            ' with no `of` of its own',
            newest ? describeStatus(newest.status) : 'no such consumer',
          ]);
        }
      }
    }
    if (status.kind === 'patch') {
      const base = lookup(c, status.modifies.name);
      if (base?.status?.kind !== 'mainline') {
        ctx.bag.report('StatusNotMainline', status.modifies.span, [
          status.modifies.name,
          c.implements.name,
          '',
          base ? describeStatus(base.status) : 'no such consumer',
        ]);
      }
    }
  }

  // The versions of one reader: a newest mainline consumer and those `of` it.
  const readers = new Map<string, { c: A.ConsumerDecl; s: Mainline }[]>();
  for (const c of all) {
    if (c.status?.kind !== 'mainline') continue;
    const key = consumerKey(c.implements.name, c.status.of?.name ?? c.name.name);
    readers.set(key, [...(readers.get(key) ?? []), { c, s: c.status }]);
  }
  for (const versions of readers.values()) {
    versions.forEach((a, i) => {
      for (const b of versions.slice(0, i)) {
        if (!overlaps(a.s, b.s)) continue;
        ctx.bag.report('OverlappingKernelRanges', a.s.span, [
          a.c.name.name,
          rangeText(a.s),
          b.c.name.name,
          rangeText(b.s),
          a.c.implements.name,
        ]);
      }
    });
  }

  reportDefaults(ctx);
}

function reportDefaults(ctx: CheckContext): void {
  const { consumers } = ctx.symbols;
  for (const arch of declsOf(ctx.files, 'arch')) {
    const defaults = [
      ...arch.commands.map((cmd) => ({ iface: cmd.iface, consumer: cmd.consumer })),
      ...arch.host.flatMap((h) =>
        h.item === 'rule' ? [{ iface: h.iface, consumer: h.consumer }] : [],
      ),
    ];
    for (const d of defaults) {
      const c = consumers.get(consumerKey(d.iface.name, d.consumer.name));
      const s = c?.status;
      if (!c || !s) continue; // PM4004 or PM2320 said it
      if (s.kind === 'mainline' && !s.until && !s.of) continue;
      ctx.bag.report('DefaultNotNewestMainline', d.consumer.span, [
        d.consumer.name,
        d.iface.name,
        describeStatus(s),
      ]);
    }
  }
}
