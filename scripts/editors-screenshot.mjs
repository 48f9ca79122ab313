// The README's picture of the TextMate grammar (docs/editors-highlighting.png):
// the top of tables/arm64/kvm-vpmu.pmumap highlighted by shiki with
// editors/vscode/syntaxes/pmumap.tmLanguage.json, as VS Code would, taken
// in headless Chromium (the system's or the npm package's, scripts/chromium.mjs).
// `node scripts/editors-screenshot.mjs`
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createHighlighter } from 'shiki';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.mjs';

const grammar = JSON.parse(readFileSync('editors/vscode/syntaxes/pmumap.tmLanguage.json', 'utf8'));
const lines = readFileSync('tables/arm64/kvm-vpmu.pmumap', 'utf8').split('\n');
const code = lines.slice(30, 70).join('\n');
const highlighter = await createHighlighter({
  themes: ['github-light'],
  langs: [{ ...grammar, name: 'pmumap' }],
});
const body = highlighter.codeToHtml(code, { lang: 'pmumap', theme: 'github-light' });
const page = `<!doctype html><meta charset="utf-8"><style>
  body { margin: 0; }
  pre { margin: 0; padding: 16px; font: 13px/1.45 'DejaVu Sans Mono', monospace; width: max-content; }
</style>${body}`;
const html = join(mkdtempSync(join(tmpdir(), 'pmumap-editors-')), 'highlighting.html');
writeFileSync(html, page);
const browser = await chromium.launch({
  executablePath: await chromiumExecutable(),
  args: CHROMIUM_ARGS,
});
try {
  const tab = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await tab.goto(`file://${html}`);
  const path = join('docs', 'editors-highlighting.png');
  await tab.locator('pre').screenshot({ path });
  console.log(`wrote ${path}`);
} finally {
  await browser.close();
}
