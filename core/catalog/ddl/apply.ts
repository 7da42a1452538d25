/**
 * Applies a parsed SQL file's DDL to a catalog, statement by statement, as a psql session would: the
 * session's search_path follows SET / set_config, dbmate down sections are skipped, statements the model
 * does not follow (DML, DO blocks, grants) change nothing. Problems are values; bad input never throws.
 */
import { finish, STATEMENTS_PER_STEP, type Steps } from '../../runtime/steps';
import type { Node, SelectStmt, VariableSetStmt } from '@pgsql/types';
import { computeFileFactsSteps } from '../../analysis/file-facts';
import { asNode, constantValue, stringValues } from '../../parse/ast';
import type { SqlDocument } from '../../parse/document';
import type { Catalog } from '../catalog';
import { DEFAULT_SEARCH_PATH, parseSearchPathValue } from '../names';
import { alterTable } from './alter-table';
import { comment } from './comments';
import { ApplyContext, type ApplyProblem, type SessionState } from './context';
import { createTable } from './create-table';
import { drop } from './drop';
import { createIndex } from './indexes';
import { alterSequence, createExtension, createSchema, createSequence } from './objects';
import { alterPolicy, createPolicy, createTrigger } from './policies-triggers';
import { rename, setSchema } from './rename';
import { createAggregate, createFunction } from './routines';
import { alterDomain, alterEnum, createBaseType, createComposite, createDomain, createEnum, createRange } from './types-ddl';
import { createTableAs, createView, selectInto } from './views';

export type { ApplyProblem } from './context';

export interface ApplyOptions {
  /** The search_path each file starts with (default: `public`). */
  readonly searchPath?: readonly string[];
}

/** Applies every statement of `document` (a file named `file`) to `catalog`; returns what could not be applied. */
export function applyDocument(catalog: Catalog, document: SqlDocument, file: string, options: ApplyOptions = {}): ApplyProblem[] {
  return finish(applyDocumentSteps(catalog, document, file, options));
}

/** applyDocument, pausing every few statements (core/runtime/steps.ts): a large schema file in the editor. */
export function* applyDocumentSteps(catalog: Catalog, document: SqlDocument, file: string, options: ApplyOptions = {}): Steps<ApplyProblem[]> {
  const problems: ApplyProblem[] = [];
  const session: SessionState = { searchPath: options.searchPath ?? DEFAULT_SEARCH_PATH };
  const facts = yield* computeFileFactsSteps(document, file, false);
  for (const statement of document.statements) {
    if (statement.index % STATEMENTS_PER_STEP === STATEMENTS_PER_STEP - 1) yield;
    if (facts.statements[statement.index]?.downMigration) continue;
    for (const ast of statement.asts) {
      const ctx = new ApplyContext(catalog, file, statement, session, problems);
      try {
        applyStatement(ctx, ast);
      } catch (e) {
        // A model bug must not take the whole workspace down: report it on the statement and go on.
        problems.push({ file, range: statement.headRange(), message: `internal error applying statement: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
  }
  return problems;
}

function applyStatement(ctx: ApplyContext, ast: Node): void {
  const [tag] = Object.keys(ast);
  const node = (ast as Record<string, unknown>)[tag];
  switch (tag) {
    case 'CreateStmt':
      return createTable(ctx, node as never);
    case 'CreateForeignTableStmt': {
      const base = asNode(ast, 'CreateForeignTableStmt')?.base;
      if (base) createTable(ctx, base, 'foreign-table');
      return;
    }
    case 'AlterTableStmt':
      return alterTable(ctx, node as never);
    case 'IndexStmt':
      return createIndex(ctx, node as never);
    case 'ViewStmt':
      return createView(ctx, node as never);
    case 'CreateTableAsStmt':
      return createTableAs(ctx, node as never);
    case 'SelectStmt':
      return select(ctx, node as SelectStmt);
    case 'VariableSetStmt':
      return setVariable(ctx.session, node as VariableSetStmt);
    case 'CreateSchemaStmt': {
      const stmt = asNode(ast, 'CreateSchemaStmt')!;
      const schema = createSchema(ctx, stmt);
      if (!schema || !stmt.schemaElts?.length) return;
      // Elements of CREATE SCHEMA are created in the new schema.
      const saved = ctx.session.searchPath;
      ctx.session.searchPath = [schema];
      try {
        for (const element of stmt.schemaElts) applyStatement(ctx, element);
      } finally {
        ctx.session.searchPath = saved;
      }
      return;
    }
    case 'CreateExtensionStmt':
      return createExtension(ctx, node as never);
    case 'AlterObjectSchemaStmt':
      return setSchema(ctx, node as never);
    case 'RenameStmt':
      return rename(ctx, node as never);
    case 'DropStmt':
      return drop(ctx, node as never);
    case 'CreateSeqStmt':
      return createSequence(ctx, node as never);
    case 'AlterSeqStmt':
      return alterSequence(ctx, node as never);
    case 'CreateEnumStmt':
      return createEnum(ctx, node as never);
    case 'AlterEnumStmt':
      return alterEnum(ctx, node as never);
    case 'CreateDomainStmt':
      return createDomain(ctx, node as never);
    case 'AlterDomainStmt':
      return alterDomain(ctx, node as never);
    case 'CompositeTypeStmt':
      return createComposite(ctx, node as never);
    case 'CreateRangeStmt':
      return createRange(ctx, node as never);
    case 'DefineStmt': {
      const stmt = asNode(ast, 'DefineStmt')!;
      if (stmt.kind === 'OBJECT_TYPE') createBaseType(ctx, stmt);
      else if (stmt.kind === 'OBJECT_AGGREGATE') createAggregate(ctx, stmt);
      return;
    }
    case 'CreateFunctionStmt':
      return createFunction(ctx, node as never);
    case 'CreatePolicyStmt':
      return createPolicy(ctx, node as never);
    case 'AlterPolicyStmt':
      return alterPolicy(ctx, node as never);
    case 'CreateTrigStmt':
      return createTrigger(ctx, node as never);
    case 'CommentStmt':
      return comment(ctx, node as never);
    default:
      return;
  }
}

/** `SET search_path = a, "B"` / `RESET search_path` / `SET search_path TO DEFAULT`. */
function setVariable(session: SessionState, stmt: VariableSetStmt): void {
  if (stmt.name !== 'search_path' && !(stmt.kind === 'VAR_RESET_ALL')) return;
  if (stmt.kind === 'VAR_SET_VALUE') {
    session.searchPath = (stmt.args ?? []).flatMap((a) => {
      const value = constantValue(a);
      return value === undefined ? [] : parseSearchPathValue(quoteIfNeeded(value));
    });
  } else if (stmt.kind === 'VAR_SET_DEFAULT' || stmt.kind === 'VAR_RESET' || stmt.kind === 'VAR_RESET_ALL') {
    session.searchPath = DEFAULT_SEARCH_PATH;
  }
}

/** SET's values arrive unquoted (`"My Schema"` -> `My Schema`): re-quote so the path parser keeps them whole. */
function quoteIfNeeded(value: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(value) || value === '$user' ? value : `"${value.replace(/"/g, '""')}"`;
}

/** pg_dump's `SELECT pg_catalog.set_config('search_path', '', false);` and SELECT ... INTO. */
function select(ctx: ApplyContext, stmt: SelectStmt): void {
  if (stmt.intoClause) {
    selectInto(ctx, stmt);
    return;
  }
  for (const t of stmt.targetList ?? []) {
    const call = asNode(asNode(t, 'ResTarget')?.val, 'FuncCall');
    if (!call) continue;
    const name = stringValues(call.funcname);
    if (name[name.length - 1] !== 'set_config') continue;
    const [setting, value] = (call.args ?? []).map((a) => constantValue(a));
    if (setting === 'search_path' && value !== undefined) ctx.session.searchPath = parseSearchPathValue(value);
  }
}
