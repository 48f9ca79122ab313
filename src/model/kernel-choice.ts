/**
 * The one place that decides which consumer answers for an interface, from
 * the consumers' `status` declarations: the one asked for (an arch's
 * default, which check holds to the newest mainline consumer, a mode or
 * --consumer), or, for a kernel release (--kernel 6.1), the version of the
 * same reader whose mainline range holds it. Also the patch-only consumers
 * that modify a reader, shown beside its answer, and how a status reads.
 */
import {
  compareKernelVersions,
  describeKernelRange,
  inKernelRange,
  parseKernelVersion,
} from '../syntax/kernel-version.ts';
import type { MConsumer, MConsumerStatus, Model } from './model.ts';

/** A --kernel the tables cannot answer for: not a release, or outside every range. */
export class KernelChoiceError extends Error {}

export function findConsumer(model: Model, iface: string, name: string): MConsumer | undefined {
  return model.consumers.find((c) => c.implements === iface && c.name === name);
}

/** The newest mainline consumer of the reader `name` belongs to (itself when it has no `of`). */
function readerHead(model: Model, iface: string, name: string): string {
  const s = findConsumer(model, iface, name)?.status;
  return s?.kind === 'mainline' && s.of ? s.of : name;
}

/** Every mainline version of the reader `name` belongs to, newest first. */
export function readerVersions(model: Model, iface: string, name: string): MConsumer[] {
  const head = readerHead(model, iface, name);
  const start = (c: MConsumer): number[] =>
    (c.status?.kind === 'mainline' && c.status.since && parseKernelVersion(c.status.since)) || [0];
  return model.consumers
    .filter(
      (c) =>
        c.implements === iface &&
        c.status?.kind === 'mainline' &&
        (c.name === head || c.status.of === head),
    )
    .sort((a, b) => compareKernelVersions(start(b), start(a)));
}

/** A --kernel value: the mainline release it is answered as, and what the user should know about that. */
export interface KernelOption {
  /** MAJOR.MINOR: the consumers' ranges name mainline releases only. */
  readonly release: number[];
  /** One line each: a stable point release or a release candidate answered as its mainline release. */
  readonly notes: string[];
}

/**
 * A --kernel value as the mainline release it is answered as; a
 * KernelChoiceError when it is none. A stable point release (6.12.75) is
 * answered as 6.12: the tables model mainline, and a stable branch may carry
 * backports of later fixes that they do not. A release candidate (7.0-rc3)
 * is answered as the release it leads to: a merge window closes with -rc1,
 * so the features of 7.0 are in every 7.0-rc; only fixes merged after that
 * rc differ.
 */
export function parseKernelOption(text: string): KernelOption {
  const rc = /^(.*)-rc(\d{1,3})$/.exec(text.trim());
  const v = parseKernelVersion(rc?.[1] ?? text);
  if (!v || (rc && v.length > 2))
    throw new KernelChoiceError(
      `--kernel '${text}' is not a kernel release (expected a version like 6.1, v6.10, 6.12.5 or 7.0-rc3)`,
    );
  const release = v.slice(0, 2);
  const mainline = `v${release.join('.')}`;
  const notes: string[] = [];
  if (v[2] !== undefined && v[2] !== 0)
    notes.push(
      `--kernel ${text} is a stable point release, answered as mainline ${mainline}: the tables model mainline releases, and a stable branch may carry backports they do not`,
    );
  if (rc)
    notes.push(
      `--kernel ${text} is a release candidate, answered as ${mainline} (its merge window closed at -rc1; fixes merged after -rc${rc[2]} are counted as present)`,
    );
  return { release, notes };
}

/** The newest mainline release any consumer's range names (its since or until), if any. */
export function newestModelledRelease(model: Model): number[] | undefined {
  let newest: number[] | undefined;
  for (const c of model.consumers) {
    if (c.status?.kind !== 'mainline') continue;
    for (const end of [c.status.since, c.status.until]) {
      const v = end === undefined ? undefined : parseKernelVersion(end);
      if (v && (!newest || compareKernelVersions(v, newest) > 0)) newest = v;
    }
  }
  return newest;
}

/** The note for a release newer than every release the tables name: the newest readers answer for it. */
export function beyondModelledNote(
  model: Model,
  release: readonly number[],
  text: string,
): string | undefined {
  const newest = newestModelledRelease(model);
  if (!newest || compareKernelVersions(release, newest) <= 0) return undefined;
  return `--kernel ${text} is newer than every release the tables model (the newest they name is v${newest.join('.')}): the newest readers answer, as they would for v${newest.join('.')}`;
}

/**
 * The consumer answering for `iface` when `asked` was asked for and the
 * kernel is `kernel` (absent: `asked` itself). A mainline consumer gives
 * way to the version of its reader whose range holds the release; a
 * patch-only or spec consumer answers as asked.
 */
export function chooseConsumer(
  model: Model,
  iface: string,
  asked: string,
  kernel?: readonly number[],
): string {
  if (!kernel) return asked;
  const status = findConsumer(model, iface, asked)?.status;
  if (status?.kind !== 'mainline') return asked;
  const versions = readerVersions(model, iface, asked);
  const holding = versions.find(
    (c) => c.status?.kind === 'mainline' && inKernelRange(kernel, c.status.since, c.status.until),
  );
  if (holding) return holding.name;
  const ranges = versions.map((c) => `${c.name} ${statusLabel(c.status)}`).join('; ');
  throw new KernelChoiceError(
    `--kernel ${kernel.join('.')}: no consumer of ${iface} models it (${ranges})`,
  );
}

/**
 * Every consumer of `iface` that answers for the release `kernel`: the
 * mainline ones whose range holds it, the patch-only series against one of
 * those, and the spec ones (no release to miss). For a slot that lists
 * every reader (cpu x86's KVM guest) rather than picking one.
 */
export function consumersModelling(
  model: Model,
  iface: string,
  kernel: readonly number[],
): MConsumer[] {
  const all = model.consumers.filter((c) => c.implements === iface);
  const held = new Set(
    all
      .filter(
        (c) =>
          c.status?.kind === 'mainline' && inKernelRange(kernel, c.status.since, c.status.until),
      )
      .map((c) => c.name),
  );
  return all.filter(
    (c) =>
      held.has(c.name) ||
      c.status?.kind === 'spec' ||
      (c.status?.kind === 'patch' && held.has(c.status.modifies)),
  );
}

/** The patch-only consumers of `iface` that modify `mainline` (a series is against one release). */
export function patchesOf(model: Model, iface: string, mainline: string): MConsumer[] {
  return model.consumers.filter(
    (c) => c.implements === iface && c.status?.kind === 'patch' && c.status.modifies === mainline,
  );
}

/** "mainline v6.10 and later", "patch-only: "subject" v7 (2026-04-20)", "spec: document". */
export function statusLabel(s: MConsumerStatus | undefined): string {
  if (!s) return 'status not declared';
  if (s.kind === 'mainline') return `mainline ${describeKernelRange(s.since, s.until)}`;
  if (s.kind === 'patch') return `patch-only: ${seriesLabel(s)}`;
  return `spec: ${s.document}`;
}

/** A series as a label: `the "subject" series v7 (2026-04-20)`. */
export function seriesLabel(s: Extract<MConsumerStatus, { kind: 'patch' }>): string {
  return `"${s.series.subject}" ${s.series.version} (${s.series.date})`;
}

/** The JSON form answers carry: { kind, since, until, series } (and modifies, document). */
export function statusJson(s: MConsumerStatus | undefined): Record<string, unknown> | null {
  if (!s) return null;
  if (s.kind === 'mainline')
    return { kind: 'mainline', since: s.since ?? null, until: s.until ?? null, series: null };
  if (s.kind === 'patch')
    return {
      kind: 'patch',
      since: null,
      until: null,
      series: { ...s.series, link: s.series.link ?? null },
      modifies: s.modifies,
    };
  return { kind: 'spec', since: null, until: null, series: null, document: s.document };
}
