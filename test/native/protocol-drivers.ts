/**
 * Drivers of the protocol differential test, generated from a protocol
 * with the emitter's naming: a C program and a Rust example that read
 * call sequences from stdin and print, per sequence, each machine's result
 * and deciding step for every call, as `protocolAnswers` does with the
 * TypeScript runtime. A sequence on stdin:
 *
 *   S <nr_vcpus>
 *   H <record index> <field values, hex>...
 *   C <call index> <vcpu> <argument values, hex (bools 0/1)>...
 *   E
 */
import type { MMachine, MProtocol } from '../../src/model/model.ts';
import type { HostRecords, Invocation, PValue } from '../../src/runtime/protocol-step.ts';
import { initialState, MachineRunner } from '../../src/runtime/protocol-step.ts';

export interface ProtocolSequence {
  readonly vcpus: number;
  readonly host: HostRecords;
  readonly calls: readonly Invocation[];
}

const snake = (name: string): string => name.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase();
const camel = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .join('');
const upper = (name: string): string => snake(name).toUpperCase();
const KEYWORDS = new Set([
  'type',
  'match',
  'ref',
  'mod',
  'fn',
  'in',
  'use',
  'loop',
  'move',
  'self',
  'bool',
  'default',
  'int',
  'long',
  'char',
  'new',
  'class',
]);
const field = (name: string): string => (KEYWORDS.has(name) ? `${name}_` : name);
const num = (v: PValue): string => (typeof v === 'boolean' ? (v ? '1' : '0') : v.toString(16));

export function encodeSequences(proto: MProtocol, seqs: readonly ProtocolSequence[]): string {
  const out: string[] = [];
  for (const s of seqs) {
    out.push(`S ${s.vcpus}`);
    proto.hosts.forEach((h, i) => {
      for (const r of s.host.get(h.name) ?? []) out.push(`H ${i} ${r.map(num).join(' ')}`);
    });
    for (const c of s.calls) {
      const index = proto.calls.findIndex((x) => x.name === c.call.name);
      const args = c.call.params.map((p) => num(c.args.get(p.name) ?? 0n));
      out.push(`C ${index} ${c.vcpu ?? 0} ${args.join(' ')}`.trimEnd());
    }
    out.push('E');
  }
  return out.join('\n') + '\n';
}

/** What every driver prints: per sequence, per machine, per call `m result step`. */
export function protocolAnswers(
  proto: MProtocol,
  machines: readonly MMachine[],
  seqs: readonly ProtocolSequence[],
): string {
  const out: string[] = [];
  const runners = machines.map((m) => new MachineRunner(proto, m));
  for (const s of seqs) {
    runners.forEach((r, mi) => {
      let state = initialState(proto, s.vcpus);
      for (const c of s.calls) {
        const o = r.step(state, s.host, c);
        state = o.state;
        const result =
          o.result === null
            ? 'none'
            : o.result === '0'
              ? '0'
              : `-${proto.errnos.find((e) => `-${e.name}` === o.result)?.value}`;
        out.push(`${mi} ${result} ${o.step ?? 'none'}`);
      }
    });
  }
  return out.join('\n') + '\n';
}

export function cProtocolDriver(proto: MProtocol, machines: readonly MMachine[]): string {
  const p = `pmumap_proto_${snake(proto.name)}`;
  const P = `PMUMAP_PROTO_${upper(proto.name)}`;
  const out = [
    '#include <inttypes.h>',
    '#include <stdio.h>',
    '#include <string.h>',
    '#include "pmumap.h"',
    '#define MAX_CALLS 256',
    '#define MAX_RECORDS 16',
    'static uint64_t hex(void) { uint64_t v = 0; if (scanf("%" SCNx64, &v) != 1) v = 0; return v; }',
    ...proto.hosts.map(
      (h) => `static struct ${p}_host_${snake(h.name)} rec_${snake(h.name)}[MAX_RECORDS];`,
    ),
    `static enum ${p}_call calls[MAX_CALLS];`,
    'static uint32_t vcpus[MAX_CALLS];',
    `static struct ${p}_args args[MAX_CALLS];`,
    'int main(void) {',
    '  char tag[4];',
    '  uint32_t nr = 1, n = 0;',
    `  struct ${p}_host host;`,
    '  memset(&host, 0, sizeof host);',
    ...proto.hosts.map((h) => `  host.${snake(h.name)} = rec_${snake(h.name)};`),
    '  while (scanf("%3s", tag) == 1) {',
    "    if (tag[0] == 'S') {",
    '      nr = (uint32_t)hex();',
    '      n = 0;',
    ...proto.hosts.map((h) => `      host.${snake(h.name)}_count = 0;`),
    "    } else if (tag[0] == 'H') {",
    '      uint64_t which = hex();',
    ...proto.hosts.flatMap((h, i) => [
      `      if (which == ${i}) {`,
      `        struct ${p}_host_${snake(h.name)} *r = &rec_${snake(h.name)}[host.${snake(h.name)}_count++];`,
      ...h.fields.map((f) =>
        f.type.kind === 'bool' || f.type.kind === 'flag'
          ? `        r->${field(f.name)} = hex() != 0;`
          : `        r->${field(f.name)} = hex();`,
      ),
      '      }',
    ]),
    "    } else if (tag[0] == 'C') {",
    '      uint64_t which = hex();',
    '      vcpus[n] = (uint32_t)hex();',
    '      memset(&args[n], 0, sizeof args[n]);',
    ...proto.calls.flatMap((c, i) => [
      `      if (which == ${i}) {`,
      `        calls[n] = ${P}_${upper(c.subject)}_${upper(c.verb)};`,
      ...c.params.map((x) => {
        const name = `${snake(c.subject)}_${snake(c.verb)}_${snake(x.name)}`;
        return x.type.kind === 'bool' || x.type.kind === 'flag'
          ? `        args[n].${name} = hex() != 0;`
          : `        args[n].${name} = hex();`;
      }),
      '      }',
    ]),
    '      n++;',
    "    } else if (tag[0] == 'E') {",
    ...machines.flatMap((m, mi) => [
      '      {',
      `        struct ${p}_state s;`,
      `        ${p}_init(&s, nr);`,
      '        for (uint32_t i = 0; i < n; i++) {',
      '          uint32_t step = 0;',
      `          int32_t r = ${p}_${snake(m.name)}_step(&s, &host, calls[i], vcpus[i], &args[i], &step);`,
      `          if (r == ${P}_NO_RULE) printf("${mi} none none\\n");`,
      `          else printf("${mi} %d %u\\n", (int)r, (unsigned)step);`,
      '        }',
      '      }',
    ]),
    '    }',
    '  }',
    '  return 0;',
    '}',
    '',
  ];
  return out.join('\n');
}

/** `moduleOf(origin)`: the crate module of the source an origin is in. */
export function rustProtocolDriver(
  proto: MProtocol,
  machines: readonly MMachine[],
  moduleOf: (origin: string) => string,
): string {
  const T = `pmumap_tables::${moduleOf(proto.origin)}::Proto${camel(proto.name)}`;
  const f = `pmumap_tables::${moduleOf(proto.origin)}::proto_${snake(proto.name)}`;
  return [
    'use std::io::Read;',
    'fn main() {',
    '    let mut text = String::new();',
    '    std::io::stdin().read_to_string(&mut text).unwrap();',
    '    let mut words = text.split_whitespace();',
    '    let hex = |w: &mut std::str::SplitWhitespace| u64::from_str_radix(w.next().unwrap(), 16).unwrap();',
    '    let mut nr = 1u32;',
    `    let mut calls: Vec<(${T}Call, u32, ${T}Args)> = Vec::new();`,
    ...proto.hosts.map(
      (h) => `    let mut rec_${snake(h.name)}: Vec<${T}Host${camel(h.name)}> = Vec::new();`,
    ),
    '    while let Some(tag) = words.next() {',
    '        match tag {',
    '            "S" => {',
    '                nr = hex(&mut words) as u32;',
    '                calls.clear();',
    ...proto.hosts.map((h) => `                rec_${snake(h.name)}.clear();`),
    '            }',
    '            "H" => {',
    '                let which = hex(&mut words);',
    ...proto.hosts.flatMap((h, i) => [
      `                if which == ${i} {`,
      `                    rec_${snake(h.name)}.push(${T}Host${camel(h.name)} {`,
      ...h.fields.map((x) =>
        x.type.kind === 'bool' || x.type.kind === 'flag'
          ? `                        ${field(x.name)}: hex(&mut words) != 0,`
          : `                        ${field(x.name)}: hex(&mut words),`,
      ),
      '                    });',
      '                }',
    ]),
    '            }',
    '            "C" => {',
    '                let which = hex(&mut words);',
    '                let vcpu = hex(&mut words) as u32;',
    `                let mut args = ${T}Args::default();`,
    '                let call = match which {',
    ...proto.calls.flatMap((c, i) => [
      `                    ${i} => {`,
      ...c.params.map((x) => {
        const name = `${snake(c.subject)}_${snake(c.verb)}_${snake(x.name)}`;
        return x.type.kind === 'bool' || x.type.kind === 'flag'
          ? `                        args.${name} = hex(&mut words) != 0;`
          : `                        args.${name} = hex(&mut words);`;
      }),
      `                        ${T}Call::${camel(c.subject)}${camel(c.verb)}`,
      '                    }',
    ]),
    '                    _ => panic!("bad call"),',
    '                };',
    '                calls.push((call, vcpu, args));',
    '            }',
    '            "E" => {',
    `                let host = ${T}Host { ${proto.hosts.map((h) => `${snake(h.name)}: &rec_${snake(h.name)}`).join(', ') || 'none: &[]'} };`,
    ...machines.flatMap((m, mi) => [
      `                let mut s = ${f}_init(nr);`,
      '                for (call, vcpu, args) in &calls {',
      `                    match pmumap_tables::${moduleOf(m.origin)}::proto_${snake(proto.name)}_${snake(m.name)}_step(&mut s, &host, *call, *vcpu, args) {`,
      `                        Some((r, step)) => println!("${mi} {} {}", r, step),`,
      `                        None => println!("${mi} none none"),`,
      '                    }',
      '                }',
    ]),
    '            }',
    '            _ => panic!("bad tag"),',
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');
}
