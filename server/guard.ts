/**
 * Failure containment: an exception in a handler becomes a logged error and an empty answer, never a dead
 * server; process-level errors are logged, not fatal.
 */
import type { CancellationToken } from 'vscode-languageserver/node';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

export function describeError(e: unknown): string {
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  return String(e);
}

/** Wraps a request handler: exceptions and cancellation give `empty`. */
export function guardRequest<P, R>(
  logger: Logger,
  name: string,
  empty: R,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => Promise<R> {
  return async (params, token) => {
    if (token.isCancellationRequested) return empty;
    try {
      const result = await handler(params, token);
      return token.isCancellationRequested ? empty : result;
    } catch (e) {
      logger.error(`${name} failed: ${describeError(e)}`);
      return empty;
    }
  };
}

/** Wraps a notification handler: exceptions are logged. */
export function guardNotification<P>(logger: Logger, name: string, handler: (params: P) => void | Promise<void>): (params: P) => void {
  return (params) => {
    try {
      const pending = handler(params);
      if (pending) pending.catch((e: unknown) => logger.error(`${name} failed: ${describeError(e)}`));
    } catch (e) {
      logger.error(`${name} failed: ${describeError(e)}`);
    }
  };
}

/** Keeps the process alive on stray errors (a bug in one handler must not end the editor session). */
export function installProcessGuards(logger: Logger): void {
  process.on('uncaughtException', (e) => logger.error(`Uncaught exception: ${describeError(e)}`));
  process.on('unhandledRejection', (e) => logger.error(`Unhandled rejection: ${describeError(e)}`));
}
