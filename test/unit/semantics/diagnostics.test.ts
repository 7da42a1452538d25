import { strict as assert } from 'node:assert';
import { buildCatalog } from '../../../core/catalog/workspace-catalog';
import { DEFAULT_CONFIG, parseConfig } from '../../../core/config/config';
import { knownRuleIds } from '../../../core/config/discover';
import { lintText } from '../../../core/lint';
import { parseDocument } from '../../../core/parse/document';
import { applyEdits } from '../../../core/fixes';
import { schemaFindings } from '../../../core/semantics/diagnostics';
import { SchemaLookup } from '../../../core/semantics/lookup';
import { lookupOf, SCHEMA } from './helpers';

let lookup: SchemaLookup;
before(() => {
  lookup = lookupOf();
});

function check(sql: string, on: SchemaLookup = lookup, fresh = true): string[] {
  const document = parseDocument(sql);
  return schemaFindings(document, on, { fresh }).map((f) => `${f.ruleId} ${sql.slice(f.range.start, f.range.end)}: ${f.message}`);
}

describe('semantics: schema-aware diagnostics', () => {
  it('reports unknown tables and columns with the closest name, and a fix that writes it', () => {
    const sql = 'SELECT o.totl, c.emial FROM ordres o JOIN customers c ON c.id = o.customer_id;';
    assert.deepEqual(check(sql), [
      'unknown-column emial: Column "emial" does not exist in "public.customers". Did you mean "email"?',
      'unknown-table ordres: Table "ordres" does not exist in the workspace schema. Did you mean "orders"?',
    ]);
    const fixed = 'SELECT o.totl FROM orders o WHERE o.stauts = \'new\';';
    const document = parseDocument(fixed);
    const findings = schemaFindings(document, lookup);
    assert.deepEqual(findings.map((f) => f.fixes[0]?.title), ['Change to "total"', 'Change to "status"']);
    assert.equal(applyEdits(fixed, findings.flatMap((f) => f.fixes[0].edits)).text, 'SELECT o.total FROM orders o WHERE o.status = \'new\';');
  });

  it('checks INSERT columns and UPDATE targets, and unqualified names against every table in scope', () => {
    assert.deepEqual(check('INSERT INTO orders (customer_id, totl) VALUES (1, 2);'), ['unknown-column totl: Column "totl" does not exist in "public.orders". Did you mean "total"?']);
    assert.deepEqual(check('UPDATE orders SET statuss = \'x\' WHERE id = 1;'), ['unknown-column statuss: Column "statuss" does not exist in "public.orders". Did you mean "status"?']);
    assert.deepEqual(check('SELECT nme FROM orders o, customers c;'), ['unknown-column nme: Column "nme" does not exist in the tables in scope (o, c). Did you mean "name"?']);
    assert.deepEqual(check('DELETE FROM billing.invoice WHERE id = 1;'), ['unknown-table invoice: Table "billing.invoice" does not exist in the workspace schema. Did you mean "invoices"?']);
  });

  it('reports INSERT value lists longer or shorter than the columns, and CREATE INDEX on a missing table', () => {
    assert.deepEqual(check('INSERT INTO orders (customer_id, status) VALUES (1, \'a\'), (2, \'b\', 3), (4);'), [
      'insert-column-count status: INSERT has more target columns (2) than expressions (1).',
      'insert-column-count 3: INSERT has more expressions (3) than target columns (2).',
    ]);
    assert.deepEqual(check('INSERT INTO customers VALUES (1, \'a\', \'b\', \'c\');'), ['insert-column-count \'c\': INSERT has more expressions (4) than target columns (3).']);
    assert.deepEqual(check('INSERT INTO customers VALUES (1, \'a\'); INSERT INTO customers (id) SELECT id, 2 FROM orders; INSERT INTO customers SELECT * FROM customers;'), [
      'insert-column-count 2: INSERT has more expressions (2) than target columns (1).',
    ]);
    assert.deepEqual(check('CREATE INDEX ON order (id); CREATE INDEX i ON orders (status);'), []);
    assert.deepEqual(check('CREATE INDEX i ON ordrs (status);'), ['unknown-table ordrs: CREATE INDEX on table "ordrs", which does not exist in the workspace schema. Did you mean "orders"?']);
  });

  it('never calls unknown: CTEs, temporary and file-created tables, functions, system catalogs, schemas without DDL', () => {
    assert.deepEqual(check([
      'WITH recent AS (SELECT * FROM orders) SELECT recent.total FROM recent;',
      'CREATE TEMP TABLE scratch (a int); SELECT a, b FROM scratch;',
      'CREATE TABLE later (x int); SELECT x FROM later;',
      'SELECT * FROM generate_series(1, 3) AS g(n) WHERE n > 1;',
      'SELECT relname FROM pg_class; SELECT * FROM pg_catalog.pg_namespace; SELECT table_name FROM information_schema.tables;',
      'SELECT * FROM analytics.events;',
      'SELECT * FROM :"table_name";',
      'SELECT :col FROM orders;',
    ].join('\n')), []);
    // A workspace with no tables in the schema: nothing can be called unknown.
    const empty = new SchemaLookup([buildCatalog([{ path: 'x.sql', text: 'CREATE SCHEMA s; CREATE TABLE s.t (a int);' }]).catalog]);
    assert.deepEqual(check('SELECT * FROM whatever; SELECT * FROM s.tt;', empty), ['unknown-table tt: Table "s.tt" does not exist in the workspace schema. Did you mean "t"?']);
    // An extension that creates tables of its own (postgis: spatial_ref_sys) makes its schema untrustworthy.
    const postgis = new SchemaLookup([buildCatalog([{ path: 'x.sql', text: `CREATE EXTENSION postgis; ${SCHEMA}` }]).catalog]);
    assert.deepEqual(check('SELECT * FROM spatial_ref_sys;', postgis), []);
  });

  it('leaves alone what the file itself changes: columns it adds later, tables it recreates, stale catalogs', () => {
    assert.deepEqual(check('SELECT discount FROM orders; ALTER TABLE orders ADD COLUMN discount numeric;'), []);
    assert.deepEqual(check('DROP TABLE customers; CREATE TABLE customers (x int); SELECT email FROM customers;'), []);
    // The catalog predates the file's own ALTER: its tables' columns are not checked until it catches up.
    assert.deepEqual(check('ALTER TABLE orders ADD COLUMN note text; SELECT note2 FROM orders;', lookup, false), []);
    assert.equal(check('ALTER TABLE orders ADD COLUMN note text; SELECT note2 FROM orders;', lookup, true).length, 1);
  });

  it('follows SET search_path and honours ignore comments and rule settings', () => {
    assert.deepEqual(check('SET search_path = billing; SELECT order_id FROM invoices; SELECT * FROM invoice;'), [
      'unknown-table invoice: Table "invoice" does not exist in the workspace schema. Did you mean "invoices"?',
    ]);
    assert.deepEqual(check('-- pg-architect-ignore unknown-table\nSELECT * FROM ordrs;'), []);
    // The linter knows these ids: their ignore comments are neither unknown nor unused.
    assert.deepEqual(lintText('-- pg-architect-ignore unknown-table, unknown-column\nSELECT * FROM ordrs;').findings.filter((f) => f.ruleId === 'unused-ignore'), []);
    assert.deepEqual(parseConfig(JSON.stringify({ rules: { 'unknown-table': 'off', 'unknown-column': 'error', 'insert-column-count': 'hint' } }), knownRuleIds()).problems, []);
    const document = parseDocument('SELECT * FROM ordrs; SELECT nope FROM orders;');
    const config = { ...DEFAULT_CONFIG, rules: { 'unknown-table': 'off' as const, 'unknown-column': 'error' as const } };
    assert.deepEqual(schemaFindings(document, lookup, { config }).map((f) => [f.ruleId, f.severity]), [['unknown-column', 'error']]);
  });
});
