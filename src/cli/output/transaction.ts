/**
 * Carrying out a plan all or nothing. Every new file is first written into a
 * private directory created inside the output directory (mkdtemp: 0700, a
 * random name nobody can plant a link at, files created exclusively), so a
 * failure while writing changes nothing. Then each file is renamed into
 * place, the file it replaces (and each stale file) moved aside into the
 * private directory rather than deleted; if any step fails, every step is
 * undone in reverse and the private directory removed, and only when all
 * succeeded are the replaced files dropped.
 */
import { mkdirSync, mkdtempSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parentsOf } from './generated-path.ts';
import { JOURNAL_NAME, journalText, TEMP_PREFIX } from './leftovers.ts';
import type { FileToWrite } from './plan.ts';
import { lstatOrUndefined, sha256 } from './safe-read.ts';

type Step =
  | { readonly kind: 'mkdir'; readonly dir: string }
  | { readonly kind: 'aside'; readonly path: string }
  | { readonly kind: 'place'; readonly path: string };

export function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : 'error');
}

/** A failed step: what failed, on which path, and whether everything was put back. */
export class TransactionError extends Error {
  readonly code: string;
  readonly path: string;
  /** The first file that could not be put back (it stays in `dir`), if any. */
  readonly kept: string | undefined;
  readonly dir: string;

  constructor(code: string, path: string, kept: string | undefined, dir: string) {
    super(`${code} on '${path}'`);
    this.code = code;
    this.path = path;
    this.kept = kept;
    this.dir = dir;
  }
}

export class OutputTransaction {
  /** The private directory: `new/` holds the files to place, `old/` the ones they replace. */
  readonly dir: string;
  private readonly steps: Step[] = [];
  private readonly fresh: string;
  private readonly old: string;
  private readonly out: string;
  private readonly writes: readonly FileToWrite[];
  private readonly removals: readonly string[];

  /** Write every new file into a fresh private directory in `out`; throws (having removed it) on failure. */
  constructor(out: string, writes: readonly FileToWrite[], removals: readonly string[]) {
    this.out = out;
    this.writes = writes;
    this.removals = removals;
    try {
      this.dir = mkdtempSync(join(out, TEMP_PREFIX));
    } catch (e) {
      throw new TransactionError(errorCode(e), out, undefined, '');
    }
    this.fresh = join(this.dir, 'new');
    this.old = join(this.dir, 'old');
    let current = this.dir;
    try {
      mkdirSync(this.fresh, 0o700);
      mkdirSync(this.old, 0o700);
      current = join(this.dir, JOURNAL_NAME);
      const placing = writes.map((w) => ({ path: w.path, sha256: sha256(w.contents) }));
      writeFileSync(current, journalText(placing), { flag: 'wx', mode: 0o600 });
      for (const w of writes) {
        current = join(out, w.path);
        for (const d of parentsOf(w.path)) makeDirIfMissing(join(this.fresh, d));
        writeFileSync(join(this.fresh, w.path), w.contents, { flag: 'wx' });
      }
    } catch (e) {
      this.discard();
      throw new TransactionError(errorCode(e), current, undefined, this.dir);
    }
  }

  /** Move everything into place; on failure undo every step and throw. */
  commit(): void {
    let current = this.out;
    try {
      for (const w of this.writes) {
        current = join(this.out, w.path);
        this.makeParents(w.path);
        if (lstatOrUndefined(current)) this.moveAside(w.path);
        renameSync(join(this.fresh, w.path), current);
        this.steps.push({ kind: 'place', path: w.path });
      }
      for (const path of this.removals) {
        current = join(this.out, path);
        this.moveAside(path);
      }
    } catch (e) {
      const code = errorCode(e);
      const kept = this.rollback();
      if (kept === undefined) this.discard();
      throw new TransactionError(code, current, kept, this.dir);
    }
  }

  /**
   * Undo every step, newest first. Returns undefined when all was put back,
   * else the first path that could not be (the private directory is then
   * kept, holding it).
   */
  rollback(): string | undefined {
    let failed: string | undefined;
    for (const step of this.steps.reverse()) {
      try {
        if (step.kind === 'place')
          renameSync(join(this.out, step.path), join(this.fresh, step.path));
        else if (step.kind === 'aside')
          renameSync(join(this.old, step.path), join(this.out, step.path));
        else rmdirSync(join(this.out, step.dir));
      } catch {
        if (step.kind !== 'mkdir') failed ??= step.path;
      }
    }
    this.steps.length = 0;
    return failed;
  }

  /** Drop the private directory with the replaced files, then the directories the removals emptied. */
  finish(): void {
    this.discard();
    const dirs = new Set(this.removals.flatMap((p) => parentsOf(p)));
    for (const dir of [...dirs].sort((a, b) => b.length - a.length)) {
      try {
        rmdirSync(join(this.out, dir));
      } catch {
        // not empty: it holds other files
      }
    }
  }

  discard(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The name of the private directory, as the output directory lists it. */
  get name(): string {
    return basename(this.dir);
  }

  private makeParents(path: string): void {
    for (const d of parentsOf(path)) {
      const full = join(this.out, d);
      const st = lstatOrUndefined(full);
      if (st?.isDirectory()) continue;
      if (st) throw Object.assign(new Error(`'${full}' is not a directory`), { code: 'ENOTDIR' });
      mkdirSync(full);
      this.steps.push({ kind: 'mkdir', dir: d });
    }
  }

  private moveAside(path: string): void {
    for (const d of parentsOf(path)) makeDirIfMissing(join(this.old, d));
    renameSync(join(this.out, path), join(this.old, path));
    this.steps.push({ kind: 'aside', path });
  }
}

function makeDirIfMissing(dir: string): void {
  if (!lstatOrUndefined(dir)) mkdirSync(dir, 0o700);
}
