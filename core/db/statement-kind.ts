/**
 * What EXPLAIN may do with a statement, read from its AST: whether it can be explained at all, whether
 * EXPLAIN ANALYZE would change data (then it runs inside a transaction that is rolled back, after a
 * confirmation), what cannot be undone by a rollback, and which parameters it needs.
 */
import type { Node } from '@pgsql/types';
import { asNode, stringValues, tagOf, walkAst } from '../parse/ast';

export type StatementKind = 'query' | 'dml' | 'utility-explainable' | 'not-explainable';

export interface StatementClass {
  readonly kind: StatementKind;
  /** Why EXPLAIN (ANALYZE) must not run it, when it must not. */
  readonly refusal?: string;
  /** Highest $n parameter the statement uses (0 = none). */
  readonly parameterCount: number;
  /** Effects a rollback does not undo, to mention before EXPLAIN ANALYZE (sequence increments...). */
  readonly notRolledBack: readonly string[];
}

const EXPLAINABLE_DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);
const EXPLAINABLE_UTILITY = new Set(['ExecuteStmt', 'DeclareCursorStmt', 'CreateTableAsStmt']);
/** Functions whose effects live outside this transaction. */
const OUTSIDE_TRANSACTION = /^(dblink(_exec|_send_query|_open|_connect)?|pg_terminate_backend|pg_cancel_backend|pg_reload_conf|lo_export|lo_import|pg_file_write|pg_notify|pg_advisory_lock|pg_advisory_xact_lock)$/;

export function classifyStatement(ast: Node | undefined): StatementClass {
  const tag = tagOf(ast);
  if (!ast) return { kind: 'not-explainable', refusal: 'There is no statement here (or it does not parse).', parameterCount: 0, notRolledBack: [] };
  let parameterCount = 0;
  let modifyingCte = false;
  const outside: string[] = [];
  const notRolledBack = new Set<string>();
  walkAst(ast, (ref) => {
    if (ref.tag === 'ParamRef') parameterCount = Math.max(parameterCount, (ref.node as { number?: number }).number ?? 0);
    if (ref.tag === 'CommonTableExpr') {
      const query = (ref.node as { ctequery?: Node }).ctequery;
      if (EXPLAINABLE_DML.has(tagOf(query))) modifyingCte = true;
    }
    if (ref.tag === 'FuncCall') {
      const name = stringValues((ref.node as { funcname?: Node[] }).funcname).pop()?.toLowerCase() ?? '';
      if (OUTSIDE_TRANSACTION.test(name)) outside.push(name);
      if (name === 'nextval' || name === 'setval') notRolledBack.add('sequence values it takes (nextval) stay taken');
    }
    return undefined;
  });
  if (outside.length > 0) {
    return { kind: 'not-explainable', refusal: `It calls ${[...new Set(outside)].join(', ')}, whose effects a rollback cannot undo: EXPLAIN ANALYZE would really run them.`, parameterCount, notRolledBack: [] };
  }
  if (tag === 'SelectStmt') {
    const select = asNode(ast, 'SelectStmt');
    if (select?.intoClause) return { kind: 'utility-explainable', parameterCount, notRolledBack: [...notRolledBack] };
    return { kind: modifyingCte ? 'dml' : 'query', parameterCount, notRolledBack: [...notRolledBack] };
  }
  if (EXPLAINABLE_DML.has(tag)) {
    if (tag === 'InsertStmt') notRolledBack.add('identity and serial columns consume sequence values');
    return { kind: 'dml', parameterCount, notRolledBack: [...notRolledBack] };
  }
  if (EXPLAINABLE_UTILITY.has(tag)) return { kind: 'utility-explainable', parameterCount, notRolledBack: [...notRolledBack] };
  const reasons: Record<string, string> = {
    VacuumStmt: 'VACUUM and ANALYZE cannot be explained, and VACUUM cannot run in a transaction to roll back.',
    IndexStmt: 'CREATE INDEX cannot be explained (and CONCURRENTLY cannot run inside a transaction).',
    TransactionStmt: 'Transaction control cannot be explained.',
    ExplainStmt: 'This is already an EXPLAIN: put the cursor on the statement itself.',
  };
  return { kind: 'not-explainable', refusal: reasons[tag] ?? `EXPLAIN supports SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES, EXECUTE, DECLARE and CREATE TABLE AS, not ${tag.replace(/Stmt$/, '')}.`, parameterCount, notRolledBack: [] };
}
