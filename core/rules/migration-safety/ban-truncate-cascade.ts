import { defineRule } from '../types';
import { relationName, asNode } from '../../parse/ast';

export default defineRule({
  meta: {
    id: 'ban-truncate-cascade',
    category: 'migration-safety',
    defaultSeverity: 'error',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'TRUNCATE ... CASCADE also empties every table that references the listed ones, recursively.',
      why:
        '`CASCADE` truncates all tables with foreign keys to the named tables, then all tables that reference those, ' +
        'and so on: truncating a lookup table can empty `orders`, `invoices` and everything hanging off them. Which ' +
        'tables go depends on the schema at run time, not on what the statement says.',
      instead:
        'List every table to empty explicitly in one `TRUNCATE a, b, c` (without CASCADE it fails, naming the ' +
        'referencing table, instead of deleting more than intended).',
      bad: 'TRUNCATE TABLE customers CASCADE;',
      good: 'TRUNCATE TABLE order_items, orders, customers;',
    },
  },
  create(context) {
    return {
      TruncateStmt(node, { statement }) {
        if (node.behavior !== 'DROP_CASCADE') return;
        const tables = (node.relations ?? []).map((r) => relationName(asNode(r, 'RangeVar'))).join(', ');
        const words = statement.tokens().filter((t) => t.text.toUpperCase() === 'CASCADE');
        const last = words[words.length - 1];
        context.report({
          range: last ? { start: last.start, end: last.end } : statement.headRange(),
          message: `TRUNCATE ${tables} CASCADE also empties every table that references ${tables.includes(',') ? 'them' : 'it'}, recursively; list the tables to empty instead.`,
        });
      },
    };
  },
});
