/**
 * The JSON Schema of the protocols and machines (issue 20) in the JSON
 * tables, mirroring the protocol types in src/model/model.ts; json-schema.ts
 * puts these under `protocols`, `machines` and `$defs.pexpr`.
 */
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
const pexpr = { $ref: '#/$defs/pexpr' };
const constant = { type: 'string', pattern: '^(0x[0-9a-f]+|true|false)$' };
const result = { type: 'string', pattern: '^(0|-[A-Za-z_][A-Za-z0-9_]*)$' };

const ptype = {
  oneOf: [
    obj(['kind'], { kind: { enum: ['bool', 'flag'] } }),
    obj(['kind', 'width'], { kind: { const: 'int' }, width: int }),
    obj(['kind', 'name', 'width'], { kind: { const: 'enum' }, name: str, width: int }),
  ],
};

export const pexprOps = {
  oneOf: [
    obj(['op', 'value'], { op: { const: 'const' }, value: hex, enum: str }),
    obj(['op', 'value'], { op: { const: 'bool' }, value: { type: 'boolean' } }),
    obj(['op', 'scope', 'name'], {
      op: { const: 'state' },
      scope: { enum: ['vm', 'vcpu', 'other'] },
      name: str,
    }),
    obj(['op', 'name'], { op: { enum: ['param', 'let'] }, name: str }),
    obj(['op', 'record', 'key'], { op: { const: 'hostHas' }, record: str, key: pexpr }),
    obj(['op', 'record', 'key', 'field'], {
      op: { const: 'hostGet' },
      record: str,
      key: pexpr,
      field: str,
    }),
    obj(['op', 'record'], { op: { enum: ['hostCount', 'hostFirst'] }, record: str }),
    obj(['op', 'body'], { op: { enum: ['anyOther', 'allOther'] }, body: pexpr }),
    obj(['op', 'arg'], { op: { enum: ['!', '~'] }, arg: pexpr }),
    obj(['op', 'kind', 'a', 'b'], { op: { const: 'bin' }, kind: str, a: pexpr, b: pexpr }),
    obj(['op', 'a', 'b'], { op: { enum: ['min', 'max'] }, a: pexpr, b: pexpr }),
    obj(['op', 'test', 'then', 'otherwise'], {
      op: { const: 'cond' },
      test: pexpr,
      then: pexpr,
      otherwise: pexpr,
    }),
    obj(['op', 'value', 'items'], { op: { const: 'inSet' }, value: pexpr, items: list(pexpr) }),
    obj(['op', 'value', 'lo', 'hi'], { op: { const: 'inRange' }, value: pexpr, lo: hex, hi: hex }),
  ],
};

export const protocolsSchema = list(
  obj(['name', 'arch', 'origin', 'errnos', 'hosts', 'state', 'calls'], {
    name: str,
    arch: str,
    doc: str,
    origin,
    errnos: list(obj(['name', 'value', 'origin'], { name: str, value: int, doc: str, origin })),
    hosts: list(
      obj(['name', 'fields', 'origin'], {
        name: str,
        fields: list(obj(['name', 'type'], { name: str, type: ptype })),
        doc: str,
        origin,
      }),
    ),
    state: list(
      obj(['scope', 'name', 'type', 'init', 'origin'], {
        scope: { enum: ['vm', 'vcpu'] },
        name: str,
        type: ptype,
        init: constant,
        doc: str,
        origin,
      }),
    ),
    calls: list(
      obj(['name', 'subject', 'verb', 'perVcpu', 'params', 'origin'], {
        name: str,
        subject: str,
        verb: str,
        perVcpu: { type: 'boolean' },
        params: list(obj(['name', 'type'], { name: str, type: ptype, default: constant })),
        doc: str,
        origin,
      }),
    ),
    explore: obj(['vcpus', 'hosts', 'values'], {
      vcpus: int,
      hosts: list(obj(['record', 'values'], { record: str, values: list(constant) })),
      values: list(
        obj(['call', 'param', 'values'], { call: str, param: str, values: list(constant) }),
      ),
      doc: str,
    }),
  }),
);

export function machinesSchema(status: object): object {
  const effect = obj(['scope', 'name', 'value'], {
    scope: { enum: ['vm', 'vcpu'] },
    name: str,
    value: pexpr,
  });
  return list(
    obj(['name', 'protocol', 'origin', 'steps'], {
      name: str,
      protocol: str,
      parent: str,
      doc: str,
      status,
      origin,
      steps: list({
        oneOf: [
          obj(['kind', 'name', 'value', 'origin'], {
            kind: { const: 'let' },
            call: str,
            name: str,
            value: pexpr,
            origin,
          }),
          obj(['kind', 'result', 'effects', 'origin'], {
            kind: { const: 'rule' },
            call: str,
            label: str,
            condition: pexpr,
            result,
            effects: list(effect),
            origin,
          }),
        ],
      }),
    }),
  );
}
