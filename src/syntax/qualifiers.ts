/** A vendor event's qualifiers (cmask=1 inv msr=0x1a6 ...) in one canonical form, the order written. */
import type { CoreEvent } from './ast.ts';

export function qualifierText(e: CoreEvent): string {
  return e.qualifiers
    .map((q) => (q.value ? `${q.name.name}=0x${q.value.value.toString(16)}` : q.name.name))
    .join(' ');
}
