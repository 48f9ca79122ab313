/**
 * Diagnostics as a SARIF 2.1.0 log (OASIS Static Analysis Results
 * Interchange Format), the file CI systems read to annotate source lines:
 * one run, the diagnostic catalog as its rules, one result per diagnostic
 * with its span as a 1-based line/column region (UTF-16 columns, end column
 * exclusive, as SARIF's default columnKind says) and related locations.
 */
import type { Diagnostic, Span } from './diagnostic.ts';
import { messages } from './messages.ts';
import type { SourceFile } from './source-file.ts';
import { lineColOf } from './source-file.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifTool {
  readonly name: string;
  readonly version: string;
  readonly informationUri?: string;
}

/** The catalog as SARIF rules, in code order; each result points at its rule by index. */
function catalogRules() {
  return Object.entries(messages)
    .map(([name, m]) => ({
      id: m.code as string,
      name,
      shortDescription: { text: m.text as string },
      defaultConfiguration: { level: m.severity as string },
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A relative path stays relative (CI resolves it against the checkout); an absolute one is a file URI. */
function artifactUri(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return `file://${encodeURI(slashed)}`;
  return encodeURI(slashed);
}

function location(span: Span, files: ReadonlyMap<string, SourceFile>) {
  const file = files.get(span.file);
  const start = file ? lineColOf(file, span.start) : { line: 1, col: 1 };
  const end = file ? lineColOf(file, Math.max(span.end, span.start)) : start;
  return {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(span.file) },
      region: {
        startLine: start.line,
        startColumn: start.col,
        endLine: end.line,
        endColumn: end.col,
      },
    },
  };
}

/** The SARIF log for one `check` run. */
export function toSarif(
  diagnostics: readonly Diagnostic[],
  files: ReadonlyMap<string, SourceFile>,
  tool: SarifTool,
): Record<string, unknown> {
  const rules = catalogRules();
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = diagnostics.map((d) => {
    const index = ruleIndex.get(d.code);
    return {
      ruleId: d.code,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: d.severity,
      message: { text: d.message },
      locations: [location(d.span, files)],
      ...(d.related && d.related.length > 0
        ? {
            relatedLocations: d.related.map((r, i) => ({
              id: i,
              ...location(r.span, files),
              message: { text: r.message },
            })),
          }
        : {}),
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
