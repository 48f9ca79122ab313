/**
 * `pmumap import arm-data`: ARM-software/data (Apache-2.0) PMU event files
 * to pmumap DSL, one `core` per `pmu/<core>.json` that has a "cpuid".
 *
 * Each vendor file is an object with "cpu" (the core's name), "cpuid" (a
 * hex string, implementer << 12 | part number, e.g. "0x41d05" for Arm
 * Cortex-A55), "architecture", "pmu_architecture", optional "counters" and
 * "events": records with an integer "code", an optional "name" and an
 * optional "architectural" flag. The generated file keeps one line per
 * record with the record's index (`@i`) and no descriptions; the vendor
 * JSON keeps them.
 */
import {
  commentText,
  compareNames,
  dslIdentifier,
  errorMessage,
  formatHex,
  headerLines,
  hiddenName,
  isDslIdentifier,
  isRecord,
  OutputNames,
  parseJson,
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

const PMU_DIR = 'pmu';

/** The pmu every imported core implements, and the tables that declare it (relative to the output folder). */
const PMU = 'pmuv3';
export const ARM_ARCH_IMPORT = '../../arm64/arch.pmumap';

/** The architecture-wide event lists and the data's JSON Schema describe no core (skipped without a problem). */
const COMMON_FILE = /^(common_armv\d+|pmu-schema)\.json$/;

/**
 * MIDR_EL1 with Variant and Revision cleared, as Linux's
 * MIDR_CPU_MODEL(imp, partnum) builds it (arch/arm64/include/asm/cputype.h):
 * Implementer (31:24), Architecture = 0xF (19:16), PartNum (15:4).
 */
export function midrCpuModel(implementer: number, part: number): number {
  return ((implementer << 24) | (0xf << 16) | (part << 4)) >>> 0;
}

/** "0x41d05" -> implementer 0x41, part 0xd05; undefined unless 1 to 5 hex digits. */
export function parseArmCpuid(cpuid: string): { implementer: number; part: number } | undefined {
  const m = /^0[xX]([0-9A-Fa-f]{1,5})$/.exec(cpuid);
  if (m?.[1] === undefined) return undefined;
  const v = parseInt(m[1], 16);
  return { implementer: v >>> 12, part: v & 0xfff };
}

/** PMUv3 common event numbers: 0x0000-0x003F and 0x4000-0x403F (PMCEID0/1). */
function isCommonCode(code: number): boolean {
  return code < 0x40 || (code >= 0x4000 && code <= 0x403f);
}

interface Converted {
  readonly file: VendorFile;
  readonly ident: string;
}

function convert(
  rel: string,
  stem: string,
  doc: Record<string, unknown>,
  sourceLabel: string,
  problems: VendorProblem[],
  space: EventSpace | undefined,
): Converted | undefined {
  const events = doc['events'];
  if (!Array.isArray(events)) {
    problems.push({ file: rel, message: 'no "events" array: file skipped' });
    return undefined;
  }

  const cpuidRaw = doc['cpuid'];
  const cpuid = typeof cpuidRaw === 'string' ? parseArmCpuid(cpuidRaw) : undefined;
  if (cpuid === undefined) {
    problems.push({
      file: rel,
      message: `"cpuid" ${JSON.stringify(cpuidRaw)} is not a hex string of up to 5 digits: no id line`,
    });
  }

  let name: string;
  if (typeof doc['cpu'] === 'string' && doc['cpu'] !== '') {
    name = doc['cpu'];
  } else {
    name = stem;
    problems.push({ file: rel, message: `no "cpu" name: the core is named after the file` });
  }
  const ident = dslIdentifier(name);

  const w = new DslWriter();
  w.raw(`${headerLines('arm-data', sourceLabel, rel, 'Apache-2.0').join('\n')}\n\n`);
  // arch.pmumap brings the pmu the core implements, its events, and the
  // arch `vendor` items that say what generic events each core maps to.
  const imported = w.importDecl(ARM_ARCH_IMPORT);
  w.raw('\n\n');

  const pmuArch = doc['pmu_architecture'];
  if (pmuArch !== 'pmuv3') {
    const shown =
      typeof pmuArch === 'string'
        ? pmuArch
        : pmuArch === undefined
          ? 'none'
          : JSON.stringify(pmuArch);
    w.raw(`// pmu_architecture: ${commentText(shown)}\n`);
  }
  const arch = doc['architecture'];
  if (typeof arch !== 'string')
    problems.push({ file: rel, message: 'no "architecture" string: no arch line' });
  const counters = doc['counters'];
  const countersOk =
    typeof counters === 'number' && Number.isSafeInteger(counters) && counters >= 0;
  if (counters !== undefined && !countersOk) {
    problems.push({
      file: rel,
      message: `"counters" ${JSON.stringify(counters)} is not a non-negative integer: no counters line`,
    });
  }

  const items: CoreItemSpec[] = [];
  events.forEach((record: unknown, i) => {
    if (!isRecord(record)) {
      problems.push({ file: rel, record: i, message: 'event record is not an object: skipped' });
      return;
    }
    const code = record['code'];
    if (code === undefined || code === null) {
      problems.push({ file: rel, record: i, message: 'event has no "code": skipped' });
      return;
    }
    if (typeof code !== 'number' || !Number.isSafeInteger(code) || code < 0) {
      problems.push({
        file: rel,
        record: i,
        message: `event "code" ${JSON.stringify(code)} is not a non-negative integer: skipped`,
      });
      return;
    }
    const tooWide = space && codeWidthProblem(space, BigInt(code));
    if (tooWide) {
      problems.push({
        file: rel,
        record: i,
        message: `${tooWide.text} of pmu '${PMU}': skipped`,
        severity: 'error',
      });
      return;
    }
    const rawName = record['name'];
    if (rawName !== undefined && rawName !== null && typeof rawName !== 'string') {
      problems.push({
        file: rel,
        record: i,
        message: `event "name" ${JSON.stringify(rawName)} is not a string: written without a name`,
      });
    }
    const evName = typeof rawName === 'string' ? rawName : undefined;
    const common =
      evName !== undefined &&
      evName !== '' &&
      (record['architectural'] === true || isCommonCode(code)) &&
      isDslIdentifier(evName);
    items.push({ kind: common ? 'common' : 'event', code, name: evName ?? '', record: i });
  });

  const core = writeCore(w, {
    ident,
    display: name,
    pmu: PMU,
    source: rel,
    ...(cpuid !== undefined
      ? {
          id: {
            value: midrCpuModel(cpuid.implementer, cpuid.part),
            digits: 1,
            text: `MIDR implementer ${formatHex(cpuid.implementer, 2)}, part ${formatHex(cpuid.part, 3)}`,
          },
        }
      : {}),
    ...(typeof arch === 'string' ? { arch } : {}),
    ...(countersOk ? { counters } : {}),
    codeDigits: 1,
    items,
  });
  w.raw('\n');
  return { file: { name: `${stem}.pmumap`, text: w.text, decls: [imported, core] }, ident };
}

/**
 * Converts every `pmu/*.json` with a "cpuid" under the data directory into
 * one DSL file named after the vendor file (`cortex-a55.json` ->
 * `cortex-a55.pmumap`). `read` and `list` take paths relative to the data
 * directory; `sourceLabel` (e.g. "ARM-software/data@6aeb4c89a62b") goes in
 * the header comment. Never throws: anything unusable is a problem.
 */
export function importArmData(
  read: ReadVendorFile,
  list: ListVendorDir,
  sourceLabel: string,
  options: ImportOptions = {},
): ImportResult {
  const problems: VendorProblem[] = [];
  const files: VendorFile[] = [];
  const names = new OutputNames();
  const space = options.eventSpaces?.get(PMU);

  let entries: string[];
  try {
    entries = [...list(PMU_DIR)];
  } catch (e) {
    problems.push({ file: PMU_DIR, message: `cannot list: ${errorMessage(e)}` });
    return { files, problems };
  }

  for (const entry of entries.sort(compareNames)) {
    if (!entry.endsWith('.json')) continue;
    if (COMMON_FILE.test(entry)) continue;
    const rel = `${PMU_DIR}/${entry}`;
    const hidden = hiddenName(entry);
    if (hidden !== undefined) {
      problems.push({ file: rel, message: hidden });
      continue;
    }
    const stem = entry.slice(0, -'.json'.length);
    const text = readVendorText(read, rel, problems);
    if (text === undefined) continue;
    const parsed = parseJson(text);
    if (!parsed.ok) {
      problems.push({ file: rel, message: `malformed JSON: ${parsed.error}` });
      continue;
    }
    const doc = parsed.value;
    if (!isRecord(doc)) {
      problems.push({ file: rel, message: 'not a JSON object: skipped' });
      continue;
    }
    if (doc['cpuid'] === undefined) {
      problems.push({ file: rel, message: 'no "cpuid": not a core description, skipped' });
      continue;
    }
    try {
      const converted = convert(rel, stem, doc, sourceLabel, problems, space);
      if (converted === undefined) continue;
      const taken = names.claim(rel, converted.file.name, converted.ident);
      if (taken !== undefined) problems.push({ file: rel, message: taken });
      else files.push(converted.file);
    } catch (e) {
      problems.push({ file: rel, message: `internal: ${errorMessage(e)}` });
    }
  }
  return { files: sortFiles(files), problems };
}
