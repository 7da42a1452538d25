import { defineRule } from '../types';
import { arraySuffix } from '../helpers/column-defs';
import { columnTypeVisitors } from '../helpers/column-type-rule';

export default defineRule({
  meta: {
    id: 'prefer-jsonb',
    category: 'schema-design',
    defaultSeverity: 'warning',
    fixable: true,
    scope: 'statement',
    docs: {
      summary: '`json` columns store the text as written and re-parse it on every access; `jsonb` is almost always better.',
      why:
        '`json` keeps an exact copy of the input text: every `->`, `->>` or `@>` re-parses the whole document, it has ' +
        'no equality operator (so `DISTINCT`, `GROUP BY`, `UNION` and unique constraints fail on it), and it cannot be ' +
        'indexed with GIN. `jsonb` stores a parsed binary form: faster to query, comparable, and indexable ' +
        '(`jsonb_ops`, `jsonb_path_ops`).',
      instead:
        'Use `jsonb`. Keep `json` only when the exact text must be preserved: key order, duplicate keys or ' +
        'whitespace (for example a signed payload stored as received).',
      bad: 'CREATE TABLE events (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    payload json NOT NULL\n);',
      good: 'CREATE TABLE events (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    payload jsonb NOT NULL\n);',
      fixed: 'CREATE TABLE events (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    payload jsonb NOT NULL\n);',
    },
  },
  create(context) {
    return columnTypeVisitors(context, {
      matches: (base) => base === 'json',
      message: (c) => `${c.where} is json: re-parsed on every access, not comparable and not indexable with GIN; use jsonb unless the exact text must be kept.`,
      // Not preferred: jsonb drops duplicate keys, key order and whitespace.
      replacements: (c) => [{ title: 'Use jsonb', text: `jsonb${arraySuffix(c.written ?? '')}` }],
    });
  },
});
