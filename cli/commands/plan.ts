/** `pg-architect plan <plan.json|plan.txt|->`: analyses a saved EXPLAIN output (JSON or text, psql-framed too). */
import { readFileSync } from 'node:fs';
import { initParser } from '../../core/parse/parser';
import { analyzePlan, formatPlanText, parsePlan, planToJson } from '../../core/explain';
import { jsonText } from '../../core/explain/json-text';
import { optionHelp, parseArgs, type OptionSpec } from '../args';
import { EXIT, type Command } from './command';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', value: true, choices: ['text', 'json'], description: 'output format (default text)' },
  { name: 'no-color', description: 'no colours' },
  { name: 'help', description: 'show this help' },
];

export function readInput(path: string): string {
  return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
}

export const planCommand: Command = {
  summary: 'analyse a saved EXPLAIN output (JSON or text): where the time goes, what to do',
  help: `Usage: pg-architect plan <plan.json|plan.txt|-> [options]\n\nOptions:\n${optionHelp(OPTIONS)}`,
  async run(argv) {
    const parsed = parseArgs(argv, OPTIONS);
    if (!parsed.ok) return usage(parsed.error);
    if (parsed.args.options.has('help')) {
      process.stdout.write(this.help + '\n');
      return EXIT.ok;
    }
    const [path] = parsed.args.positionals;
    if (!path || parsed.args.positionals.length > 1) return usage('give one plan file (or - for standard input)');
    let text: string;
    try {
      text = readInput(path);
    } catch (e) {
      return usage(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    await initParser();
    const result = parsePlan(text);
    if ('error' in result) {
      process.stderr.write(`pg-architect plan: ${path}: ${result.error}\n`);
      return EXIT.usage;
    }
    const analysis = analyzePlan(result.plan);
    const color = !parsed.args.options.has('no-color') && !process.env.NO_COLOR && process.stdout.isTTY === true;
    process.stdout.write(parsed.args.options.get('format') === 'json' ? jsonText(planToJson(analysis), 2) + '\n' : formatPlanText(analysis, { color, width: process.stdout.columns ?? 120 }));
    return EXIT.ok;
  },
};

function usage(message: string): number {
  process.stderr.write(`pg-architect plan: ${message}\nRun "pg-architect plan --help" for usage.\n`);
  return EXIT.usage;
}
