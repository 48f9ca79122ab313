// The language-server client: runs `pmumap lsp` over stdio for .pmumap
// files. The server (src/lsp/ in the pmumap package) does the work:
// diagnostics as `pmumap check` reports them, hover, go to definition,
// document symbols and formatting through prettier-plugin-pmumap.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** The configured pmumap, else the workspace's, else the one on PATH. */
function serverCommand() {
  const configured = vscode.workspace.getConfiguration('pmumap').get('server.path');
  if (configured) return configured;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = join(folder.uri.fsPath, 'node_modules', '.bin', 'pmumap');
    if (existsSync(local)) return local;
    // This repository itself: its bin, once built (npm run build).
    const own = join(folder.uri.fsPath, 'bin', 'pmumap.js');
    if (existsSync(own) && existsSync(join(folder.uri.fsPath, 'dist'))) return own;
  }
  return 'pmumap';
}

function activate(context) {
  const command = serverCommand();
  const run = command.endsWith('.js')
    ? { module: command, args: ['lsp'], transport: TransportKind.stdio }
    : { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'pmumap',
    'pmumap',
    { run, debug: run },
    { documentSelector: [{ scheme: 'file', language: 'pmumap' }] },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
