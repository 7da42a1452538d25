/**
 * The pg-architect command (dist/cli.js): dispatches to a command; prints help and version. Commands return
 * exit codes; anything unexpected is reported as an internal error with exit code 2, never a stack dump alone.
 */
import { COMMANDS } from './commands';
import { EXIT } from './commands/command';
import { TOOL_VERSION } from './version';

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;
  const commands = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`)
    .join('\n');
  return `PostgreSQL Architect ${TOOL_VERSION}\n\nUsage: pg-architect <command> [options]\n\nCommands:\n${commands}\n\nRun "pg-architect <command> --help" for a command's options.\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`pg-architect: unknown command "${name}"\n\n${help()}`);
    return EXIT.usage;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`pg-architect: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = EXIT.usage;
  },
);
