/**
 * Ctrl-C while a command talks to a database: the running statement is cancelled on the server first (a
 * client that just dies leaves it running there, with its locks, until it ends), then the process exits with
 * 130 (128 + SIGINT), as shells expect. A second Ctrl-C exits at once.
 */
import type { CancelOutcome, Session } from '../core/db/session';

const EXIT_INTERRUPTED = 130;
const sessions = new Set<Session>();
let command = 'pg-architect';
let interrupted = false;

const SAID: Readonly<Record<CancelOutcome, string>> = {
  cancelled: 'the query was cancelled on the server',
  unreachable: 'the query could not be cancelled: the server may still run it',
  idle: '',
};

async function stop(session: Session): Promise<CancelOutcome> {
  const outcome = await session.cancel().catch((): CancelOutcome => 'unreachable');
  await session.close().catch(() => undefined);
  return outcome;
}

function onInterrupt(): void {
  if (interrupted) process.exit(EXIT_INTERRUPTED);
  interrupted = true;
  process.stderr.write(`\n${command}: interrupted (Ctrl-C again to exit at once)\n`);
  void Promise.all([...sessions].map(stop)).then((outcomes) => {
    for (const outcome of new Set(outcomes)) if (SAID[outcome]) process.stderr.write(`${command}: ${SAID[outcome]}\n`);
    process.exit(EXIT_INTERRUPTED);
  });
}

/** Ctrl-C came: the interrupt ends the process (130) once the server has been told; nothing else should exit first. */
export function interruptPending(): boolean {
  return interrupted;
}

/** From now on, Ctrl-C cancels what `session` runs on the server before the process exits. */
export function cancelOnInterrupt(name: string, session: Session): void {
  command = `pg-architect ${name}`;
  if (sessions.size === 0) process.on('SIGINT', onInterrupt);
  sessions.add(session);
}
