/**
 * The pmumap language server (`pmumap lsp`, LSP over stdio): diagnostics as
 * `pmumap check` reports them (same codes, same spans, across imports) on
 * open and on every change, hover, go to definition, document symbols and
 * formatting through prettier-plugin-pmumap.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import type {
  CompletionItem,
  Connection,
  Diagnostic as LspDiagnostic,
  DocumentSymbol,
  Hover,
  Location,
  TextEdit,
} from 'vscode-languageserver/node';
import {
  CompletionItemKind,
  createConnection,
  DiagnosticSeverity,
  MarkupKind,
  StreamMessageReader,
  StreamMessageWriter,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { compileParsed } from '../compile.ts';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from '../diagnostics/source-file.ts';
import type { FileAst } from '../syntax/ast.ts';
import type { ParseResult } from '../syntax/parse.ts';
import { parse } from '../syntax/parse.ts';
import type { Declaration } from './declarations.ts';
import { declarationsOf } from './declarations.ts';
import { formatter } from './format-document.ts';
import { roleAt, roleHover, rolesToComplete } from './roles.ts';
import { callAt, pickDeclaration, resolveInScope, scopeAt } from './scope.ts';
import { sourcesFor } from './sources.ts';

/** What the server knows after compiling a document: its files and their ASTs. */
interface Compiled {
  readonly root: string;
  readonly files: readonly SourceFile[];
  readonly asts: ReadonlyMap<string, FileAst>;
}

const COMPLETION_KINDS: Readonly<Record<string, CompletionItemKind>> = {
  enum: CompletionItemKind.Enum,
  register: CompletionItemKind.Struct,
  cpuid: CompletionItemKind.Struct,
  pmu: CompletionItemKind.Class,
  interface: CompletionItemKind.Interface,
  consumer: CompletionItemKind.Function,
  fn: CompletionItemKind.Function,
  members: CompletionItemKind.EnumMember,
  fields: CompletionItemKind.Field,
  protocol: CompletionItemKind.Interface,
  machine: CompletionItemKind.Function,
  errno: CompletionItemKind.Constant,
  state: CompletionItemKind.Field,
  call: CompletionItemKind.Method,
  host: CompletionItemKind.Struct,
  params: CompletionItemKind.Variable,
};

const SYMBOL_KINDS: Readonly<Record<string, SymbolKind>> = {
  enum: SymbolKind.Enum,
  register: SymbolKind.Struct,
  cpuid: SymbolKind.Struct,
  pmu: SymbolKind.Class,
  interface: SymbolKind.Interface,
  consumer: SymbolKind.Function,
  fn: SymbolKind.Function,
  feature: SymbolKind.Boolean,
  table: SymbolKind.Array,
  members: SymbolKind.EnumMember,
  fields: SymbolKind.Field,
  protocol: SymbolKind.Interface,
  machine: SymbolKind.Function,
  errno: SymbolKind.Constant,
  state: SymbolKind.Field,
  call: SymbolKind.Method,
  host: SymbolKind.Struct,
  params: SymbolKind.Variable,
  cpuCommands: SymbolKind.Function,
  vendors: SymbolKind.Namespace,
  slots: SymbolKind.Property,
};

export function startLanguageServer(input: Readable, output: Writable): Connection {
  const connection = createConnection(
    new StreamMessageReader(input),
    new StreamMessageWriter(output),
  );
  const documents = new TextDocuments(TextDocument);
  let root = process.cwd();
  /** Parses by path and text: an edit reparses one file, not its imports. */
  const parses = new Map<string, { text: string; result: ParseResult }>();
  const compiled = new Map<string, Compiled>();
  /** Files that got diagnostics for a document, to clear when they have none. */
  const published = new Map<string, Set<string>>();

  const parseCached = (file: SourceFile): ParseResult => {
    const hit = parses.get(file.path);
    if (hit && hit.text === file.text) return hit.result;
    const result = parse(file);
    parses.set(file.path, { text: file.text, result });
    return result;
  };

  const uriOf = (path: string): string => pathToFileURL(resolve(root, path)).href;
  const openTexts = (): Map<string, string> =>
    new Map(documents.all().map((d) => [fileURLToPath(d.uri), d.getText()]));

  const rangeOf = (files: ReadonlyMap<string, TextDocument>, span: Span) => {
    const doc = files.get(span.file);
    const start = doc?.positionAt(span.start) ?? { line: 0, character: 0 };
    return { start, end: doc?.positionAt(span.end) ?? start };
  };

  const toLsp = (files: ReadonlyMap<string, TextDocument>, d: Diagnostic): LspDiagnostic => ({
    range: rangeOf(files, d.span),
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: 'pmumap',
    message: d.message,
    ...(d.related
      ? {
          relatedInformation: d.related.map((r) => ({
            message: r.message,
            location: { uri: uriOf(r.span.file), range: rangeOf(files, r.span) },
          })),
        }
      : {}),
  });

  const check = (document: TextDocument): void => {
    if (!document.uri.startsWith('file:')) return;
    const absolute = fileURLToPath(document.uri);
    const files = sourcesFor(root, absolute, openTexts());
    let diagnostics: readonly Diagnostic[];
    try {
      diagnostics = compileParsed(files, parseCached).diagnostics;
    } catch (e) {
      connection.console.error(`pmumap: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const asts = new Map<string, FileAst>();
    for (const file of files) {
      const ast = parses.get(file.path)?.result.ast;
      if (ast) asts.set(file.path, ast);
    }
    compiled.set(document.uri, { root, files, asts });
    const texts = new Map(
      files.map((f) => [f.path, TextDocument.create(uriOf(f.path), 'pmumap', 0, f.text)]),
    );
    const byUri = new Map<string, LspDiagnostic[]>(files.map((f) => [uriOf(f.path), []]));
    for (const d of diagnostics) byUri.get(uriOf(d.span.file))?.push(toLsp(texts, d));
    const before = published.get(document.uri) ?? new Set();
    for (const uri of before) if (!byUri.has(uri)) byUri.set(uri, []);
    published.set(
      document.uri,
      new Set([...byUri].filter(([, l]) => l.length > 0).map(([u]) => u)),
    );
    for (const [uri, list] of byUri) {
      if (list.length > 0 || before.has(uri) || uri === document.uri) {
        void connection.sendDiagnostics({ uri, diagnostics: list });
      }
    }
  };

  /** The word (a name, a consumer name, `PMEVTYPER<n>_EL0`) at an offset, and what precedes it. */
  const wordAt = (text: string, offset: number) => {
    const word = /[A-Za-z_][A-Za-z0-9_.<>-]*/g;
    for (const m of text.matchAll(word)) {
      if (m.index <= offset && offset <= m.index + m[0].length) {
        // `a.b.c`: the part under the cursor, and the parts before it.
        const parts = m[0].split('.');
        let at = m.index;
        for (let i = 0; i < parts.length; i++) {
          const part = parts[i] ?? '';
          if (offset <= at + part.length)
            return { name: part, qualifiers: parts.slice(0, i), whole: m[0], start: at };
          at += part.length + 1;
        }
      }
      if (m.index > offset) break;
    }
    return undefined;
  };

  /** The declaration a name at a position refers to, with the file it is in. */
  const lookup = (uri: string, offset: number) => {
    const document = documents.get(uri);
    const state = compiled.get(uri);
    if (!document || !state) return undefined;
    const text = document.getText();
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const lineEnd = text.indexOf('\n', offset);
    const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
    const found = wordAt(line, offset - lineStart);
    const importMatch = /^\s*import\s+"([^"]+)"/.exec(line);
    const all = [...state.asts].flatMap(([path, ast]) =>
      declarationsOf(ast).map((d) => ({ path, declaration: d })),
    );
    if (importMatch) {
      const target = resolve(dirname(fileURLToPath(uri)), importMatch[1] ?? '');
      return { kind: 'file' as const, absolute: target };
    }
    if (!found) return undefined;
    const role = roleAt(line, found.start, found.name);
    if (role) return { kind: 'role' as const, role };
    const here = fileURLToPath(uri);
    const path = [...state.asts.keys()].find((p) => resolve(state.root, p) === here) ?? '';
    const pick = (name: string) => pickDeclaration(state.asts, name, line, path, offset);
    // A consumer name with a dot (kvm-5.18) is one name, not a member access.
    const dotted = pick(found.whole);
    if (dotted)
      return { kind: 'declaration' as const, path: dotted.path, declaration: dotted.declaration };
    const owner = found.qualifiers.at(-1);
    if (owner !== undefined) {
      const parent = all.find((e) => e.declaration.name === owner);
      const child = parent?.declaration.children.find((c) => c.name === found.name);
      if (parent && child)
        return {
          kind: 'declaration' as const,
          path: parent.path,
          declaration: child,
          parent: parent.declaration,
        };
    }
    // In a consumer or machine: its own names, its interface's or protocol's, its parents'.
    if (path !== '') {
      const scoped = resolveInScope(
        scopeAt(state.asts, path, offset),
        found.whole,
        found.name,
        found.qualifiers.at(-1),
        callAt(state.asts, path, offset),
      );
      if (scoped) return { kind: 'declaration' as const, ...scoped };
    }
    const top = pick(found.name);
    if (top) return { kind: 'declaration' as const, path: top.path, declaration: top.declaration };
    // A name declared inside this file's declarations (an input, a let, a label).
    for (const e of all) {
      if (resolve(state.root, e.path) !== here) continue;
      const inner = e.declaration.children.find((c) => c.name === found.name);
      if (inner && e.declaration.span.start <= offset && offset <= e.declaration.span.end) {
        return {
          kind: 'declaration' as const,
          path: e.path,
          declaration: inner,
          parent: e.declaration,
        };
      }
    }
    return undefined;
  };

  /** `consumer: the step` for each consumer or machine step line that names `qualified` (Enum.MEMBER), first 10. */
  const consumerStepsNaming = (uri: string, qualified: string): string[] => {
    const state = compiled.get(uri);
    if (!state) return [];
    const pattern = new RegExp(`(?<![\\w.])${qualified.replace('.', '\\.')}(?![\\w])`);
    const out: string[] = [];
    for (const file of state.files) {
      const ast = state.asts.get(file.path);
      if (!ast) continue;
      for (const d of declarationsOf(ast).filter(
        (d) => d.kind === 'consumer' || d.kind === 'machine',
      )) {
        const body = file.text.slice(d.span.start, d.span.end).split('\n');
        const line = file.text.slice(0, d.span.start).split('\n').length;
        body.forEach((text, i) => {
          if (i > 0 && pattern.test(text) && !text.trim().startsWith('//'))
            out.push(`${d.name} (${file.path}:${line + i}): \`${text.trim()}\``);
        });
      }
    }
    return out.slice(0, 10);
  };

  const textOf = (uri: string, path: string): string =>
    compiled.get(uri)?.files.find((f) => f.path === path)?.text ?? '';

  /**
   * Completion: after `Owner.`, what Owner declares (enum members, register
   * fields, a pmu's properties); elsewhere the declarations of the file and
   * its imports, and the names declared in the declaration around the cursor
   * (in a consumer, its interface's too, and its parent consumer's).
   */
  connection.onCompletion(({ textDocument, position }): CompletionItem[] => {
    const document = documents.get(textDocument.uri);
    const state = compiled.get(textDocument.uri);
    if (!document || !state) return [];
    const offset = document.offsetAt(position);
    const text = document.getText();
    const lineBefore = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
    const roles = rolesToComplete(lineBefore);
    if (roles) {
      return roles.map(({ name, spec }) => ({
        label: name,
        kind: CompletionItemKind.EnumMember,
        detail: 'role',
        documentation: spec.doc,
      }));
    }
    const before = /([A-Za-z_][A-Za-z0-9_<>]*)\.([A-Za-z0-9_]*)$/.exec(lineBefore);
    const all = [...state.asts.values()].flatMap((ast) => declarationsOf(ast));
    const item = (d: Declaration): CompletionItem => ({
      label: d.name,
      kind: COMPLETION_KINDS[d.kind] ?? CompletionItemKind.Variable,
      detail: d.kind,
    });
    const here = fileURLToPath(textDocument.uri);
    const path = [...state.asts.keys()].find((p) => resolve(state.root, p) === here);
    const scope = path === undefined ? [] : scopeAt(state.asts, path, offset);
    if (before) {
      const owner = all.find((d) => d.name === before[1]);
      if (owner) return owner.children.map(item);
      // In a machine: `vm.` and `vcpu.` its protocol's states and calls (`vcpu.set`), `host.` its host records.
      const qualified = scope
        .map((s) => s.declaration)
        .filter((d) => d.scope === before[1] || d.kind === before[1])
        .map((d) => ({
          ...item(d),
          label: d.kind === 'call' ? d.name.slice(d.name.indexOf('.') + 1) : d.name,
        }));
      const unique = new Set<string>();
      return qualified.filter((i) => !unique.has(i.label) && unique.add(i.label));
    }
    const around = [...state.asts]
      .filter(([path]) => resolve(state.root, path) === here)
      .flatMap(([, ast]) => declarationsOf(ast))
      .find((d) => d.span.start <= offset && offset <= d.span.end);
    // In a consumer or machine: its interface's or protocol's names, and its parents'.
    const inherited = scope.map((s) => s.declaration);
    const seen = new Set<string>();
    return [...(around?.children ?? []), ...inherited, ...all]
      .filter((d) => !seen.has(d.name) && seen.add(d.name))
      .map(item);
  });

  connection.onInitialize((params) => {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    if (folder) root = fileURLToPath(folder);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        definitionProvider: true,
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        completionProvider: { triggerCharacters: ['.'] },
      },
      serverInfo: { name: 'pmumap' },
    };
  });

  // Fired on open too: one compile per open or change.
  documents.onDidChangeContent((e) => check(e.document));
  documents.onDidClose((e) => {
    compiled.delete(e.document.uri);
  });

  connection.onDocumentSymbol(({ textDocument }): DocumentSymbol[] => {
    const document = documents.get(textDocument.uri);
    if (!document) return [];
    const ast = parse({ path: textDocument.uri, text: document.getText() }).ast;
    if (!ast) return [];
    const symbol = (d: Declaration): DocumentSymbol => ({
      name: d.name,
      detail: d.kind,
      kind: SYMBOL_KINDS[d.kind] ?? SymbolKind.Variable,
      range: { start: document.positionAt(d.span.start), end: document.positionAt(d.span.end) },
      selectionRange: {
        start: document.positionAt(d.nameSpan.start),
        end: document.positionAt(d.nameSpan.end),
      },
      children: d.children.map(symbol),
    });
    return declarationsOf(ast).map(symbol);
  });

  connection.onDefinition(({ textDocument, position }): Location | undefined => {
    const document = documents.get(textDocument.uri);
    if (!document) return undefined;
    const found = lookup(textDocument.uri, document.offsetAt(position));
    if (!found || found.kind === 'role') return undefined;
    const zero = { line: 0, character: 0 };
    if (found.kind === 'file') {
      return { uri: pathToFileURL(found.absolute).href, range: { start: zero, end: zero } };
    }
    const target = TextDocument.create('', 'pmumap', 0, textOf(textDocument.uri, found.path));
    const span = found.declaration.nameSpan;
    return {
      uri: uriOf(found.path),
      range: { start: target.positionAt(span.start), end: target.positionAt(span.end) },
    };
  });

  connection.onHover(({ textDocument, position }): Hover | undefined => {
    const document = documents.get(textDocument.uri);
    if (!document) return undefined;
    const found = lookup(textDocument.uri, document.offsetAt(position));
    if (found?.kind === 'role')
      return { contents: { kind: MarkupKind.Markdown, value: roleHover(found.role) } };
    if (!found || found.kind !== 'declaration') return undefined;
    const text = textOf(textDocument.uri, found.path);
    const span = found.declaration.span;
    // The declaration's first line (a block's header; a field, member or step whole).
    const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
    const lineEnd = text.indexOf('\n', span.start);
    const source = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).trim();
    // The comment lines right above it: what the tables say it is and where it comes from.
    const above = text.slice(0, lineStart).split('\n').slice(0, -1);
    const comment: string[] = [];
    for (let i = above.length - 1; i >= 0 && /^\s*\/\//.test(above[i] ?? ''); i--) {
      comment.unshift((above[i] ?? '').replace(/^\s*\/\/\s?/, ''));
    }
    const where = `${found.parent ? `${found.parent.name} · ` : ''}${found.path}`;
    // An enum member (an event): what each consumer's steps do with it.
    const uses =
      found.parent?.kind === 'enum'
        ? consumerStepsNaming(textDocument.uri, `${found.parent.name}.${found.declaration.name}`)
        : [];
    return {
      contents: {
        kind: MarkupKind.Markdown,
        value: [
          '```pmumap',
          source,
          '```',
          where,
          ...(comment.length ? ['', comment.join(' ')] : []),
          ...(uses.length ? ['', 'In the consumers:', '', ...uses.map((u) => `- ${u}`)] : []),
        ].join('\n'),
      },
    };
  });

  connection.onDocumentFormatting(async ({ textDocument }): Promise<TextEdit[]> => {
    const document = documents.get(textDocument.uri);
    const format = await formatter();
    if (!document || !format) return [];
    const text = document.getText();
    let formatted: string;
    try {
      formatted = format(text);
    } catch {
      return []; // does not parse: the diagnostics say where
    }
    if (formatted === text) return [];
    const end = document.positionAt(text.length);
    return [{ range: { start: { line: 0, character: 0 }, end }, newText: formatted }];
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
