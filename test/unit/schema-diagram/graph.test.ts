// The schema diagram's model from real SQL through the real parser and catalog: key flags, cardinality, served
// keys, partitions folded into their parent, views' reads, the badges the schema rules would report, what two
// points of a history differ in, the history of each table, focus, and both layouts (ELK's and the quick one).
import { strict as assert } from 'node:assert';
import ELK from 'elkjs/lib/elk.bundled.js';
import { buildCatalog } from '../../../core/catalog/workspace-catalog';
import { lintDocument } from '../../../core/lint';
import { parseDocument } from '../../../core/parse/document';
import { initParser } from '../../../core/parse/parser';
import { compareGraphs, changeCounts } from '../../../core/schema-diagram/compare';
import { graphFromCatalog } from '../../../core/schema-diagram/from-catalog';
import type { SchemaGraph } from '../../../core/schema-diagram/graph';
import { gridLayout, layoutGraph, rowY, type Box, type Layout } from '../../../core/schema-diagram/layout';
import { findNode, focusOn, neighbourhood } from '../../../core/schema-diagram/neighbourhood';
import { filesSchemaGraph } from '../../../core/schema-diagram/project-graph';
import { renderSvg } from '../../../core/schema-diagram/render-svg';

const SHOP = `
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, feeling mood);
CREATE TABLE profiles (customer_id bigint PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE, bio text);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  coupon_id bigint,
  placed_at timestamptz NOT NULL
);
CREATE TABLE coupons (id bigint PRIMARY KEY, code text);
ALTER TABLE orders ADD CONSTRAINT orders_coupon_fk FOREIGN KEY (coupon_id) REFERENCES coupons (id);
CREATE INDEX orders_customer_idx ON orders (customer_id, placed_at);
CREATE TABLE audit_log (at timestamptz, what text);
CREATE INDEX audit_at ON audit_log (at);
CREATE INDEX audit_at_what ON audit_log (at, what);
CREATE VIEW big_spenders AS SELECT c.id, c.email FROM customers c JOIN orders o ON o.customer_id = c.id;
CREATE TABLE events (id bigint, at timestamptz NOT NULL, customer_id bigint, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE events_2024 ADD CONSTRAINT events_2024_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
`;

function graphOf(sql: string): SchemaGraph {
  const { catalog } = buildCatalog([{ path: 'schema.sql', text: sql }]);
  return graphFromCatalog(catalog, { source: { kind: 'workspace', label: 'schema.sql' } });
}

const node = (g: SchemaGraph, id: string) => {
  const n = g.nodes.find((x) => x.id === id);
  assert.ok(n, `${id} is drawn`);
  return n;
};

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function assertNoOverlap(layout: Layout): void {
  const boxes = [...layout.nodes];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) assert.ok(!overlaps(boxes[i][1], boxes[j][1]), `${boxes[i][0]} overlaps ${boxes[j][0]}`);
}

describe('schema diagram: the graph', () => {
  before(() => initParser());

  it('marks keys, uniqueness, indexed columns and enum types on each column', () => {
    const g = graphOf(SHOP);
    const customers = node(g, 'public.customers');
    const col = (name: string) => customers.columns.find((c) => c.name === name)!;
    assert.deepEqual([col('id').primaryKey, col('id').notNull, col('id').indexed], [true, true, true]);
    assert.deepEqual([col('email').unique, col('email').notNull, col('email').indexed], [true, true, true]);
    assert.equal(col('feeling').enumType, 'public.mood');
    assert.deepEqual(node(g, 'public.mood').labels, ['happy', 'sad']);
    const orders = node(g, 'public.orders');
    assert.deepEqual(orders.columns.filter((c) => c.foreignKey).map((c) => c.name), ['customer_id', 'coupon_id']);
    assert.equal(orders.columns.find((c) => c.name === 'placed_at')!.indexed, false, 'second key column of an index: not a lookup by itself');
  });

  it('draws each foreign key once, with cardinality, optionality and whether an index serves it', () => {
    const g = graphOf(SHOP);
    const edge = (from: string, columns: string) => g.edges.find((e) => e.from === from && e.fromColumns.join() === columns)!;
    const byCustomer = edge('public.orders', 'customer_id');
    assert.deepEqual([byCustomer.to, byCustomer.cardinality, byCustomer.optional, byCustomer.indexed], ['public.customers', 'many-to-one', false, true]);
    const byCoupon = edge('public.orders', 'coupon_id');
    assert.deepEqual([byCoupon.cardinality, byCoupon.optional, byCoupon.indexed, byCoupon.name], ['many-to-one', true, false, 'orders_coupon_fk']);
    const profile = edge('public.profiles', 'customer_id');
    assert.deepEqual([profile.cardinality, profile.onDelete, profile.toColumns], ['one-to-one', 'cascade', ['id']]);
  });

  it('folds partitions into their parent, keys declared on a partition included', () => {
    const g = graphOf(SHOP);
    assert.equal(g.nodes.some((n) => n.id === 'public.events_2024'), false);
    const events = node(g, 'public.events');
    assert.equal(events.kind, 'partitioned-table');
    assert.deepEqual(events.partitions?.map((p) => p.name), ['events_2024']);
    assert.match(events.partitioning ?? '', /^RANGE \(at\)$/);
    assert.ok(g.edges.some((e) => e.from === 'public.events' && e.to === 'public.customers'), 'the partition\'s key is drawn from the parent');
    assert.ok(events.columns.find((c) => c.name === 'customer_id')!.foreignKey);
  });

  it('draws the tables a view reads', () => {
    const g = graphOf(SHOP);
    assert.deepEqual(g.edges.filter((e) => e.kind === 'view-reads').map((e) => e.to).sort(), ['public.customers', 'public.orders']);
    assert.equal(node(g, 'public.big_spenders').kind, 'view');
  });

  it('badges are the schema rules\' findings for the same SQL', () => {
    const g = graphOf(SHOP);
    const lint = lintDocument(parseDocument(SHOP, 'schema.sql'), {});
    const badges = g.nodes.flatMap((n) => n.badges.map((b) => `${b.ruleId}: ${b.message}`)).sort();
    const findings = lint.findings.filter((f) => ['foreign-key-missing-index', 'redundant-index', 'require-primary-key'].includes(f.ruleId)).map((f) => `${f.ruleId}: ${f.message}`).sort();
    assert.deepEqual(badges, findings);
    assert.ok(badges.length >= 3, badges.join('\n'));
    const audit = node(g, 'public.audit_log');
    assert.deepEqual(audit.badges.map((b) => b.ruleId).sort(), ['redundant-index', 'require-primary-key']);
    assert.ok(audit.badges.every((b) => b.location?.file === 'schema.sql'));
  });

  it('compares two points: added, dropped and altered, with what a column was', () => {
    const before = graphOf('CREATE TABLE a (id int PRIMARY KEY, n int, gone text);\nCREATE TABLE old (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);');
    const after = graphOf('CREATE TABLE a (id int PRIMARY KEY, n bigint NOT NULL, fresh text);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);\nCREATE TABLE c (id int PRIMARY KEY, b_id int REFERENCES b);');
    const diff = compareGraphs(before, after);
    assert.deepEqual(changeCounts(diff), { added: 1, dropped: 1, altered: 1 });
    const a = node(diff, 'public.a');
    assert.equal(a.change, 'altered');
    assert.deepEqual(a.columns.map((c) => [c.name, c.change ?? '']), [['id', ''], ['n', 'altered'], ['fresh', 'added'], ['gone', 'dropped']]);
    assert.equal(a.columns.find((c) => c.name === 'n')!.was, 'type integer -> bigint; now NOT NULL');
    assert.equal(node(diff, 'public.old').change, 'dropped');
    assert.equal(node(diff, 'public.c').change, 'added');
    assert.equal(node(diff, 'public.b').change, undefined);
    assert.deepEqual(diff.edges.map((e) => [e.from, e.change ?? '']).sort(), [['public.b', ''], ['public.c', 'added']]);
    assert.deepEqual(diff.compared, { from: 'schema.sql', to: 'schema.sql' });
  });

  it('knows which files created and changed each table, in order, pointing at the statement', () => {
    const files = [
      { path: '001.sql', text: 'CREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE notes (id int);' },
      { path: '002.sql', text: '-- nothing about orders here\nCREATE TABLE customers (id bigint PRIMARY KEY);' },
      { path: '003.sql', text: 'ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers;\nDROP TABLE notes;' },
      { path: '004.sql', text: 'CREATE INDEX ON orders (customer_id);' },
    ];
    const g = filesSchemaGraph(files);
    const orders = node(g, 'public.orders');
    assert.deepEqual(orders.history?.map((l) => l.file), ['001.sql', '003.sql', '004.sql'], 'an index added changes the box (indexed, badge)');
    const third = orders.history![1];
    assert.equal(files[2].text.slice(third.start, third.end), 'orders');
    assert.deepEqual(node(g, 'public.customers').history?.map((l) => l.file), ['002.sql']);
    assert.equal(g.nodes.some((n) => n.id === 'public.notes'), false, 'dropped by 003');
    assert.equal(g.edges.find((e) => e.from === 'public.orders')?.indexed, true);
  });

  it('focuses on a table and its neighbours, finds nodes by name', () => {
    const g = graphOf(SHOP);
    assert.deepEqual([...neighbourhood(g, 'public.coupons', 1)].sort(), ['public.coupons', 'public.orders']);
    assert.deepEqual([...neighbourhood(g, 'public.coupons', 2)].sort(), ['public.big_spenders', 'public.coupons', 'public.customers', 'public.orders']);
    assert.equal(findNode(g, 'ORDERS'), 'public.orders');
    assert.match((findNode(g, 'nope') as { error: string }).error, /no such table/);
    const focused = focusOn(g, 'coupons', 1);
    assert.ok(!('error' in focused));
    assert.deepEqual(focused.nodes.map((n) => n.id), ['public.coupons', 'public.orders']);
  });

  it('lays out with ELK without overlaps, keys leaving and entering at their columns\' rows', async () => {
    const g = graphOf(SHOP);
    const layout = await layoutGraph(g, {}, new ELK());
    assertNoOverlap(layout);
    const edge = g.edges.find((e) => e.from === 'public.orders' && e.fromColumns[0] === 'coupon_id')!;
    const points = layout.edges.get(edge.id)!;
    const from = layout.nodes.get('public.orders')!;
    const to = layout.nodes.get('public.coupons')!;
    assert.ok(Math.abs(points[0].x - (from.x + from.width)) <= 2, 'leaves on the east side');
    assert.ok(Math.abs(points[0].y - (from.y + rowY(node(g, 'public.orders'), {}, 'coupon_id'))) <= 2, 'at the coupon_id row');
    assert.ok(Math.abs(points[points.length - 1].y - (to.y + rowY(node(g, 'public.coupons'), {}, 'id'))) <= 2, 'into the id row');
    // The view's reads are left out unless asked for.
    assert.equal([...layout.edges.keys()].some((id) => id.includes('->')), false);
    const withViews = await layoutGraph(g, { viewEdges: true }, new ELK());
    assert.ok([...withViews.edges.keys()].some((id) => id.includes('->')));
  });

  it('groups schemas and keeps the quick first arrangement free of overlaps too', async () => {
    const g = graphOf('CREATE SCHEMA billing;\nCREATE TABLE accounts (id int PRIMARY KEY);\nCREATE TABLE billing.invoices (id int PRIMARY KEY, account_id int REFERENCES accounts);\n' + Array.from({ length: 30 }, (_, i) => `CREATE TABLE t${i} (id int PRIMARY KEY, account_id int REFERENCES accounts, ${'c text, '.repeat(0)}x${i} text);`).join('\n'));
    const layout = await layoutGraph(g, {}, new ELK());
    assert.deepEqual([...layout.groups.keys()].sort(), ['billing', 'public']);
    assertNoOverlap(layout);
    const quick = gridLayout(g, {});
    assert.equal(quick.nodes.size, g.nodes.length);
    assertNoOverlap(quick);
    const billing = quick.groups.get('billing')!;
    const invoices = quick.nodes.get('billing.invoices')!;
    assert.ok(invoices.x >= billing.x && invoices.y >= billing.y && invoices.x + invoices.width <= billing.x + billing.width && invoices.y + invoices.height <= billing.y + billing.height, 'inside its schema');
  });

  it('renders names as text: markup in a name stays characters', async () => {
    const g = graphOf(`CREATE TABLE "<img src=x onerror=alert(1)>" (id int PRIMARY KEY, "</text><script>x</script>" text);\nCOMMENT ON TABLE "<img src=x onerror=alert(1)>" IS '"><b>';`);
    const svg = renderSvg(g, await layoutGraph(g, {}, new ELK()), {});
    assert.doesNotMatch(svg, /<img|<script|<b>/);
    assert.match(svg, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(svg, /&lt;\/text&gt;&lt;script&gt;/);
  });
});
