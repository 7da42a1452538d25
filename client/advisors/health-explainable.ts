/**
 * Which findings of a health report get an Explain link: those whose statement EXPLAIN can run, one query or
 * DML statement (pg_stat_statements also tracks utility statements: VACUUM, CREATE, SET ...). No vscode import.
 */
import type { HealthFinding } from '../../core/advisor/health';
import { classifyStatement } from '../../core/db/statement-kind';
import { parseDocument } from '../../core/parse/document';
import { parserReady } from '../../core/parse/parser';

export function explainableFindings(findings: readonly HealthFinding[]): Set<number> {
  const out = new Set<number>();
  if (!parserReady()) return out;
  findings.forEach((f, i) => {
    if (!f.query) return;
    const statements = parseDocument(f.query).statements.filter((s) => s.ast);
    const kind = statements.length === 1 ? classifyStatement(statements[0].ast).kind : 'not-explainable';
    if (kind === 'query' || kind === 'dml') out.add(i);
  });
  return out;
}
