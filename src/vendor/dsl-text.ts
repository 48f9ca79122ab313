/**
 * Shared pieces of the vendor importers (`pmumap import arm-data`,
 * `pmumap import intel-perfmon`): the result types and the small text
 * helpers that turn vendor strings and numbers into pmumap DSL tokens.
 *
 * Everything here is pure: no file system, no clock, no locale.
 */

import type { Decl } from '../syntax/ast.ts';
import type { EventSpace } from './core-code-width.ts';

/** One generated DSL file: a bare file name (e.g. `cortex-a55.pmumap`) and its text. */
export interface VendorFile {
  readonly name: string;
  readonly text: string;
  /** The AST of `text` as the parser builds it, spans with an empty file (src/vendor/dsl-writer.ts). */
  readonly decls?: readonly Decl[];
}

/** Something in the vendor data that was skipped or could not be used as is. */
export interface VendorProblem {
  /** The vendor file, relative to the data directory (e.g. `pmu/cortex-a32.json`). */
  readonly file: string;
  /** The record's index in the vendor file's event array, when the problem is one record. */
  readonly record?: number;
  /** The message says what became of the file or record ("skipped", "no id line"). */
  readonly message: string;
  /**
   * An error: data the tables cannot hold (a code wider than its event
   * space). The record is skipped as well, and `pmumap import` exits 1.
   */
  readonly severity?: 'error';
}

/** What the importers learn from the architectural tables. */
export interface ImportOptions {
  /** Pmu name -> the event space its events are numbered in (src/vendor/core-code-width.ts). */
  readonly eventSpaces?: ReadonlyMap<string, EventSpace>;
}

/** What an importer returns: the files sorted by name, and the problems in the order found. */
export interface ImportResult {
  readonly files: readonly VendorFile[];
  readonly problems: readonly VendorProblem[];
}

/**
 * Reads a vendor file, given its path relative to the data directory: its
 * bytes (decoded here as strict UTF-8, see readVendorText) or text.
 */
export type ReadVendorFile = (relPath: string) => string | Uint8Array;

/**
 * Lists the entry names (not paths) of a directory relative to the data
 * directory; `''` is the data directory itself.
 */
export type ListVendorDir = (relDir: string) => string[];

/** Words the DSL reserves (grammar `keyword`): never usable as an identifier. */
export const DSL_KEYWORDS: ReadonlySet<string> = new Set([
  'let',
  'when',
  'output',
  'in',
  'true',
  'false',
  'extends',
  'implements',
  'drop',
  'warn',
]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True if `name` can stand as a DSL identifier as it is. */
export function isDslIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !DSL_KEYWORDS.has(name);
}

/**
 * A DSL identifier made from a vendor name: lowercase, every run of
 * characters other than ASCII letters and digits becomes one `_`, leading
 * and trailing `_` dropped ("Cortex-A55" -> cortex_a55, "Neoverse N1" ->
 * neoverse_n1). A result that would start with a digit gets a leading `_`,
 * a keyword gets a trailing `_`, and an empty one is `_`.
 */
export function dslIdentifier(name: string): string {
  let id = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (id === '') return '_';
  if (/^[0-9]/.test(id)) id = `_${id}`;
  if (DSL_KEYWORDS.has(id)) id = `${id}_`;
  return id;
}

/**
 * The body of a DSL string literal, with the quotes: `\` and `"` escaped,
 * a newline written `\n`, every other control character (C0, DEL, C1)
 * dropped.
 */
export function dslString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) continue;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Text that is safe inside a `//` comment: control characters (including
 * line breaks and U+2028/U+2029) become spaces.
 */
export function commentText(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

/** A non-negative integer as lowercase hex with `0x`, zero-padded to `minDigits`. */
export function formatHex(value: number, minDigits = 1): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`formatHex: not a non-negative integer: ${String(value)}`);
  }
  return `0x${value.toString(16).padStart(minDigits, '0')}`;
}

/**
 * A vendor hex string ("0xB7", "0X1", "0x01") as a number, or undefined
 * unless it is `0x` and 1 to 8 hex digits (surrounding spaces allowed).
 */
export function parseVendorHex(text: string): number | undefined {
  const m = /^\s*0[xX]([0-9A-Fa-f]{1,8})\s*$/.exec(text);
  return m?.[1] === undefined ? undefined : parseInt(m[1], 16);
}

/** Plain code-unit order, the same in every locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON.parse that reports failure instead of throwing. */
export function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An error's message, whatever was thrown. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The two header comment lines every generated file starts with. */
export function headerLines(
  command: string,
  sourceLabel: string,
  vendorFile: string,
  license: string,
): string[] {
  return [
    `// Generated by \`pmumap import ${command}\` from ${commentText(sourceLabel)}, ${commentText(vendorFile)}.`,
    `// ${license} (see LICENSE in this directory). Do not edit: re-run the import.`,
  ];
}

/** Sorts generated files by name (code-unit order) for deterministic output. */
export function sortFiles(files: VendorFile[]): VendorFile[] {
  return files.sort((a, b) => compareNames(a.name, b.name));
}

/**
 * The byte offset of the first sequence that is not UTF-8 (an unexpected
 * continuation byte, a truncated sequence, an overlong form, a surrogate,
 * past U+10FFFF), or -1 when every byte is well formed. TextDecoder's fatal
 * mode says only that the bytes are bad; a problem names where.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length =
      b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1] ?? 0;
    if (
      (b === 0xe0 && second < 0xa0) ||
      (b === 0xed && second > 0x9f) ||
      (b === 0xf0 && second < 0x90) ||
      (b === 0xf4 && second > 0x8f)
    )
      return i;
    i += length;
  }
  return -1;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as strict UTF-8 text (throws on a bad byte); text as it is. */
export function decodeVendorBytes(content: string | Uint8Array): string {
  return typeof content === 'string' ? content : STRICT_UTF8.decode(content);
}

/**
 * A vendor file's text, decoded as strict UTF-8 (a byte-order mark is
 * dropped), or undefined with a problem: it cannot be read, or a byte is
 * not UTF-8 (a name would otherwise become U+FFFD without a word).
 */
export function readVendorText(
  read: ReadVendorFile,
  rel: string,
  problems: VendorProblem[],
  skipped = 'file skipped',
): string | undefined {
  let content: string | Uint8Array;
  try {
    content = read(rel);
  } catch (e) {
    problems.push({ file: rel, message: `cannot read: ${errorMessage(e)}: ${skipped}` });
    return undefined;
  }
  if (typeof content === 'string') return content;
  try {
    return STRICT_UTF8.decode(content);
  } catch {
    const at = firstInvalidUtf8(content);
    problems.push({
      file: rel,
      message: `invalid UTF-8 at byte ${at} (0x${(content[at] ?? 0).toString(16).padStart(2, '0')}): ${skipped}`,
    });
    return undefined;
  }
}

/**
 * Which vendor files become which generated files: the first (in code-unit
 * order of the vendor paths, which the importers walk) keeps a generated
 * file name or core identifier; a later vendor file that would take either
 * again is skipped and reported, never written. File names are compared
 * case-folded: `Cortex-X.pmumap` and `cortex-x.pmumap` are one file on a
 * case-insensitive file system.
 */
export class OutputNames {
  private readonly files = new Map<string, { name: string; from: string }>();
  private readonly idents = new Map<string, string>();

  /** A file the importer writes itself (intel-perfmon's hybrid.pmumap from mapfile.csv). */
  reserve(name: string, from: string): void {
    this.files.set(name.toLowerCase(), { name, from });
  }

  /** Why `rel` cannot write `name` with core `ident`, or undefined (and both are taken). */
  claim(rel: string, name: string, ident: string): string | undefined {
    const file = this.files.get(name.toLowerCase());
    if (file !== undefined) {
      return file.name === name
        ? `would write ${name}, which ${file.from} writes: skipped`
        : `would write ${name}, which differs only in case from ${file.name} (from ${file.from}), one file on a case-insensitive file system: skipped`;
    }
    const other = this.idents.get(ident);
    if (other !== undefined) return `core identifier ${ident} is also made from ${other}: skipped`;
    this.files.set(name.toLowerCase(), { name, from: rel });
    this.idents.set(ident, rel);
    return undefined;
  }
}

/** Why a vendor file or folder name cannot name a generated file, or undefined. */
export function hiddenName(name: string): string | undefined {
  return name.startsWith('.')
    ? `the name starts with '.' (a hidden file, which a directory walk skips): skipped`
    : undefined;
}
