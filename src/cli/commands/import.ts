/**
 * `pmumap import arm-data DIR [--out OUTDIR]` and `pmumap import
 * intel-perfmon DIR [--out OUTDIR]`: one tables file per core from the
 * vendor's event data, written all or nothing, with the vendor's licence
 * beside them. Deterministic: re-running on the same data changes nothing.
 * The cross-checks are the checker's (PM2601-PM2606): run `pmumap check`.
 * A code wider than the event space the architectural tables declare for
 * the core's pmu is an error here already (the record is skipped, exit 1),
 * by the rule PM2607 applies to a hand-written core line.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeVendorBytes, type ImportResult } from '../../vendor/dsl-text.ts';
import { ARM_ARCH_IMPORT, importArmData } from '../../vendor/arm-data.ts';
import { eventSpacesOf, type EventSpace } from '../../vendor/core-code-width.ts';
import { importIntelPerfmon, INTEL_ARCH_IMPORT } from '../../vendor/intel-perfmon.ts';
import { InputError, readBoundedBytes, readBoundedText } from '../../io/bounded-read.ts';
import { INPUT_LIMITS } from '../../io/input-limits.ts';
import { loadModel } from '../load-model.ts';
import type { ParsedArgs } from '../args.ts';
import { single, UsageError } from '../args.ts';
import { didYouMean } from '../../io/did-you-mean.ts';
import type { CliIo } from '../io.ts';
import { ensureDir, writeAllAtomically } from '../write-files.ts';
import { cacheDir } from '../../project/cache.ts';
import { compilerFingerprint } from '../../project/fingerprint.ts';
import { sourcePath } from '../../project/sources.ts';
import { seedAsts } from '../../project/ast-cache.ts';
import { rmSync } from 'node:fs';

const KINDS = {
  'arm-data': { importer: importArmData, out: 'tables/vendor/arm', arch: ARM_ARCH_IMPORT },
  'intel-perfmon': {
    importer: importIntelPerfmon,
    out: 'tables/vendor/intel',
    arch: INTEL_ARCH_IMPORT,
  },
} as const;

/**
 * The event space of each pmu, from the architectural tables the generated
 * files import (`../../arm64/arch.pmumap` from the output folder), compiled
 * with their tables root (the folder the `..` lead to). Without those
 * tables, a note instead; null when they have errors (printed).
 */
async function eventSpaces(
  io: CliIo,
  out: string,
  arch: string,
  useCache: boolean,
): Promise<{ spaces?: ReadonlyMap<string, EventSpace>; note?: string } | null> {
  if (!existsSync(resolve(out, arch))) {
    return {
      note: `note: ${arch} is not there from the output folder: codes are not checked against the event spaces (pmumap check does it)\n`,
    };
  }
  const root = resolve(out, /^(\.\.\/)*/.exec(arch)?.[0] || '.');
  const loaded = await loadModel(io, [root], useCache);
  return loaded ? { spaces: eventSpacesOf(loaded.model) } : null;
}

/** "ARM-software/data@6aeb4c89a62b" from the data's SOURCE.txt, else the directory name. */
function sourceLabel(dir: string, dirArg: string): string {
  try {
    const text = readBoundedText(join(dir, 'SOURCE.txt'), {
      maxBytes: INPUT_LIMITS.vendorText,
      label: `'${join(dirArg, 'SOURCE.txt')}'`,
    });
    const m = /Source:\s*(\S+) at commit ([0-9a-f]{12})/.exec(text);
    if (m) return `${m[1]}@${m[2]}`;
  } catch (e) {
    // No SOURCE.txt is fine; a FIFO, a device or a huge file there is not.
    if (!(e instanceof InputError) || e.problem !== 'missing') throw e;
  }
  return dir.split('/').filter(Boolean).pop() ?? dir;
}

/**
 * A vendor file that is not data at all: a FIFO, socket or device, or one
 * past the size limit. The importers record an unreadable file as a
 * problem and go on; this one stops the import (one line, exit 2).
 */
function isFatal(e: unknown): e is InputError {
  return (
    e instanceof InputError &&
    (e.problem === 'too-large' || (e.problem === 'not-a-file' && e.detail !== 'a directory'))
  );
}

export async function importCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const [kind, dirArg, ...rest] = args.positionals;
  // Own names only: `import constructor DIR` is an unknown kind, not Object's.
  const spec =
    kind !== undefined && Object.hasOwn(KINDS, kind)
      ? KINDS[kind as keyof typeof KINDS]
      : undefined;
  if (!spec)
    throw new UsageError(
      `import needs a kind: ${Object.keys(KINDS).join(' or ')} (found '${kind ?? ''}')${didYouMean(kind ?? '', Object.keys(KINDS))}`,
    );
  if (!dirArg || rest.length) throw new UsageError(`import ${kind} needs one data directory`);
  const dir = resolve(io.cwd, dirArg);
  try {
    if (!statSync(dir).isDirectory()) throw new Error('ENOTDIR');
  } catch (e) {
    throw new UsageError(
      `'${dirArg}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  // Bytes, read bounded: the importers decode them as strict UTF-8 and name the offset of a bad byte.
  let fatal: InputError | undefined;
  const read = (rel: string): Uint8Array => {
    try {
      return readBoundedBytes(join(dir, rel), {
        maxBytes: INPUT_LIMITS.vendorJson,
        label: `'${join(dirArg, rel)}'`,
      });
    } catch (e) {
      if (isFatal(e)) fatal ??= e;
      throw e;
    }
  };
  const list = (rel: string) => {
    try {
      return readdirSync(join(dir, rel)).sort();
    } catch {
      return [];
    }
  };
  const started = performance.now();
  const out = resolve(io.cwd, single(args, 'out') ?? spec.out);
  const spaces = await eventSpaces(io, out, spec.arch, !args.flags.has('no-cache'));
  if (spaces === null) return 1;
  const result: ImportResult = spec.importer(read, list, sourceLabel(dir, dirArg), {
    ...(spaces.spaces ? { eventSpaces: spaces.spaces } : {}),
  });
  if (fatal) throw fatal;
  if (result.files.length === 0) throw new UsageError(`'${dirArg}': no ${kind} core files found`);
  ensureDir(out, '--out');
  // The vendor's licence travels with what is derived from its data.
  let licence: string | undefined;
  try {
    licence = decodeVendorBytes(read('LICENSE'));
  } catch {
    licence = undefined;
  }
  if (fatal) throw fatal;
  const files = [...result.files.map((f) => ({ path: f.name, contents: f.text }))];
  if (licence !== undefined) files.push({ path: 'LICENSE', contents: licence });
  writeAllAtomically(out, files, '--out');
  const written = new Set(files.map((f) => f.path));
  for (const name of readdirSync(out)) {
    if (name.endsWith('.pmumap') && !written.has(name)) rmSync(join(out, name));
  }
  if (!args.flags.has('no-cache')) {
    // The check that usually follows reads these instead of parsing them again.
    const seeded = result.files.flatMap((f) =>
      f.decls
        ? [{ path: sourcePath(io.cwd, join(out, f.name)), text: f.text, decls: f.decls }]
        : [],
    );
    seedAsts(seeded, cacheDir(io.cwd, io.env), compilerFingerprint());
  }
  const bytes = result.files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const ms = performance.now() - started;
  if (args.flags.has('json')) {
    io.stdout(
      JSON.stringify(
        {
          kind,
          from: dirArg,
          out: single(args, 'out') ?? spec.out,
          files: result.files.map((f) => f.name),
          bytes,
          ms: Math.round(ms),
          skipped: result.problems.map((p) => ({
            file: p.file,
            record: p.record ?? null,
            message: p.message,
          })),
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  io.stdout(
    `imported ${result.files.length} file(s) (${(bytes / 1024).toFixed(0)} KiB) from ${dirArg} into ${single(args, 'out') ?? spec.out} in ${ms.toFixed(0)} ms\n`,
  );
  if (spaces.note) io.stderr(spaces.note);
  // Each problem says what became of its file or record ("skipped", "no id line").
  for (const p of result.problems) {
    const where = `${p.file}${p.record !== undefined ? ` record ${p.record}` : ''}`;
    if (p.severity === 'error') io.stderr(`error: ${where}: ${p.message}\n`);
    else io.stdout(`  ${where}: ${p.message}\n`);
  }
  return result.problems.some((p) => p.severity === 'error') ? 1 : 0;
}
