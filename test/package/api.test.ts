/**
 * The library API (src/index.ts) from the sources: the shipped tables load
 * from their generated JSON and answer as the compiler's model does, the
 * listing carries inputs and docs, a run gives the typed outcome and the
 * tables line that decided, caller mistakes are PmumapError and table
 * errors come back as diagnostics. The packed package is pack.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadShippedTables, loadTablesDirectory, PmumapError } from '../../src/index.ts';
import { ROOT, shipped } from '../helpers.ts';

describe('loadShippedTables', () => {
  const tables = loadShippedTables();

  it('holds the interfaces and consumers the compiler builds from tables/', () => {
    const compiled = shipped().model;
    expect(tables.interfaces().map((i) => i.name)).toEqual(compiled.interfaces.map((i) => i.name));
    expect(tables.consumers().map((c) => `${c.interface}/${c.name}`)).toEqual(
      compiled.consumers.map((c) => `${c.implements}/${c.name}`),
    );
  });

  it('lists an interface with its documented inputs, outputs and consumers', () => {
    const iface = tables.interface('kvm_evtype_write');
    expect(iface.consumers.map((c) => c.name)).toEqual([
      'kvm',
      'kvm-5.18',
      'kvm-fixed-counters-only',
      'kvm-partitioned',
    ]);
    const counter = iface.inputs.find((i) => i.name === 'counter');
    expect(counter).toMatchObject({ type: 'u8', required: true, range: { lo: 0n, hi: 32n } });
    expect(counter?.doc).toContain('the cycle counter');
    expect(iface.inputs.find((i) => i.name === 'pmuver')).toMatchObject({
      required: false,
      members: expect.arrayContaining(['IMP', 'V3P1']),
    });
    expect(iface.outputs.map((o) => o.name)).toEqual(['stored', 'event']);
  });

  it("runs KVM on Apple M1: INST_RETIRED becomes the host's 0x8c, decided at kvm-vpmu.pmumap:60", () => {
    const answer = tables.run('kvm_evtype_write', 'kvm', {
      pmu: 'apple_m1',
      pmuver: 'IMP',
      counter: 0,
      value: 0x4008n,
    });
    expect(answer.outcome).toMatchObject({ kind: 'perf', attr: { type: 8n, config: 0x8cn } });
    expect(answer.decidedAt).toBe('tables/arm64/kvm-vpmu.pmumap:60');
    const line = readFileSync(join(ROOT, 'tables/arm64/kvm-vpmu.pmumap'), 'utf8').split('\n')[59];
    expect(answer.decidingLine).toBe(line?.trim());
    expect(answer.outputs).toEqual({ stored: 8n, event: 8n });
    expect(answer.outputNames).toEqual({ event: 'INST_RETIRED' });
    expect(answer.trace.at(-1)?.origin).toBe('tables/arm64/kvm-vpmu.pmumap:60');
  });

  it('takes ranges as objects: a filter allowing only 0x11 refuses event 8 (FILTERED)', () => {
    const answer = tables.run(
      'kvm_evtype_write',
      'kvm',
      { counter: 0, value: 8, filter: [{ action: 'allow', lo: 0x11 }] },
      { trace: false },
    );
    expect(answer.outcome).toMatchObject({ kind: 'refused', code: 'FILTERED' });
    expect(answer.outcome?.kind === 'refused' && answer.outcome.message).toContain('event 8');
    expect(answer.trace).toEqual([]);
  });

  it('says what is wrong with a call, naming what it expected', () => {
    const run = (iface: string, consumer: string, inputs: Record<string, never> | object) => () =>
      tables.run(iface, consumer, inputs as Parameters<typeof tables.run>[2]);
    expect(run('kvm_evtype', 'kvm', {})).toThrow(
      /unknown interface 'kvm_evtype' \(expected .*kvm_evtype_write/,
    );
    expect(run('kvm_evtype_write', 'qemu', {})).toThrow(/unknown consumer 'qemu'.*kvm-5\.18/);
    expect(run('kvm_evtype_write', 'kvm', { counter: 0 })).toThrow(/needs input\(s\): value/);
    expect(run('kvm_evtype_write', 'kvm', { counter: 40, value: 8 })).toThrow(
      /input 'counter'.*40 is outside 0\.\.32/,
    );
    expect(run('kvm_evtype_write', 'kvm', { counter: 0, value: -1 })).toThrow(/negative/);
    expect(run('kvm_evtype_write', 'kvm', { counter: 0, value: 8, pmuver: 'V9' })).toThrow(
      PmumapError,
    );
  });
});

describe('loadTablesDirectory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pmumap-api-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles a tables folder and runs its consumers', async () => {
    const loaded = await loadTablesDirectory('test/fixtures/diff/base', {
      cwd: ROOT,
      cache: false,
    });
    if (!loaded.ok) throw new Error(loaded.report);
    const answer = loaded.tables.run('guest', 'host', { event: 'CPU_CYCLES' });
    expect(answer.outcome).toMatchObject({ kind: 'perf', attr: { type: 8n, config: 2n } });
    expect(answer.decidingLine).toBe('=> perf { type = 8, config = translate[event] }');
  });

  it('returns the diagnostics of a folder with errors, as check prints them', async () => {
    const mini = readFileSync(join(ROOT, 'test/fixtures/diff/base/mini.pmumap'), 'utf8');
    writeFileSync(join(dir, 'bad.pmumap'), mini.replace('translate[event] }', 'translat[event] }'));
    const loaded = await loadTablesDirectory(dir, { cwd: dir, cache: false });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.diagnostics.map((d) => [d.severity, d.span.file])).toEqual([
      ['error', 'bad.pmumap'],
    ]);
    expect(loaded.diagnostics[0]?.message).toContain('translat');
    expect(loaded.report).toMatch(/bad\.pmumap:\d+:\d+/);
    expect(loaded.report).toContain('1 error(s)');
  });

  it('refuses a path that does not exist', async () => {
    await expect(loadTablesDirectory(join(dir, 'missing'))).rejects.toThrow(PmumapError);
  });
});
