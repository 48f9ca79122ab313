/**
 * Rust: one crate, `rust/`, that a Cargo workspace can name as a path
 * dependency. `Cargo.toml` (package pmumap-tables, no dependencies),
 * `src/lib.rs` (no_std, declaring every module), `src/types.rs` (the types
 * every module shares), `src/rt.rs` (the crate-private u64 helpers),
 * `src/tests.rs` (the examples of the tables as #[test]s) and one module per
 * source, `src/<module>.rs`, alloc-free and clean under clippy -D warnings
 * and rustdoc -D warnings. Modules name each other's items as
 * `crate::<module>::ITEM`.
 */
import type { Model } from '../model/model.ts';
import type { GeneratedFile } from './generated-file.ts';
import { commentText, generatedMarker } from './generated-file.ts';
import { hex } from './native-model.ts';
import { prepareNative } from './native-check.ts';
import { rustConst, rustFile, rustFn, rustModule, rustVariant } from './native-names.ts';
import {
  rustConsumer,
  rustDoc,
  rustDocText,
  rustFunction,
  rustInterface,
  rustString,
} from './rust-consumer.ts';
import type { RustFile } from './rust-expr.ts';
import { RUST_RT_MODULE, RUST_TYPES_MODULE } from './rust-prelude.ts';
import { rustCores } from './native-cores.ts';
import { rustProtocols } from './protocol-native.ts';
import { rustTests } from './rust-tests.ts';

/** The crate's package name (Cargo) and library name (`use pmumap_tables::...`). */
export const RUST_PACKAGE = 'pmumap-tables';

/** A plain `//` comment line (a section heading documents no single item). */
const rustComment = (text: string): string => `// ${commentText(text)}`;

const moduleDoc = (source: string, modules: string): string[] => [
  `//! The tables of ${rustDocText(source)} (no_std, no alloc).`,
  '//!',
  `//! Items of other modules are named \`crate::<module>::ITEM\`${modules ? ` (here: ${modules})` : ''}.`,
  '//! Integers are u64 and wrap; shifts by 64 or more give 0; a pmu is a u32 id',
  '//! (`PMU_*`); a table is `&[(key, value)]`; a ranges input (a KVM event filter)',
  '//! is `&[(action, lo, hi)]`. Per interface: `<Iface>In`, `<iface>_defaults(input,',
  '//! given)` for the inputs whose `<IFACE>_IN_*` bit is clear in `given`, and',
  '//! `<Iface>Result`; per consumer `<iface>_<consumer>(input)`, `Err` where the',
  "//! TypeScript runtime throws EvalError. A result's message is a `Message`: its text",
  '//! as written, and the values of its {name} placeholders, filled in by Display.',
  '//! Features, gates, explores and arch bindings are not emitted.',
];

/** Names of the crate's types module this module's code uses (strings and comments left out). */
function typesUsed(body: string): string[] {
  const code = body
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('//'))
    .join('\n')
    .replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const names = [
    'Arg',
    'ArgValue',
    'CoreEvent',
    'CoreEventKind',
    'Message',
    'OutcomeKind',
    'PerfAttr',
  ];
  return names.filter((t) => new RegExp(`(?<![\\w:])${t}\\b`).test(code));
}

function table(f: RustFile, name: string, doc: string | undefined): string[] {
  const info = f.a.tableInfo(name);
  const c = rustConst(info.name);
  const rows = info.entries.map((e) => `    (${hex(e.key)}, ${hex(e.value)}),`);
  return [
    rustDoc(name.includes('#') ? `Table ${doc ?? name}` : `Table ${name}${doc ? `: ${doc}` : ''}`),
    ...(rows.length > 0
      ? [`pub const ${c}: &[(u64, u64)] = &[`, ...rows, '];']
      : [`pub const ${c}: &[(u64, u64)] = &[];`]),
    `pub fn ${rustFn(info.name, 'lookup')}(key: u64) -> Option<u64> {`,
    `    rt::table_find(${c}, key)`,
    '}',
    '',
  ];
}

export function emitRust(part: Model, source: string, model: Model): GeneratedFile {
  const a = prepareNative(model);
  const f: RustFile = { a, source, helpers: new Map(), next: 0 };
  const out: string[] = [];
  for (const t of part.targets) {
    out.push(rustComment(`Target ${t.name}${t.doc ? `: ${t.doc}` : ''}`));
    for (const ty of t.types) {
      out.push(`pub const ${rustConst(t.name, ty.name)}: u64 = ${hex(ty.value)};`);
      for (const id of ty.ids ?? [])
        out.push(`pub const ${rustConst(t.name, ty.name, id.name)}: u64 = ${hex(id.value)};`);
    }
    out.push('');
  }
  for (const e of part.enums) {
    out.push(
      rustDoc(
        `${e.kind === 'events' ? 'Events' : 'Enum'} ${e.name} : ${e.width}${e.doc ? `: ${e.doc}` : ''}`,
      ),
    );
    for (const m of e.members)
      out.push(`pub const ${rustConst(e.name, m.name)}: u64 = ${hex(m.value)};`);
    out.push('');
  }
  for (const r of part.registers) {
    const family = r.index ? ` for ${r.index.variable} in ${r.index.lo}..${r.index.hi}` : '';
    out.push(rustComment(`Register ${r.name}${family} : ${r.width}${r.doc ? `: ${r.doc}` : ''}`));
    for (const x of r.fields) {
      if (x.reserved) continue;
      const width = x.msb - x.lsb + 1;
      out.push(
        `pub const ${rustConst(r.name, x.name, 'SHIFT')}: u32 = ${x.lsb};`,
        `pub const ${rustConst(r.name, x.name, 'MASK')}: u64 = ${hex(((1n << BigInt(width)) - 1n) << BigInt(x.lsb))};`,
        `pub const ${rustConst(r.name, x.name, 'WIDTH')}: u32 = ${width};`,
      );
    }
    out.push('');
  }
  if (source === a.reasonFile) {
    const reasons = [...a.reasonIds];
    out.push(
      rustDoc(
        'Why a consumer refused (or emulated in software): every reasons block of the tables.',
      ),
      '#[derive(Clone, Copy, Debug, PartialEq, Eq)]',
      '#[repr(u16)]',
      'pub enum Reason {',
      ...reasons.map(([code, id]) => `    ${rustVariant(code)} = ${id},`),
      '}',
      'impl Reason {',
      "    pub const fn code(self) -> &'static str {",
      '        match self {',
      ...reasons.map(
        ([code]) => `            Reason::${rustVariant(code)} => ${rustString(code)},`,
      ),
      '        }',
      '    }',
      '}',
      '',
    );
  }
  for (const p of part.pmus) {
    out.push(rustDoc(`Pmu ${p.name}${p.doc ? `: ${p.doc}` : ''}`));
    out.push(`pub const ${rustConst('PMU', p.name)}: u32 = ${a.pmuIds.get(p.name) ?? 0};`);
    out.push(
      ...table(
        f,
        `${p.name}#fixed_event`,
        `${p.name}.fixed_event: counter index -> the event the fixed counter counts`,
      ),
    );
  }
  for (const t of part.tables) out.push(...table(f, t.name, t.doc));
  for (const fn of part.functions) out.push(rustFunction(f, fn));
  for (const i of part.interfaces) out.push(rustInterface(f, i));
  for (const c of part.consumers) out.push(rustConsumer(f, c));
  out.push(...rustCores(part));
  out.push(...rustProtocols(part, model, source, rustModule));
  const body = [...out, ...[...f.helpers.values()]].join('\n');
  const modules = [...new Set([...body.matchAll(/crate::(\w+)::/g)].map((m) => m[1]))]
    .filter((m) => m !== 'types')
    .sort()
    .join(', ');
  const types = typesUsed(body);
  const lines = [
    `// ${generatedMarker([source])}`,
    ...moduleDoc(source, modules),
    '',
    ...(/(?<![\w:])rt::/.test(body) ? ['use crate::rt;'] : []),
    ...(types.length > 0 ? [`use crate::types::{${types.join(', ')}};`] : []),
    '',
    body,
  ];
  return { path: rustFile(source), contents: `${lines.join('\n').trimEnd()}\n` };
}

/** The crate around the modules: Cargo.toml, lib.rs, types.rs, rt.rs and tests.rs. */
export function emitRustCrate(model: Model, sources: readonly string[]): GeneratedFile[] {
  const a = prepareNative(model);
  const marker = generatedMarker(sources);
  const tests = rustTests(a, sources);
  const hasTests = tests.includes('#[test]');
  const lib = [
    `// ${marker}`,
    '//! The pmumap tables as Rust: constants, tables, and per interface an input',
    '//! struct, a defaults function and one function per consumer that answers',
    '//! with an outcome, a reason and the tables line that decided. no_std, no',
    '//! alloc, no dependencies. One module per tables source; the shared types',
    '//! are in [`types`].',
    '#![no_std]',
    '',
    'pub mod types;',
    'mod rt;',
    ...(hasTests ? ['#[cfg(test)]', 'mod tests;'] : []),
    '',
    ...sources.map((s) => `${rustDoc(`The tables of ${s}.`)}\npub mod ${rustModule(s)};`),
    '',
  ];
  const cargo = [
    `# ${marker}`,
    '[package]',
    `name = "${RUST_PACKAGE}"`,
    'version = "0.1.0"',
    'edition = "2021"',
    'rust-version = "1.70"',
    'description = "PMU counter mappings generated by pmumap (no_std, no dependencies)"',
    'license = "MIT"',
    'publish = false',
    '',
    '[lib]',
    'path = "src/lib.rs"',
    '',
    '[dependencies]',
    '',
  ];
  return [
    { path: 'rust/Cargo.toml', contents: cargo.join('\n') },
    { path: 'rust/src/lib.rs', contents: lib.join('\n') },
    { path: 'rust/src/types.rs', contents: `// ${marker}\n${RUST_TYPES_MODULE}` },
    { path: 'rust/src/rt.rs', contents: `// ${marker}\n${RUST_RT_MODULE}` },
    ...(hasTests ? [{ path: 'rust/src/tests.rs', contents: `// ${marker}\n${tests}\n` }] : []),
  ];
}
