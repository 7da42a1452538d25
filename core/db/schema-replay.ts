/**
 * Which statements of the workspace's SQL build the schema: DDL only (CREATE / ALTER / DROP / COMMENT /
 * GRANT, extensions, search_path), never DML or DO blocks — the embedded database gets the shape of production
 * without running anybody's data changes — and never down migrations.
 */
import { parseDocument } from '../parse/document';
import { computeFileFacts } from '../analysis/file-facts';

const SCHEMA_STATEMENTS = /^(Create|Alter|Drop|Comment|Grant|Rename|Define|Composite|CreateEnum|CreateRange|CreateExtension|CreateSchema|CreateSeq|AlterSeq|CreateFunction|AlterFunction|CreateTrig|CreatePolicy|AlterPolicy|Index|View|Rule|CreateDomain|AlterDomain|CreateCast|AlterEnum|AlterOwner|AlterObjectSchema|AlterTable|AlterDefaultPrivileges|Truncate)/;

export interface SchemaFile {
  readonly path: string;
  readonly text: string;
}

/** The schema statements of a file, as PostgreSQL text to run one by one. */
export function schemaStatements(file: SchemaFile): string[] {
  const document = parseDocument(file.text, file.path);
  const facts = computeFileFacts(document, file.path, false);
  const out: string[] = [];
  for (const statement of document.statements) {
    if (!statement.ast || facts.statements[statement.index].downMigration) continue;
    const kind = statement.kind;
    const setSearchPath = kind === 'VariableSetStmt' && /search_path/i.test(statement.text);
    if (kind === 'TruncateStmt') continue;
    if (SCHEMA_STATEMENTS.test(kind) || setSearchPath) out.push(statement.parsedText);
  }
  return out;
}
