/**
 * Which kernel each consumer models, compared between two versions of the
 * tables: a series merged (a consumer that was patch-only is now
 * mainline) is its own group, since every answer it gives changes meaning;
 * any other change of status (a range extended or closed, a series
 * reposted as v8) is another.
 */
import { statusLabel } from '../model/kernel-choice.ts';
import type { Model } from '../model/model.ts';
import type { Change } from './change.ts';

export interface StatusChanges {
  readonly seriesMerged: Change[];
  readonly statusesChanged: Change[];
}

export function compareStatuses(a: Model, b: Model): StatusChanges {
  const out: StatusChanges = { seriesMerged: [], statusesChanged: [] };
  for (const before of a.consumers) {
    const after = b.consumers.find(
      (c) => c.implements === before.implements && c.name === before.name,
    );
    if (!after) continue;
    const from = statusLabel(before.status);
    const to = statusLabel(after.status);
    if (from === to) continue;
    const change = {
      subject: `${after.implements} ${after.name}`,
      from,
      to,
      fromOrigin: before.origin,
      toOrigin: after.origin,
    };
    const merged = before.status?.kind === 'patch' && after.status?.kind === 'mainline';
    (merged ? out.seriesMerged : out.statusesChanged).push(change);
  }
  return out;
}
