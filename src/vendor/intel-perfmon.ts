/**
 * `pmumap import intel-perfmon`: intel/perfmon (BSD-3-Clause) core event
 * files to pmumap DSL, one `core` per `<DIR>/events/*_core.json`.
 *
 * Each vendor file is an object with "Header" ("Info" names the product)
 * and "Events": records with "EventName", "EventCode" (hex, sometimes two:
 * "0xB7, 0xBB"), "UMask" (hex, sometimes several) and "Counter" (a list of
 * general-purpose counter indices, "0,1,2,3", or "Fixed counter k").
 * mapfile.csv maps CPUID family-model strings to the files, and for hybrid
 * parts gives the core type. The generated file keeps one line per record
 * with the record's index (`@i`) and no descriptions.
 */
import {
  compareNames,
  dslIdentifier,
  errorMessage,
  headerLines,
  hiddenName,
  isRecord,
  OutputNames,
  parseJson,
  parseVendorHex,
  readVendorText,
  sortFiles,
  type ImportOptions,
  type ImportResult,
  type ListVendorDir,
  type ReadVendorFile,
  type VendorFile,
  type VendorProblem,
} from './dsl-text.ts';

import { codeWidthProblem, type EventSpace } from './core-code-width.ts';
import { DslWriter, writeCore, type CoreItemSpec } from './dsl-writer.ts';
import { HYBRID_FILE, hybridSystems } from './intel-hybrid.ts';

const MAPFILE = 'mapfile.csv';
const CORE_SUFFIX = '_core.json';

/** The pmu every imported core implements, and the tables that declare it (relative to the output folder). */
const PMU = 'intel_core';
export const INTEL_ARCH_IMPORT = '../../x86/arch.pmumap';

/** One mapfile.csv row that names a core event file. */
interface MapRow {
  readonly familyModel: string;
  readonly coreType: string;
  readonly nativeModelId: string;
  readonly coreRole: string;
}

/**
 * "GenuineIntel-6-97" -> 0x97; "GenuineIntel-6-55-[01234]" (a stepping
 * pattern) -> 0x55; "GenuineIntel-18-1" -> 0x1. Undefined if not that shape.
 */
export function intelModel(familyModel: string): number | undefined {
  const m = /^GenuineIntel-[0-9A-Fa-f]+-([0-9A-Fa-f]{1,4})(?:-.*)?$/.exec(familyModel.trim());
  return m?.[1] === undefined ? undefined : parseInt(m[1], 16);
}

/** mapfile.csv rows by event file path (relative, without the leading `/`). */
function readMapfile(
  read: ReadVendorFile,
  problems: VendorProblem[],
): Map<string, MapRow[]> | undefined {
  const text = readVendorText(read, MAPFILE, problems, 'no id lines');
  if (text === undefined) return undefined;
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const col = (name: string): number => header.indexOf(name);
  const fm = col('Family-model');
  const fn = col('Filename');
  if (fm < 0 || fn < 0) {
    problems.push({
      file: MAPFILE,
      message: 'no "Family-model" and "Filename" columns: no id lines',
    });
    return undefined;
  }
  const ct = col('Core Type');
  const nm = col('Native Model ID');
  const cr = col('Core Role Name');
  const rows = new Map<string, MapRow[]>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const cells = line.split(',').map((c) => c.trim());
    const file = (cells[fn] ?? '').replace(/^\/+/, '');
    const familyModel = cells[fm] ?? '';
    if (file === '' || familyModel === '') {
      problems.push({ file: MAPFILE, record: i, message: 'row without family-model or file' });
      continue;
    }
    if (!file.endsWith(CORE_SUFFIX)) continue;
    const row: MapRow = {
      familyModel,
      coreType: ct < 0 ? '' : (cells[ct] ?? ''),
      nativeModelId: nm < 0 ? '' : (cells[nm] ?? ''),
      coreRole: cr < 0 ? '' : (cells[cr] ?? ''),
    };
    const list = rows.get(file);
    if (list === undefined) rows.set(file, [row]);
    else list.push(row);
  }
  return rows;
}

/**
 * The `id` line for a core file: the first family-model's model as the
 * number; the text lists every family-model (mapfile order, no repeats),
 * grouped by hybrid core type, e.g. "GenuineIntel-6-97, GenuineIntel-6-9A;
 * core type 0x20 Atom (native model id 0x000001)". Groups are joined with
 * " | " when one file serves both hybrid and non-hybrid parts.
 */
function idOf(
  rel: string,
  rows: readonly MapRow[],
  problems: VendorProblem[],
): { value: number; digits: number; text: string } | undefined {
  let model: number | undefined;
  for (const r of rows) {
    model = intelModel(r.familyModel);
    if (model !== undefined) break;
  }
  if (model === undefined) {
    problems.push({
      file: rel,
      message: `no family-model in ${MAPFILE} has a model number: no id line`,
    });
    return undefined;
  }
  const groups = new Map<string, string[]>();
  for (const r of rows) {
    const parts: string[] = [];
    if (r.coreType !== '') parts.push(`core type ${r.coreType}`);
    if (r.coreRole !== '') parts.push(r.coreRole);
    if (r.nativeModelId !== '') parts.push(`(native model id ${r.nativeModelId})`);
    const key = parts.join(' ');
    const fms = groups.get(key) ?? [];
    if (!fms.includes(r.familyModel)) fms.push(r.familyModel);
    groups.set(key, fms);
  }
  const text = [...groups]
    .map(([key, fms]) => (key === '' ? fms.join(', ') : `${fms.join(', ')}; ${key}`))
    .join(' | ');
  return { value: model, digits: 2, text };
}

const FIXED = /^\s*Fixed counter\s+(\d{1,3})\s*$/i;
const GP_LIST = /^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/;

/** The first of a vendor's comma-separated hex values ("0xB7, 0xBB" -> 0xb7). */
function firstHex(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  return parseVendorHex(value.split(',')[0] ?? '');
}

function convert(
  rel: string,
  stem: string,
  doc: Record<string, unknown>,
  sourceLabel: string,
  mapRows: readonly MapRow[] | undefined,
  problems: VendorProblem[],
  space: EventSpace | undefined,
): VendorFile | undefined {
  const events = doc['Events'];
  if (!Array.isArray(events)) {
    problems.push({ file: rel, message: 'no "Events" array: file skipped' });
    return undefined;
  }
  const header = doc['Header'];
  const info = isRecord(header) ? header['Info'] : undefined;
  let display: string;
  if (typeof info === 'string' && info !== '') {
    display = info;
  } else {
    display = stem;
    problems.push({ file: rel, message: 'no "Header.Info": the core is named after the file' });
  }

  const items: CoreItemSpec[] = [];
  let maxCounter = -1;
  /** True (and an error problem) when the encoding does not fit the pmu's event space. */
  const tooWide = (i: number, code: number | undefined, umask: number | undefined): boolean => {
    if (space === undefined || code === undefined) return false;
    const problem = codeWidthProblem(
      space,
      BigInt(code),
      umask === undefined ? undefined : BigInt(umask),
    );
    if (problem === undefined) return false;
    problems.push({
      file: rel,
      record: i,
      message: `${problem.text} of pmu '${PMU}': skipped`,
      severity: 'error',
    });
    return true;
  };
  events.forEach((record: unknown, i) => {
    if (!isRecord(record)) {
      problems.push({ file: rel, record: i, message: 'event record is not an object: skipped' });
      return;
    }
    const name = record['EventName'];
    if (typeof name !== 'string' || name === '') {
      problems.push({ file: rel, record: i, message: 'event has no "EventName": skipped' });
      return;
    }
    const counter = record['Counter'];
    const fixed = typeof counter === 'string' ? FIXED.exec(counter) : null;
    if (fixed?.[1] !== undefined) {
      const code = firstHex(record['EventCode']);
      const umask = firstHex(record['UMask']);
      if (tooWide(i, code, umask)) return;
      items.push({
        kind: 'fixed',
        index: Number(fixed[1]),
        ...(code === undefined ? {} : { code, ...(umask === undefined ? {} : { umask }) }),
        name,
        record: i,
      });
      return;
    }
    if (typeof counter !== 'string' || !GP_LIST.test(counter)) {
      problems.push({
        file: rel,
        record: i,
        message: `"Counter" ${JSON.stringify(counter)} is neither a counter list nor "Fixed counter k": skipped`,
      });
      return;
    }
    const code = firstHex(record['EventCode']);
    const umask = firstHex(record['UMask']);
    if (code === undefined || umask === undefined) {
      problems.push({
        file: rel,
        record: i,
        message: `"EventCode" ${JSON.stringify(record['EventCode'])} or "UMask" ${JSON.stringify(record['UMask'])} is not hex: skipped`,
      });
      return;
    }
    if (tooWide(i, code, umask)) return;
    for (const n of counter.split(',')) maxCounter = Math.max(maxCounter, Number(n.trim()));
    items.push({ kind: 'event', code, umask, qualifiers: qualifiers(record), name, record: i });
  });

  const oneBased = numbersFixedFromOne(items);
  const w = new DslWriter();
  w.raw(`${headerLines('intel-perfmon', sourceLabel, rel, 'BSD-3-Clause').join('\n')}\n\n`);
  const imported = w.importDecl(INTEL_ARCH_IMPORT);
  w.raw('\n\n');
  if (oneBased)
    w.raw(
      `// This file numbers its fixed counters from 1 ("Fixed counter 1" counts what\n// IA32_FIXED_CTR0 counts): each "Fixed counter k" is read as fixed counter k-1.\n`,
    );
  const id = mapRows !== undefined && mapRows.length > 0 ? idOf(rel, mapRows, problems) : undefined;
  const core = writeCore(w, {
    ident: dslIdentifier(stem),
    display,
    pmu: PMU,
    source: rel,
    ...(id ? { id } : {}),
    ...(maxCounter >= 0 ? { counters: maxCounter + 1 } : {}),
    codeDigits: 2,
    items: oneBased
      ? items.map((it) => (it.kind === 'fixed' ? { ...it, index: (it.index ?? 1) - 1 } : it))
      : items,
  });
  w.raw('\n');
  return { name: `${stem}.pmumap`, text: w.text, decls: [imported, core] };
}

/**
 * Some older files (Bonnell, Silvermont, Nehalem, Westmere) say "Fixed
 * counter 1" for IA32_FIXED_CTR0: their INST_RETIRED.ANY, which the SDM puts
 * on fixed counter 0, is "Fixed counter 1". A file with fixed counters and no
 * "Fixed counter 0" numbers from 1, since every architectural PMU with fixed
 * counters has fixed counter 0.
 */
function numbersFixedFromOne(items: readonly CoreItemSpec[]): boolean {
  const fixed = items.flatMap((it) => (it.kind === 'fixed' ? [it.index ?? 0] : []));
  return fixed.length > 0 && !fixed.includes(0);
}

/**
 * Converts every `<DIR>/events/*_core.json` under the data directory into
 * one DSL file named after the vendor file without `_core`
 * (`clearwaterforest_core.json` -> `clearwaterforest.pmumap`). `read` and
 * `list` take paths relative to the data directory (`list('')` lists the
 * directory itself); `sourceLabel` (e.g. "intel/perfmon@6dadedf3aa48")
 * goes in the header comment. Never throws: anything unusable is a problem.
 */
export function importIntelPerfmon(
  read: ReadVendorFile,
  list: ListVendorDir,
  sourceLabel: string,
  options: ImportOptions = {},
): ImportResult {
  const problems: VendorProblem[] = [];
  const files: VendorFile[] = [];
  const names = new OutputNames();
  names.reserve(HYBRID_FILE, MAPFILE);
  const space = options.eventSpaces?.get(PMU);
  const imported = new Map<string, { ident: string; fileName: string }>();

  let top: string[];
  try {
    top = [...list('')];
  } catch (e) {
    problems.push({ file: '.', message: `cannot list the data directory: ${errorMessage(e)}` });
    return { files, problems };
  }
  const mapfile = readMapfile(read, problems);

  for (const dir of top.sort(compareNames)) {
    // Files at the top (mapfile.csv, LICENSE, ...) and folders without
    // events/ cannot be listed: they are not event folders.
    let entries: string[];
    try {
      entries = [...list(`${dir}/events`)];
    } catch {
      continue;
    }
    const cores = entries.filter((e) => e.endsWith(CORE_SUFFIX)).sort(compareNames);
    const hiddenDir = hiddenName(dir);
    if (hiddenDir !== undefined && cores.length > 0) {
      problems.push({ file: `${dir}/events`, message: hiddenDir });
      continue;
    }
    for (const entry of cores) {
      const rel = `${dir}/events/${entry}`;
      const stem = entry.slice(0, -CORE_SUFFIX.length);
      const hidden =
        hiddenName(entry) ?? (stem === '' ? `no name before ${CORE_SUFFIX}: skipped` : undefined);
      if (hidden !== undefined) {
        problems.push({ file: rel, message: hidden });
        continue;
      }
      const text = readVendorText(read, rel, problems);
      if (text === undefined) continue;
      const parsed = parseJson(text);
      if (!parsed.ok) {
        problems.push({ file: rel, message: `malformed JSON: ${parsed.error}` });
        continue;
      }
      if (!isRecord(parsed.value)) {
        problems.push({ file: rel, message: 'not a JSON object: skipped' });
        continue;
      }
      try {
        const rows = mapfile?.get(rel);
        if (mapfile !== undefined && rows === undefined) {
          problems.push({ file: rel, message: `not in ${MAPFILE}: no id line` });
        }
        const file = convert(rel, stem, parsed.value, sourceLabel, rows, problems, space);
        if (file === undefined) continue;
        const ident = dslIdentifier(stem);
        const taken = names.claim(rel, file.name, ident);
        if (taken !== undefined) {
          problems.push({ file: rel, message: taken });
          continue;
        }
        imported.set(rel, { ident, fileName: file.name });
        files.push(file);
      } catch (e) {
        problems.push({ file: rel, message: `internal: ${errorMessage(e)}` });
      }
    }
  }
  const rows = [...(mapfile ?? [])].flatMap(([file, list]) => list.map((r) => ({ ...r, file })));
  const hybrid = hybridSystems(rows, imported, sourceLabel);
  if (hybrid) files.push(hybrid);
  return { files: sortFiles(files), problems };
}

/**
 * What selects an event besides code and umask, so that two records with
 * the same code:umask stay distinct (the cross-check PM2603 compares them
 * all): counter mask, invert, edge, any-thread, the extended umask and the
 * offcore-response MSR (the first index, like the first code) and value.
 */
function qualifiers(
  record: Readonly<Record<string, unknown>>,
): { name: string; value?: bigint; hex?: boolean }[] {
  const out: { name: string; value?: bigint; hex?: boolean }[] = [];
  const num = (key: string): bigint | undefined => {
    const v = record[key];
    if (typeof v !== 'string' && typeof v !== 'number') return undefined;
    const first = String(v).split(',')[0]?.trim() ?? '';
    if (!/^(0[xX][0-9a-fA-F]+|\d+)$/.test(first)) return undefined;
    const n = BigInt(first.toLowerCase());
    return n === 0n ? undefined : n;
  };
  const cmask = num('CounterMask');
  if (cmask !== undefined) out.push({ name: 'cmask', value: cmask });
  if (num('Invert') !== undefined) out.push({ name: 'inv' });
  if (num('EdgeDetect') !== undefined) out.push({ name: 'edge' });
  if (num('AnyThread') !== undefined) out.push({ name: 'any' });
  for (const [key, name] of [
    ['UMaskExt', 'umaskext'],
    ['MSRIndex', 'msr'],
    ['MSRValue', 'msrvalue'],
  ] as const) {
    const value = num(key);
    if (value !== undefined) out.push({ name, value, hex: true });
  }
  return out;
}
