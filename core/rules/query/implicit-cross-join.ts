import type { Node, RangeVar, SelectStmt, WithClause } from '@pgsql/types';
import { defineRule, type RuleContext } from '../types';
import type { StatementView } from '../../parse/document';
import { asNode, walkAst, type AstRef } from '../../parse/ast';
import { columnQualifier, columnRefs, conjuncts } from '../helpers/expressions';
import { relationRange } from '../helpers/ranges';
import { returnsAtMostOneRow } from '../helpers/single-row';

interface Item {
  /** Names columns can be qualified with. */
  readonly names: Set<string>;
  readonly label: string;
  readonly node: Node;
  /** Skip: a function, LATERAL, a one-row query. */
  readonly exempt: boolean;
}

function check(
  context: RuleContext,
  statement: StatementView,
  from: readonly Node[],
  where: Node | undefined,
  withClause: WithClause | undefined,
  parents: readonly AstRef[],
  target?: { readonly name: string; readonly command: 'UPDATE' | 'DELETE' },
): void {
  // One-row CTEs visible here (parameters, a row just inserted): exempt when referenced by name. Outer WITH
  // clauses first, each in order, so a CTE reading only earlier one-row CTEs is one row too.
  const singleCtes = new Set<string>();
  const withs = [...parents.map((p) => (p.node as { withClause?: { ctes?: Node[] } }).withClause), withClause];
  for (const w of withs) {
    for (const c of w?.ctes ?? []) {
      const cte = asNode(c, 'CommonTableExpr');
      if (cte?.ctename && returnsAtMostOneRow(cte.ctequery, singleCtes)) singleCtes.add(cte.ctename);
    }
  }
  const items: Item[] = [];
  for (const f of from) {
    const rv = asNode(f, 'RangeVar');
    if (rv) {
      const name = rv.alias?.aliasname ?? rv.relname ?? '';
      items.push({ names: new Set([name]), label: name, node: f, exempt: !rv.schemaname && singleCtes.has(rv.relname ?? '') });
      continue;
    }
    const sub = asNode(f, 'RangeSubselect');
    if (sub) {
      items.push({ names: new Set([sub.alias?.aliasname ?? '']), label: sub.alias?.aliasname ?? 'subquery', node: f, exempt: sub.lateral === true || target !== undefined || returnsAtMostOneRow(sub.subquery, singleCtes) });
      continue;
    }
    const join = asNode(f, 'JoinExpr');
    if (join) {
      const names = new Set<string>();
      walkAst(f, (ref) => {
        if (ref.tag === 'RangeVar') {
          const r = ref.node as RangeVar;
          names.add(r.alias?.aliasname ?? r.relname ?? '');
        } else if (ref.tag === 'RangeSubselect' || ref.tag === 'RangeFunction') {
          const a = (ref.node as { alias?: { aliasname?: string } }).alias?.aliasname;
          if (a) names.add(a);
        }
        return ref.tag !== 'RangeSubselect' && ref.tag !== 'SubLink';
      });
      if (join.alias?.aliasname) names.add(join.alias.aliasname);
      items.push({ names, label: [...names].join('/'), node: f, exempt: false });
      continue;
    }
    // Functions (implicitly LATERAL, often generate_series), table samples, XMLTABLE...: not judged.
    items.push({ names: new Set(), label: '', node: f, exempt: true });
  }
  const judged = items.filter((i) => !i.exempt);
  if (judged.length < 2) return;
  // Union-find over items, linked by every WHERE conjunct that names two of them.
  const parent = judged.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const byName = new Map<string, number>();
  judged.forEach((item, i) => item.names.forEach((n) => byName.set(n, i)));
  for (const c of conjuncts(where)) {
    const refs = columnRefs(c);
    const linked = new Set<number>();
    for (const ref of refs) {
      const q = columnQualifier(ref);
      // An unqualified column in a condition: it may belong to any side; do not judge this query.
      if (q === undefined) {
        if (refs.length > 1) return;
        continue;
      }
      const i = byName.get(q);
      if (i !== undefined) linked.add(i);
    }
    const list = [...linked];
    for (let k = 1; k < list.length; k++) parent[find(list[k])] = find(list[0]);
  }
  // Report each item not connected to the first one's component.
  const roots = new Set(judged.map((_, i) => find(i)));
  if (roots.size < 2) return;
  const first = find(0);
  const linkedTo = judged.filter((_, i) => find(i) === first).map((i) => i.label);
  for (let i = 0; i < judged.length; i++) {
    if (find(i) === first) continue;
    const item = judged[i];
    const rv = asNode(item.node, 'RangeVar');
    const range = rv ? relationRange(statement, rv) : undefined;
    context.report({
      range: range && range.end > range.start ? range : statement.headRange(),
      message: target
        ? target.command === 'UPDATE'
          ? `No condition links ${item.label} to ${target.name}: every row this UPDATE matches in ${target.name} takes its values from an arbitrary row of ${item.label}.`
          : `No condition links ${item.label} to ${target.name}: this DELETE removes the matched rows of ${target.name} whenever ${item.label} has any row.`
        : `${item.label} is joined to ${linkedTo.join(', ')} by a comma with no condition linking them: a cross join of every row with every row.`,
    });
    // Mark its component as reported.
    parent[find(i)] = first;
  }
}

export default defineRule({
  meta: {
    id: 'implicit-cross-join',
    category: 'query',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: '`FROM a, b` with no condition relating a and b: every row of a is paired with every row of b.',
      why:
        'A comma in FROM is a cross join; the WHERE clause is what turns it into a real join. When no condition ' +
        'links the two sides, the query returns |a| × |b| rows — usually a forgotten join condition, which shows ' +
        'up as duplicated rows, inflated sums, or a query that never finishes once the tables grow. In ' +
        '`UPDATE ... FROM` and `DELETE ... USING` the same mistake updates rows from an arbitrary match.',
      instead:
        'Write the join explicitly, `FROM a JOIN b ON b.a_id = a.id`, so a missing condition is a syntax error. ' +
        'If the cross join is intended, say so with `CROSS JOIN`. Not reported: functions in FROM, LATERAL subqueries, ' +
        'subqueries and CTEs of one row — no FROM (`WITH now AS (SELECT now())`), aggregates without GROUP BY, one ' +
        'VALUES row, LIMIT 1, `INSERT ... VALUES (one row) RETURNING`, a SELECT of those alone — subqueries in ' +
        '`UPDATE ... FROM` (often one row picked by key), and queries with unqualified columns in their conditions ' +
        '(the rule cannot tell which table those belong to).',
      bad: 'SELECT o.id, c.name\nFROM orders o, customers c\nWHERE o.status = \'open\';',
      good:
        'SELECT o.id, c.name\nFROM orders o, customers c\nWHERE c.id = o.customer_id AND o.status = \'open\';\n\n' +
        'SELECT o.id, c.name\nFROM orders o JOIN customers c ON c.id = o.customer_id;\n\n' +
        'SELECT o.id, o.amount / t.total\nFROM orders o, (SELECT sum(amount) AS total FROM orders) t;\n\n' +
        "WITH batch AS (INSERT INTO batches (name) VALUES ('nightly') RETURNING id)\n" +
        'INSERT INTO batch_orders (batch_id, order_id)\nSELECT batch.id, o.id FROM orders o, batch WHERE o.status = \'open\';\n\n' +
        'SELECT s.size, c.colour FROM sizes s CROSS JOIN colours c;',
    },
  },
  create(context) {
    return {
      SelectStmt(node: SelectStmt, { statement, parents }) {
        if ((node.fromClause?.length ?? 0) < 2) return;
        check(context, statement, node.fromClause ?? [], node.whereClause, node.withClause, parents);
      },
      UpdateStmt(node, { statement, parents }) {
        if (!node.relation || !node.fromClause?.length) return;
        const name = node.relation.alias?.aliasname ?? node.relation.relname ?? '';
        check(context, statement, [{ RangeVar: node.relation }, ...node.fromClause], node.whereClause, node.withClause, parents, { name, command: 'UPDATE' });
      },
      DeleteStmt(node, { statement, parents }) {
        if (!node.relation || !node.usingClause?.length) return;
        const name = node.relation.alias?.aliasname ?? node.relation.relname ?? '';
        check(context, statement, [{ RangeVar: node.relation }, ...node.usingClause], node.whereClause, node.withClause, parents, { name, command: 'DELETE' });
      },
    };
  },
});
