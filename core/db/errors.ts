/**
 * Connection and query failures as one clear sentence each. Every message goes through `redact`, so a
 * password in a connection string or in a driver's message never reaches the user, a log or a test output.
 */
export type FailureKind =
  | 'wrong-password'
  | 'unknown-host'
  | 'refused'
  | 'ssl-required'
  | 'ssl-unsupported'
  | 'timeout'
  | 'no-database'
  | 'no-role'
  | 'statement-timeout'
  | 'cancelled'
  | 'connection-lost'
  | 'no-answer'
  | 'read-only'
  | 'syntax'
  | 'other';

export interface DatabaseFailure {
  readonly kind: FailureKind;
  readonly message: string;
  /** SQLSTATE, when the server sent one. */
  readonly code?: string;
}

/** What became of the statement of a connection that stopped answering (or that a user cancelled). */
export type CancelOutcome =
  /** Stopped on the server (or it had ended there already). */
  | 'cancelled'
  /** Nothing of this session runs on a server (none was running, or the database is in this process). */
  | 'idle'
  /** The server could not be asked in time: it may still run the statement. */
  | 'unreachable';

/** A connection that stayed silent past its deadline: it was dropped, and the statement stopped on the server if it could be. */
export function noAnswerFailure(target: string, waitedMs: number, outcome: CancelOutcome): DatabaseFailure {
  const seconds = Math.round(waitedMs / 100) / 10;
  const after =
    outcome === 'unreachable' ? 'the query could not be cancelled: the server may still run it' : outcome === 'cancelled' ? 'the query was cancelled on the server' : 'nothing was running on the server';
  return { kind: 'no-answer', message: `No answer from ${target} within ${seconds} s: the connection was dropped; ${after}.` };
}

/** The failure carried by an error thrown from Session.query, if any. */
export function failureOf(e: unknown): DatabaseFailure | undefined {
  return (e as { failure?: DatabaseFailure } | undefined)?.failure;
}

/** The connection is gone (dropped or lost): later statements on the session cannot succeed. */
export function isConnectionGone(failure: DatabaseFailure | undefined): boolean {
  return failure?.kind === 'no-answer' || failure?.kind === 'connection-lost';
}

/**
 * Removes passwords: `postgres://u:secret@h` -> `postgres://u:***@h`, `password=secret` -> `password=***`. The
 * password runs to the last `@` before the host's `/`, `?` or `#` (a typed password may hold `@` or spaces); a
 * URL taken for a path and resolved (`/cwd/postgres:/u:secret@h`) is caught too.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/(postgres(?:ql)?:[/\\]{1,2}[^:/\\@\s]*:)[^/\\?#\r\n]*@/gi, '$1***@').replace(/(password\s*=\s*)('(?:\\.|[^'\\])*'|"[^"]*"|\S+)/gi, '$1***');
  for (const s of secrets) if (s.length >= 3) out = out.split(s).join('***');
  return out;
}

interface ErrorLike {
  readonly code?: string;
  readonly message?: string;
  readonly errno?: string;
}

export function classifyFailure(error: unknown, target: string, secrets: readonly string[] = []): DatabaseFailure {
  const e = (error ?? {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const raw = typeof e.message === 'string' ? e.message : String(error);
  const message = (kind: FailureKind, text: string): DatabaseFailure => ({ kind, message: redact(text, secrets), ...(code ? { code } : {}) });
  if (code === '28P01' || /password authentication failed/i.test(raw)) return message('wrong-password', `Wrong password for ${target}: the server rejected the credentials.`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /getaddrinfo/i.test(raw)) return message('unknown-host', `Unknown host in ${target}: the name does not resolve.`);
  if (code === 'ECONNREFUSED') return message('refused', `Connection refused by ${target}: no server listens there (is it running, and on that port?).`);
  if (/no encryption|SSL off|requires SSL|hostssl/i.test(raw) || (code === '28000' && /no pg_hba\.conf entry/i.test(raw) && /no encryption/i.test(raw))) {
    return message('ssl-required', `${target} requires an encrypted connection: set sslmode to require (or verify-full with the server's CA).`);
  }
  if (/does not support SSL/i.test(raw)) return message('ssl-unsupported', `${target} does not accept SSL: set sslmode to disable or prefer.`);
  if (code === '3D000') return message('no-database', `The database in ${target} does not exist.`);
  if (code === '28000' && /role .* does not exist/i.test(raw)) return message('no-role', `The user in ${target} does not exist.`);
  if (code === '28000') return message('other', `${target} refused the connection: ${raw}`);
  if (code === '57014' && /statement timeout/i.test(raw)) return message('statement-timeout', `The statement ran longer than the statement timeout and was stopped by the server.`);
  if (code === '57014') return message('cancelled', 'The statement was cancelled.');
  if (code === '25006') return message('read-only', `This connection is read-only: ${raw}`);
  if (code === '42601') return message('syntax', raw);
  if (/timeout expired|timed out|ETIMEDOUT|Connection terminated due to connection timeout/i.test(raw)) return message('timeout', `No answer from ${target} in time (connection timeout).`);
  if (code === '57P01' || code === 'ECONNRESET' || /Connection terminated|terminating connection|server closed the connection/i.test(raw)) {
    return message('connection-lost', `The connection to ${target} was lost (the server stopped or closed it).`);
  }
  return message('other', raw);
}
