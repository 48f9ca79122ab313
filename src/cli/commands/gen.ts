/**
 * `pmumap gen [--check] [--out DIR] [--emit ts,json,c,rust] [--force] [--json]`:
 * write the generated tables, or with --check compare them byte for byte and
 * exit 1 on drift. A model the C or Rust emitter cannot express is an error
 * (exit 1, nothing written).
 * gen owns only the files it wrote (output/plan.ts), and changes its output
 * directory all or nothing (output/transaction.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Target, TargetFile } from '../../emit/index.ts';
import { emitAll, TARGETS } from '../../emit/index.ts';
import { EmitError } from '../../emit/native-model.ts';
import type { ParsedArgs } from '../args.ts';
import { single, UsageError } from '../args.ts';
import type { CliIo } from '../io.ts';
import { loadModel } from '../load-model.ts';
import { findDrift } from '../output/drift.ts';
import { removeLeftovers } from '../output/leftovers.ts';
import { MANIFEST_NAME } from '../output/manifest.ts';
import { createOutputDir, existingOutputDir } from '../output/out-dir.ts';
import type { OutputPlan } from '../output/plan.ts';
import { planOutput } from '../output/plan.ts';
import { driftJson, driftText, obstacleLine, writeJson, writeText } from '../output/report.ts';
import { SignalGuard, signalStatus } from '../output/signals.ts';
import { OutputTransaction, TransactionError } from '../output/transaction.ts';

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

/**
 * Where gen writes without --out: `generated/` inside the one tables
 * directory it compiles (`tables/` by default), never a default that belongs
 * to other tables: `gen OTHER_TREE` writing into ./tables/generated would
 * replace the files gen wrote there for ./tables (its manifest owns them).
 */
function defaultOut(cwd: string, positionals: readonly string[]): string {
  const [only, ...more] = positionals;
  const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
  if (only === undefined) {
    if (isDir(resolve(cwd, 'tables'))) return join('tables', 'generated');
    throw new UsageError(
      'no tables/ here to write tables/generated in: name the output with --out DIR',
    );
  }
  if (more.length === 0 && isDir(resolve(cwd, only))) return join(only, 'generated');
  throw new UsageError('gen of a tables file or of several paths needs --out DIR');
}

export async function genCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const targets = parseTargets(single(args, 'emit'));
  const shown = single(args, 'out') ?? defaultOut(io.cwd, args.positionals);
  const json = args.flags.has('json');
  // A file or a dangling link as --out is refused before the tables compile.
  const existing = existingOutputDir(resolve(io.cwd, shown), shown);
  // Generated names and tables lines come from paths relative to the tables
  // root's parent, never from the working directory (rebaseSources).
  const loaded = await loadModel(io, args.positionals, !args.flags.has('no-cache'), {
    rebase: true,
  });
  if (!loaded) return 1;
  let generated: TargetFile[];
  try {
    generated = emitAll(
      loaded.model,
      loaded.files.map((f) => f.path),
      targets,
    );
  } catch (e) {
    if (!(e instanceof EmitError)) throw e;
    io.stderr(`error: cannot generate the tables: ${e.message}\n`);
    return 1;
  }

  if (args.flags.has('check')) {
    const drift = unreadableAsUsage(shown, () => findDrift(existing, generated, targets));
    if (json) io.stdout(driftJson(drift, generated.length));
    else {
      const text = driftText(drift, generated.length);
      io.stdout(text.stdout);
      io.stderr(text.stderr);
    }
    return drift.length === 0 ? 0 : 1;
  }

  const out = existing ?? resolve(io.cwd, shown);
  if (existing === undefined) createOutputDir(out, shown);
  const plan = unreadableAsUsage(shown, () =>
    planOutput({ out, files: generated, targets, force: args.flags.has('force') }),
  );
  const blocking = plan.obstacles.filter((o) => o.hard || !args.flags.has('force'));
  if (blocking.length > 0) throw new UsageError(obstacleLine(shown, blocking));
  const leftoversRemoved: string[] = [];
  const interrupted = await carryOut(io, out, shown, plan, leftoversRemoved);
  if (interrupted !== undefined) return interrupted;
  const summary = {
    out: shown,
    written: plan.writes.map((w) => w.path).filter((p) => p !== MANIFEST_NAME),
    unchanged: plan.unchanged,
    removed: [...plan.removals],
    leftoversRemoved,
  };
  io.stdout(json ? writeJson(summary) : writeText(summary));
  return 0;
}

/** An output directory gen may not read (EACCES...) is a usage error naming it, not a crash. */
function unreadableAsUsage<T>(shown: string, look: () => T): T {
  try {
    return look();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw e;
    throw new UsageError(`cannot read --out '${shown}': ${code}`);
  }
}

/** Apply the plan all or nothing; the exit status when a signal undid it, else undefined. */
async function carryOut(
  io: CliIo,
  out: string,
  shown: string,
  plan: OutputPlan,
  removed: string[],
): Promise<number | undefined> {
  const guard = new SignalGuard();
  try {
    removed.push(...removeLeftovers(out, plan.leftovers));
    if (plan.writes.length === 0 && plan.removals.length === 0) return undefined;
    let tx: OutputTransaction;
    try {
      tx = new OutputTransaction(out, plan.writes, plan.removals);
      tx.commit();
    } catch (e) {
      if (!(e instanceof TransactionError)) throw e;
      const where = `${e.code} on '${join(shown, relative(out, e.path))}'`;
      const outcome =
        e.kept === undefined
          ? 'the previous files were restored, nothing was changed'
          : `could not restore '${e.kept}': it is kept in ${e.dir}`;
      throw new UsageError(`cannot write --out '${shown}': ${where}; ${outcome}`);
    }
    const signal = await guard.pending();
    if (signal !== undefined) {
      const kept = tx.rollback();
      if (kept === undefined) tx.discard();
      io.stderr(
        `pmumap: gen interrupted by ${signal}: ${kept === undefined ? 'the previous files were restored, nothing was changed' : `could not restore '${kept}', kept in ${tx.name}`}\n`,
      );
      return signalStatus(signal);
    }
    tx.finish();
    return undefined;
  } finally {
    guard.release();
  }
}
