import type { A_Expr, Node } from '@pgsql/types';
import { defineRule } from '../types';
import type { StatementView } from '../../parse/document';
import { asNode, typeNameOf } from '../../parse/ast';
import { baseTypeName, columnDefinitions } from '../helpers/column-defs';
import { columnNameParts } from '../helpers/expressions';

const TIMESTAMP_TYPES = new Set(['timestamp', 'timestamptz']);
const TIME_OF_DAY = /\d{1,2}:\d{2}/;

/** A bound that is visibly a timestamp: a cast to timestamp[tz], or a string literal with a time of day. */
function timestampBound(node: Node | undefined): boolean {
  if (!node) return false;
  const cast = asNode(node, 'TypeCast');
  if (cast && TIMESTAMP_TYPES.has(typeNameOf(cast.typeName))) return true;
  const literal = asNode(cast ? cast.arg : node, 'A_Const')?.sval?.sval;
  if (literal !== undefined && /^\d{4}-\d{2}-\d{2}[ T]/.test(literal) && TIME_OF_DAY.test(literal)) {
    return !cast || TIMESTAMP_TYPES.has(typeNameOf(cast.typeName));
  }
  return false;
}

interface Candidate {
  readonly statement: StatementView;
  readonly expr: A_Expr;
  readonly column: string;
  readonly bySpelling: boolean;
}

export default defineRule({
  meta: {
    id: 'between-timestamps',
    category: 'query',
    defaultSeverity: 'info',
    fixable: false,
    docs: {
      summary: '`BETWEEN` on a timestamp: the inclusive upper bound misses or double-counts rows at the edge; use a half-open range.',
      why:
        '`created_at BETWEEN \'2026-01-01\' AND \'2026-01-31\'` stops at midnight at the start of January 31st, so ' +
        'the last day is missing. Patching it with `\'2026-01-31 23:59:59\'` loses the rows in the final second ' +
        '(timestamps have microseconds), and because both bounds are inclusive, consecutive periods ' +
        '(`BETWEEN \'2026-01-01\' AND \'2026-02-01\'`, then `BETWEEN \'2026-02-01\' AND ...`) count rows at ' +
        'exactly midnight twice.',
      instead:
        'Use a half-open range: `created_at >= \'2026-01-01\' AND created_at < \'2026-02-01\'`. It is exact for any ' +
        'precision, periods tile without overlap, and it uses the same index. The rule reports BETWEEN when the ' +
        'column is declared timestamp/timestamptz in the same file or a bound is written as a timestamp.',
      bad: "SELECT id FROM orders WHERE created_at BETWEEN '2026-01-01 00:00:00' AND '2026-01-31 23:59:59';",
      good:
        "SELECT id FROM orders WHERE created_at >= '2026-01-01' AND created_at < '2026-02-01';\n" +
        'SELECT id FROM orders WHERE quantity BETWEEN 1 AND 10;',
    },
  },
  create(context) {
    const candidates: Candidate[] = [];
    /** Column name -> whether every declaration in the file is a timestamp. */
    const declared = new Map<string, boolean>();
    return {
      statement(statement) {
        for (const def of columnDefinitions(statement.ast)) {
          const isTimestamp = TIMESTAMP_TYPES.has(baseTypeName(def.column.typeName)) && (def.column.typeName?.arrayBounds?.length ?? 0) === 0;
          declared.set(def.name, (declared.get(def.name) ?? true) && isTimestamp);
        }
      },
      A_Expr(node: A_Expr, { statement, parents }) {
        if (node.kind !== 'AEXPR_BETWEEN' && node.kind !== 'AEXPR_BETWEEN_SYM') return;
        // Only filters of queries, not CHECK constraints or partition bounds.
        if (!parents.some((p) => p.tag === 'SelectStmt' || p.tag === 'UpdateStmt' || p.tag === 'DeleteStmt')) return;
        const parts = columnNameParts(asNode(node.lexpr, 'ColumnRef'));
        if (!parts) return;
        const bounds = asNode(node.rexpr, 'List')?.items ?? [];
        // A bound that is a number, or a string that is not a date (`'00:00'`): the column is not a timestamp.
        const notTimestamp = bounds.some((b) => {
          const c = asNode(asNode(b, 'TypeCast')?.arg ?? b, 'A_Const');
          return c !== undefined && (c.ival !== undefined || c.fval !== undefined || (c.sval !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(c.sval.sval ?? '')));
        });
        if (notTimestamp) return;
        candidates.push({ statement, expr: node, column: parts[parts.length - 1], bySpelling: bounds.some(timestampBound) });
      },
      endOfFile() {
        for (const { statement, expr, column, bySpelling } of candidates) {
          if (!bySpelling && declared.get(column) !== true) continue;
          const colRange = statement.rangeOfLocation(asNode(expr.lexpr, 'ColumnRef')?.location);
          const between = statement.rangeOfWords(['BETWEEN'], colRange.end);
          context.report({
            range: { start: colRange.start, end: Math.max(colRange.end, between.end) },
            message: `BETWEEN on timestamp ${column} includes the upper bound exactly: rows late on the last day are missed or counted twice; use ${column} >= start AND ${column} < end.`,
          });
        }
      },
    };
  },
});
