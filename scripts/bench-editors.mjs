// The editors' numbers (README "Editors"), run by `npm run bench` after a
// build, or alone: `node scripts/bench-editors.mjs`.
//   1. prettier-plugin-pmumap formatting every table, vendor included,
//      against the compiler's own parse of the same files (the same Ohm
//      grammar: the ratio is the printer's cost);
//   2. `pmumap lsp`: the first diagnostics for tables/arm64/kvm-vpmu.pmumap
//      after didOpen, then the median of 7 edits (each a change that breaks
//      or fixes a step) from didChange to the diagnostics; target 200 ms.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { format } = await import(
  pathToFileURL(join(root, 'packages/prettier-plugin-pmumap/src/format.js')).href
);
const { parse } = await import(pathToFileURL(join(root, 'dist/src/syntax/parse.js')).href);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

const files = readdirSync(join(root, 'tables'), { recursive: true, encoding: 'utf8' })
  .filter((p) => p.endsWith('.pmumap') && !p.startsWith('generated'))
  .map((p) => ({ path: `tables/${p}`, text: readFileSync(join(root, 'tables', p), 'utf8') }));
format(''); // compile the grammar before timing
let started = performance.now();
for (const file of files) format(file.text);
const formatMs = performance.now() - started;
started = performance.now();
for (const file of files) parse(file);
const parseMs = performance.now() - started;
console.log(
  `format tables/ (${files.length} files)  ${f(formatMs)} ms   ${f(formatMs / parseMs)}x the compiler's parse (${f(parseMs)} ms)`,
);

// The language server, driven over stdio as an editor would.
const path = 'tables/arm64/kvm-vpmu.pmumap';
const uri = pathToFileURL(join(root, path)).href;
const text = readFileSync(join(root, path), 'utf8');
const child = spawn(process.execPath, [join(root, 'bin/pmumap.js'), 'lsp'], { cwd: root });
let buffer = Buffer.alloc(0);
let onDiagnostics = () => {};
child.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
    buffer = buffer.subarray(end + 4 + length);
    if (message.method === 'textDocument/publishDiagnostics' && message.params.uri === uri)
      onDiagnostics();
  }
});
const send = (message) => {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
};
const diagnostics = () => new Promise((resolve) => (onDiagnostics = resolve));
send({
  id: 1,
  method: 'initialize',
  params: { processId: null, rootUri: pathToFileURL(root).href, capabilities: {} },
});
send({ method: 'initialized', params: {} });
started = performance.now();
let published = diagnostics();
send({
  method: 'textDocument/didOpen',
  params: { textDocument: { uri, languageId: 'pmumap', version: 1, text } },
});
await published;
const firstMs = performance.now() - started;
const good = 'let pmuver_limit = pmu.guest_pmuver';
const line = text.slice(0, text.indexOf(good)).split('\n').length - 1;
const column = text.slice(0, text.indexOf(good)).split('\n').at(-1).length;
const edits = [];
for (let version = 2; version < 9; version++) {
  const replacement = version % 2 === 0 ? 'let pmuver_limit = pmu.guest_pmuvr' : good;
  const current = version % 2 === 0 ? good : 'let pmuver_limit = pmu.guest_pmuvr';
  started = performance.now();
  published = diagnostics();
  send({
    method: 'textDocument/didChange',
    params: {
      textDocument: { uri, version },
      contentChanges: [
        {
          range: {
            start: { line, character: column },
            end: { line, character: column + current.length },
          },
          text: replacement,
        },
      ],
    },
  });
  await published;
  edits.push(performance.now() - started);
}
send({ id: 2, method: 'shutdown', params: null });
send({ method: 'exit', params: null });
console.log(
  `pmumap lsp, ${path}  first diagnostics ${f(firstMs)} ms, after an edit ${f(median(edits))} ms (median of ${edits.length}; target 200 ms)`,
);
