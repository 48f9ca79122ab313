/**
 * Vendor cores in the generated C and Rust: a C program and a Rust program
 * built from the emitted headers and modules read every event of a few
 * cores (Clearwater Forest with its fixed-counter hole, Ice Lake, the
 * Cortex-A9 and A55) and every hybrid system, and print what they see; it
 * must be what the model (and so the JSON) says, line for line.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitAll } from '../../src/emit/index.ts';
import { cHeader, rustModule } from '../../src/emit/native-names.ts';
import { lower, upper } from '../../src/emit/native-model.ts';
import type { MCore, Model } from '../../src/model/model.ts';
import { compiledTables, shippedSources } from '../helpers.ts';
import { cargo, findToolchain, run, STRICT_C } from './toolchain.ts';

const CORES = ['clearwaterforest', 'icelake', 'cortex_a9', 'cortex_a55'];
let model: Model;
let dir: string;

beforeAll(async () => {
  const result = await compiledTables(['tables', 'tables/vendor']);
  if (!result.model) throw new Error('the vendor tables do not compile');
  model = result.model;
  dir = mkdtempSync(join(tmpdir(), 'pmumap-vendor-native-'));
  const sources = [
    ...new Set([...model.cores, ...model.systems].map((x) => x.origin.replace(/:\d+$/, ''))),
  ];
  const all = [...new Set(model.archs.map((a) => a.origin.replace(/:\d+$/, '')))];
  const files = [
    ...emitAll(
      model,
      [...sources, ...all, ...model.enums.map((e) => e.origin.replace(/:\d+$/, ''))],
      ['c'],
    ),
    // The crate: the shipped tables (which name each other) and the files of the cores read.
    ...emitAll(model, [...shippedSources().map((s) => s.path), ...CORES.map(originOf)], ['rust']),
  ];
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.contents);
  }
}, 120_000);

/** What a reader of the tables should see for a core, one line per event. */
function expected(core: MCore): string {
  const lines = [
    ...core.fixed.map(
      (f) => `F ${Number(f.code ?? 0)} ${Number(f.umask ?? 0)} ${f.index} ${f.name} ${f.record}`,
    ),
    ...core.common.map((c) => `C ${Number(c.code)} 0 -1 ${c.name} ${c.record}`),
    ...core.events.map(
      (e) =>
        `E ${Number(e.code)} ${Number(e.umask ?? 0)} -1 ${e.name}${e.qualifiers ? ` [${e.qualifiers}]` : ''} ${e.record}`,
    ),
  ];
  return `${core.name} ${lines.length}\n${lines.join('\n')}\n`;
}

function originOf(name: string): string {
  return (model.cores.find((c) => c.name === name)?.origin ?? '').replace(/:\d+$/, '');
}

describe('vendor cores in C and Rust', () => {
  it('read back from C exactly as the model lists them', async () => {
    const tc = findToolchain();
    const includes = [
      ...new Set([
        ...CORES.map(originOf),
        ...model.systems.map((s) => s.origin.replace(/:\d+$/, '')),
      ]),
    ];
    const program = [
      '#include <stdio.h>',
      ...includes.map((s) => `#include "${cHeader(s)}"`),
      'static void dump(const char *name, const struct pmumap_core_event *ev, int n) {',
      '  printf("%s %d\\n", name, n);',
      '  for (int i = 0; i < n; i++) {',
      '    const char *k = ev[i].kind == PMUMAP_CORE_FIXED ? "F" : ev[i].kind == PMUMAP_CORE_COMMON ? "C" : "E";',
      '    printf("%s %u %u %d %s", k, ev[i].code, ev[i].umask, ev[i].fixed, ev[i].name);',
      '    if (ev[i].qualifiers[0]) printf(" [%s]", ev[i].qualifiers);',
      '    printf(" %u\\n", (unsigned)ev[i].record);',
      '  }',
      '}',
      'int main(void) {',
      ...CORES.map(
        (c) => `  dump("${c}", pmumap_core_${lower(c)}_events, PMUMAP_CORE_${upper(c)}_NR_EVENTS);`,
      ),
      ...model.systems.map(
        (s) =>
          `  for (int i = 0; i < PMUMAP_SYSTEM_${upper(s.name)}_NR_CORES; i++) printf("${s.name} %s\\n", pmumap_system_${lower(s.name)}_cores[i]);`,
      ),
      '  return 0;',
      '}',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'c/cores.c'), program);
    await run(tc.cc, [...STRICT_C, '-o', 'cores', 'cores.c'], join(dir, 'c'));
    const { stdout } = await run(join(dir, 'c/cores'), [], dir);
    const cores = CORES.map((n) => model.cores.find((c) => c.name === n)!);
    const systems = model.systems.flatMap((s) => s.cores.map((c) => `${s.name} ${c}\n`)).join('');
    expect(stdout).toBe(cores.map(expected).join('') + systems);
  }, 120_000);

  it('read back from Rust exactly as the model lists them', async () => {
    const tc = findToolchain();
    // One CoreEvent type for the whole crate: one dump function for every core.
    const text = [
      'use pmumap_tables::types::{CoreEvent, CoreEventKind};',
      'fn dump(name: &str, ev: &[CoreEvent]) {',
      '    println!("{} {}", name, ev.len());',
      '    for e in ev {',
      '        let k = match e.kind { CoreEventKind::Fixed => "F", CoreEventKind::Common => "C", CoreEventKind::Event => "E" };',
      '        let q = if e.qualifiers.is_empty() { String::new() } else { format!(" [{}]", e.qualifiers) };',
      '        println!("{} {} {} {} {}{} {}", k, e.code, e.umask, e.fixed, e.name, q, e.record);',
      '    }',
      '}',
      'fn main() {',
      ...CORES.map(
        (c) =>
          `    dump("${c}", pmumap_tables::${rustModule(originOf(c))}::CORE_${upper(c)}_EVENTS);`,
      ),
      '}',
      '',
    ].join('\n');
    const crate = join(dir, 'rust');
    mkdirSync(join(crate, 'examples'));
    writeFileSync(join(crate, 'examples/cores.rs'), text);
    const target = join(dir, 'target');
    await cargo(tc, ['build', '--example', 'cores'], crate, target);
    const { stdout } = await run(join(target, 'debug/examples/cores'), [], dir);
    const cores = CORES.map((n) => model.cores.find((c) => c.name === n)!);
    expect(stdout).toBe(cores.map(expected).join(''));
  }, 180_000);
});
