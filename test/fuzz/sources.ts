/**
 * Grammar-aware generation of tables sources, and the mutations that turn
 * them into the inputs nobody wrote on purpose: deleted, duplicated and
 * swapped tokens, truncation, random bytes, invalid UTF-8 (decoded the way
 * file reading decodes it), NUL bytes, CRLF, very long lines and
 * identifiers, deep nesting.
 */
import fc from 'fast-check';

const NAMES = [
  'a',
  'b',
  'x',
  'ev',
  'REG',
  'iface',
  'kvm',
  'perf',
  'pmuv3',
  'PMUVer',
  'FEAT_X',
  'tbl',
  'Refusal',
];
const name = fc.oneof(
  fc.constantFrom(...NAMES),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/),
);
const num = fc.oneof(
  fc.integer({ min: 0, max: 70 }).map(String),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((v) => `0x${v.toString(16)}`),
  fc.constantFrom('0b101', '1_000', '0xFFFF_FFFF_FFFF_FFFF', '18446744073709551616'),
);
const text = fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s));

const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    num,
    name,
    fc.constantFrom('true', 'false', 'PMUVer.V3P1', 'x.FIELD', 'x[15:0]', 'bit(3)', 'tbl[x]'),
    fc
      .tuple(
        tie('e'),
        fc.constantFrom('+', '-', '&', '|', '^', '<<', '>>', '==', '!=', '<', '>=', '&&', '||'),
        tie('e'),
      )
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `(${a} ? ${b} : ${c})`),
    fc
      .tuple(
        fc.constantFrom('min', 'max', 'popcount', 'prefix', 'fls', 'contiguous', 'genmask'),
        fc.array(tie('e'), { minLength: 1, maxLength: 2 }),
      )
      .map(([f, args]) => `${f}(${args.join(', ')})`),
    tie('e').map((a) => `!(${a})`),
    fc
      .tuple(tie('e'), fc.array(tie('e'), { maxLength: 3 }))
      .map(([a, xs]) => `${a} in {${xs.join(', ')}}`),
  ),
})).e;

const member = fc
  .tuple(name, num, fc.option(text))
  .map(([n, v, t]) => `  ${n} = ${v}${t ? ` ${t}` : ''}`);
const field = fc
  .tuple(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 70 }), name, fc.option(expr))
  .map(([hi, lo, n, gate]) => `  ${hi}:${lo} ${n}${gate ? ` when ${gate}` : ''}`);
const step = fc.oneof(
  fc.tuple(name, expr).map(([n, e]) => `  let ${n} = ${e}`),
  fc.tuple(name, expr).map(([n, e]) => `  output ${n} = ${e}`),
  fc
    .tuple(name, expr, name, text)
    .map(([l, e, code, t]) => `  when ${l}: ${e} => refuse ${code} ${t}`),
  fc.tuple(name, expr, text).map(([l, e, t]) => `  warn ${l}: ${e} => ${t}`),
  expr.map((e) => `  => perf { type = 4, config = ${e} }`),
  fc.constant('  => software "emulated"'),
);
const coreItem = fc.oneof(
  fc.tuple(num, text, num).map(([i, t, r]) => `fixed ${i} ${t} @${r}`),
  fc.tuple(num, num, num, text, num).map(([i, c, u, t, r]) => `fixed ${i} ${c}:${u} ${t} @${r}`),
  fc.tuple(num, name, num).map(([c, n, r]) => `common ${c} ${n} @${r}`),
  fc
    .tuple(
      num,
      fc.option(num, { nil: undefined }),
      fc.array(fc.constantFrom('inv', 'edge', 'any', 'cmask=1', 'msr=0x1a6'), { maxLength: 2 }),
      text,
      num,
    )
    .map(
      ([c, u, qs, t, r]) =>
        `event ${c}${u === undefined ? '' : `:${u}`}${qs.map((q) => ` ${q}`).join('')} ${t} @${r}`,
    ),
  fc.tuple(num, text).map(([v, t]) => `id ${v} ${t}`),
  text.map((t) => `source ${t}`),
  text.map((t) => `arch ${t}`),
  num.map((n) => `counters ${n}`),
);

const decl = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('enum', 'events'),
      name,
      fc.integer({ min: 0, max: 70 }),
      fc.array(member, { maxLength: 5 }),
    )
    .map(([k, n, w, ms]) => `${k} ${n} : ${w} {\n${ms.join('\n')}\n}`),
  fc
    .tuple(name, fc.integer({ min: 1, max: 64 }), fc.array(field, { maxLength: 5 }))
    .map(([n, w, fs]) => `register ${n} : ${w} {\n${fs.join('\n')}\n}`),
  fc
    .tuple(
      name,
      fc.array(fc.tuple(name, fc.constantFrom('u8', 'u64', 'bool', 'REG', 'ev')), { maxLength: 4 }),
      fc.boolean(),
    )
    .map(
      ([n, ins, outcome]) =>
        `interface ${n} {\n${ins.map(([i, t]) => `  input ${i} : ${t}`).join('\n')}\n  output y : u64\n${outcome ? '  outcome\n' : ''}}`,
    ),
  fc
    .tuple(name, name, fc.array(step, { maxLength: 6 }))
    .map(([c, i, ss]) => `consumer ${c} implements ${i} {\n${ss.join('\n')}\n}`),
  fc
    .tuple(name, fc.array(fc.tuple(expr, expr), { maxLength: 4 }))
    .map(
      ([n, es]) =>
        `table ${n} : u64 -> u64 {\n${es.map(([k, v]) => `  ${k} -> ${v}`).join('\n')}\n}`,
    ),
  fc.tuple(name, expr).map(([n, e]) => `feature ${n} = ${e}`),
  fc
    .tuple(name, fc.array(name, { maxLength: 3 }))
    .map(([n, rs]) => `reasons ${n} {\n${rs.map((r) => `  ${r} "why"`).join('\n')}\n}`),
  fc
    .tuple(text, name, fc.array(fc.tuple(name, expr), { maxLength: 3 }))
    .map(
      ([t, on, gs]) =>
        `example ${t} on ${on} {\n  given ${gs.map(([g, e]) => `${g} = ${e}`).join(', ') || 'x = 1'}\n  expect: y = 1\n}`,
    ),
  fc
    .tuple(name, name, name)
    .map(([a, c, i]) => `arch ${a} {\n  command ${c} = ${i} default ${c}\n}`),
  // Vendor cores (pmumap import), what manuals say they lack, systems, and
  // the arch items that bind a core's facts to a command.
  fc
    .tuple(name, text, name, fc.array(coreItem, { maxLength: 8 }))
    .map(
      ([n, t, p, items]) => `core ${n} ${t} : ${p} {\n${items.map((i) => `  ${i}`).join('\n')}\n}`,
    ),
  fc
    .tuple(
      fc.oneof(
        name,
        text.map((t) => `arch ${t}`),
      ),
      fc.array(num, { maxLength: 3 }),
      text,
    )
    .map(([who, codes, t]) => `lacks ${who} { ${codes.join(' ')} } ${t}`),
  fc
    .tuple(name, text, fc.array(name, { minLength: 1, maxLength: 3 }))
    .map(([n, t, cores]) => `system ${n} ${t} { ${cores.join(' ')} }`),
  fc
    .tuple(name, name, name, fc.array(fc.tuple(name, fc.oneof(name, num)), { maxLength: 3 }))
    .map(
      ([a, p, c, gs]) =>
        `arch ${a} {\n  vendor ${p} "armv8*" = ${c} given ${gs.map(([i, v]) => `${i} = ${v}`).join(', ') || 'x = 1'}\n}`,
    ),
);

/** A plausible tables file: declarations the grammar accepts (names may dangle). */
export const validishSource = fc
  .array(decl, { minLength: 1, maxLength: 6 })
  .map((ds) => ds.join('\n\n') + '\n');

const TOKENS = [
  '{',
  '}',
  ':',
  '=>',
  '..',
  '=',
  '(',
  ')',
  '"',
  '[',
  ']',
  ',',
  'let',
  'when',
  'refuse',
  'perf',
  'output',
  '\n',
  ' ',
  '//',
  '/*',
  '*/',
  '\\',
  'extends',
  'in',
  '?',
  'core',
  'event',
  'fixed',
  '@',
  'lacks',
  'system',
  'vendor',
];

type Mutation = (s: string) => string;
const at = (s: string, f: number) => Math.floor(f * s.length);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 20 })).map(
    ([f, n]) =>
      (s: string) =>
        s.slice(0, at(s, f)) + s.slice(at(s, f) + n),
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 20 })).map(
    ([f, n]) =>
      (s: string) =>
        s.slice(0, at(s, f) + n) + s.slice(at(s, f)),
  ),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([f, g]) => (s: string) => {
      const [i, j] = [at(s, Math.min(f, g)), at(s, Math.max(f, g))];
      return (
        s.slice(0, i) + s.slice(j, j + 8) + s.slice(i + 8, j) + s.slice(i, i + 8) + s.slice(j + 8)
      );
    }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...TOKENS)).map(
    ([f, t]) =>
      (s: string) =>
        s.slice(0, at(s, f)) + t + s.slice(at(s, f)),
  ),
  fc.double({ min: 0, max: 1, noNaN: true }).map((f) => (s: string) => s.slice(0, at(s, f))),
  fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
    )
    .map(([f, bytes]) => (s: string) => {
      // Random bytes, invalid UTF-8 among them, decoded as readFileSync(…, 'utf8') does.
      const raw = new TextDecoder('utf-8').decode(bytes);
      return s.slice(0, at(s, f)) + raw + s.slice(at(s, f));
    }),
  fc
    .double({ min: 0, max: 1, noNaN: true })
    .map((f) => (s: string) => s.slice(0, at(s, f)) + '\u0000' + s.slice(at(s, f))),
  fc.constant((s: string) => s.replace(/\n/g, '\r\n')),
  fc
    .integer({ min: 1000, max: 20000 })
    .map((n) => (s: string) => `${s}\nenum ${'L'.repeat(n)} : 8 { A = 1 }\n`),
  fc.integer({ min: 1000, max: 20000 }).map((n) => (s: string) => `${s}\n// ${'x'.repeat(n)}\n`),
  fc
    .integer({ min: 50, max: 250 })
    .map((n) => (s: string) => `${s}\nfeature DEEP = ${'('.repeat(n)}1${')'.repeat(n)}\n`),
  fc
    .integer({ min: 50, max: 250 })
    .map((n) => (s: string) => `${s}\nfeature DEEP2 = ${'!'.repeat(n)}true\n`),
);

/** A valid-ish source with zero to four mutations applied. */
export const fuzzedSource = fc
  .tuple(validishSource, fc.array(mutation, { maxLength: 4 }))
  .map(([s, ms]) => ms.reduce((acc, m) => m(acc), s));
