/**
 * The encodings a vendor core lists, and what several cores that share a
 * machine have in common: used by the report (systems), the diff and
 * `pmumap host` (the cores behind a host's PMUs).
 */
import type { MCore } from '../model/model.ts';

/** A core line with a given encoding: the vendor's name for it. */
export interface ListedEvent {
  readonly name: string;
  readonly record: number;
  readonly origin: string;
}

/** Each encoding the core lists: common codes, events (umask << 8 | code, no qualifiers), fixed counters' events. */
export function coreEncodings(core: MCore): Map<bigint, ListedEvent[]> {
  const out = new Map<bigint, ListedEvent[]>();
  const add = (key: bigint, name: string, record: number, origin: string) => {
    const list = out.get(key) ?? [];
    list.push({ name, record, origin });
    out.set(key, list);
  };
  const enc = (code: string, umask: string | undefined) =>
    (BigInt(umask ?? '0x0') << 8n) | BigInt(code);
  for (const c of core.common) add(BigInt(c.code), c.name, c.record, c.origin);
  for (const e of core.events) {
    if (!e.qualifiers) add(enc(e.code, e.umask), e.name, e.record, e.origin);
  }
  for (const f of core.fixed) {
    if (f.code !== undefined)
      add(enc(f.code, f.umask), `${f.name} (fixed counter ${f.index})`, f.record, f.origin);
  }
  return out;
}

export interface SharedEncodings {
  /** Encodings every core lists under one name (aliases count: one name in common is enough). */
  readonly sameName: number;
  /** Encodings every core lists, under different names: each core's names. */
  readonly differentNames: readonly {
    readonly encoding: string;
    readonly names: readonly string[];
  }[];
}

export function sharedEncodings(cores: readonly MCore[]): SharedEncodings {
  const maps = cores.map((c) => coreEncodings(c));
  const first = maps[0] ?? new Map<bigint, ListedEvent[]>();
  let sameName = 0;
  const differentNames: { encoding: string; names: string[] }[] = [];
  for (const enc of first.keys()) {
    if (!maps.every((m) => m.has(enc))) continue;
    const names = maps.map((m) => (m.get(enc) ?? []).map((l) => l.name));
    const common = (names[0] ?? []).filter((n) => names.every((list) => list.includes(n)));
    if (common.length > 0) sameName++;
    else
      differentNames.push({
        encoding: `0x${enc.toString(16)}`,
        names: names.map((l) => l.join(' / ')),
      });
  }
  differentNames.sort((a, b) => Number(BigInt(a.encoding) - BigInt(b.encoding)));
  return { sameName, differentNames };
}
