/**
 * The protocol step functions pmumap emits for C and Rust answer as the
 * TypeScript runtime (src/runtime/protocol-step.ts) does: same result and
 * same deciding step, call after call, on random sequences (fast-check,
 * fixed seed) of every call of the toy protocol (test/fixtures/protocol)
 * and, when the shipped tables declare protocols, of each of those, with
 * random host records and vCPU counts. The C header compiles clean as C11
 * and C++17 under the strict flags; the crate passes clippy -D warnings.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.ts';
import { emitAll } from '../../src/emit/index.ts';
import { rustModule } from '../../src/emit/native-names.ts';
import type { MMachine, MProtocol, Model } from '../../src/model/model.ts';
import { ROOT, shipped, shippedSources } from '../helpers.ts';
import {
  cProtocolDriver,
  encodeSequences,
  protocolAnswers,
  rustProtocolDriver,
} from './protocol-drivers.ts';
import { sequenceArbForTest } from './protocol-sequences.ts';
import { cargo, findToolchain, run, STRICT_C, STRICT_CXX } from './toolchain.ts';

const SEQUENCES = 300;
/** The share of each machine's rules the random sequences must reach. */
const COVERAGE = 0.6;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Case {
  readonly name: string;
  readonly model: Model;
  readonly sources: readonly string[];
}

function cases(): Case[] {
  const toyPath = 'test/fixtures/protocol/toy.pmumap';
  const toy = compile([{ path: toyPath, text: readFileSync(join(ROOT, toyPath), 'utf8') }]);
  const out: Case[] = [{ name: 'toy', model: toy.model as Model, sources: [toyPath] }];
  const model = shipped().model;
  if ((model.protocols ?? []).length > 0) {
    out.push({ name: 'shipped', model, sources: shippedSources().map((s) => s.path) });
  }
  return out;
}

describe.each(cases())('protocol step functions of $name', ({ name, model, sources }) => {
  it(
    'C and Rust answer as the TypeScript runtime on random sequences',
    { timeout: 300_000 },
    async () => {
      const tc = findToolchain();
      const dir = mkdtempSync(join(tmpdir(), `pmumap-protocol-${name}-`));
      dirs.push(dir);
      for (const g of emitAll(model, sources, ['c', 'rust'])) {
        mkdirSync(dirname(join(dir, g.path)), { recursive: true });
        writeFileSync(join(dir, g.path), g.contents);
      }
      const c = join(dir, 'c');
      const protocols = model.protocols ?? [];
      const machinesOf = (p: MProtocol): MMachine[] =>
        (model.machines ?? []).filter((m) => m.protocol === p.name);
      writeFileSync(join(c, 'all.c'), '#include "pmumap.h"\n');
      writeFileSync(join(c, 'all.cpp'), '#include "pmumap.h"\n');
      await run(tc.cc, [...STRICT_C, '-fsyntax-only', 'all.c'], c);
      await run(tc.cxx, [...STRICT_CXX, '-fsyntax-only', 'all.cpp'], c);
      const crate = join(dir, 'rust');
      mkdirSync(join(crate, 'examples'));
      const moduleOf = (origin: string) => rustModule(origin.replace(/:\d+$/, ''));
      protocols.forEach((p, i) => {
        writeFileSync(join(c, `driver${i}.c`), cProtocolDriver(p, machinesOf(p)));
        writeFileSync(
          join(crate, `examples/driver${i}.rs`),
          rustProtocolDriver(p, machinesOf(p), moduleOf),
        );
      });
      const target = join(dir, 'target');
      const built = cargo(tc, ['build', '--examples'], crate, target);
      for (let i = 0; i < protocols.length; i++) {
        await run(
          tc.cc,
          [
            '-std=c11',
            '-Wall',
            '-Wextra',
            '-Werror',
            '-O1',
            `driver${i}.c`,
            '-o',
            join(dir, `driver${i}-c`),
          ],
          c,
        );
      }
      await built;
      if (name === 'toy')
        await cargo(tc, ['clippy', '--lib', '--', '-D', 'warnings'], crate, target);
      for (const [i, p] of protocols.entries()) {
        const seqs = fc.sample(sequenceArbForTest(p, model), {
          numRuns: SEQUENCES,
          seed: 20261204 + i,
        });
        const input = encodeSequences(p, seqs);
        const expected = protocolAnswers(p, machinesOf(p), seqs);
        // The sequences reach most of each machine's rules, not only its first refusals.
        machinesOf(p).forEach((m, mi) => {
          const rules = m.steps.filter((x) => x.kind === 'rule').length;
          const decided = new Set(
            expected
              .split('\n')
              .filter((l) => l.startsWith(`${mi} `))
              .map((l) => l.split(' ')[2]),
          );
          expect(decided.size, m.name).toBeGreaterThanOrEqual(rules * COVERAGE);
        });
        const fromC = await run(join(dir, `driver${i}-c`), [], dir, input);
        expect(fromC.stdout).toBe(expected);
        const fromRust = await run(join(target, 'debug/examples', `driver${i}`), [], dir, input);
        expect(fromRust.stdout).toBe(expected);
      }
    },
  );
});
