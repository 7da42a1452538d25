/**
 * One transaction at a time per session: Explain, the index advisor the plan viewer starts on its own, and a
 * "Find indexes" click can reach the same connection together, and their BEGIN ... ROLLBACK must not interleave
 * (a second BEGIN inside the first's transaction, one caller's ROLLBACK ending the other's trial index).
 */
import type { Session } from './session';

const tails = new WeakMap<Session, Promise<unknown>>();

/** Runs `work` once the session's previous turn has ended (however it ended). Not re-entrant: never nest. */
export function inTurn<T>(session: Session, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(session) ?? Promise.resolve();
  const next = previous.then(work, work);
  tails.set(session, next.then(() => undefined, () => undefined));
  return next;
}
