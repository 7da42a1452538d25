import type { Node, SelectStmt, WithClause } from '@pgsql/types';
import { defineRule, type RuleContext } from '../types';
import type { StatementView } from '../../parse/document';
import { asNode, relationName } from '../../parse/ast';
import { setOperationBranches } from '../helpers/expressions';

/**
 * The `*` / `t.*` entries of the output list of a query (every branch of a set operation). Only stars over tables
 * and views count: `SELECT * FROM f()` returns the function's declared columns, typically the target's row type.
 */
function stars(select: SelectStmt | undefined, outerCtes: readonly string[] = []): { location: number | undefined }[] {
  if (!select) return [];
  const out: { location: number | undefined }[] = [];
  const ctes = new Set([...outerCtes, ...cteNames(select.withClause)]);
  for (const branch of setOperationBranches(select)) {
    for (const name of cteNames(branch.withClause)) ctes.add(name);
    const from = branch.fromClause ?? [];
    if (from.length === 0 || from.some((f) => asNode(f, 'RangeFunction') !== undefined)) continue;
    // Stars over CTEs expand the column list written in the same statement: not a table that evolves.
    const isCte = (f: Node): boolean => {
      const rv = asNode(f, 'RangeVar');
      return rv !== undefined && !rv.schemaname && ctes.has(rv.relname ?? '');
    };
    const cteAliases = new Set(from.filter(isCte).map((f) => asNode(f, 'RangeVar')?.alias?.aliasname ?? asNode(f, 'RangeVar')?.relname ?? ''));
    for (const t of branch.targetList ?? []) {
      const ref = asNode(asNode(t, 'ResTarget')?.val, 'ColumnRef');
      const fields = ref?.fields ?? [];
      if (!ref || fields.length === 0 || !asNode(fields[fields.length - 1], 'A_Star')) continue;
      const qualifier = fields.length > 1 ? asNode(fields[fields.length - 2], 'String')?.sval : undefined;
      if (qualifier !== undefined ? cteAliases.has(qualifier) : from.every(isCte)) continue;
      out.push({ location: ref.location });
    }
  }
  return out;
}

function cteNames(withClause: WithClause | undefined): string[] {
  return (withClause?.ctes ?? []).map((c) => asNode(c, 'CommonTableExpr')?.ctename ?? '').filter((n) => n !== '');
}

function reportStars(context: RuleContext, statement: StatementView, query: Node | undefined, message: string, outerCtes: readonly string[] = []): void {
  for (const star of stars(asNode(query, 'SelectStmt'), outerCtes)) {
    const start = statement.offsetOfLocation(star.location);
    const starToken = statement.tokens().find((t) => t.start >= start && t.text === '*');
    context.report({ range: { start, end: starToken?.end ?? start + 1 }, message });
  }
}

export default defineRule({
  meta: {
    id: 'fragile-select-star',
    category: 'query',
    defaultSeverity: 'info',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: '`SELECT *` in a view, a materialized view or `INSERT ... SELECT *`: the column list is frozen or matched by position.',
      why:
        'PostgreSQL expands `*` when a view is created: columns added to the table later do not appear in the ' +
        'view, and the view blocks dropping or changing any column it captured, even ones nobody reads ' +
        '(`cannot drop column ... because other objects depend on it`). `INSERT INTO t SELECT * FROM s` matches ' +
        'columns by position: adding, dropping or reordering a column in either table silently puts values into ' +
        'the wrong columns, or fails only when the types stop matching.',
      instead:
        'List the columns: `CREATE VIEW v AS SELECT id, name FROM t`, and `INSERT INTO t (id, name) SELECT id, ' +
        'name FROM s`. `SELECT *` in ad-hoc queries and `EXISTS (SELECT * ...)` are not reported.',
      bad: 'CREATE VIEW active_customers AS\n    SELECT * FROM customers WHERE deleted_at IS NULL;\n\nINSERT INTO customers_archive SELECT * FROM customers WHERE deleted_at IS NOT NULL;',
      good:
        'CREATE VIEW active_customers AS\n    SELECT id, name, email FROM customers WHERE deleted_at IS NULL;\n\n' +
        'INSERT INTO customers_archive (id, name, email)\n    SELECT id, name, email FROM customers WHERE deleted_at IS NOT NULL;\n\n' +
        'SELECT * FROM customers WHERE id = 42;',
    },
  },
  create(context) {
    return {
      ViewStmt(node, { statement }) {
        reportStars(context, statement, node.query, `View ${relationName(node.view)} uses *: PostgreSQL freezes the column list at creation, and the view blocks dropping any of them; list the columns.`);
      },
      CreateTableAsStmt(node, { statement }) {
        if (node.objtype !== 'OBJECT_MATVIEW') return;
        reportStars(context, statement, node.query, `Materialized view ${relationName(node.into?.rel)} uses *: the column list is frozen at creation and blocks dropping columns; list the columns.`);
      },
      InsertStmt(node, { statement }) {
        const select = asNode(node.selectStmt, 'SelectStmt');
        if (!select || select.valuesLists) return;
        reportStars(context, statement, node.selectStmt, `INSERT INTO ${relationName(node.relation)} ... SELECT * matches columns by position: a column added or reordered in either table goes to the wrong place; list the columns.`, cteNames(node.withClause));
      },
    };
  },
});
