/**
 * Every JSON table in tables/generated/json/ validates against the
 * pmumap.schema.json beside them
 * (checked with Ajv, draft 2020-12), and the schema rejects a table with a
 * field the model does not have.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';

const dir = join(ROOT, 'tables/generated/json');
const schema = JSON.parse(readFileSync(join(dir, 'pmumap.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const tables = readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'pmumap.schema.json');

describe('pmumap.schema.json', () => {
  it.each(tables)('%s validates', (name) => {
    const doc = JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown;
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects a register field with an unknown property', () => {
    const doc = JSON.parse(readFileSync(join(dir, 'arm64-pmu-registers.json'), 'utf8')) as {
      registers: { fields: Record<string, unknown>[] }[];
    };
    const field = doc.registers[0]?.fields[0];
    if (field) field['bitz'] = 1;
    expect(validate(doc)).toBe(false);
  });
});
