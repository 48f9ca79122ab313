// The Chromium that renders the HTML report (test/report/browser.ts and
// `npm run report:screenshots`): the system's /usr/bin/chromium where there
// is one, else the Chromium that the npm package @sparticuz/chromium ships
// brotli-compressed inside its tarball (a devDependency: no system package,
// no install script, no download).
//
// That Chromium is extracted once, about 200 MB and 12 s of CPU, into
// node_modules/.cache/pmumap-chromium/<version>/ and reused by every later
// run. Not where the package would put it by itself: $TMPDIR/chromium, a
// path shared by every user of the machine, where anyone could plant a
// binary first, and written in place, so that a run killed half-way leaves a
// broken binary the next run takes as ready. Here it is extracted into a new
// private folder (mkdtemp: 0700) beside the final one and renamed into place
// whole; of two runs racing, the first rename wins and the other's copy is
// deleted.
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's Chromium, used where it is installed. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags for a headless run on a machine with no network but the package
 * registries: without the background-networking ones Chromium keeps trying
 * to reach Google's hosts; --no-sandbox because tests may run as root.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Refuse a cache folder that someone else could have written into. */
function assertPrivate(dir) {
  const st = statSync(dir);
  const uid = process.getuid?.();
  if ((uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) {
    throw new Error(
      `not using ${dir}: it is not a folder only you can write (delete it and run again)`,
    );
  }
}

/** The path of a Chromium executable; extracts the packaged one on first use. */
export async function chromiumExecutable() {
  if (isExecutable(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  let entry;
  try {
    entry = fileURLToPath(import.meta.resolve('@sparticuz/chromium'));
  } catch {
    throw new Error(
      `no Chromium: ${SYSTEM_CHROMIUM} is missing and so is the devDependency @sparticuz/chromium (run npm ci)`,
    );
  }
  // The package's folder: above its entry, the package.json that names it.
  let pkgDir = dirname(entry);
  let version;
  for (; pkgDir !== dirname(pkgDir); pkgDir = dirname(pkgDir)) {
    const pkg = join(pkgDir, 'package.json');
    const meta = existsSync(pkg) ? JSON.parse(readFileSync(pkg, 'utf8')) : {};
    if (meta.name === '@sparticuz/chromium') {
      version = meta.version;
      break;
    }
  }
  if (!version) throw new Error(`no package.json of @sparticuz/chromium above ${entry}`);
  const cacheRoot = join(ROOT, 'node_modules', '.cache', 'pmumap-chromium');
  const final = join(cacheRoot, version);
  const binary = join(final, 'chromium');
  mkdirSync(cacheRoot, { recursive: true, mode: 0o700 });
  assertPrivate(cacheRoot);
  if (existsSync(final)) {
    assertPrivate(final);
    if (isExecutable(binary)) return binary;
    rmSync(final, { recursive: true, force: true });
  }
  const staging = mkdtempSync(join(cacheRoot, '.extract-'));
  try {
    const { default: Chromium } = await import('@sparticuz/chromium');
    // The package extracts into os.tmpdir(), which reads $TMPDIR: point it at
    // the private folder for the synchronous start of executablePath(), where
    // every output path is decided, and put it back before anything else runs.
    const saved = process.env['TMPDIR'];
    process.env['TMPDIR'] = staging;
    let extracting;
    try {
      extracting = Chromium.executablePath(join(pkgDir, 'bin'));
    } finally {
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
    }
    const extracted = await extracting;
    if (extracted !== join(staging, 'chromium')) {
      throw new Error(`@sparticuz/chromium extracted to ${extracted}, not into ${staging}`);
    }
    try {
      renameSync(staging, final);
    } catch (e) {
      // Another run renamed its copy into place first: use that one.
      if (!isExecutable(binary)) throw e;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}
