/**
 * The generated C header and Rust crate (tables/generated/, checked in)
 * answer the COUNTER_CFG_MATCH vectors of DOMAIN-RISCV.md A.4 as the
 * document does: a small C program and a small Rust program call
 * pmumap_sbi_cfg_match_kvm / sbi_cfg_match_kvm on each vector and print
 * the outcome, the counter, the perf type and config, or the SBI error;
 * each line is compared with the document's answer (test/riscv/vectors.ts),
 * not with pmumap's runtime.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { cargo, findToolchain, run, STRICT_C } from '../native/toolchain.ts';
import type { RiscvVector } from './vectors.ts';
import { VECTORS } from './vectors.ts';

const dir = mkdtempSync(join(tmpdir(), 'pmumap-riscv-native-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** The line the document's answer gives: outcome, counter, perf type and config, SBI error. */
function documented(v: RiscvVector): string {
  const w = v.want;
  if (w.outcome === 'perf') return `perf ${w.counter} ${hex(BigInt(w.type))} ${hex(w.config)} -`;
  if (w.outcome === 'software') return `software ${w.counter} - - -`;
  return `refused - - - ${w.code}`;
}

/** The inputs each vector gives, with their SBI_CFG_MATCH_IN_* bit names. */
function given(v: RiscvVector): [string, bigint][] {
  return [
    ['event_idx', v.eventIdx],
    ['counter_mask', v.mask],
    ...(v.eventData !== undefined ? ([['event_data', v.eventData]] as [string, bigint][]) : []),
    ...(v.base !== undefined ? ([['counter_base', v.base]] as [string, bigint][]) : []),
    ...(v.flags !== undefined ? ([['flags', v.flags]] as [string, bigint][]) : []),
    ...(v.inUse !== undefined ? ([['in_use', v.inUse]] as [string, bigint][]) : []),
  ];
}

function cProgram(): string {
  const calls = VECTORS.map((v) => {
    const g = given(v);
    const sets = g.map(([k, x]) => `in.${k} = ${hex(x)}ULL;`).join(' ');
    const bits = g.map(([k]) => `PMUMAP_SBI_CFG_MATCH_IN_${k.toUpperCase()}`).join(' | ');
    return `  { struct pmumap_sbi_cfg_match_in in = {0}; ${sets} answer(&in, ${bits}); }`;
  });
  return [
    '#include <inttypes.h>',
    '#include <stdio.h>',
    '#include "riscv-kvm.h"',
    'static void answer(struct pmumap_sbi_cfg_match_in *in, uint64_t given) {',
    '  struct pmumap_sbi_cfg_match_result out;',
    '  if (!pmumap_sbi_cfg_match_defaults(in, given) || !pmumap_sbi_cfg_match_kvm(in, &out)) { puts("error"); return; }',
    '  if (out.kind == PMUMAP_OUTCOME_PERF)',
    '    printf("perf %" PRIu64 " 0x%" PRIx64 " 0x%" PRIx64 " -\\n", out.counter, out.attr.type, out.attr.config);',
    '  else if (out.kind == PMUMAP_OUTCOME_SOFTWARE) printf("software %" PRIu64 " - - -\\n", out.counter);',
    '  else if (out.kind == PMUMAP_OUTCOME_REFUSED) printf("refused - - - %s\\n", pmumap_reason_code(out.reason));',
    '  else puts("none");',
    '}',
    'int main(void) {',
    ...calls,
    '  return 0;',
    '}',
    '',
  ].join('\n');
}

function rustProgram(): string {
  const calls = VECTORS.map((v) => {
    const g = given(v);
    const sets = g.map(([k, x]) => `${k}: ${hex(x)}`).join(', ');
    const bits = g.map(([k]) => `SBI_CFG_MATCH_IN_${k.toUpperCase()}`).join(' | ');
    return `    answer(SbiCfgMatchIn { ${sets}, ..Default::default() }, ${bits});`;
  });
  return [
    'use pmumap_tables::riscv_kvm::*;',
    'use pmumap_tables::types::OutcomeKind;',
    'fn answer(mut input: SbiCfgMatchIn, given: u64) {',
    '    sbi_cfg_match_defaults(&mut input, given).expect("defaults");',
    '    let out = sbi_cfg_match_kvm(&input).expect("run");',
    '    match out.kind {',
    '        OutcomeKind::Perf => println!("perf {} {:#x} {:#x} -", out.counter, out.attr.type_, out.attr.config),',
    '        OutcomeKind::Software => println!("software {} - - -", out.counter),',
    '        OutcomeKind::Refused => println!("refused - - - {}", out.reason.expect("a reason").code()),',
    '        _ => println!("none"),',
    '    }',
    '}',
    'fn main() {',
    ...calls,
    '}',
    '',
  ].join('\n');
}

describe('the generated C and Rust answer the DOMAIN-RISCV.md A.4 vectors', () => {
  const want = VECTORS.map(documented);

  it('C (tables/generated/c/riscv-kvm.h, strict C11)', async () => {
    const source = join(dir, 'vectors.c');
    writeFileSync(source, cProgram());
    const program = join(dir, 'vectors-c');
    await run(
      findToolchain().cc,
      [...STRICT_C, '-I', join(ROOT, 'tables/generated/c'), source, '-o', program],
      dir,
    );
    const { stdout } = await run(program, [], dir);
    expect(stdout.trimEnd().split('\n')).toEqual(want);
  }, 60_000);

  it('Rust (tables/generated/rust, the pmumap-tables crate)', async () => {
    const crate = join(dir, 'vectors-rs');
    mkdirSync(join(crate, 'src'), { recursive: true });
    writeFileSync(
      join(crate, 'Cargo.toml'),
      [
        '[package]',
        'name = "riscv-vectors"',
        'version = "0.0.0"',
        'edition = "2021"',
        'publish = false',
        '',
        '[dependencies]',
        `pmumap-tables = { path = ${JSON.stringify(join(ROOT, 'tables/generated/rust'))} }`,
        '',
        '[workspace]',
        '',
      ].join('\n'),
    );
    writeFileSync(join(crate, 'src/main.rs'), rustProgram());
    const { stdout } = await cargo(findToolchain(), ['run', '--quiet'], crate, join(dir, 'target'));
    expect(stdout.trimEnd().split('\n')).toEqual(want);
  }, 180_000);
});
