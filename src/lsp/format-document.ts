/**
 * Formatting through prettier-plugin-pmumap, the same code `prettier` runs:
 * the package when it is installed beside pmumap, else this repository's
 * packages/prettier-plugin-pmumap (from src/ and from dist/src/).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Format = (text: string) => string;

let loaded: Promise<Format | undefined> | undefined;

async function load(): Promise<Format | undefined> {
  try {
    const name = 'prettier-plugin-pmumap/format';
    return ((await import(name)) as { format: Format }).format;
  } catch {
    for (const up of ['../../', '../../../']) {
      const file = fileURLToPath(
        new URL(`${up}packages/prettier-plugin-pmumap/src/format.js`, import.meta.url),
      );
      if (existsSync(file)) {
        return ((await import(pathToFileURL(file).href)) as { format: Format }).format;
      }
    }
    return undefined;
  }
}

/** The formatter, or undefined when the plugin is not installed. */
export function formatter(): Promise<Format | undefined> {
  return (loaded ??= load());
}
