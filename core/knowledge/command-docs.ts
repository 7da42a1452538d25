/** The PostgreSQL documentation page of a statement's command: sql-altertable.html and the like. */
import type { Node } from '@pgsql/types';
import { asNode, tagOf } from '../parse/ast';
import { docsVersion } from './versions';

export interface CommandPage {
  /** The command as the documentation titles it: ALTER TABLE. */
  readonly command: string;
  readonly url: string;
}

/** The command of statement tags that are always the same command. */
const PAGES: Readonly<Record<string, string>> = {
  IndexStmt: 'CREATE INDEX',
  TruncateStmt: 'TRUNCATE',
  ClusterStmt: 'CLUSTER',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
  LockStmt: 'LOCK',
  CreatePolicyStmt: 'CREATE POLICY',
  AlterPolicyStmt: 'ALTER POLICY',
  RuleStmt: 'CREATE RULE',
  CreateTrigStmt: 'CREATE TRIGGER',
  CreateStatsStmt: 'CREATE STATISTICS',
  CommentStmt: 'COMMENT',
  AlterEnumStmt: 'ALTER TYPE',
  ReindexStmt: 'REINDEX',
  CreateStmt: 'CREATE TABLE',
  ViewStmt: 'CREATE VIEW',
  SelectStmt: 'SELECT',
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  CopyStmt: 'COPY',
  CreatedbStmt: 'CREATE DATABASE',
  DropdbStmt: 'DROP DATABASE',
  AlterSystemStmt: 'ALTER SYSTEM',
  CreateTableSpaceStmt: 'CREATE TABLESPACE',
  DropTableSpaceStmt: 'DROP TABLESPACE',
  CreateTableAsStmt: 'CREATE TABLE AS',
  AlterSeqStmt: 'ALTER SEQUENCE',
};

/** Object type -> the word the ALTER/DROP page names it with. */
const OBJECT_WORDS: Readonly<Record<string, string>> = {
  OBJECT_TABLE: 'TABLE',
  OBJECT_COLUMN: 'TABLE',
  OBJECT_TABCONSTRAINT: 'TABLE',
  OBJECT_INDEX: 'INDEX',
  OBJECT_VIEW: 'VIEW',
  OBJECT_MATVIEW: 'MATERIALIZED VIEW',
  OBJECT_SEQUENCE: 'SEQUENCE',
  OBJECT_FOREIGN_TABLE: 'FOREIGN TABLE',
  OBJECT_TYPE: 'TYPE',
  OBJECT_TRIGGER: 'TRIGGER',
  OBJECT_POLICY: 'POLICY',
  OBJECT_RULE: 'RULE',
  OBJECT_FUNCTION: 'FUNCTION',
  OBJECT_SCHEMA: 'SCHEMA',
  OBJECT_EXTENSION: 'EXTENSION',
  OBJECT_DOMAIN: 'DOMAIN',
};

/** The command a statement runs, as the documentation titles it, or undefined when we do not know. */
export function commandOf(ast: Node | undefined): string | undefined {
  const tag = tagOf(ast);
  if (PAGES[tag]) return PAGES[tag];
  switch (tag) {
    case 'AlterTableStmt':
      return alterWord(asNode(ast, 'AlterTableStmt')?.objtype);
    case 'AlterObjectSchemaStmt':
      return alterWord(asNode(ast, 'AlterObjectSchemaStmt')?.objectType);
    case 'RenameStmt': {
      const rename = asNode(ast, 'RenameStmt');
      const type = rename?.renameType === 'OBJECT_COLUMN' || rename?.renameType === 'OBJECT_TABCONSTRAINT' ? rename.relationType : rename?.renameType;
      return alterWord(type === 'OBJECT_ACCESS_METHOD' ? 'OBJECT_TABLE' : type);
    }
    case 'DropStmt': {
      const word = OBJECT_WORDS[asNode(ast, 'DropStmt')?.removeType ?? ''];
      return word ? `DROP ${word}` : undefined;
    }
    case 'VacuumStmt':
      return asNode(ast, 'VacuumStmt')?.is_vacuumcmd ? 'VACUUM' : 'ANALYZE';
    case 'GrantStmt':
      return asNode(ast, 'GrantStmt')?.is_grant ? 'GRANT' : 'REVOKE';
    default:
      return undefined;
  }
}

function alterWord(objectType: string | undefined): string | undefined {
  const word = OBJECT_WORDS[objectType ?? ''];
  return word ? `ALTER ${word}` : undefined;
}

/** https://www.postgresql.org/docs/<version>/sql-<command>.html for the statement's command. */
export function commandPage(ast: Node | undefined, postgresVersion: number): CommandPage | undefined {
  const command = commandOf(ast);
  if (!command) return undefined;
  const slug = command.toLowerCase().replace(/ as$/, 'as').replace(/ /g, '');
  return { command, url: `https://www.postgresql.org/docs/${docsVersion(postgresVersion)}/sql-${slug}.html` };
}
