/**
 * `pmumap import arm-data DIR [--out OUTDIR]` and `pmumap import
 * intel-perfmon DIR [--out OUTDIR]`: one tables file per core from the
 * vendor's event data, written all or nothing, with the vendor's licence
 * beside them. Deterministic: re-running on the same data changes nothing.
 * The cross-checks are the checker's (PM2601-PM2604): run `pmumap check`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ImportResult } from '../../vendor/dsl-text.ts';
import { importArmData } from '../../vendor/arm-data.ts';
import { importIntelPerfmon } from '../../vendor/intel-perfmon.ts';
import type { ParsedArgs } from '../args.ts';
import { single, UsageError } from '../args.ts';
import type { CliIo } from '../io.ts';
import { ensureDir, writeAllAtomically } from '../write-files.ts';
import { cacheDir } from '../cache.ts';
import { compilerFingerprint } from '../fingerprint.ts';
import { sourcePath } from '../sources.ts';
import { seedAsts } from '../ast-cache.ts';
import { rmSync } from 'node:fs';

const KINDS = {
  'arm-data': { importer: importArmData, out: 'tables/vendor/arm' },
  'intel-perfmon': { importer: importIntelPerfmon, out: 'tables/vendor/intel' },
} as const;

/** "ARM-software/data@6aeb4c89a62b" from the data's SOURCE.txt, else the directory name. */
function sourceLabel(dir: string): string {
  try {
    const text = readFileSync(join(dir, 'SOURCE.txt'), 'utf8');
    const m = /Source:\s*(\S+) at commit ([0-9a-f]{12})/.exec(text);
    if (m) return `${m[1]}@${m[2]}`;
  } catch {
    // no SOURCE.txt
  }
  return dir.split('/').filter(Boolean).pop() ?? dir;
}

export async function importCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const [kind, dirArg, ...rest] = args.positionals;
  const spec = KINDS[kind as keyof typeof KINDS];
  if (!spec)
    throw new UsageError(
      `import needs a kind: ${Object.keys(KINDS).join(' or ')} (found '${kind ?? ''}')`,
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
  const read = (rel: string) => readFileSync(join(dir, rel), 'utf8');
  const list = (rel: string) => {
    try {
      return readdirSync(join(dir, rel)).sort();
    } catch {
      return [];
    }
  };
  const started = performance.now();
  const result: ImportResult = spec.importer(read, list, sourceLabel(dir));
  if (result.files.length === 0) throw new UsageError(`'${dirArg}': no ${kind} core files found`);
  const out = resolve(io.cwd, single(args, 'out') ?? spec.out);
  ensureDir(out, '--out');
  // The vendor's licence travels with what is derived from its data.
  let licence: string | undefined;
  try {
    licence = read('LICENSE');
  } catch {
    licence = undefined;
  }
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
  io.stdout(
    `imported ${result.files.length} file(s) (${(bytes / 1024).toFixed(0)} KiB) from ${dirArg} into ${single(args, 'out') ?? spec.out} in ${ms.toFixed(0)} ms\n`,
  );
  for (const p of result.problems) {
    io.stdout(
      `  skipped ${p.file}${p.record !== undefined ? ` record ${p.record}` : ''}: ${p.message}\n`,
    );
  }
  return 0;
}
