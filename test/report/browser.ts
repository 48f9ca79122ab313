/**
 * Headless Chromium on a report file, with every console error, page error
 * and request that leaves file: collected: a self-contained report must
 * leave `errors` empty. The Chromium is the system's where there is one,
 * else the one the npm package @sparticuz/chromium ships (scripts/chromium.mjs):
 * the tests need no system package.
 */
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../scripts/chromium.mjs';

export interface OpenReport {
  readonly page: Page;
  readonly errors: string[];
  readonly close: () => Promise<void>;
}

export async function openReport(path: string): Promise<OpenReport> {
  const browser: Browser = await chromium.launch({
    executablePath: await chromiumExecutable(),
    args: [...CHROMIUM_ARGS],
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
