import type { CommonTableExpr, Node, WithClause } from '@pgsql/types';
import { defineRule } from '../types';
import { asNode, walkAst } from '../../parse/ast';

/** How often `name` is read as a relation under `root` (unqualified RangeVar). */
function references(root: Node, name: string): number {
  let n = 0;
  walkAst(root, (ref) => {
    if (ref.tag !== 'RangeVar') return;
    const rv = ref.node as { relname?: string; schemaname?: string };
    if (!rv.schemaname && rv.relname === name) n++;
  });
  return n;
}

/** Built-in functions that are cheap and stable enough that fencing them is not the point of MATERIALIZED. */
const PLAIN_FUNCTIONS = new Set(['count', 'sum', 'min', 'max', 'avg', 'coalesce', 'nullif', 'lower', 'upper', 'now', 'date_trunc', 'length', 'array_agg', 'string_agg', 'jsonb_agg', 'json_agg', 'row_number', 'rank', 'greatest', 'least', 'abs', 'round']);

/**
 * Data-modifying or volatile CTEs are run once whatever the keyword says; and a CTE calling a function the rule
 * does not know (user-defined, set-returning, possibly volatile or expensive) may be fenced on purpose.
 */
function volatileOrModifying(cte: CommonTableExpr): boolean {
  const q = cte.ctequery;
  if (!asNode(q, 'SelectStmt')) return true;
  let found = false;
  walkAst(q as Node, (ref) => {
    if (ref.tag === 'FuncCall') {
      const names = ((ref.node as { funcname?: Node[] }).funcname ?? []).map((f) => asNode(f, 'String')?.sval ?? '');
      const name = names[names.length - 1];
      if (names.length > 1 && names[0] !== 'pg_catalog') found = true;
      else if (!PLAIN_FUNCTIONS.has(name)) found = true;
    }
    if (ref.tag === 'LockingClause') found = true;
    return !found;
  });
  return found;
}

export default defineRule({
  meta: {
    id: 'cte-materialized-once',
    category: 'query',
    defaultSeverity: 'hint',
    postgresVersions: { min: 12 },
    fixable: true,
    scope: 'statement',
    docs: {
      summary: '`WITH x AS MATERIALIZED (...)` on a CTE read only once: an optimisation fence that is rarely what you want.',
      why:
        'Since PostgreSQL 12 a side-effect-free CTE that is referenced once is inlined into the query, so the ' +
        'outer WHERE conditions are pushed into it and its tables can use their indexes. `MATERIALIZED` forces ' +
        'PostgreSQL to compute the whole CTE first and store it, then scan that result without indexes: with a ' +
        'selective outer condition this can turn an index lookup into a full computation of the CTE.',
      instead:
        'Drop `MATERIALIZED` unless it is a deliberate fence (for instance to stop an expensive function from ' +
        'being evaluated per outer row, or to fix a plan you have measured). The quick fix removes the keyword. ' +
        'CTEs read more than once, recursive ones, data-modifying ones and ones calling functions other than common ' +
        'built-ins (user-defined, set-returning or volatile ones may be fenced on purpose) are not reported.',
      bad: 'WITH recent AS MATERIALIZED (\n    SELECT * FROM orders WHERE created_at > now() - interval \'30 days\'\n)\nSELECT * FROM recent WHERE customer_id = 42;',
      good:
        'WITH recent AS (\n    SELECT * FROM orders WHERE created_at > now() - interval \'30 days\'\n)\nSELECT * FROM recent WHERE customer_id = 42;\n\n' +
        'WITH totals AS MATERIALIZED (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id)\n' +
        'SELECT a.customer_id FROM totals a JOIN totals b ON b.total = a.total AND b.customer_id <> a.customer_id;',
      fixed: 'WITH recent AS (\n    SELECT * FROM orders WHERE created_at > now() - interval \'30 days\'\n)\nSELECT * FROM recent WHERE customer_id = 42;',
    },
  },
  create(context) {
    return {
      WithClause(node: WithClause, { statement, parents }) {
        if (node.recursive) return;
        const owner = parents[parents.length - 1];
        if (!owner) return;
        const ownerNode = { [owner.tag]: owner.node } as Node;
        for (const c of node.ctes ?? []) {
          const cte = asNode(c, 'CommonTableExpr');
          if (!cte?.ctename || cte.ctematerialized !== 'CTEMaterializeAlways') continue;
          if (volatileOrModifying(cte)) continue;
          if (references(ownerNode, cte.ctename) !== 1) continue;
          const tokens = statement.tokens();
          const at = statement.offsetOfLocation(cte.location);
          const i = tokens.findIndex((t) => t.start >= at && t.text.toUpperCase() === 'MATERIALIZED');
          const keyword = i >= 0 ? tokens[i] : undefined;
          const nameEnd = tokens.find((t) => t.start >= at)?.end ?? at;
          context.report({
            range: keyword ? { start: at, end: keyword.end } : { start: at, end: nameEnd },
            message: `CTE ${cte.ctename} is read once; MATERIALIZED stops PostgreSQL from inlining it and pushing conditions into it.`,
            fixes: keyword && tokens[i - 1]?.text.toUpperCase() === 'AS'
              ? [{ title: 'Remove MATERIALIZED', edits: [{ range: { start: tokens[i - 1].end, end: keyword.end }, newText: '' }] }]
              : [],
          });
        }
      },
    };
  },
});
