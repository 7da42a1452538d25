/** `pg-architect lsp --stdio`: the language server VS Code uses, for Neovim, Helix, Zed, Sublime... */
import { startLanguageServer } from '../../server/start';
import { EXIT, type Command } from './command';

export const lspCommand: Command = {
  summary: 'run the language server (--stdio) for any LSP editor',
  help: 'Usage: pg-architect lsp --stdio\n\nServes the Language Server Protocol over stdin/stdout (also --node-ipc, --socket=<port>).',
  async run(argv) {
    if (!argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
      process.stderr.write('pg-architect lsp: choose a transport: --stdio\n');
      return EXIT.usage;
    }
    startLanguageServer();
    // The server lives until the client sends exit; never resolve.
    return new Promise<number>(() => undefined);
  },
};
