/**
 * Hover text for the statement under the cursor: the locks it takes and what they block, whether it rewrites or
 * scans the table, whether it can run in a transaction block, and its page in the PostgreSQL documentation of
 * the configured version. Markdown, built from core/knowledge; the language server only shows it.
 */
import type { SqlDocument, Statement } from '../parse/document';
import type { LintSettings } from '../rules/types';
import { computeFileFacts, type FileRun, type StatementFacts } from '../analysis/file-facts';
import { statementLocks, type LockEffect, type LockMode, type StatementLockInfo } from '../knowledge/locks';
import { commandPage } from '../knowledge/command-docs';
import { docsVersion } from '../knowledge/versions';

/** What each mode means for other sessions, in a few words. */
const BLOCKS: Readonly<Record<LockMode, string>> = {
  'ACCESS SHARE': 'conflicts only with ACCESS EXCLUSIVE (ALTER TABLE, DROP, TRUNCATE, VACUUM FULL)',
  'ROW SHARE': 'blocks EXCLUSIVE and ACCESS EXCLUSIVE locks (not reads or writes)',
  'ROW EXCLUSIVE': 'blocks CREATE INDEX and stronger locks (not reads or writes)',
  'SHARE UPDATE EXCLUSIVE': 'blocks schema changes, VACUUM and CREATE INDEX (not reads or writes)',
  SHARE: 'blocks writes (not reads)',
  'SHARE ROW EXCLUSIVE': 'blocks writes (not reads)',
  EXCLUSIVE: 'blocks writes and SELECT ... FOR UPDATE (not plain reads)',
  'ACCESS EXCLUSIVE': 'blocks reads and writes',
};

/**
 * Markdown for the statement at `offset`, or undefined when it takes no table lock we know of. `run`: how the
 * file runs, from the project model (else read from the file alone).
 */
export function statementHover(document: SqlDocument, offset: number, settings: LintSettings, run?: FileRun): string | undefined {
  const statement = statementAt(document, offset);
  if (!statement) return undefined;
  const info = statementLocks(statement, settings.postgresVersion);
  if (!info) return undefined;
  // A read's ACCESS SHARE matters to nobody hovering one of its columns or tables: said only on its first word.
  const readOnly = info.effects.every((e) => e.mode === 'ACCESS SHARE');
  if (readOnly && !onFirstWord(statement, offset)) return undefined;
  const facts = computeFileFacts(document, document.uri, settings.assumeInTransaction, run);
  const statementFacts = facts.statements[statement.index];
  const inTransaction = statementFacts?.inTransaction ?? false;
  const lines: string[] = [];
  const until = inTransaction ? 'until commit' : 'while it runs';
  info.effects.forEach((effect, i) => {
    const isNew = facts.isNewRelation(effect.relation, statement.index);
    lines.push(effectLine(effect, until, i === 0 ? tableWork(info) : '', isNew));
  });
  if (info.effects.length === 0) lines.push('Takes no lock on existing tables.');
  lines.push('');
  if (statementFacts) lines.push(howItRuns(statementFacts));
  lines.push(info.transactional ? 'Can run inside a transaction block.' : '**Cannot run inside a transaction block.**');
  for (const note of info.notes) lines.push(`- ${note}`);
  const page = commandPage(statement.ast, settings.postgresVersion);
  if (page) {
    lines.push('');
    lines.push(`[${page.command}](${page.url}) in the PostgreSQL ${docsVersion(settings.postgresVersion)} documentation`);
  }
  return lines.join('\n');
}

/** Where the statement runs, as its migration tool runs the file: what decides how long its locks last. */
function howItRuns(facts: StatementFacts): string {
  if (facts.downMigration) return `Runs only when migrating down (${facts.runs}).  `;
  switch (facts.transaction) {
    case 'explicit':
      return "Inside the file's own BEGIN ... COMMIT: its locks are held until COMMIT.  ";
    case 'tool':
      return `In the migration tool's transaction (${facts.runs}): its locks are held until the migration commits.  `;
    case 'implicit':
      return `In one implicit transaction with the file's other statements (${facts.runs}): its locks are held until the last one ends.  `;
    default:
      return `Commits on its own (${facts.runs}).  `;
  }
}

function effectLine(effect: LockEffect, until: string, work: string, isNew: boolean): string {
  const reason = effect.reason ? ` (${effect.reason})` : '';
  const lasting = effect.mode === 'ACCESS SHARE' ? '' : ` ${until}`;
  const created = isNew ? ' — created earlier in this file, so nobody else waits on it' : '';
  return `**${effect.mode}** on \`${effect.relation}\`${reason}: ${BLOCKS[effect.mode]}${lasting}${work}${created}  `;
}

/** "; rewrites the table" / "; scans the whole table", for the statement's main target. */
function tableWork(info: StatementLockInfo): string {
  if (info.rewrites) return '; rewrites the table';
  if (info.scans) return '; scans the whole table';
  return '';
}

/** Whether `offset` is on the statement's first word (its command: SELECT, WITH, ...). */
function onFirstWord(statement: Statement, offset: number): boolean {
  const first = statement.tokens()[0];
  return first !== undefined && offset >= first.start && offset <= first.end;
}

/** The statement under an offset (exported for the language server's hover range). */
export function statementAt(document: SqlDocument, offset: number): Statement | undefined {
  return document.statements.find((s) => offset >= s.start && offset <= s.end);
}
