/**
 * `pg-architect project [folder]`: how the engine reads a project, so a user can check it before trusting the
 * findings: each SQL file's kind (migration of which tool, down migration, dump, query, seed, test, ...) with
 * the reason, how its tool runs it, the order the schema files apply in, and the notices (several tools, an
 * unknown tool, a partial history).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { initParser } from '../../core/parse/parser';
import { parseDocument } from '../../core/parse/document';
import { runSections } from '../../core/project/run';
import { optionHelp, parseArgs, type OptionSpec } from '../args';
import { loadProject } from '../../core/project/load';
import { configOrProblems, EXIT, type Command } from './command';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', value: true, choices: ['text', 'json'], description: 'output format (default text)' },
  { name: 'help', description: 'show this help' },
];

interface FileLine {
  readonly path: string;
  readonly kind: string;
  readonly tool?: string;
  readonly reason: string;
  /** Position in the schema order (1-based), for files that build the schema. */
  readonly order?: number;
  /** How its parts run: "up: in a transaction (goose runs ...)". */
  readonly runs: readonly string[];
}

export const projectCommand: Command = {
  summary: 'show how a project is read: each file\'s kind and tool, how it runs, the schema order',
  help: `Usage: pg-architect project [folder] [options]\n\nThe folder defaults to the current one (its pg-architect.json applies).\n\nOptions:\n${optionHelp(OPTIONS)}`,
  async run(argv) {
    const parsed = parseArgs(argv, OPTIONS);
    if (!parsed.ok) return usage(parsed.error);
    const { options, positionals } = parsed.args;
    if (options.has('help')) {
      process.stdout.write(this.help + '\n');
      return EXIT.ok;
    }
    if (positionals.length > 1) return usage('give one folder');
    const root = resolve(positionals[0] ?? '.');
    try {
      if (!statSync(root).isDirectory()) return usage(`${positionals[0]}: not a folder`);
    } catch {
      return usage(`${positionals[0]}: no such folder`);
    }
    const loaded = configOrProblems('project', root);
    if (!loaded) return EXIT.usage;
    await initParser();
    const { project } = loadProject(root, loaded.config);
    project.buildCatalog();
    const order = new Map(project.schemaOrder().map((id, i) => [id, i + 1]));
    const files: FileLine[] = [];
    for (const id of project.ids().sort()) {
      const text = project.text(id);
      if (!/\.(sql|psql|pgsql)$/i.test(id)) continue;
      if (text === undefined) {
        files.push({ path: id, kind: 'unreadable', reason: 'could not be read (binary, too large or not a regular file)', runs: [] });
        continue;
      }
      const document = parseDocument(text, id);
      const role = project.roleOf(id, document);
      const sections = runSections(document, role, loaded.config);
      const runs = sections.map((s) => `${s.direction}: ${s.transaction === 'tool' ? 'in a transaction' : s.transaction === 'implicit' ? 'one implicit transaction' : 'statement by statement'} (${s.why})`);
      files.push({ path: id, kind: role.kind, ...(role.tool ? { tool: role.tool } : {}), reason: role.reason, ...(order.has(id) ? { order: order.get(id) } : {}), runs });
    }
    const notices = project.notices().map((n) => n.message);
    if (options.get('format') === 'json') {
      process.stdout.write(JSON.stringify({ root, files, notices }, null, 2) + '\n');
      return EXIT.ok;
    }
    for (const f of files) {
      process.stdout.write(`${f.path}\n  ${f.kind}${f.tool ? ` (${f.tool})` : ''}: ${f.reason}${f.order ? `; schema file #${f.order}` : ''}\n`);
      for (const r of f.runs) process.stdout.write(`  ${r}\n`);
    }
    for (const n of notices) process.stdout.write(`\nnote: ${n}\n`);
    process.stdout.write(`\n${files.length} SQL file${files.length === 1 ? '' : 's'}, ${order.size} applied to the schema in order.\n`);
    return EXIT.ok;
  },
};

function usage(message: string): number {
  process.stderr.write(`pg-architect project: ${message}\nRun "pg-architect project --help" for usage.\n`);
  return EXIT.usage;
}
