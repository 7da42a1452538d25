import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../core/parse/document';
import { closestName, editDistance } from '../../../core/semantics/did-you-mean';
import { documentOutline, foldingRanges } from '../../../core/semantics/outline';

describe('semantics: outline, folding and did-you-mean', () => {
  it('lists what a file creates, tables with their columns, with the name as the selection', () => {
    const text = [
      'CREATE SCHEMA app;',
      'CREATE TABLE app.users (',
      '  id bigint PRIMARY KEY,',
      '  "Email" text',
      ');',
      'CREATE INDEX users_email_idx ON app.users ("Email");',
      'CREATE VIEW active AS SELECT * FROM app.users;',
      'CREATE FUNCTION app.touch(a int, OUT b int) LANGUAGE sql AS $$ SELECT 1 $$;',
      "CREATE TYPE mood AS ENUM ('a');",
      'CREATE SEQUENCE s;',
      'SELECT 1;',
    ].join('\n');
    const document = parseDocument(text);
    const symbols = documentOutline(document);
    assert.deepEqual(symbols.map((s) => [s.kind, s.name, s.detail ?? '', text.slice(s.selectionRange.start, s.selectionRange.end)]), [
      ['schema', 'app', '', 'app'],
      ['table', 'app.users', '', 'app.users'],
      ['index', 'users_email_idx', 'on app.users', 'users_email_idx'],
      ['view', 'active', '', 'active'],
      ['function', 'app.touch', '(int4)', 'touch'],
      ['type', 'mood', 'enum', 'mood'],
      ['sequence', 's', '', 's'],
    ]);
    assert.deepEqual(symbols[1].children.map((c) => [c.name, c.detail]), [['id', 'int8'], ['Email', 'text']]);
  });

  it('folds multi-line statements and runs of line comments', () => {
    const document = parseDocument('-- header\n-- more\n\nCREATE TABLE t (\n  a int\n);\nSELECT 1;\n/* block\n comment */\n');
    assert.deepEqual(foldingRanges(document), [
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 3, endLine: 5 },
      { startLine: 7, endLine: 8, kind: 'comment' },
    ]);
  });

  it('suggests the closest name within a few edits, swaps counting once', () => {
    assert.equal(editDistance('ordres', 'orders'), 1);
    assert.equal(closestName('ordres', ['customers', 'orders']), 'orders');
    assert.equal(closestName('Orders', ['orders']), 'orders');
    assert.equal(closestName('xyz', ['orders']), undefined);
    assert.equal(closestName('id', ['ab', 'ix']), 'ix');
  });
});
