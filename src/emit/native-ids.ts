/**
 * The numbers pmus and reasons carry in the C and Rust outputs
 * (PMUMAP_PMU_*, enum pmumap_reason / Reason). The tables declare them
 * (`pmu NAME id N`, `REASON = N`), so a new pmu, reason or file never
 * renumbers the others. Items without a number (tables that declare none,
 * such as small test tables) are numbered after the largest declared one,
 * by declaring file and line; check warns when some are declared and some
 * are not (PM2342) and refuses a number given twice (PM2341).
 */

const fileOf = (origin: string): string => origin.replace(/:\d+$/, '');

interface Numbered {
  readonly origin: string;
  readonly id?: number;
}

const lineOf = (origin: string): number => Number(/:(\d+)$/.exec(origin)?.[1] ?? 0);

/** Items in the order of their declaring file and line. */
export function byOrigin<T extends { readonly origin: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) =>
    fileOf(a.origin) === fileOf(b.origin)
      ? lineOf(a.origin) - lineOf(b.origin)
      : fileOf(a.origin) < fileOf(b.origin)
        ? -1
        : 1,
  );
}

export interface NativeIds {
  /** Key -> number. */
  readonly ids: Map<string, number>;
  /** Items declaring a number an earlier item (file and line order) declares: [item, earlier]. */
  readonly duplicates: readonly (readonly [string, string, number])[];
}

/**
 * Key -> number: the declared numbers, then the undeclared items after the
 * largest, in file and line order.
 */
export function nativeIds<T extends Numbered>(
  list: readonly T[],
  key: (item: T) => string,
): NativeIds {
  const ids = new Map<string, number>();
  const owner = new Map<number, string>();
  const duplicates: [string, string, number][] = [];
  for (const item of byOrigin(list)) {
    if (item.id === undefined) continue;
    const other = owner.get(item.id);
    if (other !== undefined) duplicates.push([key(item), other, item.id]);
    else owner.set(item.id, key(item));
    ids.set(key(item), item.id);
  }
  let next = Math.max(0, ...owner.keys());
  for (const item of byOrigin(list)) if (item.id === undefined) ids.set(key(item), ++next);
  return { ids, duplicates };
}

/** The next number free after every declared one (what PM2342 suggests). */
export function nextFreeId(list: readonly Numbered[]): number {
  return Math.max(0, ...list.map((x) => x.id ?? 0)) + 1;
}
