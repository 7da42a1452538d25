/** Every CLI command by name. A new command is a file in this folder and one line here. */
import type { Command } from './command';
import { lintCommand } from './lint';
import { lspCommand } from './lsp';

export const COMMANDS: Readonly<Record<string, Command>> = {
  lint: lintCommand,
  lsp: lspCommand,
};
