/**
 * The two modules of the crate every source module uses: `types` (the
 * outcome, the perf attributes and the vendor core event, one definition
 * for the whole crate) and the crate-private `rt`, the u64 helpers of
 * src/runtime/values.ts. Tables are `&[(key, value)]` and ranges
 * `&[(action, lo, hi)]` (plain tuples, so modules can pass them to each
 * other). no_std, no alloc.
 */
import { PERF_ATTRS } from '../check/perf-attrs.ts';
import { C_MAX_ARGS } from './c-prelude.ts';

const attrFields = Object.entries(PERF_ATTRS)
  .map(
    ([name, kind]) =>
      `    pub ${name === 'type' ? 'type_' : name}: ${kind === 'int' ? 'u64' : 'bool'},`,
  )
  .join('\n');

const attrBits = Object.keys(PERF_ATTRS)
  .map((name, i) => `pub const ATTR_${name.toUpperCase()}: u32 = 1 << ${i};`)
  .join('\n');

export const RUST_TYPES_MODULE = `//! The types every module of the crate shares.

/// How a consumer's decision list ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum OutcomeKind {
    #[default]
    None = 0,
    Perf = 1,
    Software = 2,
    Direct = 3,
    Refused = 4,
}

/// The perf_event_attr fields a mapping sets; \`set\` has an ATTR_* bit for each one set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PerfAttr {
${attrFields}
    pub set: u32,
}

${attrBits}

/// The value of a {placeholder} of a message, as the consumer saw it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ArgValue {
    #[default]
    None,
    Int(u64),
    Bool(bool),
    /// A pmu, by name.
    Text(&'static str),
}

/// A named value a message's \`{name}\` stands for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Arg {
    pub name: &'static str,
    pub value: ArgValue,
}

/// The most {placeholders} one message may name.
pub const MAX_ARGS: usize = ${C_MAX_ARGS};

/// A message of the tables and the values of its {placeholders}. \`text\` is as
/// written; Display writes it filled in as the TypeScript runtime does
/// (integers below 10 in decimal, others as 0x hex, a pmu by its name; a
/// {name} with no value stays as written).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Message {
    pub text: &'static str,
    pub args: [Arg; MAX_ARGS],
    pub count: usize,
}

impl Message {
    /// \`text\` with the values of (at most MAX_ARGS of) \`args\`.
    pub fn new(text: &'static str, args: &[Arg]) -> Message {
        let mut m = Message { text, ..Message::default() };
        for (slot, arg) in m.args.iter_mut().zip(args) {
            *slot = *arg;
            m.count += 1;
        }
        m
    }

    /// The value of \`{name}\`, if the consumer recorded one.
    pub fn arg(&self, name: &str) -> Option<ArgValue> {
        self.args[..self.count.min(MAX_ARGS)]
            .iter()
            .find(|a| a.name == name && a.value != ArgValue::None)
            .map(|a| a.value)
    }
}

impl core::fmt::Display for Message {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut rest = self.text;
        while let Some(open) = rest.find('{') {
            f.write_str(&rest[..open])?;
            let after = &rest[open + 1..];
            let starts = after.bytes().next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
            let len = after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
            let value = if starts && after[len..].starts_with('}') { self.arg(&after[..len]) } else { None };
            match value {
                Some(ArgValue::Int(v)) if v < 10 => write!(f, "{}", v)?,
                Some(ArgValue::Int(v)) => write!(f, "{:#x}", v)?,
                Some(ArgValue::Bool(v)) => write!(f, "{}", v)?,
                Some(ArgValue::Text(v)) => f.write_str(v)?,
                Some(ArgValue::None) | None => {
                    f.write_str("{")?;
                    rest = after;
                    continue;
                }
            }
            rest = &after[len + 1..];
        }
        f.write_str(rest)
    }
}

/// What a vendor core event is: an architectural event, a fixed counter's event, or another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoreEventKind {
    Common,
    Fixed,
    Event,
}

/// A vendor core's event: \`qualifiers\` is what else selects it ("cmask=0x1 inv"),
/// \`fixed\` the fixed counter (or -1), \`record\` its index in the vendor file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoreEvent {
    pub kind: CoreEventKind,
    pub code: u16,
    pub umask: u16,
    pub fixed: i8,
    pub qualifiers: &'static str,
    pub name: &'static str,
    pub record: u32,
}
`;

export const RUST_RT_MODULE = `//! The shared u64 semantics: wrap-around, shifts by 64 or more give 0.
//! Crate-private; a module uses the helpers its code needs.
#![allow(dead_code)]

pub fn shl(v: u64, n: u64) -> u64 {
    if n >= 64 { 0 } else { v << n }
}
pub fn shr(v: u64, n: u64) -> u64 {
    if n >= 64 { 0 } else { v >> n }
}
pub fn prefix(k: u64) -> u64 {
    if k >= 64 { u64::MAX } else { (1u64 << k) - 1 }
}
pub fn extract(v: u64, lsb: u64, width: u64) -> u64 {
    if lsb >= 64 || width == 0 { 0 } else { (v >> lsb) & prefix(width) }
}
pub fn slice(v: u64, hi: u64, lo: u64) -> u64 {
    if hi < lo || lo >= 64 {
        0
    } else if hi - lo >= 63 {
        v >> lo
    } else {
        (v >> lo) & ((1u64 << (hi - lo + 1)) - 1)
    }
}
pub fn bit(v: u64, i: u64) -> u64 {
    if i >= 64 { 0 } else { (v >> i) & 1 }
}
pub fn genmask(hi: u64, lo: u64) -> u64 {
    if hi < lo || lo >= 64 {
        0
    } else {
        prefix(hi.saturating_add(1)) & !((1u64 << lo) - 1)
    }
}
pub fn popcount(v: u64) -> u64 {
    u64::from(v.count_ones())
}
pub fn contiguous(v: u64) -> u64 {
    u64::from(v.trailing_ones())
}
pub fn fls(v: u64) -> u64 {
    64 - u64::from(v.leading_zeros())
}
pub fn min(a: u64, b: u64) -> u64 {
    if b < a { b } else { a }
}
pub fn max(a: u64, b: u64) -> u64 {
    if b > a { b } else { a }
}
pub fn lt(a: u64, b: u64) -> bool {
    a < b
}
pub fn le(a: u64, b: u64) -> bool {
    a <= b
}
pub fn table_find(t: &[(u64, u64)], key: u64) -> Option<u64> {
    t.iter().find(|e| e.0 == key).map(|e| e.1)
}
pub fn table_has(t: &[(u64, u64)], key: u64) -> bool {
    table_find(t, key).is_some()
}
pub fn table_get(t: &[(u64, u64)], key: u64) -> Result<u64, &'static str> {
    table_find(t, key).ok_or("pmumap: key not in table")
}
pub fn count(r: &[(u64, u64, u64)]) -> u64 {
    r.len() as u64
}
pub fn first_action(r: &[(u64, u64, u64)]) -> u64 {
    r.first().map_or(0, |x| x.0)
}
pub fn action_at(r: &[(u64, u64, u64)], x: u64, fallback: u64) -> u64 {
    r.iter().fold(fallback, |a, i| if (i.1..=i.2).contains(&x) { i.0 } else { a })
}
pub fn range_end(r: &[(u64, u64, u64)]) -> u64 {
    r.iter().fold(0, |end, i| max(end, i.2.wrapping_add(1)))
}
`;
