/**
 * What SQL text reaches by name, read from its AST, for side-effects.ts to look up in the catalog: the functions
 * it calls (with the argument count, and whether the planner could evaluate them with constants), the relations
 * it reads, its operators and its writes (with the trigger events they fire and the defaults they use); and the
 * SQL of a function body as pg_get_functiondef gives it (SQL and PL/pgSQL, dynamic SQL noted).
 */
import type { Node } from '@pgsql/types';
import { asNode, constantValue, stringValues, walkAst } from '../parse/ast';
import { parseStatementText } from '../parse/parser';
import { parseDocument } from '../parse/document';
import { analyzePlpgsql, type PlpgsqlNode } from '../parse/plpgsql';

export interface Call {
  readonly schema?: string;
  readonly name: string;
  readonly argc: number;
  /** No column or subquery among the arguments: the planner may evaluate the call with constants. */
  readonly constantArgs: boolean;
  /** A constant first argument (the sequence of nextval('orders_id_seq')). */
  readonly firstArg?: string;
}

export interface RelationRef {
  readonly schema?: string;
  readonly name: string;
}

export interface Write {
  readonly relation: RelationRef;
  /** Trigger and rule events: insert, update, delete. */
  readonly events: readonly ('insert' | 'update' | 'delete')[];
  /** Whether the write fills `column` from its default. */
  readonly usesDefault: (column: string) => boolean;
}

/** What SQL text reaches, by name: calls, relations read, operators, writes. */
export interface Reach {
  readonly calls: readonly Call[];
  readonly relations: readonly RelationRef[];
  readonly operators: readonly string[];
  readonly writes: readonly Write[];
}

export const EMPTY_REACH: Reach = { calls: [], relations: [], operators: [], writes: [] };
const WRITES = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

function rangeVarRef(node: unknown): RelationRef | undefined {
  const rv = node as { relname?: string; schemaname?: string } | undefined;
  return rv?.relname ? { name: rv.relname, ...(rv.schemaname ? { schema: rv.schemaname } : {}) } : undefined;
}

function hasTag(root: Node | undefined, tags: ReadonlySet<string>): boolean {
  let found = false;
  if (root) {
    walkAst(root, (ref) => {
      if (tags.has(ref.tag)) found = true;
      return !found;
    });
  }
  return found;
}

const NOT_CONSTANT = new Set(['ColumnRef', 'SubLink']);
const SET_TO_DEFAULT = new Set(['SetToDefault']);

function writeOf(tag: string, node: Record<string, unknown>): Write | undefined {
  const relation = rangeVarRef(node.relation);
  if (!relation) return undefined;
  if (tag === 'InsertStmt') {
    const columns = ((node.cols as Node[] | undefined) ?? []).map((c) => asNode(c, 'ResTarget')?.name ?? '');
    const explicitDefault = hasTag(node.selectStmt as Node | undefined, SET_TO_DEFAULT);
    const upsert = (node.onConflictClause as { action?: string } | undefined)?.action === 'ONCONFLICT_UPDATE';
    return { relation, events: upsert ? ['insert', 'update'] : ['insert'], usesDefault: (c) => columns.length === 0 || explicitDefault || !columns.includes(c) };
  }
  if (tag === 'UpdateStmt') {
    const explicitDefault = ((node.targetList as Node[] | undefined) ?? []).some((t) => hasTag(t, SET_TO_DEFAULT));
    return { relation, events: ['update'], usesDefault: () => explicitDefault };
  }
  if (tag === 'DeleteStmt') return { relation, events: ['delete'], usesDefault: () => false };
  return { relation, events: ['insert', 'update', 'delete'], usesDefault: () => true };
}

/** Calls, relations, operators and writes of some statements (or expressions parsed as SELECT). */
export function reachOf(asts: readonly Node[]): Reach {
  const calls: Call[] = [];
  const relations: RelationRef[] = [];
  const operators = new Set<string>();
  const writes: Write[] = [];
  for (const ast of asts) {
    walkAst(ast, (ref) => {
      const node = ref.node as Record<string, unknown>;
      if (ref.tag === 'FuncCall') {
        const names = stringValues(node.funcname as Node[] | undefined);
        const args = (node.args as Node[] | undefined) ?? [];
        const first = args[0];
        const firstArg = constantValue(first) ?? constantValue(asNode(first, 'TypeCast')?.arg);
        calls.push({
          name: names[names.length - 1] ?? '',
          ...(names.length > 1 ? { schema: names[names.length - 2] } : {}),
          argc: args.length,
          constantArgs: !args.some((a) => hasTag(a, NOT_CONSTANT)),
          ...(firstArg !== undefined ? { firstArg } : {}),
        });
      } else if (ref.tag === 'RangeVar') {
        const r = rangeVarRef(node);
        if (r) relations.push(r);
      } else if (ref.tag === 'A_Expr') {
        const name = stringValues(node.name as Node[] | undefined).pop();
        if (name) operators.add(name);
      } else if (WRITES.has(ref.tag)) {
        const w = writeOf(ref.tag, node);
        if (w) writes.push(w);
      }
      return undefined;
    });
  }
  return { calls, relations, operators: [...operators], writes };
}

/** PL/pgSQL statements that run SQL built at run time. */
function runsDynamicSql(tree: unknown): boolean {
  if (tree === null || typeof tree !== 'object') return false;
  if (Array.isArray(tree)) return tree.some(runsDynamicSql);
  for (const [key, value] of Object.entries(tree as PlpgsqlNode)) {
    if (key === 'PLpgSQL_stmt_dynexecute' || key === 'PLpgSQL_stmt_dynfors' || (key === 'dynquery' && value)) return true;
    if (runsDynamicSql(value)) return true;
  }
  return false;
}

export interface Body {
  readonly asts: readonly Node[];
  readonly dynamic: boolean;
  readonly unreadable: boolean;
}

/** The SQL a function runs, from pg_get_functiondef: parameter defaults, then the body's statements. */
export function bodyOf(definition: string, language: string): Body {
  const parsed = parseStatementText(definition);
  const create = parsed.stmts[0]?.stmt;
  const fn = asNode(create, 'CreateFunctionStmt');
  if (!create || !fn) return { asts: [], dynamic: false, unreadable: true };
  const asts: Node[] = [create];
  if (language === 'plpgsql') {
    const analysis = analyzePlpgsql(parseDocument(definition).statements[0]);
    if (!analysis?.tree) return { asts, dynamic: false, unreadable: true };
    let unreadable = analysis.errors.length > 0;
    for (const s of analysis.statements) {
      if (s.ast) asts.push(s.ast);
      else unreadable = true;
    }
    return { asts, dynamic: runsDynamicSql(analysis.tree), unreadable };
  }
  // LANGUAGE sql: a BEGIN ATOMIC / RETURN body is part of the CREATE statement; a string body is parsed here.
  if (fn.sql_body) return { asts, dynamic: false, unreadable: false };
  const as = fn.options?.map((o) => asNode(o, 'DefElem')).find((d) => d?.defname === 'as');
  const text = stringValues(asNode(as?.arg, 'List')?.items)[0] ?? asNode(as?.arg, 'String')?.sval;
  if (text === undefined) return { asts, dynamic: false, unreadable: true };
  const body = parseStatementText(text);
  if (body.error) return { asts, dynamic: false, unreadable: true };
  for (const s of body.stmts) if (s.stmt) asts.push(s.stmt);
  return { asts, dynamic: false, unreadable: false };
}

/** A view definition, rule or default expression as statements; none when it does not parse. */
export function parsedAsts(sql: string): Node[] {
  const parsed = parseStatementText(sql);
  return parsed.error ? [] : parsed.stmts.flatMap((s) => (s.stmt ? [s.stmt] : []));
}
