/**
 * The examples of the tables as the crate's own tests (`src/tests.rs`,
 * `#[cfg(test)]`): each example's given inputs, the defaults function, and
 * every expectation on every consumer it names, so `cargo test` checks the
 * Rust code against what the tables say.
 */
import type { MExample } from '../model/model.ts';
import { evaluate } from '../runtime/evaluate.ts';
import type { Value } from '../runtime/values.ts';
import { EmitError, fileOf, type Analysis } from './native-model.ts';
import { fieldName, rustConst, rustFn, rustModule, rustType, rustVariant } from './native-names.ts';
import { rustDoc, rustString } from './rust-consumer.ts';

function literal(a: Analysis, v: Value): string {
  if (typeof v === 'bigint') return `0x${v.toString(16)}_u64`;
  if (typeof v === 'boolean') return String(v);
  if (v.kind === 'pmu')
    return `crate::${rustModule(a.pmuFile.get(v.name) ?? '')}::${rustConst('PMU', v.name)}`;
  if (v.kind === 'ranges')
    return `&[${v.items.map((r) => `(${r.action}, 0x${r.lo.toString(16)}, 0x${r.hi.toString(16)})`).join(', ')}]`;
  throw new EmitError('an example cannot give a table');
}

/** `assert_eq!`, or `assert!` on a bool (clippy: bool_assert_comparison). */
function assertEq(actual: string, expected: string, label: string): string {
  if (expected === 'true') return `assert!(${actual}, ${label});`;
  if (expected === 'false') return `assert!(!${actual}, ${label});`;
  return `assert_eq!(${actual}, ${expected}, ${label});`;
}

function exampleTest(a: Analysis, x: MExample, n: number): string[] {
  const model = a.model;
  const mod = (origin: string): string => `crate::${rustModule(fileOf(origin))}`;
  const i = model.interfaces.find((y) => y.name === x.on);
  if (!i) throw new EmitError(`example '${x.title}' is on unknown interface '${x.on}'`);
  const m = mod(i.origin);
  const value = (e: Parameters<typeof evaluate>[1]): string => literal(a, evaluate(a.tables, e));
  const given = x.given.map((g) => ({ name: g.name, value: value(g.value) }));
  const mask = given.map((g) => `${m}::${rustConst(i.name, 'IN', g.name)}`).join(' | ') || '0';
  const checks = x.expects.flatMap((e) => {
    const names = e.consumer
      ? [e.consumer]
      : model.consumers.filter((c) => c.implements === i.name).map((c) => c.name);
    return names.flatMap((name) => {
      const c = model.consumers.find((y) => y.name === name && y.implements === i.name);
      if (!c) throw new EmitError(`example '${x.title}' names unknown consumer '${name}'`);
      const label = rustString(name);
      const kind = (k: string): string =>
        `assert_eq!(r.kind, crate::types::OutcomeKind::${k}, ${label});`;
      const items = e.items.flatMap((item) => {
        switch (item.kind) {
          case 'refuse':
            return [
              kind('Refused'),
              `assert_eq!(r.reason, Some(crate::${rustModule(a.reasonFile ?? '')}::Reason::${rustVariant(item.code)}), ${label});`,
            ];
          case 'software':
            return [kind('Software')];
          case 'direct':
            return [kind('Direct')];
          case 'generic':
            return [
              kind('Perf'),
              `assert!(r.generic, ${label});`,
              assertEq('r.perf_id', value(item.event), label),
            ];
          case 'perf':
            return [
              kind('Perf'),
              ...item.attrs.map((at) =>
                assertEq(
                  `r.attr.${at.name === 'type' ? 'type_' : at.name}`,
                  value(at.value),
                  label,
                ),
              ),
            ];
          case 'output':
            return [assertEq(`r.${fieldName(item.name)}`, value(item.value), label)];
        }
      });
      const call = `${mod(c.origin)}::${rustFn(i.name, name)}(&input).unwrap()`;
      return ['{', `    let r = ${call};`, ...items.map((l) => `    ${l}`), '}'];
    });
  });
  const rest = given.length < i.inputs.length ? ', ..Default::default()' : '';
  const mutable = i.inputs.some((y) => !x.given.some((g) => g.name === y.name));
  return [
    rustDoc(`${x.title} (${x.origin})`),
    '#[test]',
    `fn example_${n}() {`,
    `    let ${mutable ? 'mut ' : ''}input = ${m}::${rustType(i.name, 'In')} { ${given.map((g) => `${fieldName(g.name)}: ${g.value}`).join(', ')}${rest} };`,
    ...(mutable ? [`    ${m}::${rustFn(i.name, 'defaults')}(&mut input, ${mask}).unwrap();`] : []),
    ...checks.map((l) => `    ${l}`),
    '}',
    '',
  ];
}

/** The sources whose modules an example's test names. */
function filesOf(a: Analysis, x: MExample): string[] {
  const i = a.model.interfaces.find((y) => y.name === x.on);
  const consumers = a.model.consumers.filter((c) => c.implements === x.on);
  return [i?.origin, ...consumers.map((c) => c.origin), ...a.model.pmus.map((p) => p.origin)]
    .filter((o): o is string => o !== undefined)
    .map(fileOf)
    .concat(a.reasonFile ? [a.reasonFile] : []);
}

/** `src/tests.rs`: one #[test] per example of the sources, in source order. */
export function rustTests(a: Analysis, sources: readonly string[]): string {
  const mine = new Set(sources);
  const tests = a.model.examples
    .map((x, n) => ({ x, n }))
    .filter(({ x }) => mine.has(fileOf(x.origin)) && filesOf(a, x).every((f) => mine.has(f)))
    .flatMap(({ x, n }) => exampleTest(a, x, n));
  return ['//! Every example of the tables, as a test of the crate.', '', ...tests]
    .join('\n')
    .trimEnd();
}
