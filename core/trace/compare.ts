/**
 * The lock knowledge (core/knowledge: what the rules and hovers predict) against what PostgreSQL did when the
 * tracer applied the statement: per table, the predicted mode and the observed one, and predicted vs observed
 * rewrites. Where they disagree, the observation is right; the comparison over the corpus is docs/lock-observations.md.
 */
import { lockRank, type LockMode as KnownMode } from '../knowledge/lock-modes';
import { statementLocks } from '../knowledge/statement-locks';
import type { SqlDocument } from '../parse/document';
import { lockModeName, type MigrationTrace, type ObservedLock, onTable } from './model';

export type LockVerdict = 'agree' | 'observed-stronger' | 'observed-weaker' | 'not-taken' | 'inconclusive';

export interface LockComparison {
  readonly file: string;
  readonly line: number;
  readonly head: string;
  /** `ALTER TABLE (AT_AddColumn)`, `CREATE INDEX`, ... */
  readonly kind: string;
  readonly relation: string;
  readonly predicted: KnownMode;
  /** The strongest mode the statement newly took on the table, as the knowledge names modes. */
  readonly observed?: KnownMode;
  readonly verdict: LockVerdict;
  readonly rewritePredicted: boolean;
  readonly rewriteObserved: boolean;
  /** The knowledge says it reads the whole table (to validate, build or rewrite). */
  readonly scanPredicted: boolean;
  /** The scan counters saw it read the table (or it rewrote it). */
  readonly scanObserved: boolean;
}

/** `app."Orders"` -> `app.orders`-like key; a name without a schema matches any schema. */
function matches(written: string, observed: string): boolean {
  const parts = (s: string): string[] => s.split('.').map((p) => (p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p.toLowerCase()));
  const w = parts(written);
  const o = parts(observed);
  return w[w.length - 1] === o[o.length - 1] && (w.length === 1 || w[0] === o[0]);
}

function strongest(locks: readonly ObservedLock[], relation: string): KnownMode | undefined {
  let best: KnownMode | undefined;
  for (const l of locks) {
    if (!onTable(l) || !matches(relation, l.relation)) continue;
    const mode = lockModeName(l.mode) as KnownMode;
    if (!best || lockRank(mode) > lockRank(best)) best = mode;
  }
  return best;
}

function kindOf(ast: unknown, kind: string): string {
  const names: Record<string, string> = { IndexStmt: 'CREATE INDEX', CreateStmt: 'CREATE TABLE', DropStmt: 'DROP', RenameStmt: 'RENAME', TruncateStmt: 'TRUNCATE', AlterTableStmt: 'ALTER TABLE', ViewStmt: 'CREATE VIEW', CreateTrigStmt: 'CREATE TRIGGER', RuleStmt: 'CREATE RULE', CommentStmt: 'COMMENT', GrantStmt: 'GRANT' };
  const base = names[kind] ?? kind;
  if (kind !== 'AlterTableStmt') return base;
  const cmds = ((ast as { AlterTableStmt?: { cmds?: { AlterTableCmd?: { subtype?: string } }[] } }).AlterTableStmt?.cmds ?? []).map((c) => (c.AlterTableCmd?.subtype ?? '').replace(/^AT_/, ''));
  return `${base} (${[...new Set(cmds)].join(', ')})`;
}

export function compareLocks(trace: MigrationTrace, document: SqlDocument, postgresVersion: number): LockComparison[] {
  const out: LockComparison[] = [];
  for (const st of trace.statements) {
    if (st.outcome !== 'applied' || !st.locksObservable) continue;
    const statement = document.statements.find((s) => s.start === st.start);
    const info = statement ? statementLocks(statement, postgresVersion) : undefined;
    if (!statement || !info) continue;
    const kind = kindOf(statement.ast, statement.kind);
    for (const effect of info.effects) {
      const observed = strongest(st.locks, effect.relation);
      const before = strongest(st.alreadyHeld ?? [], effect.relation);
      const rewriteObserved = st.rewritten.some((r) => matches(effect.relation, r));
      const scanObserved = rewriteObserved || (st.scanned ?? []).some((r) => matches(effect.relation, r));
      // Held already in that mode or a stronger one: the statement could not show what it takes (only weaker extras).
      let verdict: LockVerdict;
      if (observed && lockRank(observed) > lockRank(effect.mode)) verdict = 'observed-stronger';
      else if (before && lockRank(before) >= lockRank(effect.mode)) verdict = 'inconclusive';
      else if (observed) verdict = observed === effect.mode ? 'agree' : 'observed-weaker';
      else verdict = 'not-taken';
      out.push({ file: trace.file, line: st.line, head: st.head, kind, relation: effect.relation, predicted: effect.mode, ...(observed ? { observed } : {}), verdict, rewritePredicted: info.rewrites, rewriteObserved, scanPredicted: info.scans || info.rewrites, scanObserved });
    }
  }
  return out;
}
