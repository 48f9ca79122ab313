/**
 * The Rust driver of the differential test, generated from the model with
 * the emitter's own naming (as in c-driver.ts): a std program built as an
 * example of the generated crate (`examples/driver.rs`), so it reaches the
 * modules as `pmumap_tables::<module>`. Run as `driver messages` it prints
 * instead each run's message filled in (Display of types::Message). The
 * examples of the tables are the crate's own tests (src/emit/rust-tests.ts).
 */
import { PERF_ATTRS } from '../../src/check/perf-attrs.ts';
import type { Model } from '../../src/model/model.ts';
import { analyse, fileOf, typeOfName } from '../../src/emit/native-model.ts';
import {
  fieldName,
  rustConst,
  rustFn,
  rustModule,
  rustType,
  rustVariant,
} from '../../src/emit/native-names.ts';

const KINDS = ['none', 'perf', 'software', 'direct', 'refused'];

/** The crate's library name. */
const CRATE = 'pmumap_tables';

/** The Rust driver: a std program over the generated crate. */
export function rustDriver(model: Model): string {
  const a = analyse(model);
  const mod = (origin: string): string => `${CRATE}::${rustModule(fileOf(origin))}`;
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
        return `report(&mut out, "${c.name}", if ok { ${cm}::${rustFn(i.name, c.name)}(&input).ok().map(|r| { let mut o: Vec<String> = Vec::new(); ${outputs.join(' ')} (r.kind as usize, reason_name(r.reason), r.origin, if r.generic { Some(r.perf_id) } else { None }, attrs(&r.attr), o.join(","), r.warnings, r.message.to_string()) }) } else { None }, messages);`;
      }),
      '}',
    );
  });
  const reasonFile = a.reasonFile;
  const reasonMatch = reasonFile
    ? [
        `fn reason_name(r: Option<${CRATE}::${rustModule(reasonFile)}::Reason>) -> &'static str {`,
        '    match r {',
        ...model.reasons.map(
          (r) =>
            `        Some(${CRATE}::${rustModule(reasonFile)}::Reason::${rustVariant(r.code)}) => "${r.code}",`,
        ),
        '        None => "-",',
        '    }',
        '}',
      ]
    : ['fn reason_name(_: Option<u32>) -> &\'static str { "-" }'];
  const attrFns = [
    `fn attrs(a: &${CRATE}::types::PerfAttr) -> String {`,
    '    let mut v: Vec<String> = Vec::new();',
    ...Object.entries(PERF_ATTRS).map(([name, kind]) => {
      const field = name === 'type' ? 'type_' : name;
      const value = kind === 'int' ? `format!("{:#x}", a.${field})` : `a.${field}.to_string()`;
      return `    if a.set & ${CRATE}::types::ATTR_${name.toUpperCase()} != 0 { v.push(format!("${name}={}", ${value})); }`;
    }),
    '    v.join(",")',
    '}',
  ];
  return [
    '#![allow(dead_code)]',
    'use std::io::{Read, Write};',
    `const KINDS: [&str; 5] = [${KINDS.map((k) => `"${k}"`).join(', ')}];`,
    "fn pmu_name(id: u32) -> &'static str {",
    '    match id {',
    ...model.pmus.map(
      (p) =>
        `        ${CRATE}::${rustModule(a.pmuFile.get(p.name) ?? '')}::${rustConst('PMU', p.name)} => "${p.name}",`,
    ),
    '        _ => "?",',
    '    }',
    '}',
    ...reasonMatch,
    ...attrFns,
    'fn next<I: Iterator<Item = u64>>(it: &mut I) -> u64 { it.next().expect("vector too short") }',
    "type Line<'a> = (usize, &'a str, &'a str, Option<u64>, String, String, u64, String);",
    "fn report(out: &mut String, name: &str, r: Option<Line<'_>>, messages: bool) {",
    '    if messages {',
    '        let m = match &r { Some((k, _, _, _, _, _, _, m)) if (2..=4).contains(k) => m.as_str(), _ => "-" };',
    '        out.push_str(m);',
    "        out.push('\\n');",
    '        return;',
    '    }',
    '    match r {',
    '        None => out.push_str(&format!("{} error\\n", name)),',
    '        Some((kind, reason, origin, g, a, o, w, _)) => out.push_str(&format!(',
    '            "{} {} {} {} g={} a={} o={} w={:#x}\\n", name, KINDS[kind], reason,',
    '            if kind == 0 { "-" } else { origin }, g.map_or("-".to_string(), |x| format!("{:#x}", x)), a, o, w)),',
    '    }',
    '}',
    'fn main() {',
    '    let messages = std::env::args().nth(1).as_deref() == Some("messages");',
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
