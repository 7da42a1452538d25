// The database catalog merged with the workspace's: the database's records win, the workspace adds what the
// database lacks (pending migrations), columns are the union, and nothing the database has is removed.
import { strict as assert } from 'node:assert';
import type { Catalog, CatalogView } from '../../../core/catalog/catalog';
import { mergeCatalogs } from '../../../core/catalog/merge';
import { buildCatalog } from '../../../core/catalog/workspace-catalog';
import { parseDocument } from '../../../core/parse/document';
import { schemaFindings } from '../../../core/semantics/diagnostics';
import { SchemaLookup } from '../../../core/semantics/lookup';
import { databaseCatalogFrom } from '../../helpers/database-catalog';

const DATABASE = `
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, legacy_flag boolean);
CREATE TABLE audit_log (id bigint, happened_at timestamptz);
CREATE INDEX customers_email_idx ON customers (email);
CREATE FUNCTION score(p int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE SEQUENCE tickets;
CREATE POLICY own ON customers USING (true);
`;
// The workspace: the same customers as an older migration wrote it, plus migrations not applied yet.
const WORKSPACE = `
CREATE TABLE customers (id bigint PRIMARY KEY, email varchar(200) NOT NULL);
ALTER TABLE customers ADD COLUMN nickname text;
ALTER TABLE customers DROP COLUMN email;
CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);
CREATE INDEX customers_email_idx ON customers (nickname);
CREATE INDEX customers_nickname_idx ON customers (nickname);
CREATE FUNCTION score(p int) RETURNS bigint LANGUAGE sql AS 'SELECT 2';
CREATE FUNCTION score(p text) RETURNS int LANGUAGE sql AS 'SELECT 3';
CREATE TYPE mood AS ENUM ('meh');
CREATE SCHEMA reporting;
CREATE POLICY own ON customers USING (false);
CREATE POLICY admins ON customers USING (true);
`;

describe('catalog: database merged with the workspace', () => {
  let database: Catalog;
  let workspace: CatalogView;
  let merged: Catalog;
  before(() => {
    database = databaseCatalogFrom(DATABASE, { customers: 250_000, audit_log: 10 });
    workspace = buildCatalog([{ path: 'file:///ws/V1__init.sql', text: WORKSPACE }]).catalog;
    merged = mergeCatalogs(database, workspace);
  });

  it('keeps the database’s record of a table both have, with the workspace’s extra columns appended', () => {
    const customers = merged.relation({ schema: 'public', name: 'customers' })!;
    assert.equal(customers.rowEstimate, 250_000);
    // email is the database's text (the workspace dropped it, the database still has it); nickname is pending.
    assert.deepEqual(customers.columns.map((c) => `${c.name} ${c.type}`), ['id bigint', 'email text', 'legacy_flag boolean', 'nickname text']);
  });

  it('points the database’s records at where the workspace defines them (go to definition)', () => {
    const customers = merged.relation({ schema: 'public', name: 'customers' })!;
    assert.equal(customers.location?.file, 'file:///ws/V1__init.sql');
    assert.deepEqual(customers.columns.map((c) => c.location !== undefined), [true, false, false, true]);
    assert.equal(merged.relation({ schema: 'public', name: 'audit_log' })?.location, undefined);
    assert.ok(merged.index({ schema: 'public', name: 'customers_email_idx' })?.location);
    assert.deepEqual(merged.index({ schema: 'public', name: 'customers_email_idx' })?.keys.map((k) => k.column), ['email']);
  });

  it('adds what only the workspace has and keeps what only the database has', () => {
    assert.ok(merged.relation({ schema: 'public', name: 'invoices' })?.location);
    assert.ok(merged.relation({ schema: 'public', name: 'audit_log' }));
    assert.ok(merged.schema('reporting'));
    assert.deepEqual(merged.indexesOf({ schema: 'public', name: 'customers' }).map((i) => `${i.name} ${i.keys.map((k) => k.column).join(',')}`).sort(), [
      'customers_email_idx email',
      'customers_nickname_idx nickname',
      'customers_pkey id',
    ]);
    assert.deepEqual(merged.resolveFunctions('score').map((f) => `${f.arguments[0].type} -> ${f.returnType}`).sort(), ['integer -> integer', 'text -> integer']);
    const mood = merged.resolveType('mood');
    assert.deepEqual(mood?.kind === 'enum' ? mood.labels : [], ['happy', 'sad']);
    assert.ok(merged.sequence({ schema: 'public', name: 'tickets' }));
    assert.deepEqual(merged.policiesOf({ schema: 'public', name: 'customers' }).map((p) => `${p.name} ${p.using?.text}`).sort(), ['admins true', 'own true']);
  });

  it('changes neither input', () => {
    assert.equal(database.relation({ schema: 'public', name: 'invoices' }), undefined);
    assert.equal(database.relation({ schema: 'public', name: 'customers' })?.columns.length, 3);
    assert.equal(workspace.relation({ schema: 'public', name: 'audit_log' }), undefined);
  });

  it('makes unknown-table and unknown-column consider both, and say so', () => {
    const lookup = new SchemaLookup([merged], undefined, { name: 'prod', catalog: database });
    const check = (sql: string): string[] => schemaFindings(parseDocument(sql), lookup).filter((f) => f.ruleId.startsWith('unknown')).map((f) => f.message);
    assert.deepEqual(check('SELECT legacy_flag, nickname, email FROM customers; SELECT happened_at FROM audit_log; SELECT customer_id FROM invoices;'), []);
    assert.deepEqual(check('SELECT nicknam FROM customers; SELECT * FROM invoice;'), [
      'Column "nicknam" does not exist in the tables in scope (customers). Did you mean "nickname"?',
      'Table "invoice" does not exist in the database "prod" or the workspace schema. Did you mean "invoices"?',
    ]);
    assert.ok(lookup.fromDatabase({ schema: 'public', name: 'audit_log' }));
    assert.ok(!lookup.fromDatabase({ schema: 'public', name: 'invoices' }));
  });
});
