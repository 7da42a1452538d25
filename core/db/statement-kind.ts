/**
 * What EXPLAIN may do with a statement, read from its AST: whether it can be explained at all, whether
 * EXPLAIN ANALYZE would change data (then it runs inside a transaction that is rolled back, after a
 * confirmation), and which parameters it needs. What the functions it calls do is read from the catalog
 * (side-effects.ts): only the server knows what a name stands for.
 */
import { commandOf } from '../knowledge/command-docs';
import type { Node } from '@pgsql/types';
import { asNode, relationName, tagOf, walkAst } from '../parse/ast';

export type StatementKind = 'query' | 'dml' | 'utility-explainable' | 'not-explainable';

export interface StatementClass {
  readonly kind: StatementKind;
  /** Why EXPLAIN (ANALYZE) must not run it, when it must not. */
  readonly refusal?: string;
  /** Highest $n parameter the statement uses (0 = none). */
  readonly parameterCount: number;
  /**
   * What running the statement changes ("changes rows of orders", "creates table report"), so EXPLAIN ANALYZE
   * asks first and runs it in a read-write transaction that is rolled back; undefined when it only reads.
   */
  readonly dataChange?: string;
}

const EXPLAINABLE_DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);
const EXPLAINABLE_UTILITY = new Set(['ExecuteStmt', 'DeclareCursorStmt', 'CreateTableAsStmt']);

/** The table a data-changing statement writes to: INSERT INTO orders -> orders. */
function targetOf(ast: Node | undefined): string {
  const body = (ast as Record<string, { relation?: Parameters<typeof relationName>[0] }> | undefined)?.[tagOf(ast)];
  return relationName(body?.relation);
}

export function classifyStatement(ast: Node | undefined): StatementClass {
  const tag = tagOf(ast);
  if (!ast) return { kind: 'not-explainable', refusal: 'There is no statement here (or it does not parse).', parameterCount: 0 };
  let parameterCount = 0;
  const modifiedByCte: string[] = [];
  walkAst(ast, (ref) => {
    if (ref.tag === 'ParamRef') parameterCount = Math.max(parameterCount, (ref.node as { number?: number }).number ?? 0);
    if (ref.tag === 'CommonTableExpr') {
      const query = (ref.node as { ctequery?: Node }).ctequery;
      if (EXPLAINABLE_DML.has(tagOf(query))) modifiedByCte.push(targetOf(query));
    }
    return undefined;
  });
  const rowsOf = (tables: readonly string[]): string => `changes rows of ${[...new Set(tables)].join(', ')}`;
  if (tag === 'SelectStmt') {
    const into = asNode(ast, 'SelectStmt')?.intoClause;
    if (into) return { kind: 'utility-explainable', parameterCount, dataChange: `creates table ${relationName(into.rel)} (SELECT INTO)` };
    if (modifiedByCte.length > 0) return { kind: 'dml', parameterCount, dataChange: rowsOf(modifiedByCte) };
    return { kind: 'query', parameterCount };
  }
  if (EXPLAINABLE_DML.has(tag)) return { kind: 'dml', parameterCount, dataChange: rowsOf([targetOf(ast), ...modifiedByCte]) };
  if (tag === 'CreateTableAsStmt') {
    const ctas = asNode(ast, 'CreateTableAsStmt');
    const what = ctas?.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
    return { kind: 'utility-explainable', parameterCount, dataChange: `creates ${what} ${relationName(ctas?.into?.rel)} and fills it` };
  }
  // The prepared statement may be an INSERT, UPDATE or DELETE: what it does is not in this text.
  if (tag === 'ExecuteStmt') return { kind: 'utility-explainable', parameterCount, dataChange: 'may change data (it runs a prepared statement)' };
  if (EXPLAINABLE_UTILITY.has(tag)) return { kind: 'utility-explainable', parameterCount };
  const reasons: Record<string, string> = {
    VacuumStmt: 'VACUUM and ANALYZE cannot be explained, and VACUUM cannot run in a transaction to roll back.',
    IndexStmt: 'CREATE INDEX cannot be explained (and CONCURRENTLY cannot run inside a transaction).',
    TransactionStmt: 'Transaction control cannot be explained.',
    ExplainStmt: 'This is already an EXPLAIN: put the cursor on the statement itself.',
  };
  return { kind: 'not-explainable', refusal: reasons[tag] ?? `EXPLAIN supports SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES, EXECUTE, DECLARE and CREATE TABLE AS, not ${commandOf(ast) ?? 'this statement'}.`, parameterCount };
}
