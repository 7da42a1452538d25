import { defineRule } from '../types';
import { typeModifiers } from '../../parse/ast';
import { arraySuffix } from '../helpers/column-defs';
import { columnTypeVisitors } from '../helpers/column-type-rule';

export default defineRule({
  meta: {
    id: 'ban-char-field',
    category: 'schema-design',
    defaultSeverity: 'warning',
    fixable: true,
    scope: 'statement',
    docs: {
      summary: '`char(n)` / `character(n)` columns pad values with spaces and are almost never what was meant.',
      why:
        '`character(n)` (`char(n)`, `bpchar`) pads every value with spaces to n characters, ignores trailing spaces ' +
        'in comparisons but not in `LIKE` or regular expressions, and returns the padding to clients. It is not ' +
        'faster or smaller than `text` in PostgreSQL (it is stored the same way, plus the padding), and a bare ' +
        '`char` is `char(1)`, which silently fails on longer input. (The internal one-byte type `"char"` is a ' +
        'different type and is not reported.)',
      instead:
        'Use `text`, with a `CHECK (char_length(code) = 2)` constraint if the length is a real rule; or `varchar(n)` ' +
        'to keep the length limit as it is.',
      bad: 'CREATE TABLE countries (\n    code char(2) PRIMARY KEY,\n    name text NOT NULL\n);',
      good: 'CREATE TABLE countries (\n    code text PRIMARY KEY CHECK (char_length(code) = 2),\n    name text NOT NULL,\n    kind "char"\n);',
      fixed: 'CREATE TABLE countries (\n    code text PRIMARY KEY,\n    name text NOT NULL\n);',
    },
  },
  create(context) {
    return columnTypeVisitors(context, {
      matches: (base) => base === 'bpchar',
      message: (c) => `${c.where} is ${c.written ?? 'character'}: blank-padded, and no faster than text; use text (with a CHECK on its length if that is a rule).`,
      replacements: (c) => {
        const suffix = arraySuffix(c.written ?? '');
        const n = typeModifiers(c.type)[0];
        return [
          { title: 'Use text', text: `text${suffix}` },
          ...(n !== undefined ? [{ title: `Use varchar(${n})`, text: `varchar(${n})${suffix}` }] : []),
        ];
      },
    });
  },
});
