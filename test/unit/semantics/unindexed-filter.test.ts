// unindexed-filter-on-large-table: tables above the row threshold (by the database's estimate) whose filter and
// join columns no index leads with. Never from DDL alone; configurable threshold; documented examples hold.
import { strict as assert } from 'node:assert';
import type { Catalog } from '../../../core/catalog/catalog';
import { mergeCatalogs } from '../../../core/catalog/merge';
import { buildCatalog } from '../../../core/catalog/workspace-catalog';
import { DEFAULT_CONFIG, parseConfig, type Config } from '../../../core/config/config';
import { knownRuleIds } from '../../../core/config/discover';
import { parseDocument } from '../../../core/parse/document';
import { schemaFindings } from '../../../core/semantics/diagnostics';
import { SchemaLookup } from '../../../core/semantics/lookup';
import { databaseCatalogFrom } from '../../helpers/database-catalog';

const ID = 'unindexed-filter-on-large-table';

const DATABASE = `
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, country text, created_at timestamptz);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text, placed_at timestamptz, note text);
CREATE INDEX orders_status_placed ON orders (status, placed_at);
CREATE INDEX customers_lower_email ON customers (lower(email));
CREATE TABLE events (id bigint, kind text, at timestamptz);
CREATE INDEX events_recent_kind ON events (kind) WHERE at > '2024-01-01';
CREATE TABLE small (id int, code text);
CREATE SCHEMA archive;
CREATE TABLE archive.orders (id bigint, customer_id bigint);
CREATE VIEW big_view AS SELECT * FROM orders;
`;
const ROWS = { customers: 500_000, orders: 3_000_000, events: 200_000, small: 120, big_view: 9_000_000 };
// archive.orders shares its name with public.orders: give it its own estimate.
const ARCHIVE_ROWS = 1_000_000;

describe('semantics: unindexed-filter-on-large-table', () => {
  let database: Catalog;
  let lookup: SchemaLookup;
  before(() => {
    database = databaseCatalogFrom(DATABASE, ROWS);
    const archive = database.relation({ schema: 'archive', name: 'orders' })!;
    database.putRelation({ ...archive, rowEstimate: ARCHIVE_ROWS });
    lookup = new SchemaLookup([database], undefined, { name: 'prod', catalog: database });
  });

  function check(sql: string, on: SchemaLookup = lookup, config: Config = DEFAULT_CONFIG): string[] {
    return schemaFindings(parseDocument(sql), on, { config })
      .filter((f) => f.ruleId === ID)
      .map((f) => `${sql.slice(f.range.start, f.range.end)} [${f.severity}] ${f.message.slice(0, f.message.indexOf(':'))}`);
  }

  it('reports a large table filtered on columns no index leads with, at the table, as info', () => {
    assert.deepEqual(check('SELECT * FROM orders WHERE customer_id = 7;'), [
      'orders [info] "orders" has ~3,000,000 rows in database "prod" and this query filters or joins it on customer_id, but no index starts with customer_id',
    ]);
    assert.deepEqual(check("SELECT c.email FROM customers AS c WHERE c.created_at > now() - interval '1 day' AND c.country IN ('NZ', 'AU');"), [
      'customers [info] "customers" has ~500,000 rows in database "prod" and this query filters or joins it on created_at, country, but no index starts with any of created_at, country',
    ]);
  });

  it('says where to go next', () => {
    const [finding] = schemaFindings(parseDocument('SELECT 1 FROM orders WHERE note = $1;'), lookup).filter((f) => f.ruleId === ID);
    assert.match(finding.message, /"Find indexes for this query" \(a code action here\) or pg-architect advise-indexes/);
    assert.deepEqual(finding.fixes, []);
  });

  it('is silent when an index leads with one of the columns (any method, partial too)', () => {
    assert.deepEqual(check("SELECT * FROM orders WHERE status = 'new' AND customer_id = 7;"), []);
    assert.deepEqual(check('SELECT * FROM orders WHERE id BETWEEN 1 AND 10;'), []);
    assert.deepEqual(check("SELECT * FROM events WHERE kind = 'click';"), []);
  });

  it('does not count a second index column or an expression index for a plain column', () => {
    assert.deepEqual(check('SELECT * FROM orders WHERE placed_at > now();').length, 1);
    assert.deepEqual(check("SELECT * FROM customers WHERE email = 'a@b';").length, 1);
    // A predicate on an expression is not a plain column: not checked at all.
    assert.deepEqual(check("SELECT * FROM customers WHERE lower(email) = 'a@b';"), []);
  });

  it('checks join keys on each side, in UPDATE, DELETE and subqueries', () => {
    assert.deepEqual(check('SELECT * FROM customers c JOIN orders o ON o.customer_id = c.id;').map((f) => f.split(' ')[0]), ['orders']);
    assert.deepEqual(check("UPDATE orders SET note = 'x' WHERE customer_id = 1;").map((f) => f.split(' ')[0]), ['orders']);
    assert.deepEqual(check('DELETE FROM customers WHERE country = $1;').map((f) => f.split(' ')[0]), ['customers']);
    assert.deepEqual(check('SELECT * FROM small s WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = s.id AND o.note = s.code);').map((f) => f.split(' ')[0]), ['orders']);
  });

  it('finds the right table reference: schema-qualified, aliased, self-joined', () => {
    assert.deepEqual(check('SELECT * FROM archive.orders WHERE customer_id = 1;'), [
      'orders [info] "orders" has ~1,000,000 rows in database "prod" and this query filters or joins it on customer_id, but no index starts with customer_id',
    ]);
    const sql = 'SELECT * FROM orders a JOIN orders b ON b.note = a.note;';
    const findings = schemaFindings(parseDocument(sql), lookup).filter((f) => f.ruleId === ID);
    assert.deepEqual(findings.map((f) => sql.slice(f.range.start, f.range.end + 2)), ['orders a', 'orders b']);
  });

  it('leaves alone small tables, views, unfiltered scans, patterns and OR', () => {
    assert.deepEqual(check("SELECT * FROM small WHERE code = 'x';"), []);
    assert.deepEqual(check('SELECT * FROM big_view WHERE customer_id = 1;'), []);
    assert.deepEqual(check('SELECT count(*) FROM orders;'), []);
    assert.deepEqual(check("SELECT * FROM orders WHERE note LIKE 'a%' OR note IS NULL;"), []);
    assert.deepEqual(check('SELECT * FROM orders WHERE customer_id = 1 OR note = $1;'), []);
  });

  it('never reports from DDL alone, nor without a database', () => {
    const ddlOnly = new SchemaLookup([buildCatalog([{ path: 'file:///ws/V1.sql', text: DATABASE }]).catalog]);
    assert.deepEqual(check('SELECT * FROM orders WHERE customer_id = 7;', ddlOnly), []);
    // Row estimates without the lookup knowing a database: still nothing (the check runs with a database only).
    assert.deepEqual(check('SELECT * FROM orders WHERE customer_id = 7;', new SchemaLookup([database])), []);
  });

  it('counts an index a pending migration adds, through the merged catalog', () => {
    const workspace = buildCatalog([{ path: 'file:///ws/V9.sql', text: `${DATABASE}\nCREATE INDEX orders_customer ON orders (customer_id);` }]).catalog;
    const merged = new SchemaLookup([mergeCatalogs(database, workspace)], undefined, { name: 'prod', catalog: database });
    assert.deepEqual(check('SELECT * FROM orders WHERE customer_id = 7;', merged), []);
  });

  it('takes its threshold and severity from pg-architect.json', () => {
    const parsed = parseConfig(JSON.stringify({ rules: { [ID]: { severity: 'hint', minRows: 5_000_000 } } }), knownRuleIds());
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(check('SELECT * FROM orders WHERE customer_id = 7;', lookup, parsed.config), []);
    const low = parseConfig(JSON.stringify({ rules: { [ID]: { severity: 'hint', minRows: 100 } } }), knownRuleIds()).config;
    assert.deepEqual(check("SELECT * FROM small WHERE code = 'x';", lookup, low).map((f) => f.split(' ').slice(0, 2).join(' ')), ['small [hint]']);
    const onlyThreshold = parseConfig(JSON.stringify({ rules: { [ID]: { minRows: 100 } } }), knownRuleIds()).config;
    assert.deepEqual(check("SELECT * FROM small WHERE code = 'x';", lookup, onlyThreshold).map((f) => f.split(' ').slice(0, 2).join(' ')), ['small [info]']);
    const off = parseConfig(JSON.stringify({ rules: { [ID]: 'off' } }), knownRuleIds()).config;
    assert.deepEqual(check('SELECT * FROM orders WHERE customer_id = 7;', lookup, off), []);
  });

  it('reports bad options as configuration problems', () => {
    const { problems, config } = parseConfig(JSON.stringify({ rules: { [ID]: { severity: 'loud', minRows: -1, maxRows: 3 }, 'unknown-table': { minRows: 5 } } }), knownRuleIds());
    assert.deepEqual(problems.map((p) => p.message), [
      `Rule "${ID}": "severity" must be "off", "error", "warning", "info" or "hint", got "loud"`,
      `Rule "${ID}": "minRows" must be an integer of at least 0, got -1`,
      `Rule "${ID}": unknown option "maxRows" (it takes "severity", "minRows")`,
      'Rule "unknown-table": unknown option "minRows" (it takes "severity")',
    ]);
    assert.deepEqual(config.rules, {});
    assert.equal(config.ruleOptions, undefined);
  });

  it('can be silenced with an ignore comment', () => {
    assert.deepEqual(check(`-- pg-architect-ignore ${ID} -- nightly report\nSELECT * FROM orders WHERE customer_id = 7;`), []);
  });
});
