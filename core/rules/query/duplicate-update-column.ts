import type { Node } from '@pgsql/types';
import { defineRule } from '../types';
import type { StatementView } from '../../parse/document';
import { asNode } from '../../parse/ast';
import type { RuleContext } from '../types';

function check(context: RuleContext, statement: StatementView, targets: readonly Node[] | undefined, what: string): void {
  const seen = new Map<string, number>();
  for (const t of targets ?? []) {
    const target = asNode(t, 'ResTarget');
    // `SET arr[1] = x, arr[2] = y` and `SET pt.x = 1, pt.y = 2` assign parts of one column: allowed.
    if (!target?.name || (target.indirection?.length ?? 0) > 0) continue;
    const count = (seen.get(target.name) ?? 0) + 1;
    seen.set(target.name, count);
    if (count !== 2) continue;
    const start = statement.offsetOfLocation(target.location);
    const token = statement.tokenAt(start);
    context.report({
      range: token ? { start: token.start, end: token.end } : statement.rangeOfLocation(target.location),
      message: `Column ${target.name} is assigned twice in ${what}: PostgreSQL rejects this ("multiple assignments to same column").`,
    });
  }
}

export default defineRule({
  meta: {
    id: 'duplicate-update-column',
    category: 'query',
    defaultSeverity: 'error',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'The same column is assigned twice in `UPDATE ... SET` (or `ON CONFLICT DO UPDATE SET`): PostgreSQL rejects the statement.',
      why:
        'PostgreSQL raises `multiple assignments to same column` when a SET list names a column twice (also through ' +
        '`(a, b) = (...)` lists). The statement fails at run time, typically in a migration or a code path that ' +
        'tests did not reach; usually one of the two was meant to be another column.',
      instead: 'Assign each column once; check which of the two assignments was meant for a different column.',
      bad: "UPDATE orders SET status = 'shipped', shipped_at = now(), status = 'done' WHERE id = 42;",
      good:
        "UPDATE orders SET status = 'shipped', shipped_at = now() WHERE id = 42;\n" +
        'UPDATE matrices SET cells[1] = 0, cells[2] = 0 WHERE id = 1;',
    },
  },
  create(context) {
    return {
      UpdateStmt(node, { statement }) {
        check(context, statement, node.targetList, 'this UPDATE');
      },
      OnConflictClause(node, { statement }) {
        check(context, statement, node.targetList, 'ON CONFLICT DO UPDATE');
      },
    };
  },
});
