/**
 * Stable numbers in the C and Rust outputs (issue 16 item 4): pmus and
 * reasons carry the numbers the tables declare (`pmu NAME id N`,
 * `REASON = N`), so a new tables file, even one that sorts before every
 * other, renumbers nothing; reasons may be declared in several files and
 * share one enum. Numbers here are the declarations in
 * tables/arm64/pmus.pmumap, tables/x86/pmus.pmumap and
 * tables/linux/perf.pmumap (before, they came from file and line order:
 * a file sorting first renumbered every pmu, and a second reasons file was
 * refused).
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.ts';
import { emitAll } from '../../src/emit/index.ts';
import { analyse } from '../../src/emit/native-model.ts';
import { ROOT, compileSnippet, shippedSources } from '../helpers.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A new file that sorts before tables/arm64: a pmu and a reasons block of its own. */
const NEW_FILE = {
  path: 'tables/aaa/new.pmumap',
  text: `
pmu aaa_pmu id 4 "a new pmu in a file that sorts first" { counter 0 programmable }
reasons NewRefusal "a second reasons block, in another file" {
  AAA_REFUSED = 18 "a new reason"
}
`,
};

function modelOf(extra: readonly { path: string; text: string }[]) {
  const r = compile([...extra, ...shippedSources()]);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.model!;
}

/** The declared numbers, read off the shipped tables' text (not from pmumap's output). */
function declared(): { pmus: Map<string, number>; reasons: Map<string, number> } {
  const text = (p: string) => readFileSync(join(ROOT, p), 'utf8');
  const pmus = new Map<string, number>();
  for (const p of ['tables/arm64/pmus.pmumap', 'tables/x86/pmus.pmumap'])
    for (const m of text(p).matchAll(/^pmu (\w+)(?: extends \w+)? id (\d+)/gm))
      pmus.set(m[1]!, Number(m[2]));
  const reasons = new Map<string, number>();
  for (const m of text('tables/linux/perf.pmumap').matchAll(/^ {2}([A-Z_0-9]+) = (\d+) "/gm))
    reasons.set(m[1]!, Number(m[2]));
  return { pmus, reasons };
}

describe('C and Rust numbers are declared in the tables', () => {
  it('the shipped tables declare every pmu and reason number', () => {
    const { pmus, reasons } = declared();
    expect(Object.fromEntries(pmus)).toEqual({ pmuv3: 1, apple_m1: 2, intel_core: 3 });
    expect(reasons.size).toBe(17);
    expect(reasons.get('NOT_IMPLEMENTED')).toBe(1);
    expect(reasons.get('HYBRID_HOST')).toBe(17);
  });

  it('a new file sorting first keeps every existing number and adds its own', () => {
    const { pmus, reasons } = declared();
    const a = analyse(modelOf([NEW_FILE]));
    for (const [name, id] of pmus) expect(a.pmuIds.get(name)).toBe(id);
    for (const [code, id] of reasons) expect(a.reasonIds.get(code)).toBe(id);
    expect(a.pmuIds.get('aaa_pmu')).toBe(4);
    expect(a.reasonIds.get('AAA_REFUSED')).toBe(18);
    // One enum for every reason, where reason 1 is declared: it does not move.
    expect(a.reasonFile).toBe('tables/linux/perf.pmumap');
  });

  it('the generated C and Rust spell the declared numbers, with reasons from two files in one enum', () => {
    const model = modelOf([NEW_FILE]);
    const files = emitAll(
      model,
      [NEW_FILE.path, ...shippedSources().map((s) => s.path)],
      ['c', 'rust'],
    );
    const text = (suffix: string) => files.find((f) => f.path.endsWith(suffix))?.contents ?? '';
    expect(text('c/x86-pmus.h')).toContain('#define PMUMAP_PMU_INTEL_CORE 3u');
    expect(text('c/arm64-pmus.h')).toContain('#define PMUMAP_PMU_APPLE_M1 2u');
    expect(text('c/linux-perf.h')).toContain('PMUMAP_REASON_HYBRID_HOST = 17,');
    expect(text('c/linux-perf.h')).toContain('PMUMAP_REASON_AAA_REFUSED = 18,');
    expect(text('rust/src/linux_perf.rs')).toContain('AaaRefused = 18,');
    expect(text('rust/src/x86_pmus.rs')).toContain('pub const PMU_INTEL_CORE: u32 = 3;');
  });

  it('a number given twice is PM2341; a missing one, once others are declared, is PM2342 naming a free one', () => {
    const taken = compile([
      { path: 'tables/aaa/new.pmumap', text: 'pmu aaa_pmu id 3 "takes intel_core\'s" { }' },
      ...shippedSources(),
    ]);
    const pm2341 = taken.diagnostics.filter((d) => d.code === 'PM2341');
    expect(pm2341.map((d) => d.message)).toEqual([
      "pmu 'intel_core' has number 3, which 'aaa_pmu' already has; each pmu keeps its own number in the C and Rust outputs",
    ]);
    const missing = compile([
      { path: 'tables/aaa/new.pmumap', text: 'pmu aaa_pmu "no number" { }' },
      ...shippedSources(),
    ]);
    const pm2342 = missing.diagnostics.filter((d) => d.code === 'PM2342');
    // The free number it names is one past the highest a shipped pmu declares.
    const declared = [
      ...shippedSources()
        .map((f) => f.text)
        .join('\n')
        .matchAll(/^pmu \w+(?: extends \w+)? id (\d+)/gm),
    ];
    const free = Math.max(...declared.map((m) => Number(m[1]))) + 1;
    expect(pm2342.map((d) => [d.severity, d.message])).toEqual([
      [
        'warning',
        `pmu 'aaa_pmu' declares no number for the C and Rust outputs, so a new file could renumber it; declare one (id ${free} is free)`,
      ],
    ]);
  });

  it('tables that declare no numbers are numbered by file and line, without a warning', () => {
    const r = compileSnippet('pmu b "" { }\npmu a "" { }', 'tables/t.pmumap');
    expect(r.diagnostics).toEqual([]);
    const a = analyse(r.model!);
    expect([a.pmuIds.get('b'), a.pmuIds.get('a')]).toEqual([1, 2]);
  });
});
