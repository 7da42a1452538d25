/**
 * Client-side deadlines of a PostgreSQL session. The server enforces statement_timeout, but over a connection
 * that stopped forwarding (a network partition) its answer never comes back: the client waits as long as the
 * server may run the statement, plus a grace for the answer to travel, and then gives the connection up.
 */

/** How long a silent connection is awaited when the server stops statements after `statementTimeoutMs` (0: none). */
export function deadlineAfter(statementTimeoutMs: number): number {
  return statementTimeoutMs > 0 ? statementTimeoutMs + Math.max(2_000, statementTimeoutMs / 10) : 0;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** A time setting as PostgreSQL reads it ('250', '30s', '5min'; a bare number is milliseconds); undefined if not one. */
export function durationMs(text: string): number | undefined {
  const m = /^\s*'?\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h|d)?\s*'?\s*$/i.exec(text);
  return m ? Number(m[1]) * UNIT_MS[(m[2] ?? 'ms').toLowerCase()] : undefined;
}

const SET_TIMEOUT = /^\s*SET\s+(LOCAL\s+|SESSION\s+)?statement_timeout\s*(?:=|\s+TO)\s*(.+?)\s*;?\s*$/i;
const TRANSACTION_END = /^\s*(COMMIT|END|ABORT|ROLLBACK(?!\s+(?:WORK\s+|TRANSACTION\s+)?TO\b))\b/i;

/**
 * The statement_timeout the server applies to the next statement, followed from the statements the session
 * itself ran successfully: SET [LOCAL] statement_timeout, and the end of a transaction (which ends SET LOCAL).
 */
export class StatementTimeoutMirror {
  private local: number | undefined;

  constructor(private session: number) {}

  get currentMs(): number {
    return this.local ?? this.session;
  }

  /** After `sql` succeeded. */
  observe(sql: string): void {
    const set = SET_TIMEOUT.exec(sql);
    if (set) {
      const ms = durationMs(set[2]);
      if (ms === undefined) return;
      if (set[1]?.trim().toUpperCase() === 'LOCAL') this.local = ms;
      else this.session = ms;
    } else if (TRANSACTION_END.test(sql)) this.local = undefined;
  }
}
