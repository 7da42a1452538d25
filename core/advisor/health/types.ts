/** The health report's contract: a check reads the catalog through a read-only context and returns findings. */
import type { HealthThresholds } from './thresholds';

export type HealthSeverity = 'critical' | 'warning' | 'info';

export type ObjectKind =
  | 'table'
  | 'index'
  | 'sequence'
  | 'constraint'
  | 'database'
  | 'session'
  | 'schema'
  | 'function'
  | 'extension'
  | 'role'
  | 'setting'
  | 'replication-slot'
  | 'statement';

export interface HealthFinding {
  /** The check's id (kebab-case), as SARIF rule ids and --format json name it. */
  readonly check: string;
  readonly severity: HealthSeverity;
  readonly objectKind: ObjectKind;
  /** The object as SQL names it (schema-qualified, quoted as needed), or "pid 1234", or a database name. */
  readonly object: string;
  /** What is wrong, naming the object and the numbers behind it. */
  readonly message: string;
  /** What to do about it. */
  readonly advice: string;
  /** SQL that fixes it, where the fix is clear; never run by us. */
  readonly fix?: string;
  /**
   * The statement a finding is about, as pg_stat_statements normalizes it (constants become $1, $2, ...), for
   * the reader to explain; never run by us.
   */
  readonly query?: string;
}

/** A check that cannot run here (an extension missing, a privilege lacking): why, in a sentence, and what would let it run. */
export interface CheckSkipped {
  readonly skipped: string;
}

/** What a check may use: read-only queries on one session, the server version, the thresholds. */
export interface CheckContext {
  readonly serverVersion: number;
  readonly thresholds: HealthThresholds;
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<readonly Row[]>;
}

export interface HealthCheck {
  readonly id: string;
  readonly title: string;
  /** What it looks for and the thresholds it uses (help text, SARIF rule description). */
  readonly description: string;
  run(ctx: CheckContext): Promise<HealthFinding[] | CheckSkipped>;
}
