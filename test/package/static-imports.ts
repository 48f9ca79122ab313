/**
 * The modules a built ES module loads at import time: its top-level
 * `import` and `export ... from` declarations (read with TypeScript's
 * parser, so text in strings is never taken for an import), followed
 * through relative paths. Dynamic `import()` is left out on purpose: it is
 * how code defers loading the compiler until it is needed.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

function declaredImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  return source.statements.flatMap((s) =>
    (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) &&
    s.moduleSpecifier &&
    ts.isStringLiteral(s.moduleSpecifier)
      ? [s.moduleSpecifier.text]
      : [],
  );
}

/** Absolute paths of the relative modules reached, and the bare specifiers (packages) as written. */
export function staticImports(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.startsWith('/')) continue;
    for (const spec of declaredImports(file))
      queue.push(spec.startsWith('.') ? resolve(dirname(file), spec) : spec);
  }
  seen.delete(entry);
  return [...seen];
}
