/**
 * `pmumap gen [--check] [--out DIR] [--emit ts,json,c,rust]`: write the
 * generated tables, or with --check compare them byte for byte and exit 1
 * on drift. A model the C or Rust emitter cannot express is an error (exit
 * 1, nothing written).
 * Files are written to a temporary name and renamed, so an interrupted run
 * never leaves a half-written table.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Target } from '../../emit/index.ts';
import { emitAll, TARGETS } from '../../emit/index.ts';
import type { GeneratedFile } from '../../emit/generated-file.ts';
import { EmitError } from '../../emit/native-model.ts';
import type { ParsedArgs } from '../args.ts';
import { single, UsageError } from '../args.ts';
import type { CliIo } from '../io.ts';
import { ensureDir, writeAllAtomically } from '../write-files.ts';
import { loadModel } from '../load-model.ts';

/** The file name ending of each target's output. */
const EXTENSION: Readonly<Record<Target, string>> = {
  ts: '.ts',
  json: '.json',
  c: '.h',
  rust: '.rs',
};

function parseTargets(text: string | undefined): Target[] {
  if (text === undefined) return [...TARGETS];
  const wanted = text.split(',').map((t) => t.trim());
  for (const t of wanted) {
    if (!(TARGETS as readonly string[]).includes(t)) {
      throw new UsageError(`unknown --emit target '${t}' (expected ${TARGETS.join(', ')})`);
    }
  }
  return wanted as Target[];
}

export async function genCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const targets = parseTargets(single(args, 'emit'));
  const out = resolve(io.cwd, single(args, 'out') ?? 'tables/generated');
  // Generated names and tables lines come from paths relative to the tables
  // root's parent, never from the working directory (rebaseSources).
  const loaded = await loadModel(io, args.positionals, !args.flags.has('no-cache'), {
    rebase: true,
  });
  if (!loaded) return 1;
  const { files } = loaded;
  let generated: GeneratedFile[];
  try {
    generated = emitAll(
      loaded.model,
      files.map((f) => f.path),
      targets,
    );
  } catch (e) {
    if (!(e instanceof EmitError)) throw e;
    io.stderr(`error: cannot generate the tables: ${e.message}\n`);
    return 1;
  }
  const expected = new Set(generated.map((g) => g.path));
  // Only files of the targets asked for can be stale: `--emit ts` leaves the .json, .h, .rs alone.
  const extensions = targets.map((t) => EXTENSION[t]);
  const existing = existsSync(out)
    ? readdirSync(out).filter((n) => extensions.some((e) => n.endsWith(e)))
    : [];

  if (args.flags.has('check')) {
    const stale: string[] = [];
    for (const g of generated) {
      const path = join(out, g.path);
      const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      if (current !== g.contents)
        stale.push(current === undefined ? `${g.path} (missing)` : `${g.path} (differs)`);
    }
    for (const name of existing)
      if (!expected.has(name)) stale.push(`${name} (no longer generated)`);
    if (stale.length > 0) {
      io.stderr(
        `generated tables are out of date:\n${stale.map((s) => `  ${s}`).join('\n')}\nrun: npm run gen\n`,
      );
      return 1;
    }
    io.stdout(`${generated.length} generated file(s) up to date\n`);
    return 0;
  }

  ensureDir(out, '--out');
  writeAllAtomically(out, generated, '--out');
  for (const name of existing) if (!expected.has(name)) rmSync(join(out, name));
  io.stdout(`wrote ${generated.length} file(s) to ${single(args, 'out') ?? 'tables/generated'}\n`);
  return 0;
}
