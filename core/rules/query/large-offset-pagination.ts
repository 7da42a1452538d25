import type { SelectStmt } from '@pgsql/types';
import { defineRule } from '../types';
import { asNode } from '../../parse/ast';
import { integerConstant } from '../helpers/expressions';

const LARGE = 1000;

export default defineRule({
  meta: {
    id: 'large-offset-pagination',
    category: 'query',
    defaultSeverity: 'info',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: `\`OFFSET n\` with a large constant (${LARGE} or more): the skipped rows are still read, every page gets slower.`,
      why:
        'OFFSET does not jump: PostgreSQL produces the first n rows in order and throws them away. Page 1,000 of ' +
        'a listing reads 1,000 pages worth of rows (and their heap pages), so deep pages get linearly slower, and ' +
        'rows inserted or deleted between two requests shift the window, so users see duplicates or miss rows.',
      instead:
        'Use keyset (seek) pagination: remember the last row of the previous page and continue after it, ' +
        '`WHERE (created_at, id) < ($1, $2) ORDER BY created_at DESC, id DESC LIMIT 50`, with an index on ' +
        '`(created_at, id)`. Each page then costs the same. Small constant offsets are not reported.',
      bad: 'SELECT id, title FROM posts ORDER BY created_at DESC, id DESC LIMIT 50 OFFSET 5000;',
      good:
        'SELECT id, title FROM posts\nWHERE (created_at, id) < (\'2026-01-01 00:00:00+00\', 123456)\nORDER BY created_at DESC, id DESC LIMIT 50;\n\n' +
        'SELECT id, title FROM posts ORDER BY created_at DESC, id DESC LIMIT 50 OFFSET 50;',
    },
  },
  create(context) {
    return {
      SelectStmt(node: SelectStmt, { statement }) {
        const offset = integerConstant(node.limitOffset);
        if (offset === undefined || offset < LARGE) return;
        const value = statement.rangeOfLocation(asNode(node.limitOffset, 'A_Const')?.location);
        const keyword = [...statement.tokens()].reverse().find((t) => t.end <= value.start && t.text.toUpperCase() === 'OFFSET');
        context.report({
          range: { start: keyword?.start ?? value.start, end: value.end },
          message: `OFFSET ${offset} reads and discards ${offset.toLocaleString('en-US')} rows on every call; use keyset pagination (WHERE key > last seen key).`,
        });
      },
    };
  },
});
