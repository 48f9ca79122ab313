/**
 * `pmumap lsp`: the language server, LSP over stdin and stdout, for editors
 * (editors/vscode runs it). It ends when the editor sends `exit` or closes
 * stdin (vscode-languageserver ends the process then).
 */
import type { ParsedArgs } from '../args.ts';
import type { CliIo } from '../io.ts';

export async function lspCommand(_io: CliIo, _args: ParsedArgs): Promise<number> {
  // Loaded here, so that no other command pays for vscode-languageserver.
  const { startLanguageServer } = await import('../../lsp/server.ts');
  // The protocol owns stdout: nothing else may write there.
  startLanguageServer(process.stdin, process.stdout);
  return new Promise<number>(() => {});
}
