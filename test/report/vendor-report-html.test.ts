/**
 * The report over the vendor tables, rendered in headless Chromium: the
 * vendor-core sections show, Ice Lake's cache-references cell is marked (its
 * vendor file lists no 0x2e:0x4f, checked in test/vendor), every system has
 * its table, and nothing logs an error or leaves file:.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.ts';
import { openReport } from './browser.ts';

describe('pmumap report tables tables/vendor (HTML)', () => {
  it('renders the vendor cores, their generic events and the systems', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pmumap-vendor-report-')), 'report.html');
    const r = await cli(['report', 'tables', 'tables/vendor', '--out', path]);
    expect(r.status).toBe(0);
    expect(readFileSync(path, 'utf8')).not.toMatch(/<(script|link|img)\b|https?:\/\//i);
    const { page, errors, close } = await openReport(path);
    try {
      for (const id of ['cores', 'core-generic', 'systems']) {
        const box = await page.locator(`section#${id}`).boundingBox();
        expect(box?.height, id).toBeGreaterThan(200);
      }
      // The x86 table: a header of generic events, one row per Intel core.
      const icelake = page.locator('section#core-generic tr', { hasText: 'icelake' }).first();
      const cells = await icelake.locator('td').allTextContents();
      const heads = await page
        .locator('section#core-generic table')
        .nth(1)
        .locator('th')
        .allTextContents();
      const i = heads.indexOf('CACHE_REFERENCES');
      expect(i).toBeGreaterThan(0);
      expect(cells[i]).toBe('0x4f2e (not listed)');
      expect(await icelake.locator('td').nth(i).getAttribute('class')).toBe('refused');
      const systems = await page.locator('section#systems h3 code').allTextContents();
      expect(systems).toEqual(expect.arrayContaining(['a55_a76', 'a510_a710_x2', 'adl', 'ptl']));
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});
