/**
 * A consumer's `status` declaration as the model carries it: kernel
 * versions without their `v` ("6.10"), compared numerically by
 * src/syntax/kernel-version.ts.
 */
import type * as A from '../syntax/ast.ts';
import type { MConsumerStatus } from './model.ts';

export function buildConsumerStatus(s: A.ConsumerStatus): MConsumerStatus {
  switch (s.kind) {
    case 'mainline':
      return {
        kind: 'mainline',
        ...(s.since ? { since: s.since.text.slice(1) } : {}),
        ...(s.until ? { until: s.until.text.slice(1) } : {}),
        ...(s.of ? { of: s.of.name } : {}),
      };
    case 'patch':
      return {
        kind: 'patch',
        series: {
          subject: s.subject.value,
          version: s.version.name.toLowerCase(),
          date: s.date.value,
          ...(s.link ? { link: s.link.value } : {}),
        },
        modifies: s.modifies.name,
      };
    case 'spec':
      return { kind: 'spec', document: s.document.value };
  }
}
