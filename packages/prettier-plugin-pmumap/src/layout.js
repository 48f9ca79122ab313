// @ts-check
/**
 * From Ohm's concrete syntax tree to a flat layout: the file's tokens in
 * order, each with where it came from in the source and whether it sits
 * against its neighbour, and markers where the printer starts a line or
 * changes the indentation.
 *
 * The rules are generic over the grammar, so a rule added to it is laid out
 * without a change here: every `{ ... }` whose inside is a list of items is a
 * block (one item per line), except the few the tables write on one line.
 */

/**
 * @typedef {object} Token
 * @property {string} text
 * @property {number} start
 * @property {number} end
 * @property {boolean} [glueLeft] no space before it
 * @property {boolean} [glueRight] no space after it
 * @typedef {Token | 'nl' | 'indent' | 'dedent'} Part
 * @typedef {import('ohm-js').Node} Node
 */

/** Braces the tables write on one line: `{6, 8}`, `lacks c { 0x08 }`, `system s { a b }`. */
const INLINE_BRACES = new Set(['SetLit', 'LacksDecl', 'SystemDecl']);

/**
 * Attribute lists, `perf { type = 4, config = e }`: on one line, or one
 * attribute per line when the source breaks after `{` (prettier's rule for
 * object literals).
 */
const ATTRIBUTE_LISTS = new Set([
  'AttrBlock',
  'Outcome_perf',
  'ExpectItem_perf',
  // A protocol step's effects: `=> 0 { vm.pmu = value, vm.filter = false }`.
  'MachineEffects',
]);

/** Tokens that never have a space on one side, whatever rule they are in. */
const GLUE_BY_TEXT = new Map([
  [',', { left: true, right: false }],
  ['.', { left: true, right: true }],
  ['..', { left: true, right: true }],
  ['(', { left: false, right: true }],
  [')', { left: true, right: false }],
  ['[', { left: false, right: true }],
  [']', { left: true, right: false }],
  ['!', { left: false, right: true }],
  ['~', { left: false, right: true }],
]);

/** Rule-specific glue: `f(x)`, `x[3]`, `x[15:0]`, `31:16`, `when label:`, `expect kvm:`, `{6, 8}`. */
const GLUE_IN_RULE = new Map([
  ['Primary_call', new Map([['(', { left: true }]])],
  ['Primary_bits', new Map([['(', { left: true }]])],
  ['FnDecl', new Map([['(', { left: true }]])],
  ['Postfix_index', new Map([['[', { left: true }]])],
  [
    'Postfix_slice',
    new Map([
      ['[', { left: true }],
      [':', { left: true, right: true }],
    ]),
  ],
  ['BitRange_range', new Map([[':', { left: true, right: true }]])],
  // Protocols: `call vcpu.set(attr : A)`, `host pmu(8, 6)`, `=> -EBUSY`.
  ['ProtocolItem_call', new Map([['(', { left: true }]])],
  ['ProtocolItem_host', new Map([['(', { left: true }]])],
  ['ProtocolSample_host', new Map([['(', { left: true }]])],
  ['MachineResult_errno', new Map([['-', { right: true }]])],
  ['Label', new Map([[':', { left: true }]])],
  ['Expect', new Map([[':', { left: true }]])],
  ['RangeItem', new Map([[':', { left: true }]])],
  // A kernel range reads as prose: `v5.18 .. v6.0`, `v6.10 ..`.
  ['ConsumerStatus_mainline', new Map([['..', { left: false, right: false }]])],
  [
    'SetLit',
    new Map([
      ['{', { right: true }],
      ['}', { left: true }],
    ]),
  ],
]);

/**
 * @param {Node} node
 * @param {string} text
 * @param {string} rule the enclosing rule
 * @returns {Token}
 */
function terminal(node, text, rule) {
  const byText = GLUE_BY_TEXT.get(text);
  const byRule = GLUE_IN_RULE.get(rule)?.get(text);
  /** @type {Token} */
  const token = { text, start: node.source.startIdx, end: node.source.endIdx };
  const glue = { ...byText, ...byRule };
  if (glue.left) token.glueLeft = true;
  if (glue.right) token.glueRight = true;
  return token;
}

/** @param {Node} node */
function whole(node) {
  return { text: node.sourceString, start: node.source.startIdx, end: node.source.endIdx };
}

/**
 * A vendor core's line keeps its tokens and their order; runs of spaces
 * become one space, and the record index is set apart from the name
 * (`"X" @4`): the grammar allows no line break inside one.
 * @param {Node} node
 * @returns {Token}
 */
function coreItem(node) {
  const source = node.sourceString;
  const strings = /"(?:\\[\s\S]|[^"\\])*"/g;
  let out = '';
  let at = 0;
  const plain = (/** @type {string} */ s) => s.replace(/[ \t]+/g, ' ');
  for (const m of source.matchAll(strings)) {
    out += plain(source.slice(at, m.index));
    out += m[0];
    at = m.index + m[0].length;
  }
  const rest = plain(source.slice(at));
  out += rest.startsWith('@') ? ` ${rest}` : rest;
  return { text: out.trim(), start: node.source.startIdx, end: node.source.endIdx };
}

/**
 * Nodes in source order, iterations opened: Ohm gives `(a b)*` and
 * `NonemptyListOf` as parallel iterations (all the a's, then all the b's).
 * @param {Node[]} nodes
 * @returns {Node[]}
 */
function inSourceOrder(nodes) {
  const flat = nodes.flatMap((n) => (n.isIteration() ? inSourceOrder(n.children) : [n]));
  return flat.sort((a, b) => a.source.startIdx - b.source.startIdx);
}

/** @param {string} name */
function isLexical(name) {
  const first = name.charAt(0);
  return first !== first.toUpperCase();
}

/**
 * The items of a list node (ListOf, NonemptyListOf, EmptyListOf) and the
 * separators between them.
 * @param {Node} list
 * @returns {{ elements: Node[], separators: Node[] }}
 */
function listElements(list) {
  if (list.ctorName === 'ListOf') return listElements(list.children[0]);
  if (list.ctorName === 'EmptyListOf') return { elements: [], separators: [] };
  const [first, separators, rest] = list.children;
  return { elements: [first, ...rest.children], separators: separators.children };
}

/**
 * The parts of one node.
 * @param {Node} node
 * @param {string} text the whole source
 * @param {string} rule the enclosing rule's name (for a terminal)
 * @returns {Part[]}
 */
export function partsOf(node, text, rule = '') {
  if (node.isTerminal()) return [terminal(node, node.sourceString, rule)];
  if (node.isIteration()) return node.children.flatMap((c) => partsOf(c, text, rule));
  const name = node.ctorName;
  if (name === 'File') {
    return node.children[0].children.flatMap((decl) => ['nl', ...partsOf(decl, text)]);
  }
  if (name === 'coreItem') return [coreItem(node)];
  if (name === 'coreBody') {
    // (coreGap coreItem)* coreGap: the items are the second iteration.
    return node.children[1].children.flatMap((item) => ['nl', coreItem(item)]);
  }
  if (isLexical(name)) return [whole(node)];

  const kids = node.children;
  const open = kids.findIndex((k) => k.isTerminal() && k.sourceString === '{');
  const close = kids.findLastIndex((k) => k.isTerminal() && k.sourceString === '}');
  const own = (/** @type {Node[]} */ list) =>
    inSourceOrder(list).flatMap((k) => partsOf(k, text, name));
  if (open < 0 || close < open || INLINE_BRACES.has(name)) return own(kids);

  const head = own(kids.slice(0, open));
  const tail = own(kids.slice(close + 1));
  const brace = terminal(kids[open], '{', name);
  const closing = terminal(kids[close], '}', name);
  const middle = kids.slice(open + 1, close);

  if (ATTRIBUTE_LISTS.has(name)) {
    const list = middle.find((k) => !k.isIteration() && !k.isTerminal());
    const { elements, separators } = list ? listElements(list) : { elements: [], separators: [] };
    if (elements.length === 0) return [...head, brace, { ...closing, glueLeft: true }, ...tail];
    const broken = text.slice(brace.end, elements[0].source.startIdx).includes('\n');
    /** @type {Part[]} */
    const body = [];
    elements.forEach((element, i) => {
      if (broken) body.push('nl');
      body.push(...partsOf(element, text));
      // The comma after each attribute but the last; a trailing one is dropped.
      const separator = separators[i];
      if (separator) body.push(terminal(separator, ',', name));
    });
    const inner = broken ? ['indent', ...body, 'dedent', 'nl'] : body;
    return [...head, brace, .../** @type {Part[]} */ (inner), closing, ...tail];
  }

  // A block: one item per line, indented.
  const items =
    name === 'CoreDecl'
      ? partsOf(middle[0], text)
      : inSourceOrder(middle).flatMap((item) => ['nl', ...partsOf(item, text)]);
  if (items.length === 0) return [...head, brace, { ...closing, glueLeft: true }, ...tail];
  return [...head, brace, 'indent', ...items, 'dedent', 'nl', closing, ...tail];
}
