/**
 * Facts about a file that migration rules need, computed in one pass: transaction blocks, timeouts set,
 * relations created earlier in the file (new and empty: nobody waits on their locks), and down-migration
 * context (`*.down.sql`, dbmate's `-- migrate:down` section).
 */
import type { RangeVar } from '@pgsql/types';
import type { SqlDocument, Statement } from '../parse/document';
import { asNode, constantValue } from '../parse/ast';

export interface StatementFacts {
  /** Inside BEGIN ... COMMIT, or the file is assumed to run in one transaction. */
  readonly inTransaction: boolean;
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

const DOWN_FILE = /(^|[\\/._-])down\.sql$/i;

export function computeFileFacts(document: SqlDocument, fileName: string, assumeInTransaction: boolean): FileFacts {
  const downSections = dbmateSections(document);
  const wholeFileDown = DOWN_FILE.test(fileName);
  const created = new Map<string, number>();
  const facts: StatementFacts[] = [];
  let explicitStart: number | undefined;
  let sessionLockTimeout = false;
  let localLockTimeout = false;
  let sessionStatementTimeout = false;
  let localStatementTimeout = false;

  for (const statement of document.statements) {
    const section = sectionAt(downSections, statement.start);
    const inTransaction = explicitStart !== undefined || (section?.transaction ?? assumeInTransaction);
    facts.push({
      inTransaction,
      explicitTransaction: explicitStart !== undefined,
      transactionStart: explicitStart,
      lockTimeoutSet: sessionLockTimeout || localLockTimeout,
      statementTimeoutSet: sessionStatementTimeout || localStatementTimeout,
      downMigration: wholeFileDown || section?.down === true,
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

interface Section {
  readonly start: number;
  readonly down: boolean;
  readonly transaction: boolean | undefined;
}

/** dbmate's `-- migrate:up` / `-- migrate:down [transaction:false]` markers. */
function dbmateSections(document: SqlDocument): Section[] {
  const sections: Section[] = [];
  for (const comment of document.comments) {
    if (comment.block) continue;
    const text = document.text.slice(comment.start, comment.end);
    const m = /^--\s*migrate:(up|down)\b(.*)$/i.exec(text);
    if (!m) continue;
    const noTransaction = /transaction\s*:\s*false/i.test(m[2]);
    sections.push({ start: comment.start, down: m[1].toLowerCase() === 'down', transaction: noTransaction ? false : true });
  }
  return sections;
}

function sectionAt(sections: readonly Section[], offset: number): Section | undefined {
  let found: Section | undefined;
  for (const s of sections) {
    if (s.start <= offset) found = s;
    else break;
  }
  return found;
}
