/**
 * CPU lists as sysfs prints them ("0-3,8,10-11\n": cpulist_parse in
 * lib/bitmap.c, the format of `cpus`, `cpumask`, `possible` and `online`).
 */

/** The most CPUs a list may name (Linux's NR_CPUS tops out at 8192 on arm64 and x86). */
export const MAX_CPUS = 8192;

export type CpuListResult =
  | { readonly ok: true; readonly cpus: readonly number[] }
  | { readonly ok: false; readonly why: string };

/** Parse a CPU list; the CPUs come back sorted, without duplicates. */
export function parseCpuList(text: string): CpuListResult {
  const body = text.trim();
  if (body === '') return { ok: true, cpus: [] };
  const seen = new Set<number>();
  for (const part of body.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return { ok: false, why: `'${part}' is not a CPU number or range like 0-3` };
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) return { ok: false, why: `range '${part}' runs backwards` };
    if (hi >= MAX_CPUS)
      return { ok: false, why: `CPU ${hi} is past the ${MAX_CPUS} CPUs Linux supports` };
    for (let c = lo; c <= hi; c++) seen.add(c);
  }
  return { ok: true, cpus: [...seen].sort((a, b) => a - b) };
}

/** Format sorted CPUs the way sysfs does: "0-3,8". */
export function formatCpuList(cpus: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < cpus.length) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === (cpus[j] ?? 0) + 1) j++;
    parts.push(i === j ? `${cpus[i]}` : `${cpus[i]}-${cpus[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
