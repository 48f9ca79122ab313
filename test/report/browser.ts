/**
 * Debian's headless Chromium (installed by .ci/run) on a report file, with
 * every console error, page error and request that leaves file: collected:
 * a self-contained report must leave `errors` empty.
 */
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export interface OpenReport {
  readonly page: Page;
  readonly errors: string[];
  readonly close: () => Promise<void>;
}

export async function openReport(path: string): Promise<OpenReport> {
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) errors.push(`network request: ${r.url()}`);
  });
  await page.goto(`file://${path}`);
  return { page, errors, close: () => browser.close() };
}
