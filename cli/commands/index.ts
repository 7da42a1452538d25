/** Every CLI command by name. A new command is a file in this folder and one line here. */
import type { Command } from './command';
import { lintCommand } from './lint';
import { lspCommand } from './lsp';
import { explainCommand } from './explain';
import { planCommand } from './plan';
import { tuneCommand } from './tune';
import { dbCheckCommand } from './db-check';
import { adviseIndexesCommand } from './advise-indexes';
import { projectCommand } from './project';
import { traceCommand } from './trace';
import { schemaCommand } from './schema';

export const COMMANDS: Readonly<Record<string, Command>> = {
  lint: lintCommand,
  project: projectCommand,
  trace: traceCommand,
  schema: schemaCommand,
  explain: explainCommand,
  plan: planCommand,
  tune: tuneCommand,
  'db-check': dbCheckCommand,
  'advise-indexes': adviseIndexesCommand,
  lsp: lspCommand,
};
