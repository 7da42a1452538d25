/**
 * The pg-architect command (dist/cli.js): dispatches to a command; prints help and version. Commands return
 * exit codes; anything unexpected is reported as an internal error with exit code 2, never a stack dump alone.
 */
import { redact } from '../core/db/errors';
import { terminalSafe } from '../core/terminal-text';
import { COMMANDS } from './commands';
import { interruptPending } from './interrupt';
import { EXIT } from './commands/command';
import { TOOL_VERSION } from './version';

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;
  const commands = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`)
    .join('\n');
  return `PostgreSQL Architect ${TOOL_VERSION}\n\nUsage: pg-architect <command> [options]\n\nCommands:\n${commands}\n\nRun "pg-architect <command> --help" for a command's options.\n`;
}

/**
 * Every message goes to stderr, and many echo what was typed (an unexpected argument, a bad option value, a path
 * that cannot be read) or what a file holds (a table name in a note): a connection string typed in the wrong place
 * must not print its password, and a name holding terminal controls must not drive the terminal. Cleaning the
 * stream once covers every command's messages and internal errors; stdout (reports, the LSP protocol) is left as
 * it is (the formats escape what they print from files).
 */
function cleanStderr(): void {
  const write = process.stderr.write.bind(process.stderr) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const clean = (text: string): string => terminalSafe(redact(text));
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
    if (typeof chunk === 'string') return write(clean(chunk), ...rest);
    if (!(chunk instanceof Uint8Array)) return write(chunk, ...rest);
    const text = Buffer.from(chunk).toString('utf8');
    const cleaned = clean(text);
    return write(cleaned === text ? chunk : cleaned, ...rest); // bytes pass untouched unless they needed cleaning
  }) as typeof process.stderr.write;
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

cleanStderr();
// A reader that stops early (`| head`) closes the pipe: that is not an error of ours, and no stack trace is owed.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  throw e;
});
/**
 * Ends the process once what was written to stdout and stderr is out, not when the event loop empties: after the
 * work, V8 goes on optimising the parser's WebAssembly in the background, and Node.js waited for it, about 200 ms
 * of every run on 2 cores. A command that serves (lsp) never returns, so nothing it does is cut short; after Ctrl-C
 * the interrupt exits, once the server's query is cancelled (cli/interrupt.ts).
 */
function finish(code: number): void {
  process.exitCode = code;
  if (interruptPending()) return;
  let pending = 2;
  const written = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', written);
  process.stderr.write('', written);
}

main(process.argv.slice(2)).then(finish, (e: unknown) => {
  process.stderr.write(`pg-architect: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  finish(EXIT.usage);
});
