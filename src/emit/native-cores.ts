/**
 * Vendor cores (pmumap import) and systems in the C headers and Rust
 * modules: per core its id, counters and one row per listed event (common,
 * fixed or other; code, umask, what else selects it, name, vendor record),
 * and per system the names of its cores. This is the data a perf tool or a
 * VMM needs to validate a raw event against a core without the JSON. The
 * Rust CoreEvent type is the crate's, in its types module (./rust-prelude.ts).
 */
import type { MCore, Model } from '../model/model.ts';
import { cComment, cString } from './c-consumer.ts';
import { commentText } from './generated-file.ts';
import { upper } from './native-model.ts';
import { cCoreEvents, cCoreMacro, cSystemCores, cSystemNrCores } from './native-names.ts';
import { rustString } from './rust-consumer.ts';

interface Row {
  readonly kind: 'COMMON' | 'FIXED' | 'EVENT';
  readonly code: string;
  readonly umask: string;
  readonly fixed: number;
  readonly qualifiers: string;
  readonly name: string;
  readonly record: number;
}

function rows(core: MCore): Row[] {
  return [
    ...core.fixed.map((f) => ({
      kind: 'FIXED' as const,
      code: f.code ?? '0x0',
      umask: f.umask ?? '0x0',
      fixed: f.index,
      qualifiers: '',
      name: f.name,
      record: f.record,
    })),
    ...core.common.map((c) => ({
      kind: 'COMMON' as const,
      code: c.code,
      umask: '0x0',
      fixed: -1,
      qualifiers: '',
      name: c.name,
      record: c.record,
    })),
    ...core.events.map((e) => ({
      kind: 'EVENT' as const,
      code: e.code,
      umask: e.umask ?? '0x0',
      fixed: -1,
      qualifiers: e.qualifiers ?? '',
      name: e.name,
      record: e.record,
    })),
  ];
}

/** The names C_TYPES declares: no model item may take them. */
export const C_CORE_TYPE_NAMES: readonly string[] = [
  'pmumap_core_event_kind',
  'pmumap_core_event',
  'PMUMAP_CORE_COMMON',
  'PMUMAP_CORE_FIXED',
  'PMUMAP_CORE_EVENT',
];

const C_TYPES = `#ifndef PMUMAP__CORES_1
#define PMUMAP__CORES_1
/* A vendor core's event: COMMON (an architectural event), FIXED (the event
 * of fixed counter \`fixed\`) or EVENT; \`qualifiers\` is what else selects it
 * ("cmask=0x1 inv"), \`record\` its index in the vendor file. */
enum pmumap_core_event_kind { PMUMAP_CORE_COMMON, PMUMAP_CORE_FIXED, PMUMAP_CORE_EVENT };
struct pmumap_core_event {
  enum pmumap_core_event_kind kind;
  uint16_t code;
  uint16_t umask;
  int8_t fixed;
  const char *qualifiers;
  const char *name;
  uint32_t record;
};
#endif`;

export function cCores(part: Model): string[] {
  if (part.cores.length === 0 && part.systems.length === 0) return [];
  const out: string[] = [C_TYPES, ''];
  for (const core of part.cores) {
    const list = rows(core);
    out.push(
      `/* Core ${core.name}${core.doc ? `: ${cComment(core.doc)}` : ''} (pmu ${core.pmu}${core.source ? `, vendor ${cComment(core.source)}` : ''}) */`,
      ...(core.id ? [`#define ${cCoreMacro(core.name, 'ID')} ${core.id}ULL`] : []),
      ...(core.counters !== undefined
        ? [`#define ${cCoreMacro(core.name, 'COUNTERS')} ${core.counters}`]
        : []),
      `#define ${cCoreMacro(core.name, 'NR_EVENTS')} ${list.length}`,
      `static const struct pmumap_core_event ${cCoreEvents(core.name)}[${Math.max(list.length, 1)}] = {`,
      ...list.map(
        (r) =>
          `  {PMUMAP_CORE_${r.kind}, ${r.code}, ${r.umask}, ${r.fixed}, ${cString(r.qualifiers)}, ${cString(r.name)}, ${r.record}},`,
      ),
      ...(list.length === 0 ? ['  {PMUMAP_CORE_EVENT, 0, 0, -1, "", "", 0},'] : []),
      '};',
      '',
    );
  }
  for (const s of part.systems) {
    out.push(
      `/* System ${s.name}${s.doc ? `: ${cComment(s.doc)}` : ''} */`,
      `#define ${cSystemNrCores(s.name)} ${s.cores.length}`,
      `static const char *const ${cSystemCores(s.name)}[${s.cores.length}] = {${s.cores.map(cString).join(', ')}};`,
      '',
    );
  }
  return out;
}

const KIND = { COMMON: 'Common', FIXED: 'Fixed', EVENT: 'Event' } as const;

export function rustCores(part: Model): string[] {
  if (part.cores.length === 0 && part.systems.length === 0) return [];
  const out: string[] = [];
  for (const core of part.cores) {
    const N = upper(core.name);
    const list = rows(core);
    out.push(
      `/// Core ${commentText(core.name)}${core.doc ? `: ${commentText(core.doc)}` : ''} (pmu ${core.pmu})`,
      ...(core.id ? [`pub const CORE_${N}_ID: u64 = ${core.id};`] : []),
      ...(core.counters !== undefined
        ? [`pub const CORE_${N}_COUNTERS: u32 = ${core.counters};`]
        : []),
      `pub const CORE_${N}_EVENTS: &[CoreEvent] = &[`,
      ...list.map(
        (r) =>
          `    CoreEvent { kind: CoreEventKind::${KIND[r.kind]}, code: ${r.code}, umask: ${r.umask}, fixed: ${r.fixed}, qualifiers: ${rustString(r.qualifiers)}, name: ${rustString(r.name)}, record: ${r.record} },`,
      ),
      '];',
      '',
    );
  }
  for (const s of part.systems) {
    out.push(
      `/// System ${commentText(s.name)}${s.doc ? `: ${commentText(s.doc)}` : ''}`,
      `pub const SYSTEM_${upper(s.name)}_CORES: &[&str] = &[${s.cores.map((c) => rustString(c)).join(', ')}];`,
      '',
    );
  }
  return out;
}
