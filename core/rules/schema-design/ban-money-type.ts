import { defineRule } from '../types';
import { arraySuffix } from '../helpers/column-defs';
import { columnTypeVisitors } from '../helpers/column-type-rule';

export default defineRule({
  meta: {
    id: 'ban-money-type',
    category: 'schema-design',
    defaultSeverity: 'warning',
    fixable: true,
    scope: 'statement',
    docs: {
      summary: '`money` columns depend on the server\'s `lc_monetary` setting and have a fixed, locale-defined precision.',
      why:
        'The `money` type stores an integer number of the smallest currency unit of the `lc_monetary` locale: its ' +
        'output format, and how input is read, change with that setting, so a dump restored on a server with another ' +
        'locale can read different amounts. It has one fixed number of fractional digits (no sub-cent prices, no ' +
        'currencies with three decimals), no currency code, and division and rounding behave unlike `numeric`.',
      instead:
        'Use `numeric` (e.g. `numeric(19, 4)`) for amounts, with a separate currency column when there can be more ' +
        'than one currency; or a `bigint` count of minor units when every amount is in one known currency.',
      bad: 'CREATE TABLE invoices (\n    id bigint PRIMARY KEY,\n    total money NOT NULL\n);',
      good: 'CREATE TABLE invoices (\n    id bigint PRIMARY KEY,\n    total numeric(19, 4) NOT NULL,\n    currency text NOT NULL\n);',
      fixed: 'CREATE TABLE invoices (\n    id bigint PRIMARY KEY,\n    total numeric(19, 4) NOT NULL\n);',
    },
  },
  create(context) {
    return columnTypeVisitors(context, {
      matches: (base) => base === 'money',
      message: (c) => `${c.where} is money: its meaning depends on the server's lc_monetary locale and its precision is fixed; use numeric.`,
      replacements: (c) => [{ title: 'Use numeric(19, 4)', text: `numeric(19, 4)${arraySuffix(c.written ?? '')}` }],
    });
  },
});
