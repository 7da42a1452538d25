/**
 * The stdio transport, watched. Over stdio every message is framed by a Content-Length header; once a frame is
 * malformed (a bad or missing Content-Length, bytes between messages, a body cut short) the reader cannot find
 * the next message, and the server would sit there alive and deaf. Instead it says why on stderr and exits
 * with MALFORMED_FRAMING_EXIT_CODE, so the client restarts it. (The default transport, built from the process
 * arguments, only logs such errors and keeps waiting.)
 */
import { inspect } from 'node:util';
import { StreamMessageReader, StreamMessageWriter, type Connection, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import type { Logger } from './guard';

export const MALFORMED_FRAMING_EXIT_CODE = 2;
/** A message that stays incomplete this long with nothing more arriving was cut short (clients write whole messages). */
export const PARTIAL_MESSAGE_LIMIT_MS = 20_000;

export interface WatchedStdio {
  readonly reader: MessageReader;
  readonly writer: MessageWriter;
  /** Once the connection exists: console output goes to its log (stdout carries the protocol), and a closed stdin ends the process. */
  attach(connection: Connection): void;
}

export function watchedStdio(): WatchedStdio {
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout);
  // The reader checks for a stalled message every 10 s by default; a shorter period keeps the limit accurate.
  reader.partialMessageTimeout = PARTIAL_MESSAGE_LIMIT_MS / 4;
  const fail = (why: string): never => {
    process.stderr.write(`pg-architect language server: malformed message framing on stdin (${why}); exiting so the client restarts the server.\n`);
    process.exit(MALFORMED_FRAMING_EXIT_CODE);
  };
  reader.onError((error) => fail(error.message.split('\n')[0]));
  // The reader reports an incomplete message each period without data; how long nothing came is ours to count.
  let lastData = Date.now();
  process.stdin.on('data', () => (lastData = Date.now()));
  reader.onPartialMessage(() => {
    const waited = Date.now() - lastData;
    if (waited >= PARTIAL_MESSAGE_LIMIT_MS) fail(`a message stayed incomplete for ${Math.round(waited / 1000)} s: its body is shorter than its Content-Length`);
  });
  writer.onError(([error]) => {
    process.stderr.write(`pg-architect language server: cannot write to stdout (${error.message}); exiting.\n`);
    process.exit(1);
  });
  return {
    reader,
    writer,
    attach(connection) {
      let shutdown = false;
      // The server's only shutdown handler (the library keeps its own count for the `exit` notification).
      connection.onShutdown(() => {
        shutdown = true;
      });
      // As the library's own stdio transport does: exit code 0 only after shutdown.
      reader.onClose(() => process.exit(shutdown ? 0 : 1));
      routeConsole(connection.console);
    },
  };
}

/** console.* would write into the protocol on stdout: send it to the client's log instead. */
function routeConsole(logger: Logger): void {
  const text = (args: unknown[]): string => args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  console.log = (...args: unknown[]) => logger.log(text(args));
  console.info = (...args: unknown[]) => logger.info(text(args));
  console.debug = (...args: unknown[]) => logger.log(text(args));
  console.warn = (...args: unknown[]) => logger.warn(text(args));
  console.error = (...args: unknown[]) => logger.error(text(args));
}
