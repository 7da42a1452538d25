import type { Node, RangeVar, SelectStmt } from '@pgsql/types';
import type { SqlDocument, StatementView } from '../../parse/document';
import { defineRule } from '../types';
import { asNode, relationName, tagOf } from '../../parse/ast';
import { relationKey } from '../../analysis/file-facts';
import { mayTakeAccessExclusive, statementLocks } from '../../knowledge/locks';
import { alterTableLocks } from '../../knowledge/alter-table-locks';
import { isPgDumpOutput } from './support/pg-dump';
import { isNewObject } from './support/new-relations';
import { validatingConstraints } from './support/not-valid';

const CHECKED_KINDS = new Set(['CONSTR_CHECK', 'CONSTR_FOREIGN'] as const);
import { transactionControl, transactionKey } from './support/transactions';

/** An ACCESS EXCLUSIVE lock the transaction holds on an existing relation, and the statement that took it. */
interface HeldLock {
  readonly relation: string;
  /** Held through an index (DROP INDEX) whose table the file does not name: it may be any table. */
  readonly unknownTable: boolean;
  readonly line: number;
  readonly what: string;
}

/** Drops of these remove the relation: queries waiting on it fail afterwards anyway, so its lock is not counted. */
const REMOVED_WITH_LOCK: ReadonlySet<string> = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_FOREIGN_TABLE']);

export default defineRule({
  meta: {
    id: 'running-statement-while-holding-access-exclusive',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'A long-running statement (a data change, an index build, a scan or rewrite) runs in a transaction that already holds ACCESS EXCLUSIVE on an existing table.',
      why:
        'Locks are held until the transaction ends. Once a statement has taken ACCESS EXCLUSIVE on a table (most ' +
        '`ALTER TABLE` forms, `CREATE TABLE ... PARTITION OF`, `DROP INDEX`, `TRUNCATE`, ...), no query can read or ' +
        'write that table until COMMIT. A later statement in the same transaction that does real work (an `UPDATE` ' +
        'or `DELETE` backfill, `INSERT ... SELECT`, a non-concurrent `CREATE INDEX`, a validating or rewriting ' +
        '`ALTER TABLE`, `REFRESH MATERIALIZED VIEW`) stretches that outage from milliseconds to as long as the work ' +
        'takes: the classic case is `ADD COLUMN` followed by the `UPDATE` that fills it.',
      instead:
        'Commit after the statement that takes the strong lock, and run the long work in its own transaction (a data ' +
        'backfill in batches, each committed), or do the long work first and take the ACCESS EXCLUSIVE lock last, ' +
        'right before COMMIT. The first long statement after each newly taken lock is reported (a COMMIT before it ' +
        'fixes the ones after it too). Quick statements (SET, INSERT ... VALUES, catalog-only DDL) are not reported; a ' +
        'statement that takes ACCESS EXCLUSIVE on the same table itself is not reported for it (see ' +
        'combine-alter-table-statements), nor a scan that only checks a constraint added without NOT VALID, or ' +
        'validates one added NOT VALID in the same transaction (see constraint-missing-not-valid). Tables created ' +
        'earlier in the file, dropped tables (queries on them fail anyway), down migrations and pg_dump output are ' +
        'not reported.',
      bad: "BEGIN;\nALTER TABLE orders ADD COLUMN status text;\nUPDATE orders SET status = 'new' WHERE status IS NULL;\nCOMMIT;",
      good:
        'BEGIN;\nALTER TABLE orders ADD COLUMN status text;\nCOMMIT;\n' +
        "UPDATE orders SET status = 'new' WHERE id BETWEEN 1 AND 10000 AND status IS NULL;\n\n" +
        'BEGIN;\nCREATE INDEX invoices_customer_idx ON invoices (customer_id);\nALTER TABLE invoices ADD COLUMN note text;\n' +
        "INSERT INTO settings (key, value) VALUES ('invoice_notes', 'on');\nCOMMIT;",
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    const version = context.settings.postgresVersion;
    let transaction: string | undefined;
    let held = new Map<string, HeldLock>();
    /** `table\0constraint` of constraints added NOT VALID in this transaction. */
    let addedNotValid = new Set<string>();
    /** Held locks a finding already named. */
    let announced = new Set<string>();
    return {
      statement(statement, facts) {
        const key = transactionKey(context.file, statement, facts);
        if (key !== transaction) {
          transaction = key;
          held = new Map();
          addedNotValid = new Set();
          announced = new Set();
        }
        if (key === undefined || transactionControl(statement.ast)) return;
        const isNew = (relation: string): boolean => isNewObject(context.document, context.file, relation, statement.index);

        const work = held.size > 0 ? longWork(statement, version, isNew) : undefined;
        if (work) {
          const own = ownExclusiveLocks(statement, version);
          const exempt = reportedAsMissingNotValid(statement.ast, addedNotValid, version);
          // A lock held through an index of an unknown table may be on the table this statement locks itself.
          const blocking = [...held.entries()].filter(([k, l]) => !own.has(k) && !exempt.has(k) && !(l.unknownTable && own.size > 0));
          // Once per newly held lock: the statements after the first one are fixed by the same COMMIT.
          if (blocking.some(([k]) => !announced.has(k))) {
            for (const [k] of blocking) announced.add(k);
            const names = blocking.map(([, l]) => l.relation);
            const tables = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
            const first = blocking[0][1];
            context.report({
              range: statement.headRange(),
              message:
                `${work} runs while this transaction holds ACCESS EXCLUSIVE on ${tables} (since the ${first.what} on line ${first.line}): ` +
                `no query can read or write ${names.length > 1 ? 'them' : 'it'} until COMMIT, however long this statement takes. Commit before it, or take the lock last.`,
            });
          }
        }
        rememberNotValid(statement.ast, addedNotValid);
        if (!mayTakeAccessExclusive(statement)) return;
        const drop = asNode(statement.ast, 'DropStmt');
        if (drop && REMOVED_WITH_LOCK.has(drop.removeType ?? '')) return;
        const line = context.document.lines.positionAt(statement.start).line + 1;
        for (const effect of statementLocks(statement, version)?.effects ?? []) {
          if (effect.mode !== 'ACCESS EXCLUSIVE') continue;
          // DROP INDEX locks the index's table in the same mode; the statement names only the index.
          const viaIndex = effect.reason?.includes('its table is locked in the same mode') === true;
          const table = viaIndex ? indexTables(context.document).get(relationKey(effect.relation)) : undefined;
          if (table ? isNew(table) : isNew(effect.relation)) continue;
          const k = relationKey(table ?? effect.relation);
          // REINDEX INDEX locks just the index, but the planner locks every index of a table it plans for.
          const indexOnly = !viaIndex && effect.reason?.startsWith('the index') === true;
          const relation = table ?? (viaIndex ? `the table of index ${effect.relation}` : indexOnly ? `index ${effect.relation}` : effect.relation);
          if (!held.has(k)) held.set(k, { relation, unknownTable: viaIndex && !table, line, what: leadingKeywords(statement) });
        }
      },
    };
  },
});

const indexTableCache = new WeakMap<SqlDocument, ReadonlyMap<string, string>>();

/** Index key -> its table as written, for the indexes the file creates. */
function indexTables(document: SqlDocument): ReadonlyMap<string, string> {
  const known = indexTableCache.get(document);
  if (known) return known;
  const out = new Map<string, string>();
  for (const statement of document.statements) {
    const index = asNode(statement.ast, 'IndexStmt');
    if (!index?.idxname || !index.relation) continue;
    const key = relationKey(index.relation.schemaname ? `${index.relation.schemaname}.${index.idxname}` : index.idxname);
    if (!out.has(key)) out.set(key, relationName(index.relation));
  }
  indexTableCache.set(document, out);
  return out;
}

/** Relation keys the statement itself locks ACCESS EXCLUSIVE (holding them already changes nothing for it). */
function ownExclusiveLocks(statement: StatementView, version: number): Set<string> {
  if (!mayTakeAccessExclusive(statement)) return new Set();
  return new Set((statementLocks(statement, version)?.effects ?? []).filter((e) => e.mode === 'ACCESS EXCLUSIVE').map((e) => relationKey(e.relation)));
}

/** The statement's leading keywords (`ALTER TABLE`, `DROP INDEX`, `CREATE OR REPLACE VIEW`), to say where a lock was taken. */
function leadingKeywords(statement: StatementView): string {
  const words: string[] = [];
  for (const t of statement.tokens()) {
    if (!t.keyword || ['IF', 'NOT', 'EXISTS', 'ONLY'].includes(t.text.toUpperCase()) || words.length === 4) break;
    words.push(t.text.toUpperCase());
  }
  return words.join(' ') || statement.kind;
}

/** What makes the statement long-running, as the start of a sentence ("UPDATE of orders"); undefined if it is quick. */
function longWork(statement: StatementView, version: number, isNew: (relation: string) => boolean): string | undefined {
  const ast = statement.ast;
  const existing = (rel: RangeVar | undefined): string | undefined => {
    const name = relationName(rel);
    return name && !isNew(name) ? name : undefined;
  };
  switch (tagOf(ast)) {
    case 'UpdateStmt': {
      const t = existing(asNode(ast, 'UpdateStmt')!.relation);
      return t && `This UPDATE of ${t}`;
    }
    case 'DeleteStmt': {
      const t = existing(asNode(ast, 'DeleteStmt')!.relation);
      return t && `This DELETE from ${t}`;
    }
    case 'MergeStmt': {
      const t = existing(asNode(ast, 'MergeStmt')!.relation);
      return t && `This MERGE into ${t}`;
    }
    case 'InsertStmt': {
      const stmt = asNode(ast, 'InsertStmt')!;
      return readsTables(asNode(stmt.selectStmt, 'SelectStmt')) ? `This INSERT ... SELECT into ${relationName(stmt.relation)}` : undefined;
    }
    case 'SelectStmt': {
      const stmt = asNode(ast, 'SelectStmt')!;
      return stmt.intoClause && readsTables(stmt) ? 'This SELECT INTO' : undefined;
    }
    case 'CreateTableAsStmt': {
      const stmt = asNode(ast, 'CreateTableAsStmt')!;
      if (stmt.into?.skipData || !readsTables(asNode(stmt.query, 'SelectStmt'))) return undefined;
      return stmt.objtype === 'OBJECT_MATVIEW' ? 'This CREATE MATERIALIZED VIEW' : 'This CREATE TABLE AS';
    }
    case 'IndexStmt': {
      const stmt = asNode(ast, 'IndexStmt')!;
      const t = stmt.concurrent ? undefined : existing(stmt.relation);
      return t && `Building index ${stmt.idxname ? `${stmt.idxname} ` : ''}on ${t}`;
    }
    case 'RefreshMatViewStmt': {
      const t = existing(asNode(ast, 'RefreshMatViewStmt')!.relation);
      return t && `Refreshing ${t}`;
    }
    case 'ClusterStmt': {
      const t = existing(asNode(ast, 'ClusterStmt')!.relation);
      return t && `CLUSTER of ${t}`;
    }
    case 'ReindexStmt': {
      const stmt = asNode(ast, 'ReindexStmt')!;
      const t = stmt.relation ? existing(stmt.relation) : undefined;
      return t && `REINDEX of ${t}`;
    }
    case 'AlterTableStmt': {
      const stmt = asNode(ast, 'AlterTableStmt')!;
      const t = existing(stmt.relation);
      if (!t) return undefined;
      const info = alterTableLocks(stmt, version);
      if (info.rewrites) return `This ${leadingKeywords(statement)}, which rewrites ${t},`;
      return info.scans ? `This ${leadingKeywords(statement)}, which scans ${t},` : undefined;
    }
    default:
      return undefined;
  }
}

/** True when the query reads at least one table or function result (not just VALUES or constants). */
function readsTables(select: SelectStmt | undefined): boolean {
  if (!select) return false;
  if ((select.op ?? 'SETOP_NONE') !== 'SETOP_NONE') return readsTables(select.larg) || readsTables(select.rarg);
  return (select.fromClause?.length ?? 0) > 0;
}

/** Records `ADD CONSTRAINT ... NOT VALID` of an ALTER TABLE. */
function rememberNotValid(ast: Node | undefined, added: Set<string>): void {
  const stmt = asNode(ast, 'AlterTableStmt');
  if (!stmt) return;
  for (const item of stmt.cmds ?? []) {
    const cmd = asNode(item, 'AlterTableCmd');
    const c = cmd?.subtype === 'AT_AddConstraint' ? asNode(cmd.def, 'Constraint') : undefined;
    if (c?.skip_validation && c.conname) added.add(`${relationKey(stmt.relation)}\u0000${c.conname}`);
  }
}

/**
 * Tables for which constraint-missing-not-valid already reports this statement's scan: a VALIDATE of a constraint
 * added NOT VALID in this transaction, or an ALTER TABLE that scans only to check constraints added without NOT
 * VALID. Its fix (validate in a later transaction) ends this finding too.
 */
function reportedAsMissingNotValid(ast: Node | undefined, added: ReadonlySet<string>, version: number): Set<string> {
  const out = new Set<string>();
  const stmt = asNode(ast, 'AlterTableStmt');
  if (!stmt) return out;
  const table = relationKey(stmt.relation);
  const cmds = (stmt.cmds ?? []).map((c) => asNode(c, 'AlterTableCmd'));
  if (cmds.some((cmd) => cmd?.subtype === 'AT_ValidateConstraint' && cmd.name && added.has(`${table}\u0000${cmd.name}`))) out.add(table);
  const validating = validatingConstraints(stmt, CHECKED_KINDS);
  if (validating.length > 0) {
    const checked = new Set(validating.map((v) => v.constraint));
    const others = (stmt.cmds ?? []).filter((c) => {
      const constraint = asNode(asNode(c, 'AlterTableCmd')?.def, 'Constraint');
      return !constraint || !checked.has(constraint);
    });
    const rest = alterTableLocks({ ...stmt, cmds: others }, version);
    if (!rest.scans && !rest.rewrites) out.add(table);
  }
  return out;
}
