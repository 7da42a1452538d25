/**
 * Statements PostgreSQL refuses inside a transaction block (CREATE / DROP / REINDEX ... CONCURRENTLY, DETACH
 * PARTITION CONCURRENTLY): where the file's tool runs them in its transaction, adding CONCURRENTLY alone gives a
 * migration that fails. This says where the statement must go for the tool that runs the file, and builds the fix
 * that gets it there: the tool's switch in the file when the statement is alone in its part (goose
 * `NO TRANSACTION`, dbmate `transaction:false`, Atlas `txmode none`, Liquibase `runInTransaction:false`), else a
 * migration of its own (new files, when the project can name the next migration), else after the file's COMMIT.
 */
import type { StatementFacts } from '../../../analysis/file-facts';
import { sectionIndexAt } from '../../../analysis/file-facts';
import type { StatementView } from '../../../parse/document';
import type { DropStmt } from '@pgsql/types';
import { asNode, stringValues } from '../../../parse/ast';
import { quoteIdentifier, quoteQualified } from '../../../knowledge/naming';
import { applyEdits } from '../../../fixes';
import type { RunSection } from '../../../project/tools';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { identifierValue, newlineOf, removeStatement } from './edits';
import { transactionControl } from './transactions';

export interface ConcurrentChange {
  /** The edit that makes the statement concurrent (none: it is already). */
  readonly edit?: TextEdit;
  /** Words for a new migration's file name (`create index orders_status_idx`). */
  readonly name: string;
  /** What undoes the statement in a new migration's down part, when the rule knows. */
  readonly down?: string;
  /**
   * Names of what the statement creates, drops or detaches: when a later statement of the file names one of them,
   * moving the statement after it would change what that statement sees, so no move is offered.
   */
  readonly names?: readonly string[];
}

export interface Placement {
  /** Where the statement has to run (`in a migration of its own that starts with -- +goose NO TRANSACTION`); empty outside transactions. */
  readonly where: string;
  /** `where` with the reason, as a clause for a message that starts with a space; empty outside transactions. */
  readonly advice: string;
  /** Fixes that leave a migration PostgreSQL runs, first the one to apply. */
  readonly fixes: readonly Fix[];
}

/** Where each tool needs the statement, when it runs the file in a transaction. */
const WHERE: Readonly<Record<string, string>> = {
  goose: 'in a migration of its own that starts with -- +goose NO TRANSACTION',
  dbmate: 'in a migration of its own, alone in a -- migrate:up transaction:false section',
  prisma: 'in a migration folder of its own whose migration.sql holds only that statement',
  'golang-migrate': 'in a migration file that holds only that statement',
  supabase: 'in a migration file that holds only that statement',
  flyway: 'in a migration of its own (Flyway runs a migration of such statements without a transaction)',
  atlas: 'in a migration file of its own with -- atlas:txmode none',
  liquibase: 'in a changeset of its own with runInTransaction:false',
  'node-pg-migrate': 'in a JavaScript migration that calls pgm.noTransaction()',
  hasura: 'outside Hasura\'s migrations (run_sql runs them in a transaction), e.g. with psql',
  pop: 'outside pop\'s migrations (each runs in a transaction), e.g. with psql',
};
const ELSEWHERE = 'in a migration your tool runs without a transaction';

/**
 * How to run `statement` (made concurrent by `change.edit`) outside a transaction block, for the way its file
 * runs. Outside any transaction the fix is the edit itself.
 */
export function outsideTransaction(context: RuleContext, statement: StatementView, facts: StatementFacts, change: ConcurrentChange): Placement {
  const concurrently = change.edit ? [change.edit] : [];
  if (!facts.inTransaction) return { where: '', advice: '', fixes: change.edit ? [{ title: 'Add CONCURRENTLY', edits: concurrently, preferred: true }] : [] };
  const section = sectionOf(context, statement);
  const tool = context.file.role.tool;
  if (facts.transaction === 'explicit' && outsideTransactionAfterCommit(context, statement)) {
    const fix = namedLater(context, statement, change.names ?? []) ? undefined : afterCommit(context, statement, facts, change);
    const where = 'after the COMMIT of its BEGIN ... COMMIT block';
    return { where, advice: ` ${where} (CONCURRENTLY cannot run inside a transaction block)`, fixes: fix ? [fix] : [] };
  }
  const where = (tool && WHERE[tool]) ?? ELSEWHERE;
  const advice = ` ${where} (${facts.runs}, and CONCURRENTLY cannot run inside a transaction block)`;
  const fixes: Fix[] = [];
  const alone = section !== undefined && facts.transaction !== 'explicit' && aloneInSection(context, statement, section);
  const switchOff = alone ? toolSwitch(context, section) : undefined;
  if (switchOff) fixes.push({ title: `${change.edit ? 'Add CONCURRENTLY and ' : ''}${switchOff.title}`, edits: [...concurrently, ...switchOff.edits] });
  else if (alone && tool === 'flyway') fixes.push({ title: 'Add CONCURRENTLY (Flyway then runs this migration without a transaction)', edits: concurrently });
  else if (!namedLater(context, statement, change.names ?? [])) {
    const own = ownMigration(context, statement, change) ?? (tool === 'liquibase' && section ? ownChangeset(context, statement, section, change) : undefined);
    if (own) fixes.push(own);
  }
  return { where, advice, fixes };
}

function sectionOf(context: RuleContext, statement: StatementView): RunSection | undefined {
  const at = sectionIndexAt(context.file.sections, statement.start);
  return at >= 0 ? context.file.sections[at] : undefined;
}

/** Whether a statement after the COMMIT of the file's own BEGIN runs on its own (no tool transaction around the file). */
export function outsideTransactionAfterCommit(context: RuleContext, statement: StatementView): boolean {
  const section = sectionOf(context, statement);
  return section === undefined || section.transaction === 'none';
}

/** Whether a statement after this one in the file names one of `names` (as an identifier, any qualification). */
function namedLater(context: RuleContext, statement: StatementView, names: readonly string[]): boolean {
  if (names.length === 0) return false;
  const wanted = new Set(names);
  return context.document.statements.some((s) => s.index > statement.index && s.ast !== undefined && s.tokens().some((t) => wanted.has(identifierValue(t.text))));
}

/** Parsed statements of the section other than transaction control. */
function aloneInSection(context: RuleContext, statement: StatementView, section: RunSection): boolean {
  return context.document.statements.every((s) => s.index === statement.index || !s.ast || s.start < section.start || s.start >= section.end || transactionControl(s.ast) !== undefined);
}

/** The tool's own switch for a file or part that holds only this statement. */
function toolSwitch(context: RuleContext, section: RunSection): { title: string; edits: TextEdit[] } | undefined {
  const newline = newlineOf(context.document);
  const marker = context.document.comments.find((c) => c.start === section.start && !c.block);
  switch (context.file.role.tool) {
    case 'goose':
      return { title: '-- +goose NO TRANSACTION', edits: [{ range: { start: 0, end: 0 }, newText: `-- +goose NO TRANSACTION${newline}` }] };
    case 'atlas':
      return { title: '-- atlas:txmode none (then run atlas migrate hash)', edits: [{ range: { start: 0, end: 0 }, newText: `-- atlas:txmode none${newline}${newline}` }] };
    case 'dbmate':
      return marker ? { title: 'transaction:false', edits: [{ range: { start: trimmedEnd(context, marker), end: trimmedEnd(context, marker) }, newText: ' transaction:false' }] } : undefined;
    case 'liquibase':
      return marker ? { title: 'runInTransaction:false', edits: [{ range: { start: trimmedEnd(context, marker), end: trimmedEnd(context, marker) }, newText: ' runInTransaction:false' }] } : undefined;
    default:
      return undefined;
  }
}

function trimmedEnd(context: RuleContext, comment: { start: number; end: number }): number {
  return comment.start + context.document.text.slice(comment.start, comment.end).trimEnd().length;
}

/** The statement as it will read in its new place. */
function movedText(context: RuleContext, statement: StatementView, change: ConcurrentChange): string {
  const own = context.document.text.slice(statement.start, statement.end);
  const edited = change.edit ? applyEdits(own, [{ range: { start: change.edit.range.start - statement.start, end: change.edit.range.end - statement.start }, newText: change.edit.newText }]).text : own;
  return edited.trimEnd().endsWith(';') ? edited.trimEnd() : `${edited.trimEnd()};`;
}

/** Removes the statement here and writes it, concurrent, into a new migration after the project's last. */
function ownMigration(context: RuleContext, statement: StatementView, change: ConcurrentChange): Fix | undefined {
  const files = context.file.newMigration?.({ name: change.name, up: movedText(context, statement, change), ...(change.down ? { down: change.down } : {}), outsideTransaction: true });
  if (!files || files.length === 0) return undefined;
  return {
    // Atlas checks every migration against atlas.sum: a new file needs the sum written again.
    title: `Move it${change.edit ? ', with CONCURRENTLY,' : ''} to a new migration ${files[0].path}${context.file.role.tool === 'atlas' ? ' (then run atlas migrate hash)' : ''}`,
    edits: [removeStatement(context.document, statement.start, statement.end)],
    newFiles: files,
  };
}

/** Liquibase: a changeset of its own, right after this one, that runs outside a transaction. */
function ownChangeset(context: RuleContext, statement: StatementView, section: RunSection, change: ConcurrentChange): Fix | undefined {
  const text = context.document.text;
  const header = /^--\s*changeset\s+([^:\s]+):(\S+)/i.exec(text.slice(section.start));
  if (!header) return undefined;
  const newline = newlineOf(context.document);
  const changeset = `-- changeset ${header[1]}:${header[2]}-concurrently runInTransaction:false${newline}${movedText(context, statement, change)}${newline}`;
  // Before the next changeset's header, or at the end of the file.
  const last = section.end >= text.length;
  const lead = last ? (text.endsWith('\n') ? newline : `${newline}${newline}`) : '';
  const newText = last ? `${lead}${changeset}` : `${changeset}${newline}`;
  return {
    title: 'Move it to a changeset of its own with runInTransaction:false',
    edits: [removeStatement(context.document, statement.start, statement.end), { range: { start: section.end, end: section.end }, newText }],
  };
}

/** A file run as psql runs it: move the statement after its block's COMMIT, where it runs on its own. */
function afterCommit(context: RuleContext, statement: StatementView, facts: StatementFacts, change: ConcurrentChange): Fix | undefined {
  const end = context.document.statements.find((s) => s.index > statement.index && transactionControl(s.ast) === 'end');
  if (!end || asNode(end.ast, 'TransactionStmt')?.kind !== 'TRANS_STMT_COMMIT' || facts.transactionStart === undefined) return undefined;
  const newline = newlineOf(context.document);
  return {
    title: `Move it${change.edit ? ', with CONCURRENTLY,' : ''} after the COMMIT`,
    edits: [removeStatement(context.document, statement.start, statement.end), { range: { start: end.end, end: end.end }, newText: `${newline}${movedText(context, statement, change)}` }],
  };
}

/** `DROP INDEX CONCURRENTLY IF EXISTS name;`: the down part of a migration that builds the index. */
export function dropIndexConcurrently(schema: string | undefined, index: string): string {
  return `DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(schema, index)};`;
}

/** The names a DROP statement drops: `app.orders_idx` (to compare) and as SQL text (`app."Orders_idx"`). */
export function droppedNames(drop: DropStmt): { readonly name: string; readonly sql: string }[] {
  return (drop.objects ?? [])
    .map((o) => stringValues(asNode(o, 'List')?.items))
    .filter((parts) => parts.length > 0)
    .map((parts) => ({ name: parts.join('.'), sql: parts.map(quoteIdentifier).join('.') }));
}
