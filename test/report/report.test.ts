/**
 * `pmumap report`: what a reviewer must find in it (facts from DOMAIN.md
 * and the kernel, checked in the rendered text), and the HTML page in a
 * real headless Chromium (Debian's chromium, installed by .ci/run): every
 * section and register diagram renders, no console error, a screenshot.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shipped } from '../helpers.ts';
import { cli } from '../cli/run-cli.ts';
import { openReport } from './browser.ts';

const dir = mkdtempSync(join(tmpdir(), 'pmumap-report-'));
const htmlPath = join(dir, 'report.html');
let html = '';
let md = '';

beforeAll(async () => {
  const h = await cli(['report', '--out', htmlPath]);
  expect(h.status).toBe(0);
  html = readFileSync(htmlPath, 'utf8');
  const m = await cli(['report', '--format', 'md']);
  expect(m.status).toBe(0);
  md = m.stdout;
}, 120_000);

describe('pmumap report (Markdown)', () => {
  it('lists PMEVTYPER<n>_EL0 with evtCount in bits 9:0 and the 16-bit extension gated by PMUv3p1', () => {
    // Arm ARM D24.5.x / DOMAIN.md 2.1: evtCount[9:0], evtCount[15:10] from FEAT_PMUv3p1.
    expect(md).toMatch(/\| 9:0 \| evtCount \|/);
    expect(md).toMatch(/\| 15:10 \| evtCountHi \|[^\n]*when FEAT_PMUv3p1/);
  });

  it("shows Apple's four translations (m1_pmu_pmceid_map, DOMAIN.md 4.4)", () => {
    for (const [event, code] of [
      ['INST_RETIRED', '0x8c'],
      ['CPU_CYCLES', '0x2'],
      ['BR_RETIRED', '0x8d'],
      ['BR_MIS_PRED_RETIRED', '0xcb'],
    ]) {
      expect(md).toMatch(new RegExp(`\\| ${event} \\| ${code} \\|`));
    }
  });

  it('shows an Apple guest INST_SPEC refused as untranslatable, and a PMUv3 guest mapping it', () => {
    // DOMAIN.md 10.5: Apple guest, PMEVTYPER0 = 0x1B -> refused.
    const row = md.split('\n').find((l) => l.startsWith('| INST_SPEC | 0x1b |')) ?? '';
    const cells = row.split(' | ');
    const header =
      md.split('\n').find((l) => l.startsWith('| event | code | pmuv3 / emulated')) ?? '';
    const cols = header.split(' | ');
    expect(cells[cols.indexOf('apple_m1 / emulated')]).toBe('UNTRANSLATABLE');
    expect(cells[cols.indexOf('pmuv3 / emulated')]).toMatch(/^config 0x1b/);
  });

  it('shows Clearwater Forest (ECX = 0x77): the SDM keeps 0x77, legacy KVM only 0x7', () => {
    // DOMAIN.md 9 item 14 and 10.3; reference thread 004.
    const at = md.indexOf('### Clearwater Forest leaves a guest three fixed counters');
    const block = md.slice(at, md.indexOf('###', at + 4));
    // Each answer says which kernel (or document) it models (issue 21).
    expect(block).toMatch(/\| sdm \| spec: Intel SDM Vol\. 3B, CPUID\.0AH \| fixed = 0x77 \|/);
    expect(block).toMatch(/\| kvm-legacy \| mainline v6\.16 and later \| fixed = 0x7 \|/);
  });

  it('gives every register, pmu and example a section with its tables line', () => {
    const { model } = shipped();
    for (const r of model.registers)
      expect(md).toContain(`### ${r.name} (${r.width} bits, ${r.origin})`);
    for (const p of model.pmus) expect(md).toContain(p.origin);
    for (const x of model.examples) expect(md).toContain(`### ${x.title} (${x.origin})`);
  });
});

describe('pmumap report (HTML in headless Chromium)', () => {
  it('renders every section and register diagram without a console error', async () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // Self-contained: nothing to fetch.
    expect(html).not.toMatch(/<(script|link|img)\b|https?:\/\//i);
    const { page, errors, close } = await openReport(htmlPath);
    try {
      for (const id of [
        'architectures',
        'registers',
        'pmus',
        'mappings',
        'tables',
        'disagreements',
        'examples',
        'reasons',
      ]) {
        const box = await page.locator(`section#${id}`).boundingBox();
        expect(box?.height, id).toBeGreaterThan(40);
      }
      const { model } = shipped();
      const svgs = await page.$$eval('svg.reg', (all) =>
        all.map((s) => {
          const b = s.getBoundingClientRect();
          return { w: b.width, h: b.height, rects: s.querySelectorAll('rect').length };
        }),
      );
      expect(svgs).toHaveLength(model.registers.length);
      for (const s of svgs) {
        expect(s.w).toBeGreaterThan(800);
        expect(s.h).toBeGreaterThan(40);
        expect(s.rects).toBeGreaterThan(1);
      }
      // The gated field of PMEVTYPER is drawn dashed (version-gated).
      const gated = await page.locator('#reg-PMEVTYPER-n-EL0 g.gated').count();
      expect(gated).toBe(1);
      const shot = await page.locator('#pmu-apple-m1').screenshot({ path: join(dir, 'apple.png') });
      expect(shot.subarray(1, 4).toString()).toBe('PNG');
      expect(shot.length).toBeGreaterThan(5000);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});
