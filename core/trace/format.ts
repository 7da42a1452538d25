/** A project trace as text for people: per migration, each statement's verdict, locks and rewrites, then what it held and until when. */
import { lockModeName, type LockSpan, type MigrationTrace, type ProjectTrace, type StatementTrace, onTable } from './model';

function statementLine(st: StatementTrace): string {
  const what: string[] = [];
  if (st.outcome === 'failed') what.push(`FAILED: ${st.message}${st.code ? ` (${st.code})` : ''}`);
  else if (st.outcome === 'not-checked') what.push(`not checked: ${st.message}`);
  else {
    const tables = st.locks.filter(onTable);
    if (tables.length > 0) what.push(tables.map((l) => `${lockModeName(l.mode)} on ${l.relation}`).join(', '));
    else if (!st.locksObservable) what.push('ran outside a transaction: its locks ended with it');
    if (st.rewritten.length > 0) what.push(`REWROTE ${st.rewritten.join(', ')}`);
    if (st.scanned && st.scanned.length > 0) what.push(`read all of ${st.scanned.join(', ')}`);
    if (st.created.length > 0) what.push(`created ${st.created.join(', ')}`);
    if (st.dropped.length > 0) what.push(`dropped ${st.dropped.join(', ')}`);
    if (what.length === 0) what.push('applied');
  }
  return `  ${String(st.line).padStart(5)}  ${st.head.slice(0, 60).padEnd(60)}  ${what.join('; ')}`;
}

export function holdText(span: LockSpan): string {
  return span.until === 'commit'
    ? `${lockModeName(span.mode)} on ${span.relation} held from line ${span.fromLine} to the COMMIT at line ${span.untilLine}`
    : `${lockModeName(span.mode)} on ${span.relation} at line ${span.fromLine}, for that statement only`;
}

function migrationText(m: MigrationTrace): string {
  const out = [`── ${m.file}`, ...m.statements.map(statementLine)];
  // What blocks others for longer than one statement is what a deploy feels.
  const long = m.holds.filter((h) => h.until === 'commit' && h.untilLine > h.fromLine);
  for (const h of long) out.push(`         held: ${holdText(h)}`);
  return out.join('\n');
}

export function formatTrace(trace: ProjectTrace): string {
  const statements = trace.migrations.flatMap((m) => m.statements);
  const count = (o: StatementTrace['outcome']): number => statements.filter((s) => s.outcome === o).length;
  const lines = [`Applied on ${trace.postgres} (${trace.target}):`, '', ...trace.migrations.filter((m) => m.statements.length > 0).map(migrationText), ''];
  for (const n of trace.notes) lines.push(`note: ${n}`);
  lines.push(`${trace.migrations.length} file${trace.migrations.length === 1 ? '' : 's'}, ${statements.length} statements: ${count('applied')} applied, ${count('failed')} refused by PostgreSQL, ${count('not-checked')} not checked; ${statements.filter((s) => s.rewritten.length > 0).length} rewrote a table (${(trace.durationMs / 1000).toFixed(1)} s).`);
  return lines.join('\n') + '\n';
}
