/**
 * What each SQL file of a project is, with the reason, so the engine can judge it by what it does: a migration
 * (its tool and place in the order), a down migration, a schema dump, a query file, a seed or fixture, a test,
 * an extension's install script, or a plain script. The kind decides which rule families apply (see
 * rule-scope.ts) and how the file runs (run.ts).
 */
import type { SqlDocument } from '../parse/document';
import { tagOf } from '../parse/ast';
import type { IgnoredFile, MigrationOrder, OrderedSchemaFile } from './migration-order';
import type { MigrationToolId } from './tools';
import { MIGRATION_TOOLS } from './tools';

export type FileKind = 'migration' | 'down-migration' | 'schema-dump' | 'query' | 'seed' | 'test' | 'extension-script' | 'script';

export interface FileRole {
  readonly kind: FileKind;
  /** The migration tool, for migrations and down migrations. */
  readonly tool?: MigrationToolId;
  /** Why the file is what it is, in a phrase (shown in hover and `pg-architect project`). */
  readonly reason: string;
}

/**
 * pg_dump's header, or its prologue (Rails and Ecto strip the comments but keep these settings); indented or not (a
 * space typed at the start of the file must not turn the dump into a script, with other rules and other findings).
 */
const PG_DUMP = /^[ \t]*--\s*(PostgreSQL database dump|Dumped (from database|by pg_dump) version)\b/m;
const PG_DUMP_PROLOGUE = /^[ \t]*SET statement_timeout = 0;\s*\n[ \t]*SET lock_timeout = 0;\s*\n([ \t]*SET idle_in_transaction_session_timeout = 0;\s*\n)?([ \t]*SET transaction_timeout = 0;\s*\n)?[ \t]*SET client_encoding = /m;
const PGTAP = /\b(select\s+plan\s*\(\s*\d+\s*\)|select\s+no_plan\s*\(|finish\s*\(\s*\)|\bhas_table\s*\(|\bhas_column\s*\(|\bresults_eq\s*\(|\blives_ok\s*\(|\bthrows_ok\s*\()/i;
const TEST_FOLDER = /(^|\/)(tests?|spec|specs|t|__tests__|regress|sql-tests)\//i;
const SEED = /(^|\/)(seeds?|fixtures?|testdata|sample[-_]?data)(\/|\.sql$)|(^|[/_.-])seeds?[_.-]|(^|\/)seed\.sql$/i;
const EXTENSION_SCRIPT = /(^|\/)[a-z0-9_]+--\d[\w.]*(--\d[\w.]*)?\.sql$/i;
/** Statements that read or write rows but define nothing. */
const QUERY_TAGS: ReadonlySet<string> = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'ExplainStmt', 'VariableSetStmt', 'VariableShowStmt', 'TransactionStmt', 'CopyStmt', 'PrepareStmt', 'ExecuteStmt', 'DeallocateStmt', 'CallStmt', 'LockStmt']);
const DATA_TAGS: ReadonlySet<string> = new Set(['InsertStmt', 'CopyStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/** The roles of the files the migration order placed or set aside. */
export function rolesFromOrder(order: MigrationOrder): Map<string, FileRole> {
  const roles = new Map<string, FileRole>();
  for (const f of order.files) roles.set(f.path, orderedRole(f));
  for (const f of order.ignored) {
    const role = ignoredRole(f);
    if (role) roles.set(f.path, role);
  }
  return roles;
}

function orderedRole(f: OrderedSchemaFile): FileRole {
  if (f.tool === 'schema-dump') return { kind: 'schema-dump', reason: 'a schema file (structure.sql / schema.sql), applied to an empty database' };
  const tool = MIGRATION_TOOLS[f.tool];
  return { kind: 'migration', tool: f.tool, reason: `${tool.name} migration${f.version ? ` ${f.version}` : ''}` };
}

function ignoredRole(f: IgnoredFile): FileRole | undefined {
  if (!f.down) return undefined;
  return { kind: 'down-migration', tool: f.down, reason: `${MIGRATION_TOOLS[f.down].name} down migration: runs only on rollback` };
}

/**
 * The role of a file no migration layout claimed, from its path and content: a dump, an extension script, a
 * test, a seed, a query file, else a script.
 */
export function contentRole(path: string, document: SqlDocument): FileRole {
  const text = document.text;
  const head = text.slice(0, 4096);
  if (PG_DUMP.test(head) || PG_DUMP_PROLOGUE.test(head)) return { kind: 'schema-dump', reason: 'pg_dump output (its header says so)' };
  if (text.includes('@extschema@') || EXTENSION_SCRIPT.test(path)) return { kind: 'extension-script', reason: "an extension's install script (run by CREATE EXTENSION)" };
  if (PGTAP.test(text)) return { kind: 'test', reason: 'a pgTAP test (plan(), ok(), has_table(), ...)' };
  if (TEST_FOLDER.test(path)) return { kind: 'test', reason: 'a file under a test folder' };
  const tags = document.statements.filter((s) => s.ast).map((s) => tagOf(s.ast!));
  if (SEED.test(path)) return { kind: 'seed', reason: 'a seed or fixture file (by its name)' };
  if (tags.length > 0 && tags.every((t) => QUERY_TAGS.has(t))) {
    const data = tags.filter((t) => DATA_TAGS.has(t)).length;
    if (data > 0 && data === tags.filter((t) => t !== 'TransactionStmt' && t !== 'VariableSetStmt').length && tags.some((t) => t === 'InsertStmt' || t === 'CopyStmt')) {
      return { kind: 'seed', reason: 'only inserts data' };
    }
    return { kind: 'query', reason: 'only queries and data changes, no DDL' };
  }
  return { kind: 'script', reason: 'a SQL script outside any migration layout' };
}
