/**
 * The importers' printer: it writes the DSL text of a vendor file and, from
 * the same calls, the AST the parser would build from that text (every span
 * at the offset the token was written at). `pmumap import` puts those ASTs
 * in the parse cache, so the check that follows an import does not parse
 * the 1.5 MB it just wrote; test/vendor/dsl-writer.test.ts holds the two to
 * deep equality on every shipped vendor file.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type * as A from '../syntax/ast.ts';
import { unescapeText } from '../syntax/text-literal.ts';
import { dslString } from './dsl-text.ts';

export class DslWriter {
  text = '';

  /** Text the AST does not keep: comments, spaces, punctuation, keywords. */
  raw(s: string): void {
    this.text += s;
  }

  span(start: number): Span {
    return { file: '', start, end: this.text.length };
  }

  /** A number written as `0x` hex (zero-padded to `digits`) or decimal. */
  num(value: number | bigint, form: { hex: boolean; digits?: number }): A.NumberLit {
    const start = this.text.length;
    const n = BigInt(value);
    const text = form.hex ? `0x${n.toString(16).padStart(form.digits ?? 1, '0')}` : n.toString();
    this.text += text;
    return { value: n, text, span: this.span(start) };
  }

  str(value: string): A.Text {
    const start = this.text.length;
    const literal = dslString(value);
    this.text += literal;
    return { value: unescapeText(literal), span: this.span(start) };
  }

  ident(name: string): A.Ident {
    const start = this.text.length;
    this.text += name;
    return { name, span: this.span(start) };
  }

  /** `import "path"` */
  importDecl(path: string): A.ImportDecl {
    const start = this.text.length;
    this.raw('import ');
    const p = this.str(path);
    return { kind: 'import', path: p, span: this.span(start) };
  }
}

export interface CoreItemSpec {
  readonly kind: 'fixed' | 'common' | 'event';
  readonly code?: number;
  readonly umask?: number;
  /** fixed: the counter index */
  readonly index?: number;
  readonly qualifiers?: readonly {
    readonly name: string;
    readonly value?: A.NumberLit['value'];
    readonly hex?: boolean;
  }[];
  readonly name: string;
  readonly record: number;
}

export interface CoreSpec {
  readonly ident: string;
  readonly display: string;
  readonly pmu: string;
  readonly source: string;
  readonly id?: { readonly value: number; readonly digits: number; readonly text: string };
  readonly arch?: string;
  readonly counters?: number;
  /** Digits of zero-padding for codes and umasks (Intel writes 0x03:0x04). */
  readonly codeDigits: number;
  readonly items: readonly CoreItemSpec[];
}

/** `core NAME "display" : pmu { ... }` and its body, one item per line, then `}`. */
export function writeCore(w: DslWriter, c: CoreSpec): A.CoreDecl {
  const start = w.text.length;
  w.raw('core ');
  const name = w.ident(c.ident);
  w.raw(' ');
  const text = w.str(c.display);
  w.raw(' : ');
  const pmu = w.ident(c.pmu);
  w.raw(' {\n  source ');
  const source = w.str(c.source);
  let id: A.CoreDecl['id'];
  if (c.id) {
    w.raw('\n  id ');
    const value = w.num(c.id.value, { hex: true, digits: c.id.digits });
    w.raw(' ');
    id = { value, text: w.str(c.id.text) };
  }
  let arch: A.Text | undefined;
  if (c.arch !== undefined) {
    w.raw('\n  arch ');
    arch = w.str(c.arch);
  }
  let counters: A.NumberLit | undefined;
  if (c.counters !== undefined) {
    w.raw('\n  counters ');
    counters = w.num(c.counters, { hex: false });
  }
  const fixed: A.CoreFixed[] = [];
  const common: A.CoreCommon[] = [];
  const events: A.CoreEvent[] = [];
  const hex = { hex: true, digits: c.codeDigits };
  for (const item of c.items) {
    w.raw('\n  ');
    const at = w.text.length;
    if (item.kind === 'fixed') {
      w.raw('fixed ');
      const index = w.num(item.index ?? 0, { hex: false });
      let code: A.NumberLit | undefined;
      let umask: A.NumberLit | undefined;
      if (item.code !== undefined) {
        w.raw(' ');
        code = w.num(item.code, hex);
        if (item.umask !== undefined) {
          w.raw(':');
          umask = w.num(item.umask, hex);
        }
      }
      w.raw(' ');
      const n = w.str(item.name);
      w.raw(' @');
      const record = w.num(item.record, { hex: false });
      fixed.push({
        index,
        ...(code ? { code } : {}),
        ...(umask ? { umask } : {}),
        name: n,
        record,
        span: w.span(at),
      });
    } else if (item.kind === 'common') {
      w.raw('common ');
      const code = w.num(item.code ?? 0, hex);
      w.raw(' ');
      const n = w.ident(item.name);
      w.raw(' @');
      const record = w.num(item.record, { hex: false });
      common.push({ code, name: n, record, span: w.span(at) });
    } else {
      w.raw('event ');
      const code = w.num(item.code ?? 0, hex);
      let umask: A.NumberLit | undefined;
      if (item.umask !== undefined) {
        w.raw(':');
        umask = w.num(item.umask, hex);
      }
      const qualifiers = (item.qualifiers ?? []).map((q) => {
        w.raw(' ');
        const qn = w.ident(q.name);
        if (q.value === undefined) return { name: qn };
        w.raw('=');
        return { name: qn, value: w.num(q.value, { hex: q.hex ?? false }) };
      });
      w.raw(' ');
      const n = w.str(item.name);
      w.raw(' @');
      const record = w.num(item.record, { hex: false });
      events.push({
        code,
        ...(umask ? { umask } : {}),
        qualifiers,
        name: n,
        record,
        span: w.span(at),
      });
    }
  }
  w.raw('\n}');
  return {
    kind: 'core',
    name,
    pmu,
    fixed,
    common,
    events,
    span: w.span(start),
    source,
    ...(id ? { id } : {}),
    ...(arch ? { arch } : {}),
    ...(counters ? { counters } : {}),
    text,
  };
}

/** `system NAME "text" { core core ... }` */
export function writeSystem(
  w: DslWriter,
  s: { name: string; text: string; cores: readonly string[] },
): A.SystemDecl {
  const start = w.text.length;
  w.raw('system ');
  const name = w.ident(s.name);
  w.raw(' ');
  const text = w.str(s.text);
  w.raw(' {');
  const cores = s.cores.map((c) => {
    w.raw(' ');
    return w.ident(c);
  });
  w.raw(' }');
  return { kind: 'system', name, cores, span: w.span(start), text };
}

/** The AST with every span's file set to `file` (the writer leaves it empty). */
export function withFile<T>(value: T, file: string): T {
  if (Array.isArray(value)) return value.map((v: unknown) => withFile(v, file)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'file' ? file : withFile(v, file);
    return out as T;
  }
  return value;
}
