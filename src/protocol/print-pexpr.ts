/**
 * A protocol expression, step or effect as source-like text, for the report's
 * state tables and diff (so a change reads as the tables would say it).
 */
import type { PEffect, PExpr, PStep } from '../model/protocol-model.ts';

const hexOrDec = (v: string): string => {
  const n = BigInt(v);
  return n < 1000n ? n.toString() : v;
};

export function printPExpr(e: PExpr): string {
  switch (e.op) {
    case 'const':
      return e.enum ?? hexOrDec(e.value);
    case 'bool':
      return String(e.value);
    case 'state':
      return `${e.scope}.${e.name}`;
    case 'param':
    case 'let':
      return e.name;
    case 'hostHas':
      return `${printPExpr(e.key)} in host.${e.record}`;
    case 'hostGet':
      return `host.${e.record}[${printPExpr(e.key)}].${e.field}`;
    case 'hostCount':
      return `host.${e.record}.count`;
    case 'hostFirst':
      return `host.${e.record}.first`;
    case 'anyOther':
      return `any_other(${printPExpr(e.body)})`;
    case 'allOther':
      return `all_other(${printPExpr(e.body)})`;
    case '!':
    case '~':
      return `${e.op}${wrap(e.arg)}`;
    case 'min':
    case 'max':
      return `${e.op}(${printPExpr(e.a)}, ${printPExpr(e.b)})`;
    case 'cond':
      return `${wrap(e.test)} ? ${wrap(e.then)} : ${wrap(e.otherwise)}`;
    case 'inSet':
      return `${wrap(e.value)} in {${e.items.map(printPExpr).join(', ')}}`;
    case 'inRange':
      return `${wrap(e.value)} in ${hexOrDec(e.lo)}..${hexOrDec(e.hi)}`;
    case 'bin':
      return `${wrap(e.a)} ${e.kind} ${wrap(e.b)}`;
  }
}

function wrap(e: PExpr): string {
  const simple = [
    'const',
    'bool',
    'state',
    'param',
    'let',
    'hostGet',
    'hostCount',
    'hostFirst',
    'anyOther',
    'allOther',
    'min',
    'max',
  ];
  return simple.includes(e.op) ? printPExpr(e) : `(${printPExpr(e)})`;
}

export function printEffects(effects: readonly PEffect[]): string {
  return effects.map((x) => `${x.scope}.${x.name} = ${printPExpr(x.value)}`).join(', ');
}

/** A rule as the tables write it: `when COND => RESULT { effects }`. */
export function printRule(s: Extract<PStep, { kind: 'rule' }>): string {
  const effects = s.effects.length > 0 ? ` { ${printEffects(s.effects)} }` : '';
  return `${s.condition ? `when ${printPExpr(s.condition)} ` : ''}=> ${s.result}${effects}`;
}

/** A step's name in its machine: its label, or the call's final, or its place. */
export function stepName(s: PStep, index: number): string {
  if (s.kind === 'let') return `let ${s.name}`;
  return s.label ?? (s.condition ? `step ${index}` : 'final');
}
