// Render the report in headless Chromium and write the screenshots README
// links (docs/report-*.png): PMEVTYPER<n>_EL0's fields, the Apple M1
// translation table, the Clearwater Forest 0x77 example, and the top of
// the page. `npm run report:screenshots` (needs a build; the Chromium is the
// system's or the npm package's, scripts/chromium.mjs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.mjs';

export const SHOTS = {
  'report-top.png': null,
  'report-pmevtyper.png': '#reg-PMEVTYPER-n-EL0',
  'report-apple-m1.png': '#pmu-apple-m1',
  'report-cwf.png': '#example-Clearwater-Forest-leaves-a-guest-three-fixed-counters',
};

const dir = mkdtempSync(join(tmpdir(), 'pmumap-report-'));
const html = join(dir, 'report.html');
execFileSync(process.execPath, ['bin/pmumap.js', 'report', '--out', html], { stdio: 'inherit' });
try {
  mkdirSync('docs');
} catch {
  // it exists
}
const browser = await chromium.launch({
  executablePath: await chromiumExecutable(),
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`file://${html}`);
  for (const [file, selector] of Object.entries(SHOTS)) {
    const path = join('docs', file);
    if (selector) await page.locator(selector).screenshot({ path });
    else await page.screenshot({ path });
    console.log(`wrote ${path}`);
  }
} finally {
  await browser.close();
}
