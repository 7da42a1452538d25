// foreign-key-missing-index, redundant-index and foreign-key-type-mismatch over a workspace's migration sequence:
// core's WorkspaceCatalog applies the files in order, and the checks judge each file's objects against the catalog
// after the last one, with the per-file rules' own analysis. A later index resolves a finding, a later DROP INDEX
// brings it back, pairs across files are found, and each finding sits on the file that creates the object.
import { strict as assert } from 'node:assert';
import { WorkspaceCatalog } from '../../../core/catalog/workspace-catalog';
import { applyEdits } from '../../../core/fixes';
import { lintText, type Finding } from '../../../core/lint';
import { parseDocument } from '../../../core/parse/document';
import { CROSS_FILE_RULE_IDS, crossFileFindings, dynamicDdlNames } from '../../../core/semantics/cross-file-checks';
import { findingKind } from '../../../core/rules/catalog';
import type { Severity } from '../../../core/rules/types';

/** Each rule at its default severity (the framework's choice when the configuration says nothing). */
const defaultSeverity = (id: string): Severity | undefined => findingKind(id)?.defaultSeverity;

/** Files in migration order (name -> SQL); the findings of each file, as `file: covered text: message`. */
function workspaceFindings(files: Readonly<Record<string, string>>): string[] {
  const list = Object.entries(files).map(([path, text]) => ({ path: `file:///ws/${path}`, text }));
  const workspace = new WorkspaceCatalog();
  workspace.setFiles(list);
  const order = list.map((f) => f.path);
  const opaque = new Set(list.flatMap((f) => dynamicDdlNames(parseDocument(f.text, f.path))));
  return list.flatMap((f) =>
    crossFileFindings(parseDocument(f.text, f.path), { catalog: workspace.catalog, file: f.path, files: order, opaque }, defaultSeverity).map(
      (x) => `${f.path.slice('file:///ws/'.length)}: ${f.text.slice(x.range.start, x.range.end)}: ${x.ruleId}: ${x.message}`,
    ),
  );
}

function findingsOf(files: Readonly<Record<string, string>>, file: string): { text: string; findings: Finding[] } {
  const list = Object.entries(files).map(([path, text]) => ({ path: `file:///ws/${path}`, text }));
  const workspace = new WorkspaceCatalog();
  workspace.setFiles(list);
  const target = list.find((f) => f.path === `file:///ws/${file}`)!;
  return { text: target.text, findings: crossFileFindings(parseDocument(target.text, target.path), { catalog: workspace.catalog, file: target.path, files: list.map((f) => f.path) }, defaultSeverity) };
}

const CUSTOMERS = 'CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);\n';
const ORDERS = 'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL REFERENCES customers (id),\n  status text\n);\n';

describe('semantics: cross-file foreign keys, indexes and key types', () => {
  it('a later migration\'s index resolves a foreign key finding; a later DROP INDEX brings it back', () => {
    assert.deepEqual(workspaceFindings({ 'V1__init.sql': CUSTOMERS + ORDERS }), [
      'V1__init.sql: REFERENCES: foreign-key-missing-index: Foreign key orders (customer_id) has no index starting with its columns: deleting from customers scans orders.',
    ]);
    const indexed = { 'V1__init.sql': CUSTOMERS + ORDERS, 'V2__index.sql': 'CREATE INDEX orders_customer_idx ON orders (customer_id, status);\n' };
    assert.deepEqual(workspaceFindings(indexed), []);
    assert.deepEqual(workspaceFindings({ ...indexed, 'V3__drop.sql': 'DROP INDEX orders_customer_idx;\n' }), [
      'V1__init.sql: REFERENCES: foreign-key-missing-index: Foreign key orders (customer_id) has no index starting with its columns: deleting from customers scans orders.',
    ]);
  });

  it('judges a key a later migration adds to an earlier table, and fixes it with an index after the statement', () => {
    const files = {
      'V1__init.sql': CUSTOMERS + 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL);\n',
      'V2__fk.sql': 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)',
    };
    assert.deepEqual(workspaceFindings(files), ['V2__fk.sql: CONSTRAINT: foreign-key-missing-index: Foreign key orders (customer_id) has no index starting with its columns: deleting from customers scans orders.']);
    const { text, findings } = findingsOf(files, 'V2__fk.sql');
    assert.equal(
      applyEdits(text, findings[0].fixes[0].edits).text,
      'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);',
    );
    // The per-file rule cannot see this one: the table is not the file's.
    assert.deepEqual(lintText(files['V2__fk.sql']).findings.filter((f) => CROSS_FILE_RULE_IDS.includes(f.ruleId)), []);
  });

  it('finds redundant indexes across files: the later duplicate, the narrower prefix, never a pair already gone', () => {
    const base = { 'V1__init.sql': CUSTOMERS + 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n' };
    assert.deepEqual(workspaceFindings({ ...base, 'V2__dup.sql': 'CREATE INDEX orders_customer_again ON orders (customer_id);\n' }), [
      'V2__dup.sql: CREATE INDEX orders_customer_again ON orders (customer_id);: redundant-index: index orders_customer_again on orders has the same key as index orders_customer_idx: one of them is redundant.',
    ]);
    assert.deepEqual(workspaceFindings({ ...base, 'V2__wide.sql': 'CREATE INDEX orders_customer_status ON orders (customer_id, status);\n' }), [
      'V1__init.sql: CREATE INDEX orders_customer_idx ON orders (customer_id);: redundant-index: index orders_customer_idx on orders (customer_id) is a prefix of index orders_customer_status (customer_id, status), which serves the same lookups.',
    ]);
    assert.deepEqual(workspaceFindings({ ...base, 'V2__pk.sql': 'CREATE UNIQUE INDEX customers_id_idx ON customers (id);\n' }), [
      'V2__pk.sql: CREATE UNIQUE INDEX customers_id_idx ON customers (id);: redundant-index: unique index customers_id_idx on customers has the same key as primary key customers_pkey: one of them is redundant.',
    ]);
    assert.deepEqual(workspaceFindings({ ...base, 'V2__dup.sql': 'CREATE INDEX orders_customer_again ON orders (customer_id);\n', 'V3__drop.sql': 'DROP INDEX orders_customer_idx;\n' }), []);
    // Different predicates, methods or schemas are different indexes.
    assert.deepEqual(workspaceFindings({ ...base, 'V2__partial.sql': 'CREATE INDEX orders_open ON orders (customer_id) WHERE status IS NULL;\nCREATE INDEX orders_hash ON orders USING hash (customer_id);\n' }), []);
  });

  it('compares key types across files, fixing the column where this file declares it', () => {
    const files = { 'V1__customers.sql': CUSTOMERS, 'V2__orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id integer REFERENCES customers);\nCREATE INDEX ON orders (customer_id);\n' };
    assert.deepEqual(workspaceFindings(files), [
      'V2__orders.sql: integer: foreign-key-type-mismatch: orders.customer_id is integer but references customers.id (bigint): it overflows once customers ids outgrow integer; use bigint.',
    ]);
    const { text, findings } = findingsOf(files, 'V2__orders.sql');
    assert.equal(applyEdits(text, findings[0].fixes[0].edits).text, files['V2__orders.sql'].replace('customer_id integer', 'customer_id bigint'));
    // The column is another file's: the finding is on the key, without a fix.
    const altered = { 'V1__init.sql': CUSTOMERS + 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id uuid);\nCREATE INDEX ON orders (customer_id);\n', 'V2__fk.sql': 'ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;\n' };
    assert.deepEqual(findingsOf(altered, 'V2__fk.sql').findings.map((f) => [f.ruleId, f.fixes.length]), [['foreign-key-type-mismatch', 0]]);
    assert.deepEqual(workspaceFindings({ 'V1__c.sql': 'CREATE TABLE c (id integer PRIMARY KEY);\n', 'V2__o.sql': 'CREATE TABLE o (c_id bigint REFERENCES c);\nCREATE INDEX ON o (c_id);\n' }), []);
  });

  it('leaves alone tables whose DDL runs in DO blocks or routine bodies (the catalog cannot follow it)', () => {
    const files = {
      'V1__init.sql': CUSTOMERS + ORDERS,
      'V2__do.sql': "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'o_c') THEN CREATE INDEX o_c ON orders (customer_id); END IF; END $$;\n",
    };
    assert.deepEqual(workspaceFindings(files), []);
  });
});
