import type { Node, RangeVar, SelectStmt } from '@pgsql/types';
import { defineRule } from '../types';
import { asNode, walkAst } from '../../parse/ast';
import { columnQualifier, columnRefs } from '../helpers/expressions';

/** Names (alias or table name) of the relations in a FROM clause, and whether it has a join at all. */
function fromNames(from: readonly Node[]): { names: string[]; plain: boolean } {
  const names: string[] = [];
  let plain = true;
  for (const f of from) {
    walkAst(f, (ref) => {
      if (ref.tag === 'RangeVar') {
        const r = ref.node as RangeVar;
        names.push(r.alias?.aliasname ?? r.relname ?? '');
      } else if (ref.tag === 'RangeSubselect' || ref.tag === 'RangeFunction' || ref.tag === 'RangeTableSample') {
        plain = false;
        return false;
      } else if (ref.tag === 'JoinExpr') {
        const j = ref.node as { jointype?: string; usingClause?: unknown; isNatural?: boolean };
        // USING/NATURAL merge columns: unqualified output columns would be ambiguous to attribute.
        if (j.usingClause || j.isNatural || (j.jointype !== 'JOIN_INNER' && j.jointype !== 'JOIN_LEFT')) plain = false;
      } else if (ref.tag === 'SubLink') {
        return false;
      }
      return true;
    });
  }
  return { names, plain };
}

export default defineRule({
  meta: {
    id: 'distinct-join-fanout',
    category: 'query',
    defaultSeverity: 'hint',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: '`SELECT DISTINCT a.*` over a join that only filters: DISTINCT hides the duplicate rows the join produced; use EXISTS.',
      why:
        'Joining customers to their orders returns one row per order. When the query only wants the customers, ' +
        '`DISTINCT` removes the duplicates again — after producing all of them, and with a sort or hash over the ' +
        'full width of every row. It also hides the fan-out from readers, and breaks as soon as a selected ' +
        'column is not comparable (json) or the select list changes.',
      instead:
        'Ask for what you mean: `SELECT c.* FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE ' +
        'o.customer_id = c.id AND ...)`. PostgreSQL plans it as a semi-join that stops at the first match per ' +
        'customer. The rule reports DISTINCT (not DISTINCT ON) when every selected column comes from one table, ' +
        'the selection includes that table\'s `id` or `*`, and the other joined tables are only used in conditions.',
      bad: "SELECT DISTINCT c.id, c.name\nFROM customers c\nJOIN orders o ON o.customer_id = c.id\nWHERE o.status = 'open';",
      good:
        "SELECT c.id, c.name\nFROM customers c\nWHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = 'open');\n\n" +
        'SELECT DISTINCT c.country FROM customers c;',
    },
  },
  create(context) {
    return {
      SelectStmt(node: SelectStmt, { statement }) {
        // DISTINCT (not DISTINCT ON): distinctClause is a list with one empty node.
        const distinct = node.distinctClause;
        if (!distinct || distinct.length !== 1 || Object.keys(distinct[0]).length !== 0) return;
        if (node.groupClause || node.havingClause || !node.fromClause) return;
        const { names, plain } = fromNames(node.fromClause);
        if (!plain || names.length < 2 || new Set(names).size !== names.length) return;
        const qualifiers = new Set<string>();
        for (const t of node.targetList ?? []) {
          const val = asNode(t, 'ResTarget')?.val;
          const refs = columnRefs(val);
          if (refs.length === 0) continue;
          for (const ref of refs) {
            const q = columnQualifier(ref);
            if (q === undefined) return; // unqualified: cannot tell which table it comes from
            qualifiers.add(q);
          }
          // Aggregates or subqueries in the list: not a plain projection.
          let complex = false;
          walkAst(val as Node, (ref) => {
            if (ref.tag === 'SubLink' || ref.tag === 'FuncCall') complex = true;
            return !complex;
          });
          if (complex) return;
        }
        if (qualifiers.size !== 1) return;
        const [kept] = [...qualifiers];
        if (!names.includes(kept)) return;
        // Only when the selected rows are whole rows or carry their id: then DISTINCT only undoes the join's
        // duplication (`SELECT DISTINCT c.country ...` also deduplicates countries and needs DISTINCT anyway).
        const rowish = (node.targetList ?? []).some((t) => {
          const fields = asNode(asNode(t, 'ResTarget')?.val, 'ColumnRef')?.fields ?? [];
          const last = fields[fields.length - 1];
          return asNode(last, 'A_Star') !== undefined || asNode(last, 'String')?.sval === 'id';
        });
        if (!rowish) return;
        const others = names.filter((n) => n !== kept);
        const targetStart = statement.offsetOfLocation(asNode(node.targetList?.[0], 'ResTarget')?.location);
        const keyword = [...statement.tokens()].reverse().find((t) => t.end <= targetStart && t.text.toUpperCase() === 'DISTINCT');
        context.report({
          range: keyword ? { start: keyword.start, end: keyword.end } : statement.headRange(),
          message: `DISTINCT removes the duplicates that joining ${others.join(', ')} creates, while only columns of ${kept} are selected; filter with EXISTS instead of joining.`,
        });
      },
    };
  },
});
