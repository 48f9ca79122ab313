/**
 * Kernel release numbers ("6.10", "5.4.3") compared as numbers, part by
 * part: 6.9 < 6.10. A missing part is 0, so 6.1 == 6.1.0.
 */

/** The numbers of a release as the model writes it, or undefined if it is not one. */
export function parseKernelVersion(text: string): number[] | undefined {
  const m = /^v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?$/.exec(text.trim());
  if (!m) return undefined;
  return [m[1], m[2], m[3]].filter((p): p is string => p !== undefined).map(Number);
}

export function compareKernelVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether `version` lies in since..until (an absent end is open). */
export function inKernelRange(
  version: readonly number[],
  since: string | undefined,
  until: string | undefined,
): boolean {
  const lo = since === undefined ? undefined : parseKernelVersion(since);
  const hi = until === undefined ? undefined : parseKernelVersion(until);
  if (lo && compareKernelVersions(version, lo) < 0) return false;
  if (hi && compareKernelVersions(version, hi) > 0) return false;
  return true;
}

/** "v5.18–v6.0", "v6.10 and later", "up to v6.3", "all releases modelled". */
export function describeKernelRange(since: string | undefined, until: string | undefined): string {
  if (since && until) return since === until ? `v${since}` : `v${since}–v${until}`;
  if (since) return `v${since} and later`;
  if (until) return `up to v${until}`;
  return 'all releases modelled';
}
