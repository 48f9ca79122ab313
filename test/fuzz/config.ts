/**
 * Fuzzing settings, shared by every target: seeded and reproducible.
 * `npm test` runs a modest number of cases; `npm run fuzz` runs
 * PMUMAP_FUZZ_RUNS (100,000) per target. A failure prints fast-check's
 * seed, path and shrunk input: replay it with PMUMAP_FUZZ_SEED, and add
 * the shrunk input under test/fixtures/fuzz-regressions/.
 */
import type { Parameters } from 'fast-check';

export const FUZZ_RUNS = Number(process.env['PMUMAP_FUZZ_RUNS'] ?? '0') || undefined;
export const FUZZ_SEED = Number(process.env['PMUMAP_FUZZ_SEED'] ?? '20261122');

/** fast-check parameters: `modest` cases in npm test, PMUMAP_FUZZ_RUNS under npm run fuzz. */
export function fuzzParams<T>(modest: number): Parameters<T> {
  return { numRuns: FUZZ_RUNS ?? modest, seed: FUZZ_SEED };
}

/** Per-test time limit: generous when fuzzing at scale. */
export const FUZZ_TIMEOUT = FUZZ_RUNS ? 3_600_000 : 120_000;
