/**
 * `pmumap check --format sarif`: a SARIF 2.1.0 log that validates against
 * the OASIS schema (test/fixtures/sarif, with its source and licence), whose
 * results point at the diagnostic's table line and columns, and whose rules
 * are the diagnostic catalog.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { messages } from '../../src/diagnostics/messages.ts';
import { ROOT } from '../helpers.ts';
import { cli } from './run-cli.ts';

const schema = JSON.parse(
  readFileSync(join(ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'),
) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
// The schema's formats, checked rather than ignored (ajv-formats is not a dependency).
ajv.addFormat('uri', (s: string) => URL.canParse(s));
ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///checkout/'));
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
const validate = ajv.compile(schema);

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: { name: string; rules: { id: string; defaultConfiguration: { level: string } }[] };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: Region } }[];
      relatedLocations?: { physicalLocation: { region: Region }; message: { text: string } }[];
    }[];
  }[];
}

describe('check --format sarif', () => {
  it('a table error: a valid SARIF 2.1.0 log pointing at its line and columns', async () => {
    const fixture = 'test/fixtures/diagnostics/duplicate-member.pmumap';
    const r = await cli(['check', fixture, '--format', 'sarif']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const log = JSON.parse(r.stdout) as SarifLog;
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('pmumap');
    const result = run.results[0]!;
    expect(result).toMatchObject({
      ruleId: 'PM2002',
      level: 'error',
      message: { text: "'IMP' is already a member of 'PMUVer'" },
    });
    // `IMP = 4` on line 5: the name spans columns 3-5, SARIF's end column is exclusive.
    expect(result.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: fixture },
      region: { startLine: 5, startColumn: 3, endLine: 5, endColumn: 6 },
    });
    expect(result.relatedLocations?.[0]?.physicalLocation.region).toMatchObject({
      startLine: 4,
      startColumn: 3,
    });
    expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe('PM2002');
  });

  it('the rules are the whole diagnostic catalog, each with its default level', async () => {
    const r = await cli(['check', '--format', 'sarif']);
    expect(r.status).toBe(0);
    const log = JSON.parse(r.stdout) as SarifLog;
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((x) => x.id).sort()).toEqual(
      Object.values(messages)
        .map((m) => m.code)
        .sort(),
    );
    for (const m of Object.values(messages))
      expect(rules.find((x) => x.id === m.code)?.defaultConfiguration.level).toBe(m.severity);
    // The shipped tables have warnings only: each is a result with level "warning".
    expect(log.runs[0]!.results.every((x) => x.level === 'warning')).toBe(true);
  });

  it('the schema is strict enough to catch a broken log', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(
      validate({
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 'x' } },
            results: [{ message: { text: 'm' }, level: 'fatal' }],
          },
        ],
      }),
    ).toBe(false);
  });

  it('--json and --format sarif together are a usage error', async () => {
    const r = await cli(['check', '--json', '--format', 'sarif']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^pmumap: give --json or --format sarif, not both\n$/);
  });
});
