/**
 * Property (issue 17): for an Intel family-6 model the tables know
 * (tables/x86/intel-models.pmumap IntelVfm) and any CPUID.0xA EAX/EBX,
 * `pmumap generic x86 --family 6 --model M` answers every generic event as
 * `pmumap cpu x86` does for that CPU: the same encoding, or the same
 * refusal code. Seeded (test/fuzz/config.ts), so a failure replays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shipped } from '../helpers.ts';
import { FUZZ_TIMEOUT, fuzzParams } from '../fuzz/config.ts';
import { cli } from './run-cli.ts';

interface GenericAnswer {
  events: { perf: string; code: string | null; reason: { code: string } | null }[];
}
interface CpuAnswer {
  perf: {
    generic: Record<string, string | null>;
    genericWhy: Record<string, { code: string } | null>;
  };
}

/** The family-6 models of the model table (VFM = vendor << 16 | family << 8 | model). */
function intelFamily6Models(): number[] {
  const vfm = shipped().model.enums.find((e) => e.name === 'IntelVfm');
  const models = (vfm?.members ?? [])
    .map((m) => Number(BigInt(m.value)))
    .filter((v) => v >> 8 === 0x006)
    .map((v) => v & 0xff);
  expect(models.length).toBeGreaterThan(10);
  return models;
}

const hex = (v: number): string => `0x${v.toString(16)}`;

/** CPUID.0xA EAX: a version, GP counters, width 48 and an EBX vector length, or any 32 bits. */
const leafEax = fc.oneof(
  fc
    .record({
      version: fc.integer({ min: 0, max: 6 }),
      gp: fc.integer({ min: 0, max: 8 }),
      length: fc.integer({ min: 0, max: 10 }),
    })
    .map(({ version, gp, length }) => (length << 24) | (48 << 16) | (gp << 8) | version),
  fc.integer({ min: 0, max: 0xffffffff }),
);
/** CPUID.0xA EBX: the architectural-event bits (mostly), or any 32 bits. */
const leafEbx = fc.oneof(
  fc.integer({ min: 0, max: 0xff }),
  fc.integer({ min: 0, max: 0xffffffff }),
);

describe('generic x86 with the CPU agrees with cpu x86', () => {
  it(
    'for random family-6 models, steppings, kernels and leaves',
    async () => {
      const models = intelFamily6Models();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...models),
          fc.integer({ min: 0, max: 15 }),
          leafEax,
          leafEbx,
          fc.constantFrom(undefined, '6.2', '6.6', '6.7', '6.12', '6.13'),
          async (model, stepping, eax, ebx, kernel) => {
            const cpuArgs = [
              '--family',
              '6',
              '--model',
              hex(model),
              '--stepping',
              String(stepping),
            ];
            const k = kernel ? ['--kernel', kernel] : [];
            const g = await cli([
              'generic',
              'x86',
              ...['--eax', hex(eax), '--ebx', hex(ebx)],
              ...cpuArgs,
              ...k,
              '--json',
            ]);
            const c = await cli([
              'cpu',
              'x86',
              '--vendor',
              'GenuineIntel',
              ...cpuArgs,
              ...['--leaf', `0xa=${hex(eax)},${hex(ebx)},0,0`],
              ...k,
              '--json',
            ]);
            expect(g.status, g.stderr).toBe(0);
            expect(c.status, c.stderr).toBe(0);
            const answer = JSON.parse(g.stdout) as GenericAnswer;
            const whole = (JSON.parse(c.stdout) as CpuAnswer).perf;
            expect(answer.events.length).toBe(Object.keys(whole.generic).length);
            for (const e of answer.events) {
              expect(e.code, e.perf).toBe(whole.generic[e.perf]);
              expect(e.reason?.code ?? null, e.perf).toBe(whole.genericWhy[e.perf]?.code ?? null);
            }
          },
        ),
        fuzzParams(40),
      );
    },
    FUZZ_TIMEOUT,
  );
});
