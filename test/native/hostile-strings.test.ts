/**
 * Names, messages and descriptions from tables end up in generated
 * TypeScript, JSON, C and Rust. Text that tries to end a comment or a
 * string early or to inject code (`*​/`, quotes, backslashes, `${`,
 * backticks, newlines, CR, NUL, U+2028, non-ASCII) must come out as the
 * same text: each target is compiled or parsed and the strings read back,
 * the C message also through pmumap_format_message, and the Rust crate's
 * docs through rustdoc -D warnings.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.ts';
import { emitAll } from '../../src/emit/index.ts';
import { cargo, findToolchain, run, STRICT_C } from './toolchain.ts';

/** The hostile text, as the tables mean it. */
const NASTY =
  'a */ b /* c " d \\ e ${f} `g` </script> h\nline2\r\u0000 NUL \u2028 µ—日本 ?? ??= end';

/** The same text as a DSL string literal: escape backslash, quote, newline and NUL (PM1006 refuses it raw). */
const literal = `"${NASTY.replace(/\\/g, '\\\\')
  .replace(/"/g, '\\"')
  .replace(/\n/g, '\\n')
  .replace(/\u0000/g, '\\u{0}')}"`;

const SOURCE = `
reasons Why ${literal} {
  BAD ${literal}
}

events ev : 8 ${literal} {
  ONE = 1 ${literal}
}

register REG : 8 ${literal} {
  7:1 HI ${literal}
  0 LO ${literal}
}

interface iface ${literal} {
  input x : u8 ${literal}
  output y : u8 ${literal}
  outcome ${literal}
}

consumer c implements iface ${literal} {
  status spec ${literal}
  warn w: x == 1 => ${literal}
  output y = x
  when bad: x == 1 => refuse BAD ${literal}
  => perf { type = 4, config = x }
}

example ${literal} cite ${literal} on iface {
  given x = 1
  expect c: refuse BAD
}
`;

function generated() {
  const result = compile([{ path: 'tables/hostile.pmumap', text: SOURCE }]);
  expect(result.diagnostics).toEqual([]);
  if (!result.model) throw new Error('no model');
  return emitAll(result.model, ['tables/hostile.pmumap']);
}

describe('hostile strings through every target', () => {
  const files = generated();
  const byPath = (path: string) => {
    const f = files.find((x) => x.path === path);
    if (!f) throw new Error(`no ${path} output`);
    return f;
  };
  const byExt = (ext: string) => byPath(`${ext.slice(1)}/hostile${ext}`);
  const dir = mkdtempSync(join(tmpdir(), 'pmumap-hostile-'));
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.contents);
  }

  it('JSON parses and keeps every string', () => {
    const model = JSON.parse(byExt('.json').contents);
    expect(model.reasons[0].doc).toBe(NASTY);
    expect(model.enums[0].members[0].doc).toBe(NASTY);
    expect(model.registers[0].fields[0].doc).toBe(NASTY);
    expect(model.examples[0].title).toBe(NASTY);
  });

  it('TypeScript has no syntax error and evaluates to the same strings', async () => {
    const out = ts.transpileModule(byExt('.ts').contents, {
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    expect(out.diagnostics ?? []).toEqual([]);
    const path = join(dir, 'hostile.mjs');
    writeFileSync(path, out.outputText);
    const mod = (await import(pathToFileURL(path).href)) as Record<
      string,
      { reasons: { doc: string }[]; consumers: { doc: string }[] }
    >;
    const model = Object.values(mod)[0];
    expect(model?.reasons[0]?.doc).toBe(NASTY);
    expect(model?.consumers[0]?.doc).toBe(NASTY);
  });

  it('C compiles warning-free and returns the refusal message intact up to its NUL', async () => {
    const tc = findToolchain();
    writeFileSync(
      join(dir, 'c/main.c'),
      `#include <stdio.h>
#include "pmumap.h"
int main(void) {
  struct pmumap_iface_in in = {0};
  struct pmumap_iface_result out;
  char text[512];
  in.x = 1;
  pmumap_iface_c(&in, &out);
  fputs(out.message, stdout);
  fputs("|", stdout);
  pmumap_format_message(text, sizeof text, out.message, &out.args);
  fputs(text, stdout);
  return 0;
}
`,
    );
    await run(tc.cc, [...STRICT_C, 'main.c', '-o', 'main-c'], join(dir, 'c'));
    const { stdout } = await run(join(dir, 'c/main-c'), [], dir);
    const upToNul = NASTY.slice(0, NASTY.indexOf('\u0000'));
    // {f} names no value: the filled-in message is the message.
    expect(stdout).toBe(`${upToNul}|${upToNul}`);
  }, 60_000);

  it('the Rust crate builds under -D warnings, documents under rustdoc -D warnings, and returns the message intact', async () => {
    const tc = findToolchain();
    const crate = join(dir, 'rust');
    mkdirSync(join(crate, 'examples'));
    writeFileSync(
      join(crate, 'examples/main.rs'),
      `fn main() {
    let input = pmumap_tables::hostile::IfaceIn { x: 1 };
    let r = pmumap_tables::hostile::iface_c(&input).expect("runs");
    print!("{}", r.message);
}
`,
    );
    const target = join(dir, 'target');
    await cargo(tc, ['build', '--all-targets'], crate, target);
    await cargo(tc, ['doc', '--no-deps'], crate, target);
    const { stdout } = await run(join(target, 'debug/examples/main'), [], dir);
    expect(stdout).toBe(NASTY);
  }, 120_000);
});
