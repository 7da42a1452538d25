import { defineRule } from '../types';
import { asNode, relationName } from '../../parse/ast';

/** `phone1`, `phone_2`, `address_line3` -> prefix and number; one-letter prefixes (`c1`, `f2`) are placeholder names, not groups. */
const NUMBERED = /^(.*[a-z]{2})_?(\d{1,2})$/;

export default defineRule({
  meta: {
    id: 'repeating-column-group',
    category: 'schema-design',
    defaultSeverity: 'info',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'Three or more columns numbered 1, 2, 3 ... (`phone1, phone2, phone3`): a repeating group that wants its own table.',
      why:
        'Numbered columns put a list into a row: the limit is baked into the schema (a fourth phone number needs a ' +
        'migration), most rows carry NULLs in the later columns, and every query that looks for a value must check ' +
        'each column (`WHERE phone1 = $1 OR phone2 = $1 OR phone3 = $1`), which no single index serves. It breaks ' +
        'first normal form.',
      instead:
        'Move the group into a child table with one row per item (`customer_phones (customer_id, position, phone)`), ' +
        'or, for a short list that is read as a whole, an array or jsonb column. Fixed, meaningfully different ' +
        'slots (`address_line1`, `address_line2`) are fine as two columns; the rule reports three or more.',
      bad: 'CREATE TABLE customers (\n    id bigint PRIMARY KEY,\n    phone1 text,\n    phone2 text,\n    phone3 text\n);',
      good:
        'CREATE TABLE customers (\n    id bigint PRIMARY KEY,\n    address_line1 text,\n    address_line2 text\n);\n' +
        'CREATE TABLE customer_phones (\n    customer_id bigint NOT NULL REFERENCES customers (id),\n    position smallint NOT NULL,\n' +
        '    phone text NOT NULL,\n    PRIMARY KEY (customer_id, position)\n);',
    },
  },
  create(context) {
    return {
      CreateStmt(node, { statement }) {
        const groups = new Map<string, { numbers: Set<number>; first: number | undefined; names: string[] }>();
        for (const element of node.tableElts ?? []) {
          const column = asNode(element, 'ColumnDef');
          const m = column?.colname ? NUMBERED.exec(column.colname) : null;
          if (!column || !m) continue;
          const group = groups.get(m[1]) ?? { numbers: new Set<number>(), first: column.location, names: [] };
          groups.set(m[1], group);
          group.numbers.add(Number(m[2]));
          group.names.push(column.colname ?? '');
        }
        for (const [prefix, group] of groups) {
          // A run 1, 2, 3 (or 0, 1, 2): numbered copies of one attribute, not unrelated names ending in digits.
          const start = group.numbers.has(0) ? 0 : 1;
          if (![start, start + 1, start + 2].every((n) => group.numbers.has(n))) continue;
          context.report({
            range: statement.rangeOfLocation(group.first),
            message: `${relationName(node.relation)} repeats ${prefix} as ${group.names.join(', ')}: a list stored as numbered columns; move it to a child table (one row per item).`,
          });
        }
      },
    };
  },
});
