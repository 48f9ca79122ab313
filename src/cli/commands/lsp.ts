/**
 * `pmumap lsp`: the language server, LSP over stdin and stdout, for editors
 * (editors/vscode runs it). It ends when the editor sends `exit` or closes
 * stdin (vscode-languageserver ends the process then).
 */
import { startLanguageServer } from '../../lsp/server.ts';
import type { ParsedArgs } from '../args.ts';
import type { CliIo } from '../io.ts';

export function lspCommand(_io: CliIo, _args: ParsedArgs): Promise<number> {
  // The protocol owns stdout: nothing else may write there.
  startLanguageServer(process.stdin, process.stdout);
  return new Promise<number>(() => {});
}
