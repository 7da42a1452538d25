/**
 * A trace as what the editor and the CLI show: the statements PostgreSQL refused as `migration-refused` findings,
 * and, for the hover, what PostgreSQL did at a statement ("observed in PostgreSQL 18"), beside what the rules predict.
 */
import type { Finding } from '../lint';
import { MIGRATION_REFUSED_ID } from '../rules/built-in-findings';
import { lockModeName, lockStrength, type LockMode, type MigrationTrace, type StatementTrace, onTable } from './model';

export function refusalFindings(migration: MigrationTrace, text: string, postgres: string): Finding[] {
  return migration.statements
    .filter((st) => st.outcome === 'failed')
    .map((st) => {
      // The statement's first line: a whole CREATE FUNCTION underlined says less than its head.
      const newline = text.indexOf('\n', st.start);
      const end = newline > st.start && newline < st.end ? newline : st.end;
      return {
        ruleId: MIGRATION_REFUSED_ID,
        severity: 'error' as const,
        message: `${postgres} refused this statement when the migrations were applied in order: ${st.message}${st.code ? ` (${st.code})` : ''}`,
        range: { start: st.start, end },
        fixes: [],
      };
    });
}

/** Rules whose finding says the statement rewrites its table (a prediction PostgreSQL can contradict). */
const REWRITE_CLAIMS: ReadonlySet<string> = new Set(['changing-column-type', 'adding-field-with-default']);

/**
 * A rule's finding where the observation of its statement contradicts it: the rule says the statement rewrites the
 * table, and PostgreSQL, applying the migrations in order, kept every table's storage. The observation wins: the
 * finding says what was observed and is information only. Undefined when they agree or the observation says
 * nothing (refused, not checked, another statement). A rewrite that depends on the session's TimeZone is left to
 * the rule: the embedded run has one TimeZone, production may have another.
 */
export function findingAsObserved(migration: MigrationTrace, finding: { readonly ruleId: string; readonly message: string; readonly start: number }, postgres: string): { readonly message: string; readonly severity: 'info' } | undefined {
  if (!REWRITE_CLAIMS.has(finding.ruleId) || /TimeZone/.test(finding.message)) return undefined;
  const st = tracedStatementAt(migration, finding.start);
  if (!st || st.outcome !== 'applied' || st.rewritten.length > 0) return undefined;
  return {
    severity: 'info',
    message: `Observed in ${postgres}: no rewrite here. Applying the migrations in order, PostgreSQL kept the table's storage, so this change is a catalog update (still under its lock while it runs). The rule predicted: ${finding.message}`,
  };
}

/** The statement of a trace at an offset of its file. */
export function tracedStatementAt(migration: MigrationTrace, offset: number): StatementTrace | undefined {
  return migration.statements.find((st) => offset >= st.start && offset <= st.end);
}

/** Markdown for the hover: what PostgreSQL did at this statement, and how long its locks are held. */
export function observedHover(migration: MigrationTrace, st: StatementTrace, postgres: string): string {
  const head = `**Observed** in ${postgres} (embedded), migrations applied in order`;
  if (st.outcome === 'failed') return `${head}: **refused**: ${st.message}`;
  if (st.outcome === 'not-checked') return `${head}: not checked (${st.message})`;
  const parts: string[] = [];
  // The strongest mode this statement newly took per table, and how long the migration keeps it.
  const strongest = new Map<string, LockMode>();
  for (const l of st.locks) {
    if (!onTable(l)) continue;
    const had = strongest.get(l.relation);
    if (!had || lockStrength(l.mode) > lockStrength(had)) strongest.set(l.relation, l.mode);
  }
  for (const [relation, mode] of strongest) {
    const span = migration.holds.find((h) => h.relation === relation);
    const held = !span ? '' : span.until === 'commit' ? `, held to the COMMIT at line ${span.untilLine}` : ', for this statement only';
    const more = span && span.mode !== mode ? ` (the migration holds ${lockModeName(span.mode)} on it from line ${span.fromLine})` : '';
    parts.push(`${lockModeName(mode)} on \`${relation}\`${held}${more}`);
  }
  if (parts.length === 0) parts.push(st.locksObservable ? 'no new table lock (its transaction already held what it needs)' : 'ran outside a transaction: its locks end with it');
  if (st.rewritten.length > 0) parts.push(`**rewrote** ${st.rewritten.map((r) => `\`${r}\``).join(', ')}`);
  if (st.scanned && st.scanned.length > 0) parts.push(`**read every row** of ${st.scanned.map((r) => `\`${r}\``).join(', ')} (to validate or build), holding its locks meanwhile`);
  return `${head}: ${parts.join('; ')}`;
}
