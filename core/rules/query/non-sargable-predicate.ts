import type { ColumnRef, Node } from '@pgsql/types';
import { defineRule } from '../types';
import type { StatementView } from '../../parse/document';
import { asNode, stringValues, typeNameOf } from '../../parse/ast';
import { callRange } from '../helpers/ranges';
import { COMPARISONS, columnNameParts, conjuncts, functionName, isColumnFree, operatorOf } from '../helpers/expressions';

/** Functions that are commonly wrapped around an indexed column in a filter. */
const WRAPPERS = new Set(['lower', 'upper', 'date', 'date_trunc', 'date_part', 'extract', 'to_char', 'btrim', 'trim', 'ltrim', 'rtrim', 'coalesce', 'unaccent']);
/**
 * Casts that truncate a timestamp to a coarser value and so hide the column from its index. Numeric and text casts
 * are left out: deparsed views (pg_dump) spell implicit coercions as casts, and `varchar::text` is index-friendly.
 */
const VALUE_CASTS = new Set(['date', 'time']);

interface Wrapped {
  readonly kind: 'function' | 'cast';
  /** Function name or cast type. */
  readonly what: string;
  readonly column: ColumnRef;
  readonly node: Node;
}

function wrappedColumn(node: Node | undefined): Wrapped | undefined {
  const cast = asNode(node, 'TypeCast');
  if (cast) {
    const column = asNode(cast.arg, 'ColumnRef');
    const type = typeNameOf(cast.typeName);
    if (column && columnNameParts(column) && VALUE_CASTS.has(type) && (cast.typeName?.arrayBounds?.length ?? 0) === 0) return { kind: 'cast', what: type, column, node: node! };
    return undefined;
  }
  const call = asNode(node, 'FuncCall');
  const name = functionName(node);
  if (!call || !name || !WRAPPERS.has(name) || call.over || call.agg_star) return undefined;
  const columns = (call.args ?? []).map((a) => asNode(a, 'ColumnRef')).filter((c): c is ColumnRef => c !== undefined && columnNameParts(c) !== undefined);
  const others = (call.args ?? []).filter((a) => !asNode(a, 'ColumnRef'));
  // Exactly one column argument; the others must be constants (`date_trunc('day', created_at)`).
  if (columns.length !== 1 || !others.every((o) => isColumnFree(o))) return undefined;
  return { kind: 'function', what: name, column: columns[0], node: node! };
}

interface Candidate {
  readonly statement: StatementView;
  readonly wrapped: Wrapped;
  readonly columnName: string;
}

export default defineRule({
  meta: {
    id: 'non-sargable-predicate',
    category: 'query',
    defaultSeverity: 'info',
    fixable: false,
    docs: {
      summary: 'A function or cast around a column in WHERE/JOIN (`lower(email) = $1`, `created_at::date = $1`): an index on the column cannot be used.',
      why:
        'A btree index on `email` is ordered by `email`, not by `lower(email)`; PostgreSQL can only use it when ' +
        'the condition compares the bare column. Wrapping the column in a function or a value-changing cast ' +
        'turns an index lookup into a scan of the whole table that evaluates the function for every row.',
      instead:
        'Either create an expression index that matches the condition exactly (`CREATE INDEX ON users ' +
        '(lower(email))`), or rewrite the condition so the column stands alone: `created_at::date = $1` becomes ' +
        'the half-open range `created_at >= $1::date AND created_at < $1::date + 1`; `date_trunc(\'day\', ts) = $1` ' +
        'likewise. Conditions matched by an expression index created in the same file are not reported.',
      bad: "SELECT id FROM users WHERE lower(email) = lower($1);\nSELECT id FROM orders WHERE created_at::date = '2026-03-01';",
      good:
        'CREATE INDEX users_lower_email_idx ON users (lower(email));\nSELECT id FROM users WHERE lower(email) = lower($1);\n' +
        "SELECT id FROM orders WHERE created_at >= '2026-03-01' AND created_at < '2026-03-02';",
    },
  },
  create(context) {
    const candidates: Candidate[] = [];
    /** `lower:email`, `cast:date:created_at` keys of expression indexes in the file. */
    const indexed = new Set<string>();
    const keyOf = (w: Wrapped, column: string): string => `${w.kind}:${w.what}:${column}`;
    const consider = (condition: Node | undefined, statement: StatementView): void => {
      for (const c of conjuncts(condition)) {
        const op = operatorOf(c);
        const expr = asNode(c, 'A_Expr');
        let pairs: [Node | undefined, Node | undefined][] = [];
        if (op && COMPARISONS.has(op) && op !== '<>' && op !== '!=') pairs = [[expr?.lexpr, expr?.rexpr], [expr?.rexpr, expr?.lexpr]];
        else if (expr?.kind === 'AEXPR_IN' && stringValues(expr.name).join('') === '=') pairs = [[expr.lexpr, expr.rexpr]];
        else if (expr?.kind === 'AEXPR_BETWEEN') pairs = [[expr.lexpr, expr.rexpr]];
        for (const [side, other] of pairs) {
          const wrapped = wrappedColumn(side);
          if (!wrapped || !other || !isColumnFree(other)) continue;
          const parts = columnNameParts(wrapped.column)!;
          candidates.push({ statement, wrapped, columnName: parts[parts.length - 1] });
          break;
        }
      }
    };
    return {
      SelectStmt(node, { statement }) {
        consider(node.whereClause, statement);
      },
      UpdateStmt(node, { statement }) {
        consider(node.whereClause, statement);
      },
      DeleteStmt(node, { statement }) {
        consider(node.whereClause, statement);
      },
      JoinExpr(node, { statement }) {
        consider(node.quals, statement);
      },
      IndexStmt(node) {
        for (const p of node.indexParams ?? []) {
          const expr = asNode(p, 'IndexElem')?.expr;
          const w = wrappedColumn(expr);
          if (w) indexed.add(keyOf(w, columnNameParts(w.column)!.slice(-1)[0]));
          else if (functionName(expr)) indexed.add(`function:${functionName(expr)}:*`);
        }
      },
      endOfFile() {
        for (const { statement, wrapped, columnName } of candidates) {
          if (indexed.has(keyOf(wrapped, columnName)) || (wrapped.kind === 'function' && indexed.has(`function:${wrapped.what}:*`))) continue;
          const colRange = statement.rangeOfLocation(wrapped.column.location);
          const castType = asNode(wrapped.node, 'TypeCast')?.typeName;
          const range = castType
            ? { start: colRange.start, end: Math.max(colRange.end, statement.rangeOfLocation(castType.location).end) }
            : callRange(statement, statement.offsetOfLocation(asNode(wrapped.node, 'FuncCall')?.location));
          const shown = wrapped.kind === 'cast' ? `${columnName}::${wrapped.what}` : `${wrapped.what}(${columnName})`;
          const advice = wrapped.kind === 'cast' || ['date', 'date_trunc'].includes(wrapped.what)
            ? `compare ${columnName} with a half-open range instead, or index the expression`
            : `create an expression index on ${wrapped.what}(${columnName}) or compare the bare column`;
          context.report({
            range: range.end > range.start ? range : colRange,
            message: `${shown} in a condition cannot use an index on ${columnName}; ${advice}.`,
          });
        }
      },
    };
  },
});
