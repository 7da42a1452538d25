/**
 * Lock knowledge per statement: which relations a statement locks and in which mode, whether it rewrites or
 * scans the table and whether it can run in a transaction block, from the PostgreSQL documentation ("Explicit
 * Locking" and each command's reference page) for the configured version. test/pg/locks-vs-server.test.ts
 * compares these predictions with the locks a real server takes.
 */
import type { DropStmt, Node, RangeVar, RenameStmt } from '@pgsql/types';
import type { StatementView } from '../parse/document';
import { asNode, relationName, stringValues, tagOf, walkAst } from '../parse/ast';
import { lockModeFromNumber, type LockMode } from './lock-modes';
import { LockInfoBuilder, type StatementLockInfo } from './statement-lock-info';
import { alterTableLocks } from './alter-table-locks';
import { versionAtLeast } from './versions';

const AEL: LockMode = 'ACCESS EXCLUSIVE';
const SUE: LockMode = 'SHARE UPDATE EXCLUSIVE';
const SREL: LockMode = 'SHARE ROW EXCLUSIVE';

/** Statements whose locks are ROW or ACCESS SHARE / ROW EXCLUSIVE at most: never ACCESS EXCLUSIVE (SELECT ... FOR UPDATE included). */
const DML_KINDS = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'CopyStmt', 'ExplainStmt', 'VariableSetStmt', 'TransactionStmt', 'CallStmt', 'DoStmt']);

/** A cheap test before statementLocks (which walks a query's AST): can this statement take ACCESS EXCLUSIVE? */
export function mayTakeAccessExclusive(statement: StatementView): boolean {
  return !DML_KINDS.has(statement.kind);
}

/** The statement's locks for a PostgreSQL major version, or undefined for statements that lock no table we can name. */
export function statementLocks(statement: StatementView, postgresVersion: number): StatementLockInfo | undefined {
  return nodeLocks(statement.ast, postgresVersion);
}

/**
 * What nodeLocks found per statement node and version. A statement's AST is kept with its parse across edits, so
 * the rules and the file facts that ask on every lint of an edited file get the answer without walking it again.
 */
const knownLocks = new WeakMap<Node, StatementLockInfo | null>();
/** The version the kept answers are for (a process asks for one; another is answered without keeping it). */
let knownVersion: number | undefined;

/** Same as statementLocks, for a statement node (`{AlterTableStmt: ...}`). */
export function nodeLocks(ast: Node | undefined, version: number): StatementLockInfo | undefined {
  if (!ast) return undefined;
  knownVersion ??= version;
  if (version !== knownVersion) return lockInfoOf(ast, version);
  const known = knownLocks.get(ast);
  if (known !== undefined) return known ?? undefined;
  const info = lockInfoOf(ast, version);
  knownLocks.set(ast, info ?? null);
  return info;
}

function lockInfoOf(ast: Node, version: number): StatementLockInfo | undefined {
  const info = new LockInfoBuilder();
  switch (tagOf(ast)) {
    case 'AlterTableStmt':
      return alterTableLocks(asNode(ast, 'AlterTableStmt')!, version);
    case 'IndexStmt': {
      const index = asNode(ast, 'IndexStmt')!;
      info.lock(relationName(index.relation), index.concurrent ? SUE : 'SHARE');
      info.scans = true;
      if (index.concurrent) {
        info.transactional = false;
        info.note('CONCURRENTLY scans the table twice and waits for transactions that could use the index; if it fails it leaves an INVALID index to drop.');
      }
      return info.build();
    }
    case 'DropStmt':
      return dropLocks(asNode(ast, 'DropStmt')!);
    case 'RenameStmt':
      return renameLocks(asNode(ast, 'RenameStmt')!, version);
    case 'AlterObjectSchemaStmt': {
      const stmt = asNode(ast, 'AlterObjectSchemaStmt')!;
      if (!stmt.relation) return undefined;
      return info.lock(relationName(stmt.relation), AEL).build();
    }
    case 'TruncateStmt': {
      for (const rel of rangeVars(asNode(ast, 'TruncateStmt')!.relations)) info.lock(rel, AEL);
      info.note('TRUNCATE swaps in new empty files: quick once the lock is granted.');
      return info.build();
    }
    case 'VacuumStmt':
      return vacuumLocks(asNode(ast, 'VacuumStmt')!);
    case 'ClusterStmt': {
      const stmt = asNode(ast, 'ClusterStmt')!;
      info.rewrites = true;
      info.scans = true;
      if (stmt.relation) info.lock(relationName(stmt.relation), AEL);
      else {
        info.transactional = false;
        info.note('CLUSTER without a table re-clusters every previously clustered table, each under ACCESS EXCLUSIVE.');
      }
      return info.build();
    }
    case 'RefreshMatViewStmt': {
      const stmt = asNode(ast, 'RefreshMatViewStmt')!;
      info.lock(relationName(stmt.relation), stmt.concurrent ? 'EXCLUSIVE' : AEL);
      info.scans = true;
      info.rewrites = !stmt.concurrent;
      if (stmt.concurrent) info.note('CONCURRENTLY needs a unique index on the view and keeps it readable while refreshing.');
      return info.build();
    }
    case 'LockStmt': {
      const stmt = asNode(ast, 'LockStmt')!;
      const mode = lockModeFromNumber(stmt.mode ?? 8) ?? AEL;
      for (const rel of rangeVars(stmt.relations)) info.lock(rel, mode);
      info.note('LOCK TABLE only works inside a transaction block; the lock is held until it ends.');
      return info.build();
    }
    case 'CreatePolicyStmt':
      return info.lock(relationName(asNode(ast, 'CreatePolicyStmt')!.table), AEL).build();
    case 'AlterPolicyStmt':
      return info.lock(relationName(asNode(ast, 'AlterPolicyStmt')!.table), AEL).build();
    case 'RuleStmt':
      return info.lock(relationName(asNode(ast, 'RuleStmt')!.relation), AEL).build();
    case 'CreateTrigStmt':
      return info.lock(relationName(asNode(ast, 'CreateTrigStmt')!.relation), versionAtLeast(version, 9.5) ? SREL : AEL).build();
    case 'CreateStatsStmt': {
      for (const rel of rangeVars(asNode(ast, 'CreateStatsStmt')!.relations)) info.lock(rel, SUE);
      return info.build();
    }
    case 'CommentStmt':
      return commentLocks(asNode(ast, 'CommentStmt')!.objtype, asNode(ast, 'CommentStmt')!.object);
    case 'GrantStmt': {
      const stmt = asNode(ast, 'GrantStmt')!;
      if (stmt.objtype !== 'OBJECT_TABLE' && stmt.objtype !== 'OBJECT_SEQUENCE') return undefined;
      info.note('GRANT and REVOKE only update the catalog: they take no table lock that waits for queries.');
      return info.build();
    }
    case 'AlterEnumStmt': {
      const stmt = asNode(ast, 'AlterEnumStmt')!;
      if (stmt.oldVal) return info.build();
      info.transactional = versionAtLeast(version, 12);
      info.note(
        info.transactional
          ? 'ALTER TYPE ... ADD VALUE takes no table lock; inside a transaction block the new value cannot be used until it commits.'
          : 'ALTER TYPE ... ADD VALUE cannot run inside a transaction block before PostgreSQL 12.',
      );
      return info.build();
    }
    case 'ReindexStmt':
      return reindexLocks(asNode(ast, 'ReindexStmt')!, version);
    case 'CreateStmt':
      return createTableLocks(asNode(ast, 'CreateStmt')!, version);
    case 'ViewStmt': {
      const stmt = asNode(ast, 'ViewStmt')!;
      readLocks(info, stmt.query);
      if (stmt.replace) info.lock(relationName(stmt.view), AEL, 'replaced view');
      return info.build();
    }
    case 'SelectStmt':
      return selectLocks(asNode(ast, 'SelectStmt')!, ast);
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt': {
      const target = (Object.values(ast)[0] as { relation?: RangeVar }).relation;
      readLocks(info, ast);
      info.lock(relationName(target), 'ROW EXCLUSIVE');
      if (tagOf(ast) !== 'InsertStmt') info.note('Rows it changes stay locked against other writers until the transaction ends.');
      return info.build();
    }
    case 'CopyStmt': {
      const stmt = asNode(ast, 'CopyStmt')!;
      if (stmt.query) readLocks(info, stmt.query);
      if (stmt.relation) info.lock(relationName(stmt.relation), stmt.is_from ? 'ROW EXCLUSIVE' : 'ACCESS SHARE');
      return info.build();
    }
    case 'CreatedbStmt':
    case 'DropdbStmt':
    case 'AlterSystemStmt':
    case 'CreateTableSpaceStmt':
    case 'DropTableSpaceStmt':
      info.transactional = false;
      return info.build();
    default:
      return undefined;
  }
}

/** Relation names of a list of RangeVar nodes. */
function rangeVars(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).flatMap((n) => {
    const name = relationName(asNode(n, 'RangeVar'));
    return name ? [name] : [];
  });
}

/** A name list (`["app", "orders"]`) as written: `app.orders`. */
function qualified(names: readonly string[]): string {
  return names.join('.');
}

/** ACCESS SHARE on every relation a query reads, except its CTEs. */
function readLocks(info: LockInfoBuilder, root: Node | undefined): void {
  if (!root) return;
  const ctes = new Set<string>();
  walkAst(root, (ref) => {
    if (ref.tag === 'CommonTableExpr') {
      const name = (ref.node as { ctename?: string }).ctename;
      if (name) ctes.add(name);
    }
  });
  walkAst(root, (ref) => {
    // INTO names a table being created; FOR UPDATE OF repeats names from FROM.
    if (ref.tag === 'IntoClause' || ref.tag === 'LockingClause') return false;
    if (ref.tag !== 'RangeVar') return;
    const rel = ref.node as RangeVar;
    const name = relationName(rel);
    if (!rel.schemaname && ctes.has(name)) return;
    info.lock(name, 'ACCESS SHARE');
  });
}

function selectLocks(stmt: NonNullable<ReturnType<typeof asNode<'SelectStmt'>>>, ast: Node): StatementLockInfo {
  const info = new LockInfoBuilder();
  readLocks(info, ast);
  for (const item of stmt.lockingClause ?? []) {
    const clause = asNode(item, 'LockingClause');
    if (!clause) continue;
    const listed = rangeVars(clause.lockedRels);
    const targets = listed.length > 0 ? listed : rangeVars(stmt.fromClause).concat(joinedRelations(stmt.fromClause));
    for (const rel of targets) info.lock(rel, 'ROW SHARE');
    info.note('The selected rows stay locked against concurrent writers until the transaction ends.');
  }
  if (stmt.intoClause) info.note('SELECT INTO creates a new table.');
  return info.build();
}

function joinedRelations(from: readonly Node[] | undefined): string[] {
  const out: string[] = [];
  for (const item of from ?? []) {
    if (!asNode(item, 'JoinExpr')) continue;
    walkAst(item, (ref) => {
      if (ref.tag === 'RangeVar') out.push(relationName(ref.node as RangeVar));
      return ref.tag !== 'RangeSubselect';
    });
  }
  return out;
}

const RELATION_DROPS: ReadonlySet<string> = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_FOREIGN_TABLE']);
const ON_TABLE_DROPS: ReadonlySet<string> = new Set(['OBJECT_TRIGGER', 'OBJECT_POLICY', 'OBJECT_RULE']);

function dropLocks(stmt: DropStmt): StatementLockInfo | undefined {
  const info = new LockInfoBuilder();
  const type = stmt.removeType ?? '';
  const names = (stmt.objects ?? []).map((o) => stringValues(asNode(o, 'List')?.items));
  if (RELATION_DROPS.has(type)) {
    for (const n of names) info.lock(qualified(n), AEL);
    if (type === 'OBJECT_TABLE') info.note('Tables its foreign keys reference are locked too, to drop their triggers.');
    return info.build();
  }
  if (type === 'OBJECT_INDEX') {
    const mode = stmt.concurrent ? SUE : AEL;
    for (const n of names) info.lock(qualified(n), mode, 'the index; its table is locked in the same mode');
    if (stmt.concurrent) {
      info.transactional = false;
      info.note('DROP INDEX CONCURRENTLY waits for transactions using the index instead of blocking the table.');
    }
    return info.build();
  }
  if (ON_TABLE_DROPS.has(type)) {
    for (const n of names) info.lock(qualified(n.slice(0, -1)), AEL);
    return info.build();
  }
  return undefined;
}

const RELATION_RENAMES: ReadonlySet<string> = new Set([
  'OBJECT_TABLE',
  'OBJECT_COLUMN',
  'OBJECT_TABCONSTRAINT',
  'OBJECT_TRIGGER',
  'OBJECT_POLICY',
  'OBJECT_RULE',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_SEQUENCE',
  'OBJECT_FOREIGN_TABLE',
]);

function renameLocks(stmt: RenameStmt, version: number): StatementLockInfo | undefined {
  const info = new LockInfoBuilder();
  const type = stmt.renameType ?? '';
  if (type === 'OBJECT_INDEX') return info.lock(relationName(stmt.relation), versionAtLeast(version, 12) ? SUE : AEL).build();
  if (!RELATION_RENAMES.has(type) || !stmt.relation) return undefined;
  info.lock(relationName(stmt.relation), AEL);
  info.note('Renaming only changes the catalog, but queries and code that use the old name fail afterwards.');
  return info.build();
}

function vacuumLocks(stmt: NonNullable<ReturnType<typeof asNode<'VacuumStmt'>>>): StatementLockInfo {
  const info = new LockInfoBuilder();
  const options = new Set((stmt.options ?? []).map((o) => asNode(o, 'DefElem')?.defname ?? ''));
  const full = stmt.is_vacuumcmd === true && options.has('full');
  const tables = (stmt.rels ?? []).map((r) => relationName(asNode(r, 'VacuumRelation')?.relation)).filter((n) => n);
  for (const t of tables) info.lock(t, full ? AEL : SUE);
  if (tables.length === 0) info.note('Without a table list it processes every table of the database, one at a time.');
  // ANALYZE reads a random sample of the table's pages, not every row.
  info.scans = stmt.is_vacuumcmd === true;
  if (!info.scans) info.note('ANALYZE reads a random sample of the table.');
  info.rewrites = full;
  info.transactional = stmt.is_vacuumcmd !== true;
  if (full) info.note('VACUUM FULL writes a new copy of the table and its indexes: it needs free disk space for it.');
  return info.build();
}

function reindexLocks(stmt: NonNullable<ReturnType<typeof asNode<'ReindexStmt'>>>, version: number): StatementLockInfo {
  const info = new LockInfoBuilder();
  const concurrent = (stmt.params ?? []).some((p) => asNode(p, 'DefElem')?.defname === 'concurrently');
  const target = relationName(stmt.relation);
  info.scans = true;
  if (concurrent) {
    info.transactional = false;
    if (target) info.lock(target, SUE);
    if (!versionAtLeast(version, 12)) info.note('REINDEX CONCURRENTLY needs PostgreSQL 12 or later.');
    return info.build();
  }
  if (stmt.kind === 'REINDEX_OBJECT_INDEX') {
    info.lock(target, AEL, 'the index; its table gets SHARE (writes blocked, reads allowed)');
  } else if (stmt.kind === 'REINDEX_OBJECT_TABLE') {
    info.lock(target, 'SHARE');
    info.note('Each index is rebuilt under ACCESS EXCLUSIVE: queries that would use it wait.');
  } else {
    info.transactional = false;
    info.note('REINDEX SCHEMA, DATABASE and SYSTEM process one table at a time, each in its own transaction.');
  }
  return info.build();
}

function commentLocks(objtype: string | undefined, object: Node | undefined): StatementLockInfo | undefined {
  const info = new LockInfoBuilder();
  const names = stringValues(asNode(object, 'List')?.items);
  switch (objtype) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_INDEX':
    case 'OBJECT_SEQUENCE':
    case 'OBJECT_FOREIGN_TABLE':
      return info.lock(qualified(names), SUE).build();
    case 'OBJECT_COLUMN':
    case 'OBJECT_TABCONSTRAINT':
    case 'OBJECT_TRIGGER':
    case 'OBJECT_POLICY':
    case 'OBJECT_RULE':
      return info.lock(qualified(names.slice(0, -1)), SUE).build();
    default:
      return undefined;
  }
}

function createTableLocks(stmt: NonNullable<ReturnType<typeof asNode<'CreateStmt'>>>, version: number): StatementLockInfo {
  const info = new LockInfoBuilder();
  const parents = rangeVars(stmt.inhRelations);
  for (const parent of parents) info.lock(parent, stmt.partbound ? AEL : SUE, stmt.partbound ? 'partitioned parent table' : 'parent table');
  walkAst({ CreateStmt: stmt } as Node, (ref) => {
    if (ref.tag !== 'Constraint') return;
    const c = ref.node as { contype?: string; pktable?: RangeVar };
    if (c.contype === 'CONSTR_FOREIGN') info.lock(relationName(c.pktable), versionAtLeast(version, 9.5) ? SREL : AEL, 'referenced table');
  });
  return info.build();
}
