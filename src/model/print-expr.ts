/**
 * An expression of the model as DSL-like text, for reports and diffs:
 * enum constants by member name, fields as `x[msb:lsb]` (the model keeps
 * positions, not field names, so a register field is named back from the
 * register when it can be).
 */
import type { MExpr, Model } from './model.ts';

function memberOf(model: Model, enumName: string, value: string): string | undefined {
  const e = model.enums.find((x) => x.name === enumName);
  const m = e?.members.find((x) => BigInt(x.value) === BigInt(value));
  return m ? `${enumName}.${m.name}` : undefined;
}

function fieldName(model: Model, object: MExpr, lsb: number, width: number): string | undefined {
  if (object.op !== 'register') return undefined;
  const reg = model.registers.find((r) => r.name === object.name);
  return reg?.fields.find((f) => f.lsb === lsb && f.msb - f.lsb + 1 === width)?.name;
}

export function printExpr(model: Model, e: MExpr): string {
  const p = (x: MExpr): string => printExpr(model, x);
  const wrap = (x: MExpr): string => (x.op === 'bin' || x.op === 'cond' ? `(${p(x)})` : p(x));
  switch (e.op) {
    case 'const':
      return (e.enum && memberOf(model, e.enum, e.value)) ?? e.value;
    case 'bool':
      return String(e.value);
    case 'var':
    case 'register':
    case 'feature':
    case 'pmu':
    case 'table':
      return e.name;
    case 'prop':
      return `${p(e.object)}.${e.name}`;
    case 'field': {
      const name = fieldName(model, e.object, e.lsb, e.width);
      return name ? `${p(e.object)}.${name}` : `${p(e.object)}[${e.lsb + e.width - 1}:${e.lsb}]`;
    }
    case 'slice':
      return `${p(e.object)}[${p(e.hi)}:${p(e.lo)}]`;
    case 'bit':
      return `${p(e.object)}[${p(e.index)}]`;
    case 'lookup':
      return `${p(e.table)}[${p(e.key)}]`;
    case 'call':
      return `${e.fn}(${e.args.map(p).join(', ')})`;
    case '!':
    case '~':
      return `${e.op}${wrap(e.arg)}`;
    case 'bin':
      return `${wrap(e.a)} ${e.kind} ${wrap(e.b)}`;
    case 'cond':
      return `${wrap(e.test)} ? ${p(e.then)} : ${p(e.otherwise)}`;
    case 'inSet':
      return `${wrap(e.value)} in {${e.items.map(p).join(', ')}}`;
    case 'inRange':
      return `${wrap(e.value)} in ${e.lo}..${e.hi}`;
    case 'inTable':
      return `${wrap(e.value)} in ${p(e.table)}`;
    case 'ranges':
      return `[${e.items.map((i) => `${p(i.action)}: ${i.lo}..${i.hi}`).join(', ')}]`;
    case 'bits':
      return `bits(${e.variable} in ${e.lo}..${e.hi} : ${p(e.cond)})`;
  }
}
