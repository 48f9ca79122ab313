/**
 * Which architecture's `host device` item claims a perf PMU device: its
 * name matches the item's glob and, when the item has `when DIR NAME =
 * "glob"`, the device's DIR/NAME attribute file matches that glob too.
 * The same rule decides, in check, whether two archs' items can claim one
 * device (PM2340), and, in the planner, which arch a host is.
 */
import type { MHost } from '../model/model.ts';

/** The attribute folders of a device a `when` may look in (the sysfs reader reads both). */
export const deviceAttributeDirs = ['format', 'caps'] as const;

export type DeviceItem = MHost['devices'][number];

/** What a claim looks at in an item: a `host device`'s or a `host marker`'s glob and `when`. */
export type ClaimItem = Pick<DeviceItem, 'pattern' | 'when'>;

/** What a claim looks at: the device's name and its attribute files. */
export interface ClaimedDevice {
  readonly name: string;
  readonly formats: Readonly<Record<string, string>>;
  readonly caps: Readonly<Record<string, string>>;
}

/** A shell-style glob with `*` only, as the tables' `host device` items use. */
export function globMatches(pattern: string, name: string): boolean {
  const re = pattern
    .split('*')
    .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`, 's').test(name);
}

function attribute(device: ClaimedDevice, dir: string, name: string): string | undefined {
  const files = dir === 'caps' ? device.caps : dir === 'format' ? device.formats : undefined;
  return files && Object.hasOwn(files, name) ? files[name] : undefined;
}

/** Whether one item claims the device. */
export function itemClaims(item: ClaimItem, device: ClaimedDevice): boolean {
  if (!globMatches(item.pattern, device.name)) return false;
  if (!item.when) return true;
  const text = attribute(device, item.when.dir, item.when.name);
  return text !== undefined && globMatches(item.when.glob, text);
}

/** The pmu implementation of the arch's first item that claims the device. */
export function claimOf(host: MHost, device: ClaimedDevice): string | undefined {
  return host.devices.find((d) => itemClaims(d, device))?.pmu;
}

/** The arch's first `host marker` that names the device (never a core PMU). */
export function markerOf(
  host: MHost,
  device: ClaimedDevice,
): NonNullable<MHost['markers']>[number] | undefined {
  return host.markers?.find((m) => itemClaims(m, device));
}

/** Two globs some one string could match (`*` only): decided on their literal prefixes and suffixes. */
function globsOverlap(a: string, b: string): boolean {
  if (!a.includes('*') || !b.includes('*')) {
    return a.includes('*') ? globMatches(a, b) : globMatches(b, a);
  }
  const [aHead = '', bHead = ''] = [a.split('*')[0], b.split('*')[0]];
  const [aTail = '', bTail = ''] = [a.split('*').at(-1), b.split('*').at(-1)];
  const prefixes = aHead.startsWith(bHead) || bHead.startsWith(aHead);
  const suffixes = aTail.endsWith(bTail) || bTail.endsWith(aTail);
  return prefixes && suffixes;
}

/**
 * Whether two items (of two archs) could claim one device: their name globs
 * overlap and no `when` on the same attribute file tells them apart.
 */
export function itemsOverlap(a: ClaimItem, b: ClaimItem): boolean {
  if (!globsOverlap(a.pattern, b.pattern)) return false;
  if (!a.when || !b.when) return true;
  if (a.when.dir !== b.when.dir || a.when.name !== b.when.name) return true;
  return globsOverlap(a.when.glob, b.when.glob);
}
