// Hover markdown over real parsed documents.
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../core/parse/document';
import { statementHover } from '../../../core/hover/statement-hover';
import { DEFAULT_CONFIG } from '../../../core/config/config';

const settings = { postgresVersion: 16, assumeInTransaction: false };

function hoverAt(text: string, marker: string, overrides: Partial<typeof settings> = {}): string | undefined {
  const document = parseDocument(text, 'file:///m/001.sql');
  return statementHover(document, text.indexOf(marker), { ...settings, ...overrides });
}

describe('statement hover', () => {
  it('ALTER TABLE ADD COLUMN with a volatile default: ACCESS EXCLUSIVE and a rewrite', () => {
    const md = hoverAt('ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();', 'ADD');
    assert.ok(md);
    assert.match(md, /\*\*ACCESS EXCLUSIVE\*\* on `orders`: blocks reads and writes while it runs; rewrites the table/);
    assert.match(md, /Can run inside a transaction block\./);
    assert.match(md, /\[ALTER TABLE\]\(https:\/\/www\.postgresql\.org\/docs\/16\/sql-altertable\.html\)/);
  });

  it('CREATE INDEX: SHARE blocks writes, not reads; held until commit inside a transaction', () => {
    const text = 'BEGIN;\nCREATE INDEX orders_customer_idx ON orders (customer_id);\nCOMMIT;';
    const md = hoverAt(text, 'INDEX');
    assert.match(md ?? '', /\*\*SHARE\*\* on `orders`: blocks writes \(not reads\) until commit; scans the whole table/);
    assert.match(md ?? '', /docs\/16\/sql-createindex\.html/);
  });

  it('CONCURRENTLY: cannot run in a transaction block', () => {
    const md = hoverAt('CREATE INDEX CONCURRENTLY i ON orders (a);', 'CONCURRENTLY');
    assert.match(md ?? '', /\*\*SHARE UPDATE EXCLUSIVE\*\*/);
    assert.match(md ?? '', /\*\*Cannot run inside a transaction block\.\*\*/);
  });

  it('foreign keys name the referenced table too, and the docs of the configured version', () => {
    const md = hoverAt('ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;', 'FOREIGN', { postgresVersion: 9 });
    assert.match(md ?? '', /\*\*SHARE ROW EXCLUSIVE\*\* on `customers` \(referenced table\)/);
    assert.match(md ?? '', /docs\/9\.6\/sql-altertable\.html/);
  });

  it('tables created earlier in the file are marked new', () => {
    const md = hoverAt('CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int;', 'ADD');
    assert.match(md ?? '', /created earlier in this file/);
  });

  it('SELECT says ACCESS SHARE briefly, on its first word only (not on its columns and tables)', () => {
    const md = hoverAt('SELECT * FROM orders;', 'SELECT');
    assert.match(md ?? '', /^\*\*ACCESS SHARE\*\* on `orders`: conflicts only with ACCESS EXCLUSIVE/);
    assert.equal(hoverAt('SELECT * FROM orders;', 'orders'), undefined);
    assert.match(hoverAt('UPDATE orders SET a = 1;', 'orders') ?? '', /ROW EXCLUSIVE\*\* on `orders`/, 'a write says its locks anywhere in it');
  });

  it('nothing for statements without table locks, gaps between statements, or syntax errors', () => {
    assert.equal(hoverAt('SET lock_timeout = 1000;', 'lock'), undefined);
    assert.equal(hoverAt('SELECT 1;\n\n-- note\nSELECT 2;', 'note'), undefined);
    assert.equal(hoverAt('ALTER TABLE orders ADD COLUMN;', 'ADD'), undefined);
    assert.equal(statementHover(parseDocument(''), 0, DEFAULT_CONFIG), undefined);
  });
});
