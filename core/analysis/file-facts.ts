/**
 * Facts about a file that migration rules need, computed in one pass: which transaction each statement runs in
 * (the file's own BEGIN ... COMMIT, or the one its migration tool opens: core/project/run.ts), timeouts set,
 * relations created earlier in the file (new and empty: nobody waits on their locks), and which statements only
 * run on rollback (`*.down.sql`, goose / dbmate down sections).
 */
import type { RangeVar } from '@pgsql/types';
import type { SqlDocument, Statement } from '../parse/document';
import { asNode, constantValue } from '../parse/ast';
import { loneFileRole } from '../project/lone-file';
import { runSections } from '../project/run';
import type { RunSection } from '../project/tools';
import type { FileRole } from '../project/classify';
import type { NewMigration } from '../project/next-migration';
import { finish, STATEMENTS_PER_LIGHT_STEP, type Steps } from '../runtime/steps';

/** How a file runs: what it is (its migration tool) and its parts as the tool runs them (core/project). */
export interface FileRun {
  readonly role: FileRole;
  readonly sections: readonly RunSection[];
  /** A new migration after the project's last one, in the folder's convention (core/project/next-migration.ts). */
  readonly newMigration?: NewMigration;
}

export interface StatementFacts {
  /** Inside BEGIN ... COMMIT, or in the transaction the migration tool runs the file (or its section) in. */
  readonly inTransaction: boolean;
  /**
   * What puts the statement in a transaction: the file's BEGIN, the tool's own transaction, or PostgreSQL's
   * implicit transaction around a multi-statement query; undefined when it commits on its own.
   */
  readonly transaction: 'explicit' | 'tool' | 'implicit' | undefined;
  /** How the statement's part of the file runs, in words (the tool's behaviour). */
  readonly runs: string;
  /** Inside an explicit BEGIN ... COMMIT block of this file. */
  readonly explicitTransaction: boolean;
  /** Index of the statement that opened the explicit transaction, if any. */
  readonly transactionStart: number | undefined;
  /** A non-zero lock_timeout is in effect (SET earlier in the file, or SET LOCAL earlier in this transaction). */
  readonly lockTimeoutSet: boolean;
  /** A non-zero statement_timeout is in effect. */
  readonly statementTimeoutSet: boolean;
  /** The statement belongs to a down (rollback) migration. */
  readonly downMigration: boolean;
}

export interface FileFacts {
  readonly fileName: string;
  /** What the file is: a migration of some tool, a dump, a query file, ... */
  readonly role: FileRole;
  /** The file's parts as its migration tool runs them. */
  readonly sections: readonly RunSection[];
  /**
   * Writes a new migration that runs after every migration of the file's folder (fixes that move a statement out
   * of the tool's transaction); absent for a file seen without its project.
   */
  readonly newMigration?: NewMigration;
  readonly statements: readonly StatementFacts[];
  /** Relation keys created anywhere in the file, with the index of the creating statement. */
  readonly created: ReadonlyMap<string, number>;
  /** True when relation `rel` was created earlier in this file than statement `index`. */
  isNewRelation(rel: RangeVar | string | undefined, index: number): boolean;
}

/** A comparable key for a relation: unqualified names and `public.` ones are the same relation. */
export function relationKey(rel: RangeVar | string | undefined): string {
  if (rel === undefined) return '';
  if (typeof rel === 'string') return rel.startsWith('public.') ? rel.slice(7) : rel;
  const name = rel.relname ?? '';
  return rel.schemaname && rel.schemaname !== 'public' ? `${rel.schemaname}.${name}` : name;
}

/**
 * `run`: how the file runs, from the project model; without it (a file linted on its own) it is read from the
 * file's name and markers alone.
 */
export function computeFileFacts(document: SqlDocument, fileName: string, assumeInTransaction: boolean, run?: FileRun): FileFacts {
  return finish(computeFileFactsSteps(document, fileName, assumeInTransaction, run));
}

/** computeFileFacts, pausing every few statements (a large file in the editor: 100,000 statements took ~80 ms). */
export function* computeFileFactsSteps(document: SqlDocument, fileName: string, assumeInTransaction: boolean, run?: FileRun): Steps<FileFacts> {
  const role = run?.role ?? loneFileRole(fileName, document.text);
  const parts = run?.sections ?? runSections(document, role, { assumeInTransaction, postgresVersion: 16 });
  // PostgreSQL's implicit transaction spans a multi-statement query: one statement alone is not in one.
  const statementsIn = parts.map((p) => document.statements.filter((s) => s.ast && s.start >= p.start && s.start < p.end).length);
  const created = new Map<string, number>();
  const facts: StatementFacts[] = [];
  let explicitStart: number | undefined;
  let sessionLockTimeout = false;
  let localLockTimeout = false;
  let sessionStatementTimeout = false;
  let localStatementTimeout = false;

  for (const statement of document.statements) {
    if (statement.index % STATEMENTS_PER_LIGHT_STEP === STATEMENTS_PER_LIGHT_STEP - 1) yield;
    const at = sectionIndexAt(parts, statement.start);
    const section = at >= 0 ? parts[at] : undefined;
    const wrapped = section?.transaction === 'tool' ? 'tool' : section?.transaction === 'implicit' && statementsIn[at] > 1 ? 'implicit' : undefined;
    const runsIn = explicitStart !== undefined ? 'explicit' : wrapped;
    facts.push({
      inTransaction: runsIn !== undefined,
      transaction: runsIn,
      runs: section?.why ?? 'not run by the migration tool',
      explicitTransaction: explicitStart !== undefined,
      transactionStart: explicitStart,
      lockTimeoutSet: sessionLockTimeout || localLockTimeout,
      statementTimeoutSet: sessionStatementTimeout || localStatementTimeout,
      downMigration: section?.direction === 'down',
    });

    const transaction = asNode(statement.ast, 'TransactionStmt');
    if (transaction) {
      const kind = transaction.kind;
      if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') explicitStart ??= statement.index;
      else if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE') {
        explicitStart = undefined;
        localLockTimeout = false;
        localStatementTimeout = false;
      }
    }
    const set = asNode(statement.ast, 'VariableSetStmt');
    if (set?.name === 'lock_timeout' || set?.name === 'statement_timeout') {
      const value = set.kind === 'VAR_SET_VALUE' ? constantValue(set.args?.[0]) : undefined;
      const active = value !== undefined && !/^0+(ms|s|min)?$/i.test(value.trim());
      if (set.name === 'lock_timeout') {
        if (set.is_local) localLockTimeout = active;
        else sessionLockTimeout = active;
      } else if (set.is_local) localStatementTimeout = active;
      else sessionStatementTimeout = active;
    }
    for (const key of createdRelations(statement)) if (!created.has(key)) created.set(key, statement.index);
  }

  return {
    fileName,
    role,
    sections: parts,
    ...(run?.newMigration ? { newMigration: run.newMigration } : {}),
    statements: facts,
    created,
    isNewRelation(rel, index) {
      const key = relationKey(rel);
      const at = created.get(key);
      return at !== undefined && at < index;
    },
  };
}

/** Relations a statement creates (tables, partitions, materialized views, CREATE TABLE AS). */
function createdRelations(statement: Statement): string[] {
  const ast = statement.ast;
  const create = asNode(ast, 'CreateStmt');
  if (create) return [relationKey(create.relation)];
  const createAs = asNode(ast, 'CreateTableAsStmt');
  if (createAs?.into?.rel) return [relationKey(createAs.into.rel)];
  const select = asNode(ast, 'SelectStmt');
  if (select?.intoClause?.rel) return [relationKey(select.intoClause.rel)];
  return [];
}

/** The section holding `offset` (sections are in text order), or -1: text before the first marker. */
export function sectionIndexAt(sections: readonly RunSection[], offset: number): number {
  let found = -1;
  for (let i = 0; i < sections.length; i++) {
    if (sections[i].start <= offset) found = i;
    else break;
  }
  return found;
}
