/**
 * The expected results written into the protocol sequence fixtures
 * (test/fixtures/protocol/arm64/README.md): the inline `=> R` belongs to the
 * consumer named by a `# inline: NAME` line (default `kvm`), and a call's
 * comment may list other consumers' results as `also: NAME => R, * => R`.
 * Read here, by the tests, so that the fixtures stay the one place that says
 * what each kernel generation answers.
 */

export interface ExpectedCall {
  /** 1-based line of the call in the fixture. */
  readonly line: number;
  readonly call: string;
  readonly inline: string;
  /** Results of the consumers named in `also:`; `*` for the rest. */
  readonly also: ReadonlyMap<string, string>;
}

export interface SequenceExpectations {
  readonly inlineConsumer: string;
  readonly calls: readonly ExpectedCall[];
}

const RESULT = /^(0|-E[A-Z0-9]+)$/;

function parseResult(text: string, where: string): string {
  const result = text.trim();
  if (!RESULT.test(result)) throw new Error(`${where}: "${result}" is not 0 or -EXXX`);
  return result;
}

function parseAlso(comment: string, where: string): Map<string, string> {
  const also = new Map<string, string>();
  const at = comment.indexOf('also:');
  if (at < 0) return also;
  for (const entry of comment.slice(at + 'also:'.length).split(',')) {
    const [name, result, ...rest] = entry.split('=>');
    if (!name || result === undefined || rest.length > 0)
      throw new Error(`${where}: "${entry.trim()}" is not NAME => RESULT`);
    also.set(name.trim(), parseResult(result, where));
  }
  return also;
}

export function readExpectations(text: string, file: string): SequenceExpectations {
  let inlineConsumer = 'kvm';
  const calls: ExpectedCall[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const where = `${file}:${line}`;
    const hash = raw.indexOf('#');
    const code = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    const comment = hash < 0 ? '' : raw.slice(hash + 1).trim();
    const inline = /^inline:\s*(\S+)$/.exec(comment);
    if (!code && inline) inlineConsumer = inline[1]!;
    if (!code.includes('=>')) return;
    const [call, result] = code.split('=>');
    calls.push({
      line,
      call: call!.trim().replace(/\s+/g, ' '),
      inline: parseResult(result!, where),
      also: parseAlso(comment, where),
    });
  });
  return { inlineConsumer, calls };
}

/** What `consumer` should answer to `call`. */
export function expectedFor(
  expectations: SequenceExpectations,
  call: ExpectedCall,
  consumer: string,
): string {
  if (consumer === expectations.inlineConsumer) return call.inline;
  return call.also.get(consumer) ?? call.also.get('*') ?? call.inline;
}
