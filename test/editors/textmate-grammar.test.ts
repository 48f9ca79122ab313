/**
 * The TextMate grammar (editors/vscode/syntaxes/pmumap.tmLanguage.json):
 * its keywords are the Ohm grammar's, and a shipped table highlighted with
 * it by shiki (the highlighter VS Code's grammar engine is packaged in for
 * Node: vscode-textmate with Oniguruma) gives the tokens an editor shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHighlighter, type LanguageRegistration } from 'shiki';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';

const tmGrammar = JSON.parse(
  readFileSync(join(ROOT, 'editors/vscode/syntaxes/pmumap.tmLanguage.json'), 'utf8'),
) as LanguageRegistration & { repository: Record<string, { match?: string }> };

/** Every `kwX = "word" ~identPart` of grammar/pmumap.ohm. */
function ohmKeywords(): string[] {
  const ohm = readFileSync(join(ROOT, 'grammar/pmumap.ohm'), 'utf8');
  return [...ohm.matchAll(/^\s*kw\w+\s*=\s*"([a-z0-9_]+)"\s*~identPart/gm)].map((m) => m[1] ?? '');
}

/** The words of the TextMate keyword and constant patterns, `\b(?:a|b)\b`. */
function textMateKeywords(): string[] {
  return Object.entries(tmGrammar.repository)
    .filter(([key]) => key.startsWith('keywords-') || key === 'constants')
    .flatMap(([, rule]) => /\\b\(\?:([\w|]+)\)\\b/.exec(rule.match ?? '')?.[1]?.split('|') ?? []);
}

describe('TextMate grammar', () => {
  it('highlights exactly the keywords of the Ohm grammar', () => {
    const ohm = ohmKeywords();
    expect(ohm.length).toBeGreaterThan(70);
    expect([...textMateKeywords()].sort()).toEqual([...new Set(ohm)].sort());
  });

  it('is the one the VS Code extension contributes, with its language configuration', () => {
    const dir = join(ROOT, 'editors/vscode');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      main: string;
      contributes: {
        languages: { id: string; extensions: string[]; configuration: string }[];
        grammars: { language: string; scopeName: string; path: string }[];
      };
    };
    const [language] = manifest.contributes.languages;
    const [grammar] = manifest.contributes.grammars;
    expect(language?.extensions).toEqual(['.pmumap']);
    expect(grammar).toEqual({
      language: 'pmumap',
      scopeName: tmGrammar.scopeName,
      path: './syntaxes/pmumap.tmLanguage.json',
    });
    const configuration = JSON.parse(
      readFileSync(join(dir, language?.configuration ?? ''), 'utf8'),
    ) as { comments: unknown; brackets: string[][] };
    expect(configuration.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    expect(configuration.brackets).toContainEqual(['{', '}']);
    // The client starts the language server this package provides.
    expect(readFileSync(join(dir, manifest.main), 'utf8')).toContain("args: ['lsp']");
  });

  describe('a shipped table through shiki', () => {
    let html = '';
    let lines: { content: string; scopes: string }[][] = [];
    const table = readFileSync(join(ROOT, 'tables/arm64/kvm-vpmu.pmumap'), 'utf8');

    beforeAll(async () => {
      const highlighter = await createHighlighter({
        themes: ['github-light'],
        langs: [{ ...tmGrammar, name: 'pmumap' }],
      });
      html = highlighter.codeToHtml(table, { lang: 'pmumap', theme: 'github-light' });
      lines = highlighter
        .codeToTokensBase(table, {
          // A language registered above: not one of shiki's bundled names.
          lang: 'pmumap' as 'text',
          theme: 'github-light',
          includeExplanation: true,
        })
        .map((line) =>
          line.flatMap((token) =>
            (token.explanation ?? []).map((part) => ({
              content: part.content,
              scopes: part.scopes.map((s) => s.scopeName).join(' '),
            })),
          ),
        );
    });

    /** The innermost scope of `word` on the first line containing `line`. */
    function scopeOf(line: string, word: string): string {
      const index = table.split('\n').findIndex((l) => l.includes(line));
      const token = lines[index]?.find((t) => t.content.trim() === word);
      return token?.scopes.split(' ').at(-1) ?? `no token '${word}' on line ${index + 1}`;
    }

    it('renders HTML with the theme colours', () => {
      expect(html).toContain('<pre class="shiki github-light"');
      expect(html).toContain('consumer');
    });

    it('a consumer header: keywords, its name, the interface, the description', () => {
      const line = 'consumer kvm implements kvm_evtype_write';
      expect(scopeOf(line, 'consumer')).toBe('storage.type.pmumap');
      expect(scopeOf(line, 'kvm')).toBe('entity.name.function.pmumap');
      expect(scopeOf(line, 'implements')).toBe('keyword.other.pmumap');
      expect(scopeOf(line, '{')).toBe('source.pmumap');
    });

    it('a labelled when: keyword, label, operators, outcome, string with a placeholder', () => {
      const line = 'when bad_pmuver: pmuver > pmuver_limit';
      expect(scopeOf(line, 'when')).toBe('keyword.control.pmumap');
      expect(scopeOf(line, 'bad_pmuver')).toBe('entity.name.label.pmumap');
      expect(scopeOf(line, '>')).toBe('keyword.operator.comparison.pmumap');
      expect(scopeOf(line, '=>')).toBe('keyword.operator.arrow.pmumap');
      expect(scopeOf(line, 'refuse')).toBe('keyword.control.pmumap');
      expect(scopeOf(line, '{pmuver_limit}')).toBe('variable.other.placeholder.pmumap');
    });

    it('words the grammar does not reserve are names where they name things', () => {
      expect(scopeOf('let max_counters = pmu.max_counters', 'pmu')).toBe(
        'variable.other.object.pmumap',
      );
      expect(scopeOf('type = host_type,', 'type')).toBe('variable.other.assignee.pmumap');
      expect(scopeOf('=> perf {', 'perf')).toBe('keyword.control.pmumap');
      expect(scopeOf('status mainline v6.10 ..', 'status')).toBe('keyword.other.pmumap');
      expect(scopeOf('status mainline v6.10 ..', 'v6.10')).toBe('constant.other.version.pmumap');
    });

    it('comments, numbers and calls', () => {
      expect(
        scopeOf(
          '// The filter is sized by the host limit',
          "// The filter is sized by the host limit, not the guest's PMUVer.",
        ),
      ).toBe('comment.line.double-slash.pmumap');
      expect(scopeOf('let host_events', '0x10000')).toBe('constant.numeric.hex.pmumap');
      expect(scopeOf('let filter_end', 'range_end')).toBe('entity.name.function.call.pmumap');
    });
  });

  describe('the newer constructs in the shipped tables', () => {
    let highlighter: Awaited<ReturnType<typeof createHighlighter>>;
    beforeAll(async () => {
      highlighter = await createHighlighter({
        themes: ['github-light'],
        langs: [{ ...tmGrammar, name: 'pmumap' }],
      });
    });

    /** The innermost scope of `word` on the first line of `file` containing `line`. */
    function scopeIn(file: string, line: string, word: string): string {
      const text = readFileSync(join(ROOT, 'tables', file), 'utf8')
        .split('\n')
        .find((l) => l.includes(line));
      if (text === undefined) return `no line '${line}' in ${file}`;
      const [tokens] = highlighter.codeToTokensBase(text, {
        lang: 'pmumap' as 'text',
        theme: 'github-light',
        includeExplanation: true,
      });
      const part = (tokens ?? [])
        .flatMap((token) => token.explanation ?? [])
        .find((p) => p.content.trim() === word);
      return part?.scopes.at(-1)?.scopeName ?? `no token '${word}' in '${text}'`;
    }

    it('roles on interface outputs, guest counters naming their event', () => {
      const output = 'output event : pmuv3_event role event';
      expect(scopeIn('arm64/host-driver.pmumap', output, 'role')).toBe('keyword.other.pmumap');
      const counter = 'cycles on 31 event pmuv3_event.CPU_CYCLES';
      expect(scopeIn('arm64/arch.pmumap', counter, 'on')).toBe('keyword.other.pmumap');
      expect(scopeIn('arm64/arch.pmumap', counter, 'event')).toBe('keyword.other.pmumap');
    });

    it("an arch's default leaf, guest keys and whole-CPU command", () => {
      expect(scopeIn('x86/arch.pmumap', 'default leaf ArchPerfmon', 'leaf')).toBe(
        'keyword.other.pmumap',
      );
      expect(scopeIn('x86/arch.pmumap', 'guest keys legacy', 'keys')).toBe('keyword.other.pmumap');
      expect(scopeIn('x86/arch.pmumap', 'encode x86_signature default sdm', 'encode')).toBe(
        'keyword.other.pmumap',
      );
      expect(scopeIn('x86/arch.pmumap', 'identify x86_identity', 'identify')).toBe(
        'keyword.other.pmumap',
      );
    });

    it('a host marker: marker and absent are keywords, not names', () => {
      const marker = 'host marker "msr"';
      expect(scopeIn('x86/arch.pmumap', marker, 'marker')).toBe('keyword.other.pmumap');
      expect(scopeIn('x86/arch.pmumap', marker, 'absent')).toBe('keyword.other.pmumap');
    });

    it('protocol and machine headers name what they declare', () => {
      const protocol = 'protocol kvm_vcpu_pmu on arm64';
      expect(scopeIn('arm64/kvm-attrs.pmumap', protocol, 'protocol')).toBe('storage.type.pmumap');
      expect(scopeIn('arm64/kvm-attrs.pmumap', protocol, 'kvm_vcpu_pmu')).toBe(
        'entity.name.type.pmumap',
      );
      const machine = 'machine kvm-6.7 implements kvm_vcpu_pmu extends kvm';
      expect(scopeIn('arm64/kvm-attrs.pmumap', machine, 'machine')).toBe('storage.type.pmumap');
      expect(scopeIn('arm64/kvm-attrs.pmumap', machine, 'kvm-6.7')).toBe(
        'entity.name.function.pmumap',
      );
    });
  });
});
