// The diagram's exports: DBML that @dbml/core's parsers accept with the tables, enums and refs of the schema, and a
// Mermaid erDiagram whose every line fits the erDiagram grammar, with an entity per node and a relationship per
// foreign key carrying its cardinality. Graphs come from real DDL through the catalog.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog } from '../../../core/catalog/workspace-catalog';
import { toDbml } from '../../../core/schema-diagram/export/dbml';
import { toMermaid } from '../../../core/schema-diagram/export/mermaid';
import { graphFromCatalog } from '../../../core/schema-diagram/from-catalog';
import type { SchemaGraph } from '../../../core/schema-diagram/graph';
import { entityLabel, expectedRefs, expectedRelationships, foreignKeys, readDbml, readMermaid, tablesOf } from '../../helpers/diagram-formats';

const PAGILA = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'dumps', 'devrimgunduz__pagila__structure.sql');

const SMALL = `
CREATE SCHEMA sales;
CREATE TYPE mood AS ENUM ('happy', 'so sad', 'PG-13', 'it''s', '1', 'pk');
CREATE TYPE sales.status AS ENUM ('open', 'closed');
CREATE TABLE customers (
  id bigint PRIMARY KEY,
  email text NOT NULL UNIQUE,
  mood mood,
  moods mood[],
  created_at timestamp(3) with time zone DEFAULT now(),
  total numeric(10,2),
  bits bit varying(5)
);
COMMENT ON TABLE customers IS 'People who buy; it''s important';
CREATE TABLE profiles (customer_id bigint PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE, bio text);
CREATE TABLE sales.orders (
  id serial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers,
  referrer_id bigint REFERENCES customers (id),
  status sales.status NOT NULL DEFAULT 'open'
);
COMMENT ON TABLE sales.orders IS E'Line one\\nline two \\\\ with a backslash';
CREATE TABLE sales.order_lines (order_id int, line int, PRIMARY KEY (order_id, line), FOREIGN KEY (order_id) REFERENCES sales.orders (id));
CREATE TABLE sales.shipments (order_id int, line int, UNIQUE (order_id, line), FOREIGN KEY (order_id, line) REFERENCES sales.order_lines (order_id, line));
CREATE VIEW sales.big_orders AS SELECT o.id, c.email FROM sales.orders o JOIN customers c ON c.id = o.customer_id;
`;

/** Names PostgreSQL accepts and neither format takes bare: spaces, quotes, %, backslashes, keywords, leading digits, clashes. */
const AWKWARD = `
CREATE SCHEMA "Odd ""Schema""";
CREATE TYPE "say ""hi""" AS ENUM ('say "hi"', 'x y');
CREATE TYPE nothing AS ENUM ();
CREATE TABLE "Odd ""Schema"""."Order Items" ("Item ID" int PRIMARY KEY, "pk" int, "one" text, "100%" int, "back\\slash" int, "Ünïcode" text, "a b" int, a_b int, c "char");
CREATE TABLE "one" ("select" int REFERENCES "Odd ""Schema"""."Order Items", "end" int);
CREATE TABLE "direction" ();
CREATE TABLE "1st" (id int PRIMARY KEY, parent int REFERENCES "1st", other int REFERENCES "1st");
ALTER TABLE "1st" ADD CONSTRAINT again FOREIGN KEY (parent) REFERENCES "1st" (id);
CREATE TABLE "100%" (x int REFERENCES missing (id));
COMMENT ON TABLE "100%" IS '%%{init: {"theme": "dark"}}%% not a directive';
CREATE TABLE sales_orders (x int);
CREATE SCHEMA sales;
CREATE TABLE sales.orders (x int);
`;

function graphOf(sql: string): SchemaGraph {
  const { catalog } = buildCatalog([{ path: 'schema.sql', text: sql }]);
  return graphFromCatalog(catalog, { source: { kind: 'workspace', label: 'schema.sql' } });
}

describe('schema diagram: DBML export', () => {
  it('a small schema: tables, keys, enums, refs with their cardinality, notes and one group per schema', () => {
    const graph = graphOf(SMALL);
    const text = toDbml(graph);
    for (const format of ['dbml', 'dbmlv2'] as const) {
      const model = readDbml(text, format);
      assert.deepEqual([...model.tables.keys()].sort(), ['public.customers', 'public.profiles', 'sales.order_lines', 'sales.orders', 'sales.shipments'], format);
      assert.deepEqual(model.tables.get('public.customers'), [
        'id bigint pk', 'email text not null unique', 'mood mood', 'moods mood[]', 'created_at timestamp(3) with time zone', 'total numeric(10,2)', 'bits bit varying(5)',
      ], format);
      // The enum column names the enum as it is declared (so dbdiagram.io links them).
      assert.deepEqual(model.tables.get('sales.orders'), ['id integer pk', 'customer_id bigint not null', 'referrer_id bigint', 'status sales.status not null'], format);
      assert.deepEqual(model.compositeKeys.get('sales.order_lines'), ['order_id', 'line'], format);
      assert.deepEqual(model.enums.get('public.mood'), ['happy', 'so sad', 'PG-13', "it's", '1', 'pk'], format);
      assert.deepEqual(model.enums.get('sales.status'), ['open', 'closed'], format);
      assert.deepEqual(model.refs, expectedRefs(graph), format);
      assert.deepEqual(model.refs, [
        'public.profiles(customer_id) 1-1 public.customers(id)',
        'sales.orders(customer_id) *-1 public.customers(id)',
        'sales.order_lines(order_id) *-1 sales.orders(id)',
        'sales.orders(referrer_id) *-1 public.customers(id)',
        'sales.shipments(order_id, line) 1-1 sales.order_lines(order_id, line)',
      ].sort(), format);
      assert.equal(model.tableNotes.get('public.customers'), "People who buy; it's important", format);
      assert.equal(model.tableNotes.get('sales.orders'), 'Line one\nline two \\ with a backslash', format);
      assert.deepEqual(model.groups.get('public'), ['public.customers', 'public.profiles'], format);
      assert.deepEqual(model.groups.get('sales'), ['sales.order_lines', 'sales.orders', 'sales.shipments'], format);
    }
    assert.match(text, /Ref: profiles\.customer_id - customers\.id \[delete: cascade\]/);
    assert.match(text, /Ref: sales\.shipments\.\(order_id, line\) - sales\.order_lines\.\(order_id, line\)/);
    assert.match(text, /created_at "timestamp\(3\) with time zone" \[default: `now\(\)`\]/);
    assert.match(text, /^\/\/ view sales\.big_orders \(reads sales\.orders, public\.customers\): left out, DBML has no views$/m);
  });

  it('one schema: no TableGroup', () => {
    const text = toDbml(graphOf(`CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (a_id int REFERENCES a);`));
    assert.doesNotMatch(text, /TableGroup/);
    assert.deepEqual(readDbml(text, 'dbmlv2').refs, ['public.b(a_id) *-1 public.a(id)']);
  });

  it('awkward names are quoted and escaped; what DBML cannot hold is left out with a comment', () => {
    const graph = graphOf(AWKWARD);
    const text = toDbml(graph);
    // The legacy parser has no escape for `"` inside a quoted name: only the current one can read these.
    const model = readDbml(text, 'dbmlv2');
    assert.deepEqual([...model.tables.keys()].sort(), ['Odd "Schema".Order Items', 'public.100%', 'public.1st', 'public.one', 'public.sales_orders', 'sales.orders']);
    assert.deepEqual(model.tables.get('Odd "Schema".Order Items'), [
      'Item ID integer pk', 'pk integer', 'one text', '100% integer', 'back\\slash integer', 'Ünïcode text', 'a b integer', 'a_b integer', 'c "char"',
    ]);
    assert.deepEqual(model.enums.get('public.say "hi"'), ['say "hi"', 'x y']);
    assert.equal(model.tableNotes.get('public.100%'), '%%{init: {"theme": "dark"}}%% not a directive');
    // Two keys on the same columns: the graph draws the key once (DBML would refuse a second Ref).
    assert.equal(graph.edges.filter((e) => e.from === 'public.1st' && e.fromColumns.join() === 'parent').length, 1);
    assert.deepEqual(model.refs, ['public.1st(other) *-1 public.1st(id)', 'public.1st(parent) *-1 public.1st(id)', 'public.one(select) *-1 Odd "Schema".Order Items(Item ID)']);
    assert.match(text, /^\/\/ foreign key 100%_x_fkey public\.100% -> public\.missing: left out, public\.missing is not a table of the export$/m);
    assert.match(text, /^\/\/ table public\.direction: left out, it has no columns$/m);
    assert.match(text, /^\/\/ enum public\.nothing: left out, it has no labels$/m);
    assert.equal(model.groups.size, 3);
  });

  it('the pagila dump: every table, the enum and every foreign key', function () {
    if (!existsSync(PAGILA)) {
      console.log(`    (skipped: corpus dump ${PAGILA} is absent)`);
      this.skip();
    }
    const graph = graphOf(readFileSync(PAGILA, 'utf8'));
    const text = toDbml(graph);
    for (const format of ['dbml', 'dbmlv2'] as const) {
      const model = readDbml(text, format);
      assert.deepEqual([...model.tables.keys()].sort(), tablesOf(graph).map((n) => n.id).sort(), format);
      assert.ok(model.tables.size >= 15, format);
      assert.deepEqual(model.enums.get('public.mpaa_rating'), ['G', 'PG', 'PG-13', 'R', 'NC-17'], format);
      assert.deepEqual(model.refs, expectedRefs(graph), format);
      assert.ok(model.refs.includes('public.film_embedding(film_id) 1-1 public.film(film_id)'), format);
      assert.ok(model.refs.includes('public.film(original_language_id) *-1 public.language(language_id)'), format);
      assert.deepEqual(model.compositeKeys.get('public.payment'), ['payment_id', 'payment_date'], format);
      assert.match(model.tableNotes.get('public.payment') ?? '', /^Partitioned by RANGE \(payment_date\); \d+ partitions, payment_p2022_01 to /, format);
    }
    assert.equal(text.match(/^\/\/ (materialized )?view /gm)?.length, graph.nodes.filter((n) => n.kind === 'view' || n.kind === 'materialized-view').length);
  });
});

describe('schema diagram: Mermaid export', () => {
  it('a small schema: an entity per node, crow\'s feet from each key, dotted reads, attributes in the grammar', () => {
    const graph = graphOf(SMALL);
    const model = readMermaid(toMermaid(graph));
    assert.deepEqual([...model.entities.keys()].sort(), graph.nodes.map(entityLabel).sort());
    assert.equal(model.entities.get('sales.orders'), 'sales_orders');
    assert.equal(model.entities.get('customers'), 'customers');
    assert.deepEqual(model.relationships, expectedRelationships(graph, model));
    assert.deepEqual(model.relationships, [
      'profiles |o--|| customers "customer_id"',
      'sales_orders }o--|| customers "customer_id"',
      'sales_orders }o--o| customers "referrer_id"',
      'sales_order_lines }o--|| sales_orders "order_id"',
      'sales_shipments |o--o| sales_order_lines "order_id, line"',
      'sales_big_orders }o..o{ sales_orders "reads"',
      'sales_big_orders }o..o{ customers "reads"',
    ]);
    assert.deepEqual(model.attributes.get('customers'), [
      'bigint id PK', 'text email UK', 'mood mood', 'mood[] moods', 'timestamp(3)_with_time_zone created_at', 'numeric(10_2) total', 'bit_varying(5) bits',
    ]);
    assert.deepEqual(model.attributes.get('profiles'), ['bigint customer_id PK, FK', 'text bio']);
    assert.deepEqual(model.attributes.get('sales_orders'), ['integer id PK', 'bigint customer_id FK', 'bigint referrer_id FK', 'sales_status status']);
    // Enum labels as attributes, the label itself as comment when it had to change.
    assert.deepEqual(model.attributes.get('mood'), ['label happy', 'label so_sad "so sad"', 'label PG-13', 'label it_s "it\'s"', 'label _1 "1"', 'label _pk "pk"']);
  });

  it('awkward names: unique ids off the keywords, labels and comments keep the real names', () => {
    const graph = graphOf(AWKWARD);
    const text = toMermaid(graph);
    const model = readMermaid(text);
    assert.deepEqual([...model.entities.keys()].sort(), graph.nodes.map(entityLabel).sort());
    assert.ok(model.entities.has("say 'hi' (enum)") && model.entities.has('100pct'));
    assert.equal(model.entities.get('one'), 'one_');
    assert.equal(model.entities.get('direction'), 'direction_');
    assert.equal(model.entities.get('1st'), '_1st');
    assert.notEqual(model.entities.get('sales_orders'), model.entities.get('sales.orders'));
    assert.deepEqual(model.attributes.get(model.entities.get("Odd 'Schema'.Order Items")!), [
      'integer Item_ID PK "Item ID"', 'integer _pk "pk"', 'text one', 'integer _100 "100%"', 'integer back_slash "back\\slash"', 'text n_code "Ünïcode"', 'integer a_b "a b"', 'integer a_b', 'char c',
    ]);
    // Every key drawn, duplicates too; the key to a table outside the diagram is a comment, not an invented entity.
    assert.deepEqual(model.relationships, expectedRelationships(graph, model));
    assert.equal(model.relationships.filter((r) => r.startsWith('_1st ')).length, 2);
    assert.match(text, /^ {2}%% public\.100% -> public\.missing: public\.missing is not in the diagram$/m);
    assert.match(text, /^ {2}%% 100%: % %\{init: \{'theme': 'dark'\}\}% % not a directive$/m);
    // No `%%{` directive can come out of a comment.
    assert.doesNotMatch(text, /%%\{/);
  });

  it('the pagila dump: every node, every key and read, a valid line each', function () {
    if (!existsSync(PAGILA)) {
      console.log(`    (skipped: corpus dump ${PAGILA} is absent)`);
      this.skip();
    }
    const graph = graphOf(readFileSync(PAGILA, 'utf8'));
    const model = readMermaid(toMermaid(graph));
    assert.deepEqual([...model.entities.keys()].sort(), graph.nodes.map(entityLabel).sort());
    assert.deepEqual(model.relationships, expectedRelationships(graph, model));
    assert.equal(model.relationships.filter((r) => r.includes('--')).length, foreignKeys(graph).length);
    assert.ok(model.relationships.includes('film_embedding |o--|| film "film_id"'));
    assert.ok(model.relationships.includes('film }o--o| language "original_language_id"'));
    assert.ok(model.relationships.includes('film_actor }o--|| actor "actor_id"'));
    assert.deepEqual(model.attributes.get('mpaa_rating'), ['label G', 'label PG', 'label PG-13', 'label R', 'label NC-17']);
    assert.equal(model.entities.get('payment (partitioned)'), 'payment');
    assert.equal(model.entities.get('actor_info (view)'), 'actor_info');
  });
});
