/**
 * The JSON Schema (draft 2020-12) of the JSON tables, emitted next to them
 * as pmumap.schema.json. It mirrors src/model/model.ts.
 */
import type { GeneratedFile } from './generated-file.ts';
import { machinesSchema, pexprOps, protocolsSchema } from './protocol-schema.ts';

const hex = { type: 'string', pattern: '^0x[0-9a-f]+$' };
const str = { type: 'string' };
const int = { type: 'integer', minimum: 0 };
const origin = {
  type: 'string',
  pattern: '^.+:[0-9]+$',
  description: 'file:line of the declaration',
};
const list = (items: object): object => ({ type: 'array', items });
const obj = (required: string[], properties: Record<string, unknown>): object => ({
  type: 'object',
  required,
  properties,
  additionalProperties: false,
});
const ref = (name: string): object => ({ $ref: `#/$defs/${name}` });

/** A kernel release without its v: "6.10", "5.4.3". */
const kernelVersion = { type: 'string', pattern: '^[0-9]+\\.[0-9]+(\\.[0-9]+)?$' };
/** Which kernel a consumer models (src/model/model.ts MConsumerStatus). */
const consumerStatus = {
  oneOf: [
    obj(['kind'], {
      kind: { const: 'mainline' },
      since: kernelVersion,
      until: kernelVersion,
      of: str,
    }),
    obj(['kind', 'series', 'modifies'], {
      kind: { const: 'patch' },
      series: obj(['subject', 'version', 'date'], {
        subject: str,
        version: { type: 'string', pattern: '^v[0-9]+$' },
        date: str,
        link: str,
      }),
      modifies: str,
    }),
    obj(['kind', 'document'], { kind: { const: 'spec' }, document: str }),
  ],
};

const exprOps = [
  obj(['op', 'value'], { op: { const: 'const' }, value: hex, enum: str }),
  obj(['op', 'value'], { op: { const: 'bool' }, value: { type: 'boolean' } }),
  ...['var', 'register', 'feature', 'pmu', 'table'].map((op) =>
    obj(['op', 'name'], { op: { const: op }, name: str }),
  ),
  obj(['op', 'object', 'name'], { op: { const: 'prop' }, object: ref('expr'), name: str }),
  obj(['op', 'object', 'lsb', 'width'], {
    op: { const: 'field' },
    object: ref('expr'),
    lsb: int,
    width: int,
  }),
  obj(['op', 'object', 'hi', 'lo'], {
    op: { const: 'slice' },
    object: ref('expr'),
    hi: ref('expr'),
    lo: ref('expr'),
  }),
  obj(['op', 'object', 'index'], { op: { const: 'bit' }, object: ref('expr'), index: ref('expr') }),
  obj(['op', 'table', 'key'], { op: { const: 'lookup' }, table: ref('expr'), key: ref('expr') }),
  obj(['op', 'fn', 'args'], { op: { const: 'call' }, fn: str, args: list(ref('expr')) }),
  obj(['op', 'arg'], { op: { enum: ['!', '~'] }, arg: ref('expr') }),
  obj(['op', 'kind', 'a', 'b'], {
    op: { const: 'bin' },
    kind: str,
    a: ref('expr'),
    b: ref('expr'),
  }),
  obj(['op', 'test', 'then', 'otherwise'], {
    op: { const: 'cond' },
    test: ref('expr'),
    then: ref('expr'),
    otherwise: ref('expr'),
  }),
  obj(['op', 'value', 'items'], {
    op: { const: 'inSet' },
    value: ref('expr'),
    items: list(ref('expr')),
  }),
  obj(['op', 'value', 'lo', 'hi'], {
    op: { const: 'inRange' },
    value: ref('expr'),
    lo: hex,
    hi: hex,
  }),
  obj(['op', 'value', 'table'], {
    op: { const: 'inTable' },
    value: ref('expr'),
    table: ref('expr'),
  }),
  obj(['op', 'items'], {
    op: { const: 'ranges' },
    items: list(obj(['action', 'lo', 'hi'], { action: ref('expr'), lo: hex, hi: hex })),
  }),
  obj(['op', 'variable', 'lo', 'hi', 'cond'], {
    op: { const: 'bits' },
    variable: str,
    lo: int,
    hi: int,
    cond: ref('expr'),
  }),
];

const member = obj(['name', 'value', 'origin'], { name: str, value: hex, doc: str, origin });
const attrs = list(obj(['name', 'value'], { name: str, value: ref('expr') }));
const outcome = {
  oneOf: [
    obj(['kind', 'code', 'message'], { kind: { const: 'refuse' }, code: str, message: str }),
    obj(['kind', 'message'], { kind: { const: 'software' }, code: str, message: str }),
    obj(['kind', 'message'], { kind: { const: 'direct' }, message: str }),
    obj(['kind', 'attrs'], { kind: { const: 'perf' }, attrs }),
    obj(['kind', 'target', 'type', 'typeValue', 'event'], {
      kind: { const: 'generic' },
      target: str,
      type: str,
      typeValue: hex,
      event: ref('expr'),
      attrs,
    }),
  ],
};

export const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://pmumap.dev/schema/tables.json',
  title: 'pmumap tables',
  description: 'One tables/*.pmumap source compiled by pmumap; see src/model/model.ts.',
  type: 'object',
  required: [
    '$comment',
    'source',
    'targets',
    'enums',
    'registers',
    'features',
    'tables',
    'reasons',
    'pmus',
    'interfaces',
    'consumers',
    'examples',
    'archs',
    'functions',
    'explores',
    'cores',
    'systems',
  ],
  additionalProperties: false,
  properties: {
    $comment: str,
    $schema: str,
    source: str,
    targets: list(
      obj(['name', 'origin', 'types'], {
        name: str,
        doc: str,
        origin,
        types: list(
          obj(['name', 'value', 'origin'], {
            name: str,
            value: hex,
            doc: str,
            ids: list(member),
            origin,
          }),
        ),
      }),
    ),
    enums: list(
      obj(['name', 'kind', 'width', 'origin', 'members'], {
        name: str,
        kind: { enum: ['enum', 'events'] },
        width: { type: 'integer', minimum: 1, maximum: 64 },
        doc: str,
        origin,
        members: list(member),
      }),
    ),
    registers: list(
      obj(['name', 'width', 'origin', 'fields'], {
        name: str,
        width: { type: 'integer', minimum: 1, maximum: 64 },
        doc: str,
        origin,
        index: obj(['variable', 'lo', 'hi'], { variable: str, lo: int, hi: int }),
        cpuid: obj(['leaf', 'reg'], { leaf: hex, subleaf: hex, reg: str }),
        negative: { type: 'boolean' },
        below: ref('expr'),
        fields: list(
          obj(['name', 'msb', 'lsb', 'origin'], {
            name: str,
            msb: int,
            lsb: int,
            reserved: { enum: ['res0', 'res1'] },
            enum: str,
            doc: str,
            negative: { type: 'boolean' },
            gate: ref('expr'),
            origin,
          }),
        ),
      }),
    ),
    features: list(
      obj(['name', 'condition', 'origin'], { name: str, condition: ref('expr'), doc: str, origin }),
    ),
    tables: list(
      obj(['name', 'keyType', 'valueType', 'origin', 'entries'], {
        name: str,
        keyType: str,
        valueType: str,
        doc: str,
        origin,
        entries: list(obj(['key', 'value', 'origin'], { key: hex, value: hex, doc: str, origin })),
      }),
    ),
    reasons: list(
      obj(['code', 'group', 'doc', 'origin'], {
        code: str,
        group: str,
        id: { type: 'integer', minimum: 1 },
        doc: str,
        origin,
      }),
    ),
    pmus: list(
      obj(['name', 'origin', 'props', 'counters'], {
        name: str,
        parent: str,
        id: { type: 'integer', minimum: 1 },
        doc: str,
        origin,
        props: list({
          oneOf: [
            obj(['name', 'value', 'origin'], { name: str, value: ref('expr'), origin }),
            obj(['name', 'table', 'origin'], { name: str, table: str, origin }),
          ],
        }),
        counters: list(
          obj(['lo', 'hi', 'origin'], {
            lo: int,
            hi: int,
            fixed: ref('expr'),
            via: str,
            gate: ref('expr'),
            doc: str,
            origin,
          }),
        ),
      }),
    ),
    interfaces: list(
      obj(['name', 'origin', 'inputs', 'outputs', 'outcome'], {
        name: str,
        doc: str,
        origin,
        inputs: list(
          obj(['name', 'type'], {
            name: str,
            type: str,
            range: obj(['lo', 'hi'], { lo: hex, hi: hex }),
            default: ref('expr'),
            role: str,
            doc: str,
          }),
        ),
        outputs: list(obj(['name', 'type'], { name: str, type: str, role: str, doc: str })),
        outcome: { type: 'boolean' },
      }),
    ),
    consumers: list(
      obj(['name', 'implements', 'origin', 'steps'], {
        name: str,
        implements: str,
        parent: str,
        doc: str,
        status: consumerStatus,
        origin,
        steps: list({
          oneOf: [
            obj(['kind', 'name', 'value', 'origin'], {
              kind: { enum: ['let', 'output'] },
              name: str,
              value: ref('expr'),
              origin,
            }),
            obj(['kind', 'condition', 'outcome', 'origin'], {
              kind: { const: 'when' },
              label: str,
              condition: ref('expr'),
              outcome,
              origin,
            }),
            obj(['kind', 'outcome', 'origin'], { kind: { const: 'final' }, outcome, origin }),
            obj(['kind', 'condition', 'message', 'origin'], {
              kind: { const: 'warn' },
              label: str,
              condition: ref('expr'),
              message: str,
              origin,
            }),
          ],
        }),
      }),
    ),
    examples: list(
      obj(['title', 'on', 'origin', 'given', 'expects'], {
        title: str,
        cite: str,
        on: str,
        origin,
        given: list(obj(['name', 'value'], { name: str, value: ref('expr') })),
        expects: list(
          obj(['items', 'origin'], {
            consumer: str,
            origin,
            items: list({
              oneOf: [
                obj(['kind', 'code'], { kind: { const: 'refuse' }, code: str }),
                obj(['kind'], { kind: { const: 'software' } }),
                obj(['kind'], { kind: { const: 'direct' } }),
                obj(['kind', 'attrs'], { kind: { const: 'perf' }, attrs }),
                obj(['kind', 'event'], { kind: { const: 'generic' }, event: ref('expr') }),
                obj(['kind', 'name', 'value'], {
                  kind: { const: 'output' },
                  name: str,
                  value: ref('expr'),
                }),
              ],
            }),
          }),
        ),
      }),
    ),
    archs: list(
      obj(['name', 'origin', 'commands', 'modes'], {
        name: str,
        doc: str,
        origin,
        defaultLeaf: hex,
        guestKeys: list(obj(['key', 'consumer'], { key: str, consumer: str })),
        vendor: list(
          obj(['pmu', 'arches', 'command', 'given', 'origin'], {
            pmu: str,
            arches: list(str),
            command: str,
            given: list(obj(['input'], { input: str, fact: str, value: hex })),
            doc: str,
            origin,
          }),
        ),
        commands: list(
          obj(['name', 'interface', 'consumer'], {
            name: str,
            interface: str,
            consumer: str,
            over: str,
            identity: obj(['command', 'slot'], { command: str, slot: str, vendor: str }),
            doc: str,
          }),
        ),
        modes: list(obj(['name', 'consumer'], { name: str, consumer: str, doc: str })),
        cpuCommands: list(
          obj(['name', 'origin', 'vendorString', 'encode', 'identify', 'vendors'], {
            name: str,
            doc: str,
            origin,
            vendorString: list(str),
            encode: obj(['interface', 'consumer'], { interface: str, consumer: str }),
            identify: obj(['interface', 'consumer'], { interface: str, consumer: str }),
            vendors: list(
              obj(['match', 'given', 'slots', 'origin'], {
                match: list(hex),
                given: list(obj(['input'], { input: str, output: str, value: str })),
                slots: list(
                  obj(['slot', 'interface'], {
                    slot: str,
                    interface: str,
                    consumer: str,
                    over: str,
                    doc: str,
                  }),
                ),
                origin,
              }),
            ),
          }),
        ),
        host: obj(['devices', 'rules'], {
          devices: list(
            obj(['pattern', 'pmu'], {
              pattern: str,
              pmu: str,
              when: obj(['dir', 'name', 'glob'], { dir: str, name: str, glob: str }),
              doc: str,
            }),
          ),
          markers: list(
            obj(['pattern', 'absent'], {
              pattern: str,
              when: obj(['dir', 'name', 'glob'], { dir: str, name: str, glob: str }),
              doc: str,
              absent: str,
            }),
          ),
          cpu: obj(['path', 'mask', 'enum'], { path: str, mask: hex, enum: str }),
          rules: list(
            obj(['role', 'interface', 'consumer'], {
              role: str,
              interface: str,
              consumer: str,
              doc: str,
            }),
          ),
          guest: obj(['command', 'modes', 'given', 'counters', 'events'], {
            command: str,
            modes: list(obj(['plan', 'mode'], { plan: str, mode: str, doc: str })),
            given: list(obj(['input', 'fact'], { input: str, fact: str })),
            counters: list(obj(['name', 'index', 'event'], { name: str, index: int, event: hex })),
            events: list(obj(['enum', 'counter'], { enum: str, counter: int })),
          }),
        }),
      }),
    ),
    functions: list(
      obj(['name', 'params', 'returns', 'body', 'origin'], {
        name: str,
        params: list(obj(['name', 'type'], { name: str, type: str })),
        returns: str,
        body: ref('expr'),
        doc: str,
        origin,
      }),
    ),
    explores: list(
      obj(['interface', 'origin', 'dimensions'], {
        interface: str,
        doc: str,
        origin,
        dimensions: list(
          obj(['input', 'values'], {
            input: str,
            field: obj(['name', 'lsb', 'width'], { name: str, lsb: int, width: int }),
            values: list(str),
            doc: str,
          }),
        ),
      }),
    ),
    cores: list(
      obj(['name', 'pmu', 'origin', 'fixed', 'common', 'events'], {
        name: str,
        doc: str,
        pmu: str,
        origin,
        source: str,
        id: hex,
        idDoc: str,
        arch: str,
        counters: int,
        fixed: list(
          obj(['index', 'name', 'record', 'origin'], {
            index: int,
            code: hex,
            umask: hex,
            name: str,
            record: int,
            origin,
          }),
        ),
        common: list(
          obj(['code', 'name', 'record', 'origin'], { code: hex, name: str, record: int, origin }),
        ),
        events: list(
          obj(['code', 'name', 'record', 'origin'], {
            code: hex,
            umask: hex,
            qualifiers: str,
            name: str,
            record: int,
            origin,
          }),
        ),
      }),
    ),
    systems: list(
      obj(['name', 'cores', 'origin'], { name: str, doc: str, cores: list(str), origin }),
    ),
    protocols: protocolsSchema,
    machines: machinesSchema(consumerStatus),
  },
  $defs: { expr: { oneOf: exprOps }, pexpr: pexprOps },
};

export function emitJsonSchema(): GeneratedFile {
  return { path: 'json/pmumap.schema.json', contents: JSON.stringify(schema, null, 2) + '\n' };
}
