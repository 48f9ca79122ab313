/**
 * The Rust side of the native test, generated from the model with the
 * emitter's own naming: the driver of the differential test (as in
 * c-driver.ts), and #[test]s that check every example of the tables on the
 * Rust modules (rustc --test).
 */
import { PERF_ATTRS } from '../../src/check/perf-attrs.ts';
import type { Model } from '../../src/model/model.ts';
import { analyse, fileOf, typeOfName } from '../../src/emit/native-model.ts';
import {
  fieldName,
  rustConst,
  rustFile,
  rustFn,
  rustModule,
  rustType,
  rustVariant,
} from '../../src/emit/native-names.ts';
import { evaluate } from '../../src/runtime/evaluate.ts';
import type { Value } from '../../src/runtime/values.ts';

const KINDS = ['none', 'perf', 'software', 'direct', 'refused'];

/** `#[path] mod` lines declaring every generated module. */
export function rustMods(sources: readonly string[]): string {
  return sources.map((s) => `#[path = "${rustFile(s)}"]\npub mod ${rustModule(s)};\n`).join('');
}

/** The Rust driver: a std binary declaring every generated module. */
export function rustDriver(model: Model, sources: readonly string[]): string {
  const a = analyse(model);
  const mod = (origin: string): string => rustModule(fileOf(origin));
  const arms: string[] = [];
  model.interfaces.forEach((i, k) => {
    const m = mod(i.origin);
    // Inputs are read in declaration order (a ranges input into a vector first).
    // Locals are named after the input, not the field: a keyword field is `type_`.
    const local = (name: string): string => `in_${name}`;
    const reads = i.inputs.map((x) => {
      const f = local(x.name);
      switch (typeOfName(model, x.type)) {
        case 'bool':
          return `let ${f}_value = next(&mut it) != 0;`;
        case 'pmu':
          return `let ${f}_value = next(&mut it) as u32;`;
        case 'ranges':
          return `let ${f}_items: Vec<(u64, u64, u64)> = { let n = next(&mut it); (0..n).map(|_| (next(&mut it), next(&mut it), next(&mut it))).collect() };`;
        default:
          return `let ${f}_value = next(&mut it);`;
      }
    });
    const init = i.inputs.map((x) => {
      const f = fieldName(x.name);
      const v = local(x.name);
      return typeOfName(model, x.type) === 'ranges' ? `${f}: &${v}_items` : `${f}: ${v}_value`;
    });
    const outputs = i.outputs.map((x) => {
      const f = fieldName(x.name);
      const type = typeOfName(model, x.type);
      const value =
        type === 'bool'
          ? `r.${f}.to_string()`
          : type === 'pmu'
            ? `pmu_name(r.${f}).to_string()`
            : `format!("{:#x}", r.${f})`;
      return `if r.set & ${m}::${rustConst(i.name, 'OUT', x.name)} != 0 { o.push(format!("${x.name}={}", ${value})); }`;
    });
    const consumers = model.consumers.filter((c) => c.implements === i.name);
    arms.push(
      `${k} => {`,
      'let given = next(&mut it);',
      ...reads,
      `let mut input = ${m}::${rustType(i.name, 'In')} { ${init.join(', ')} };`,
      `let ok = ${m}::${rustFn(i.name, 'defaults')}(&mut input, given).is_ok();`,
      ...consumers.map((c) => {
        const cm = mod(c.origin);
        return `report(&mut out, "${c.name}", if ok { ${cm}::${rustFn(i.name, c.name)}(&input).ok().map(|r| { let mut o: Vec<String> = Vec::new(); ${outputs.join(' ')} (r.kind as usize, reason_name(r.reason), r.origin, if r.generic { Some(r.perf_id) } else { None }, attrs_${m}(&r.attr), o.join(","), r.warnings) }) } else { None });`;
      }),
      '}',
    );
  });
  const reasonFile = a.reasonFile;
  const reasonMatch = reasonFile
    ? [
        `fn reason_name(r: Option<${rustModule(reasonFile)}::Reason>) -> &'static str {`,
        '    match r {',
        ...model.reasons.map(
          (r) =>
            `        Some(${rustModule(reasonFile)}::Reason::${rustVariant(r.code)}) => "${r.code}",`,
        ),
        '        None => "-",',
        '    }',
        '}',
      ]
    : ['fn reason_name(_: Option<u32>) -> &\'static str { "-" }'];
  // PerfAttr is defined per module: one printer per module that has interfaces.
  const attrFns = [...new Set(model.interfaces.map((i) => mod(i.origin)))].flatMap((m) => [
    `fn attrs_${m}(a: &${m}::PerfAttr) -> String {`,
    '    let mut v: Vec<String> = Vec::new();',
    ...Object.entries(PERF_ATTRS).map(([name, kind]) => {
      const field = name === 'type' ? 'type_' : name;
      const value = kind === 'int' ? `format!("{:#x}", a.${field})` : `a.${field}.to_string()`;
      return `    if a.set & ${m}::ATTR_${name.toUpperCase()} != 0 { v.push(format!("${name}={}", ${value})); }`;
    }),
    '    v.join(",")',
    '}',
  ]);
  return [
    '#![allow(dead_code)]',
    rustMods(sources),
    'use std::io::{Read, Write};',
    `const KINDS: [&str; 5] = [${KINDS.map((k) => `"${k}"`).join(', ')}];`,
    "fn pmu_name(id: u32) -> &'static str {",
    '    match id {',
    ...model.pmus.map(
      (p) =>
        `        ${rustModule(a.pmuFile.get(p.name) ?? '')}::${rustConst('PMU', p.name)} => "${p.name}",`,
    ),
    '        _ => "?",',
    '    }',
    '}',
    ...reasonMatch,
    ...attrFns,
    'fn next<I: Iterator<Item = u64>>(it: &mut I) -> u64 { it.next().expect("vector too short") }',
    "type Line<'a> = (usize, &'a str, &'a str, Option<u64>, String, String, u64);",
    "fn report(out: &mut String, name: &str, r: Option<Line<'_>>) {",
    '    match r {',
    '        None => out.push_str(&format!("{} error\\n", name)),',
    '        Some((kind, reason, origin, g, a, o, w)) => out.push_str(&format!(',
    '            "{} {} {} {} g={} a={} o={} w={:#x}\\n", name, KINDS[kind], reason,',
    '            if kind == 0 { "-" } else { origin }, g.map_or("-".to_string(), |x| format!("{:#x}", x)), a, o, w)),',
    '    }',
    '}',
    'fn main() {',
    '    let mut text = String::new();',
    '    std::io::stdin().read_to_string(&mut text).unwrap();',
    '    let mut it = text.split_ascii_whitespace().map(|t| u64::from_str_radix(t.trim_start_matches("0x"), 16).unwrap());',
    '    let mut out = String::new();',
    '    while let Some(k) = it.next() {',
    '        match k {',
    ...arms.map((l) => `            ${l}`),
    '            _ => panic!("bad interface"),',
    '        }',
    '    }',
    '    std::io::stdout().write_all(out.as_bytes()).unwrap();',
    '}',
    '',
  ].join('\n');
}

/** Rust #[test]s: every example's expectations, checked on the Rust modules (rustc --test). */
export function rustExampleTests(model: Model, sources: readonly string[]): string {
  const a = analyse(model);
  const mod = (origin: string): string => rustModule(fileOf(origin));
  const lit = (v: Value): string => {
    if (typeof v === 'bigint') return `0x${v.toString(16)}_u64`;
    if (typeof v === 'boolean') return String(v);
    if (v.kind === 'pmu')
      return `${rustModule(a.pmuFile.get(v.name) ?? '')}::${rustConst('PMU', v.name)}`;
    if (v.kind === 'ranges')
      return `&[${v.items.map((r) => `(${r.action}, 0x${r.lo.toString(16)}, 0x${r.hi.toString(16)})`).join(', ')}]`;
    throw new Error('a table cannot be given');
  };
  const tests = model.examples.map((x, n) => {
    const i = model.interfaces.find((y) => y.name === x.on);
    if (!i) throw new Error(`unknown interface ${x.on}`);
    const m = mod(i.origin);
    const given = x.given.map((g) => ({ name: g.name, value: evaluate(a.tables, g.value) }));
    const mask = given.map((g) => `${m}::${rustConst(i.name, 'IN', g.name)}`).join(' | ') || '0';
    const checks = x.expects.flatMap((e) => {
      const names = e.consumer
        ? [e.consumer]
        : model.consumers.filter((c) => c.implements === i.name).map((c) => c.name);
      return names.flatMap((name) => {
        const c = model.consumers.find((y) => y.name === name && y.implements === i.name);
        const call = `${c ? mod(c.origin) : m}::${rustFn(i.name, name)}(&input).unwrap()`;
        const kind = (k: string): string =>
          `assert_eq!(r.kind, ${m}::OutcomeKind::${k}, "${name}");`;
        const items = e.items.flatMap((item) => {
          switch (item.kind) {
            case 'refuse':
              return [
                kind('Refused'),
                `assert_eq!(r.reason, Some(${rustModule(a.reasonFile ?? '')}::Reason::${rustVariant(item.code)}));`,
              ];
            case 'software':
              return [kind('Software')];
            case 'direct':
              return [kind('Direct')];
            case 'generic':
              return [
                kind('Perf'),
                'assert!(r.generic);',
                `assert_eq!(r.perf_id, ${lit(evaluate(a.tables, item.event))});`,
              ];
            case 'perf':
              return [
                kind('Perf'),
                ...item.attrs.map(
                  (at) =>
                    `assert_eq!(r.attr.${at.name === 'type' ? 'type_' : at.name}, ${lit(evaluate(a.tables, at.value))});`,
                ),
              ];
            case 'output':
              return [
                `assert_eq!(r.${fieldName(item.name)}, ${lit(evaluate(a.tables, item.value))}, "${name}: ${item.name}");`,
              ];
          }
        });
        return [`{`, `    let r = ${call};`, ...items.map((l) => `    ${l}`), '}'];
      });
    });
    return [
      `/// ${x.title.replace(/\n/g, ' ')} (${x.origin})`,
      '#[test]',
      `fn example_${n}() {`,
      `    let mut input = ${m}::${rustType(i.name, 'In')} { ${given.map((g) => `${fieldName(g.name)}: ${lit(g.value)}`).join(', ')}${given.length < i.inputs.length ? ', ..Default::default()' : ''} };`,
      `    ${m}::${rustFn(i.name, 'defaults')}(&mut input, ${mask}).unwrap();`,
      ...checks.map((l) => `    ${l}`),
      '}',
    ].join('\n');
  });
  return [rustMods(sources), ...tests, ''].join('\n');
}
