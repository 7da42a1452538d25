// Find references and rename on real parsed SQL: a small workspace of migrations (each read against the catalog
// around it, as the server does) and query files (read against the final catalog plus their own DDL), and one
// pg_dump schema from the corpus. Renames are applied to the texts and checked by parsing and resolving again.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from '../../../core/catalog/catalog';
import { applyDocument } from '../../../core/catalog/ddl/apply';
import { WorkspaceCatalog } from '../../../core/catalog/workspace-catalog';
import { parseDocument, type SqlDocument } from '../../../core/parse/document';
import { SchemaLookup } from '../../../core/semantics/lookup';
import type { Occurrence, SchemaSymbol } from '../../../core/semantics/occurrences';
import { findOccurrences, joinRefusal, parseNewName, renameConflict, renameRefusal, renameText, symbolAt } from '../../../core/semantics/references';
import { workspaceSymbols } from '../../../core/semantics/workspace-symbols';

const MIGRATIONS: Record<string, string> = {
  'V1__init.sql': `CREATE SCHEMA billing;
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, name text);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  status text NOT NULL DEFAULT 'new',
  total numeric CHECK (total >= 0),
  UNIQUE (customer_id, status)
);
CREATE TABLE "Orders" (id int, status text);
CREATE INDEX orders_status_idx ON orders (status) INCLUDE (total);
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE billing.invoices (id bigint, order_id bigint, feeling mood);
`,
  'V2__more.sql': `ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'open', ADD CONSTRAINT orders_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE customers RENAME COLUMN name TO full_name;
COMMENT ON COLUMN orders.status IS 'Where the order is.';
COMMENT ON TABLE orders IS 'Orders.';
GRANT SELECT (id, status) ON orders TO PUBLIC;
CREATE FUNCTION order_count(c bigint) RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM orders WHERE customer_id = c $$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE orders SET status = 'touched' WHERE id = NEW.id;
  EXECUTE 'SELECT status FROM orders';
  RETURN NEW;
END $$;
CREATE TRIGGER orders_touch AFTER UPDATE OF status ON orders FOR EACH ROW WHEN (NEW.status <> OLD.status) EXECUTE FUNCTION touch();
CREATE FUNCTION quoted_body() RETURNS void LANGUAGE plpgsql AS 'BEGIN UPDATE orders SET note = ''x''; END';
`,
};
const QUERIES: Record<string, string> = {
  'reports.sql': `SELECT o.id, o.status, c.email FROM orders o JOIN customers c ON c.id = o.customer_id;
SELECT orders.status, "Orders".status FROM orders, "Orders" WHERE orders.id = 1;
SELECT id FROM orders JOIN customers ON true;
WITH recent AS (SELECT id, status FROM orders) SELECT recent.status FROM recent;
INSERT INTO orders AS t (id, customer_id, status) VALUES (1, 2, 'new') ON CONFLICT (id) DO UPDATE SET status = excluded.status RETURNING t.status;
UPDATE orders SET status = 'paid' WHERE status = 'new';
SELECT order_count(1), now(), 'happy'::mood;
SET search_path = billing;
SELECT i.id FROM invoices i;
`,
};

interface File {
  readonly path: string;
  readonly text: string;
  readonly document: SqlDocument;
  readonly lookup: SchemaLookup;
}

/** The workspace as the server reads it: migrations in order, each against its catalogs; queries against the final one. */
function workspace(migrations: Record<string, string>, queries: Record<string, string>): File[] {
  const ws = new WorkspaceCatalog();
  const paths = Object.keys(migrations).sort();
  ws.setFiles(paths.map((path) => ({ path, text: migrations[path] })));
  const files: File[] = paths.map((path) => ({
    path,
    text: migrations[path],
    document: parseDocument(migrations[path], path),
    lookup: new SchemaLookup([ws.catalogAfter(path)!, ws.catalogBefore(path)!]),
  }));
  for (const [path, text] of Object.entries(queries)) {
    const document = parseDocument(text, path);
    const own = (ws.catalog as Catalog).clone();
    applyDocument(own, document, path);
    files.push({ path, text, document, lookup: new SchemaLookup([own, ws.catalog]) });
  }
  return files;
}

/** Each occurrence as `file:line written[ decl]` (lines 1-based). */
function describe_(files: readonly File[], symbol: SchemaSymbol): string[] {
  return files.flatMap((f) =>
    findOccurrences(f.document, f.lookup, symbol).map((o) => `${f.path}:${f.document.lines.positionAt(o.range.start).line + 1} ${f.text.slice(o.range.start, o.range.end)}${o.declaration ? ' decl' : ''}`),
  );
}

/** The symbol at the `|` in `marked` (a line of one of the files). */
function cursor(files: readonly File[], path: string, marked: string): { file: File; offset: number } {
  const file = files.find((f) => f.path === path)!;
  const at = file.text.indexOf(marked.replace('|', ''));
  assert.ok(at >= 0, `${marked} in ${path}`);
  return { file, offset: at + marked.indexOf('|') };
}

function symbolUnder(files: readonly File[], path: string, marked: string): SchemaSymbol {
  const { file, offset } = cursor(files, path, marked);
  const at = symbolAt(file.document, offset, file.lookup);
  assert.ok(at && 'symbol' in at, JSON.stringify(at));
  return at.symbol;
}

function refusalUnder(files: readonly File[], path: string, marked: string): string {
  const { file, offset } = cursor(files, path, marked);
  const at = symbolAt(file.document, offset, file.lookup);
  assert.ok(at, 'a statement');
  if ('refusal' in at) return at.refusal;
  const refusal = renameRefusal(at, file.lookup);
  assert.ok(refusal, `refused: ${JSON.stringify(at)}`);
  return refusal;
}

/** Applies a rename to every file's text (edits from the end so offsets stay valid). */
function renamed(files: readonly File[], symbol: SchemaSymbol, name: string): { texts: Record<string, string>; edited: Map<string, Occurrence[]> } {
  const texts: Record<string, string> = {};
  const edited = new Map<string, Occurrence[]>();
  for (const f of files) {
    const found = findOccurrences(f.document, f.lookup, symbol);
    edited.set(f.path, found);
    let text = f.text;
    for (const o of [...found].sort((a, b) => b.range.start - a.range.start)) text = text.slice(0, o.range.start) + renameText(name, o.body) + text.slice(o.range.end);
    texts[f.path] = text;
  }
  return { texts, edited };
}

/** Token texts of a document, top-level statements only. */
function tokenTexts(text: string): string[] {
  return parseDocument(text).statements.flatMap((s) => s.tokens().map((t) => t.text));
}

describe('semantics: find references across a workspace', () => {
  let files: File[];
  before(() => {
    files = workspace(MIGRATIONS, QUERIES);
  });

  it('finds a table in DDL, queries and routine bodies of every file, not its aliases', () => {
    const orders = symbolUnder(files, 'reports.sql', 'FROM or|ders o JOIN');
    assert.deepEqual(orders, { kind: 'relation', schema: 'public', name: 'orders' });
    assert.deepEqual(describe_(files, orders), [
      'V1__init.sql:3 orders decl',
      'V1__init.sql:11 orders',
      'V2__more.sql:1 orders',
      'V2__more.sql:2 orders',
      'V2__more.sql:4 orders',
      'V2__more.sql:5 orders',
      'V2__more.sql:6 orders',
      'V2__more.sql:7 orders',
      'V2__more.sql:10 orders',
      'V2__more.sql:14 orders',
      'V2__more.sql:15 orders',
      'reports.sql:1 orders',
      'reports.sql:2 orders',
      'reports.sql:2 orders',
      'reports.sql:2 orders',
      'reports.sql:3 orders',
      'reports.sql:4 orders',
      'reports.sql:5 orders',
      'reports.sql:6 orders',
    ]);
  });

  it('tells quoted names from unquoted ones', () => {
    const quoted = symbolUnder(files, 'reports.sql', '"Ord|ers".status FROM');
    assert.deepEqual(quoted, { kind: 'relation', schema: 'public', name: 'Orders' });
    assert.deepEqual(describe_(files, quoted), ['V1__init.sql:10 "Orders" decl', 'reports.sql:2 "Orders"', 'reports.sql:2 "Orders"']);
  });

  it('finds a column through aliases, qualifiers, CTEs, INSERT / UPDATE targets, ON CONFLICT, keys, indexes, COMMENT, GRANT and triggers', () => {
    const status = symbolUnder(files, 'reports.sql', 'SELECT o.id, o.sta|tus');
    assert.deepEqual(status, { kind: 'column', schema: 'public', table: 'orders', name: 'status' });
    assert.deepEqual(describe_(files, status), [
      'V1__init.sql:6 status decl',
      'V1__init.sql:8 status',
      'V1__init.sql:11 status',
      'V2__more.sql:2 status',
      'V2__more.sql:4 status',
      'V2__more.sql:6 status',
      'V2__more.sql:10 status',
      'V2__more.sql:14 status',
      'V2__more.sql:14 status',
      'V2__more.sql:14 status',
      'reports.sql:1 status',
      'reports.sql:2 status',
      'reports.sql:4 status',
      'reports.sql:4 status',
      'reports.sql:5 status',
      'reports.sql:5 status',
      'reports.sql:5 status',
      'reports.sql:5 status',
      'reports.sql:6 status',
      'reports.sql:6 status',
    ]);
    // "Orders".status is another table's column (the string in EXECUTE above is not followed at all).
    assert.deepEqual(describe_(files, { ...status, table: 'Orders' }), ['V1__init.sql:10 status decl', 'reports.sql:2 status']);
  });

  it('counts a table name qualifying a star or standing for the whole row, not an alias doing so', () => {
    const rows = workspace({ 'V1__t.sql': 'CREATE TABLE orders (id int, status text);\n' }, { 'q.sql': 'SELECT orders.*, o.* FROM orders, orders o;\nSELECT row_to_json(orders), row_to_json(o) FROM orders, orders o;\n' });
    const orders = { kind: 'relation', schema: 'public', name: 'orders' } as const;
    assert.deepEqual(describe_(rows, orders), ['V1__t.sql:1 orders decl', 'q.sql:1 orders', 'q.sql:1 orders', 'q.sql:1 orders', 'q.sql:2 orders', 'q.sql:2 orders', 'q.sql:2 orders']);
    assert.match(refusalUnder(rows, 'q.sql', 'o|.* FROM'), /alias of public\.orders/);
  });

  it('finds JOIN ... USING columns for both joined tables, and refuses renaming them', () => {
    const joined = workspace({ 'V1__t.sql': 'CREATE TABLE a (id int, x int);\nCREATE TABLE b (id int, y int);\n' }, { 'q.sql': 'SELECT x, y FROM a JOIN public.b AS bb USING (id);\n' });
    const aId = { kind: 'column', schema: 'public', table: 'a', name: 'id' } as const;
    assert.deepEqual(describe_(joined, aId), ['V1__t.sql:1 id decl', 'q.sql:1 id']);
    assert.deepEqual(describe_(joined, { ...aId, table: 'b' }), ['V1__t.sql:2 id decl', 'q.sql:1 id']);
    const [, query] = joined;
    const found = findOccurrences(query.document, query.lookup, aId);
    assert.match(joinRefusal(aId, found, () => 'q.sql:1') ?? '', /USING \(id\) at q\.sql:1/);
    assert.equal(joinRefusal({ ...aId, name: 'x' }, findOccurrences(query.document, query.lookup, { ...aId, name: 'x' }), () => ''), undefined);
  });

  it('skips unqualified names PostgreSQL would call ambiguous', () => {
    const id = symbolUnder(files, 'reports.sql', 'WHERE orders.i|d = 1');
    assert.ok(!describe_(files, id).includes('reports.sql:3 id'), 'SELECT id FROM orders JOIN customers is ambiguous');
    assert.ok(describe_(files, id).includes('reports.sql:1 id'));
  });

  it('follows RENAME COLUMN: the old name up to it, the new name from it on', () => {
    const old = { kind: 'column', schema: 'public', table: 'customers', name: 'name' } as const;
    assert.deepEqual(describe_(files, old), ['V1__init.sql:2 name decl', 'V2__more.sql:3 name']);
    const renamedColumn = symbolUnder(files, 'V2__more.sql', 'TO full_na|me');
    assert.deepEqual(describe_(files, renamedColumn), ['V2__more.sql:3 full_name decl']);
  });

  it('resolves through the search_path', () => {
    const invoices = symbolUnder(files, 'reports.sql', 'FROM invoi|ces i');
    assert.deepEqual(invoices, { kind: 'relation', schema: 'billing', name: 'invoices' });
    assert.deepEqual(describe_(files, invoices), ['V1__init.sql:13 invoices decl', 'reports.sql:9 invoices']);
  });

  it('finds functions (declaration, calls, trigger) and types (declaration, column types, casts)', () => {
    const count = symbolUnder(files, 'reports.sql', 'SELECT order_co|unt(1)');
    assert.deepEqual(describe_(files, count), ['V2__more.sql:7 order_count decl', 'reports.sql:7 order_count']);
    const touch = symbolUnder(files, 'V2__more.sql', 'EXECUTE FUNCTION to|uch()');
    assert.deepEqual(describe_(files, touch), ['V2__more.sql:8 touch decl', 'V2__more.sql:14 touch']);
    const mood = symbolUnder(files, 'reports.sql', "'happy'::mo|od");
    assert.deepEqual(mood, { kind: 'type', schema: 'public', name: 'mood' });
    assert.deepEqual(describe_(files, mood), ['V1__init.sql:12 mood decl', 'V1__init.sql:13 mood', 'reports.sql:7 mood']);
  });

  it('finds objects in later migrations that drop or rename them (read against the catalog before them)', () => {
    const history = workspace(
      {
        'V1__create.sql': `CREATE TYPE status AS ENUM ('a', 'b');
CREATE TABLE jobs (id int, state status);
CREATE FUNCTION job_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM jobs $$;
CREATE VIEW job_states AS SELECT state FROM jobs;
`,
        'V2__drop.sql': `COMMENT ON FUNCTION job_count() IS 'n';
DROP FUNCTION job_count();
DROP VIEW job_states;
ALTER TABLE jobs RENAME TO tasks;
ALTER TYPE status RENAME TO task_status;
`,
      },
      { 'q.sql': 'SELECT id FROM tasks;\n' },
    );
    const at = (marked: string): SchemaSymbol => symbolUnder(history, 'V1__create.sql', marked);
    assert.deepEqual(describe_(history, at('CREATE FUNCTION job_co|unt')), ['V1__create.sql:3 job_count decl', 'V2__drop.sql:1 job_count', 'V2__drop.sql:2 job_count']);
    assert.deepEqual(describe_(history, at('CREATE VIEW job_st|ates')), ['V1__create.sql:4 job_states decl', 'V2__drop.sql:3 job_states']);
    assert.deepEqual(describe_(history, at('CREATE TABLE jo|bs')), ['V1__create.sql:2 jobs decl', 'V1__create.sql:3 jobs', 'V1__create.sql:4 jobs', 'V2__drop.sql:4 jobs']);
    assert.deepEqual(describe_(history, at('CREATE TYPE sta|tus')), ['V1__create.sql:1 status decl', 'V1__create.sql:2 status', 'V2__drop.sql:5 status']);
    // The new names start at the RENAME.
    assert.deepEqual(describe_(history, { kind: 'relation', schema: 'public', name: 'tasks' }), ['V2__drop.sql:4 tasks decl', 'q.sql:1 tasks']);
    assert.deepEqual(describe_(history, { kind: 'type', schema: 'public', name: 'task_status' }), ['V2__drop.sql:5 task_status decl']);
  });

  it('refuses what cannot be renamed safely, with the reason', () => {
    assert.match(refusalUnder(files, 'reports.sql', 'SEL|ECT o.id'), /SQL keyword/);
    assert.match(refusalUnder(files, 'reports.sql', 'no|w()'), /built-in function/);
    assert.match(refusalUnder(files, 'V2__more.sql', "EXECUTE 'SELECT sta|tus"), /string literals/);
    assert.match(refusalUnder(files, 'reports.sql', 'SELECT o.id, o.status, c|.email'), /alias of public\.customers/);
    assert.match(refusalUnder(files, 'reports.sql', 'SELECT recent.status FROM rec|ent'), /CTE/);
    assert.match(refusalUnder(files, 'reports.sql', 'SELECT i|d FROM orders JOIN'), /ambiguous/);
    assert.match(refusalUnder(files, 'V2__more.sql', 'RETURN N|EW'), /PL\/pgSQL|keyword/);
    const system = workspace({ 'V1__a.sql': 'CREATE TABLE t (id int);\n' }, { 'q.sql': 'SELECT relname FROM pg_catalog.pg_class;\nSELECT oid FROM pg_class;\nSELECT 1::text;\n' });
    assert.match(refusalUnder(system, 'q.sql', 'pg_catalog.pg_cl|ass'), /system object/);
    assert.match(refusalUnder(system, 'q.sql', 'FROM pg_cl|ass;'), /system catalog/);
    assert.match(refusalUnder(system, 'q.sql', '1::te|xt'), /built-in type/);
    const overloads = workspace({ 'V1__f.sql': 'CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\nCREATE FUNCTION f(text) RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;\n' }, { 'q.sql': 'SELECT f(1);\n' });
    assert.match(refusalUnder(overloads, 'q.sql', 'SELECT |f(1)'), /2 overloads/);
  });

  it('checks new names: quoting, length, schema, and names already taken', () => {
    assert.deepEqual(parseNewName('purchases'), { name: 'purchases' });
    assert.deepEqual(parseNewName('"Big ""Orders"""'), { name: 'Big "Orders"' });
    assert.deepEqual(parseNewName('Purchases'), { name: 'Purchases' });
    assert.ok('error' in parseNewName('billing.orders'));
    assert.ok('error' in parseNewName(''));
    assert.ok('error' in parseNewName('x'.repeat(64)));
    assert.equal(renameText('purchases'), 'purchases');
    assert.equal(renameText('Purchases'), '"Purchases"');
    assert.equal(renameText('select'), '"select"');
    assert.equal(renameText("it's"), '"it\'s"');
    assert.equal(renameText("it's", 'single'), '"it\'\'s"');
    const lookup = files[2].lookup;
    const orders = { kind: 'relation', schema: 'public', name: 'orders' } as const;
    assert.match(renameConflict(orders, 'customers', lookup) ?? '', /already exists/);
    assert.match(renameConflict(orders, 'orders_status_idx', lookup) ?? '', /already exists/);
    assert.equal(renameConflict(orders, 'purchases', lookup), undefined);
    assert.match(renameConflict({ kind: 'column', schema: 'public', table: 'orders', name: 'status' }, 'total', lookup) ?? '', /already has a column/);
  });

  it('renames a column in every file: the result parses, resolves to the new name, and nothing else changed', () => {
    const status = { kind: 'column', schema: 'public', table: 'orders', name: 'status' } as const;
    const { texts, edited } = renamed(files, status, 'state');
    const after = workspace(
      Object.fromEntries(Object.keys(MIGRATIONS).map((p) => [p, texts[p]])),
      Object.fromEntries(Object.keys(QUERIES).map((p) => [p, texts[p]])),
    );
    for (const f of after) {
      for (const s of f.document.statements) assert.equal(s.syntaxError, undefined, `${f.path}: ${s.text}`);
      const before = files.find((b) => b.path === f.path)!;
      // Same tokens, except the renamed ones.
      const oldTokens = tokenTexts(before.text);
      const newTokens = tokenTexts(f.text);
      assert.equal(newTokens.length, oldTokens.length, f.path);
      const changed = oldTokens.flatMap((t, i) => (t === newTokens[i] ? [] : [`${t}->${newTokens[i]}`]));
      const renamedHere = edited.get(f.path)!.filter((o) => !o.body).length;
      // Renames inside a routine body change its literal as a whole (checked below).
      assert.deepEqual(changed.filter((c) => !/^[$']/.test(c)), Array(renamedHere).fill('status->state'), f.path);
      // The new column has the old one's occurrences, and the old name none left.
      const state = { ...status, name: 'state' };
      assert.equal(findOccurrences(f.document, f.lookup, state).length, edited.get(f.path)!.length, f.path);
      assert.deepEqual(findOccurrences(f.document, f.lookup, status), [], f.path);
    }
    // The routine body's UPDATE was renamed too, the EXECUTE string was not.
    assert.match(texts['V2__more.sql'], /UPDATE orders SET state = 'touched'/);
    assert.match(texts['V2__more.sql'], /EXECUTE 'SELECT status FROM orders'/);
  });

  it('quotes a new name in a single-quoted routine body with doubled quotes', () => {
    const note = { kind: 'column', schema: 'public', table: 'orders', name: 'note' } as const;
    const { texts } = renamed(files, note, "Bob's Note");
    assert.match(texts['V2__more.sql'], /ADD COLUMN "Bob's Note" text/);
    assert.match(texts['V2__more.sql'], /AS 'BEGIN UPDATE orders SET "Bob''s Note" = ''x''; END'/);
    const reparsed = parseDocument(texts['V2__more.sql']);
    assert.ok(reparsed.statements.every((s) => !s.syntaxError));
  });

  it('lists workspace symbols matching a query, best matches first', () => {
    const catalog = new WorkspaceCatalog();
    catalog.setFiles(Object.keys(MIGRATIONS).sort().map((path) => ({ path, text: MIGRATIONS[path] })));
    const found = workspaceSymbols([catalog.catalog], 'ord');
    assert.deepEqual(found.slice(0, 3).map((s) => `${s.kind} ${s.container}.${s.name}`), ['table public.orders', 'table public.Orders', 'function public.order_count']);
    assert.ok(found.every((s) => /o.*r.*d/i.test(s.name)));
    assert.ok(!found.some((s) => s.name === 'customers'));
    const qualified = workspaceSymbols([catalog.catalog], 'billing.inv');
    assert.deepEqual(qualified.map((s) => `${s.container}.${s.name}`), ['billing.invoices']);
    const [orders] = found;
    assert.equal(orders.location.file, 'V1__init.sql');
    assert.equal(MIGRATIONS['V1__init.sql'].slice(orders.location.range.start, orders.location.range.end), 'orders');
  });
});

const PAGILA = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'dumps', 'devrimgunduz__pagila__structure.sql');

describe('semantics: references in a pg_dump schema (pagila)', function () {
  this.timeout(60_000);
  let files: File[];
  before(function () {
    if (!existsSync(PAGILA)) {
      console.log(`    (skipped: corpus dump ${PAGILA} is absent)`);
      this.skip();
    }
    files = workspace({ 'structure.sql': readFileSync(PAGILA, 'utf8') }, {});
  });

  it('finds public.film in its CREATE TABLE, views, constraints and PL/pgSQL bodies, every range spelling the name', () => {
    const [dump] = files;
    const film = symbolUnder(files, 'structure.sql', 'CREATE TABLE public.fi|lm (');
    assert.deepEqual(film, { kind: 'relation', schema: 'public', name: 'film' });
    const found = findOccurrences(dump.document, dump.lookup, film);
    for (const o of found) assert.equal(dump.text.slice(o.range.start, o.range.end), 'film');
    const statementOf = (o: Occurrence): string => dump.document.statements.find((s) => o.range.start >= s.start && o.range.end <= s.end)!.text;
    assert.equal(found.filter((o) => o.declaration).length, 1);
    assert.ok(found.some((o) => /^CREATE VIEW public\.film_list/.test(statementOf(o))));
    assert.ok(found.some((o) => o.body === 'dollar' && /FUNCTION public\.get_customer_balance/.test(statementOf(o))));
    assert.ok(found.some((o) => /FOREIGN KEY/.test(statementOf(o))));
    // film_actor and film_category are other tables.
    assert.ok(found.every((o) => dump.text[o.range.end] !== '_'));
  });

  it('refuses to rename a column that partitions share (PostgreSQL renames their copies too)', () => {
    const [dump] = files;
    const at = symbolAt(dump.document, dump.text.indexOf('payment_date', dump.text.indexOf('CREATE TABLE public.payment (')), dump.lookup);
    assert.ok(at && 'symbol' in at);
    assert.deepEqual(at.symbol, { kind: 'column', schema: 'public', table: 'payment', name: 'payment_date' });
    assert.match(renameRefusal(at, dump.lookup) ?? '', /partitions or inheritance children/);
  });

  it('renames a column of the dump: the schema still builds, with the column renamed everywhere it was named', () => {
    const [dump] = files;
    const filmId = { kind: 'column', schema: 'public', table: 'film', name: 'film_id' } as const;
    const { texts, edited } = renamed(files, filmId, 'movie_id');
    const count = edited.get('structure.sql')!.length;
    assert.ok(count > 10, `${count} occurrences`);
    const [after] = workspace({ 'structure.sql': texts['structure.sql'] }, {});
    assert.deepEqual(after.document.statements.filter((s) => s.syntaxError).map((s) => s.text), []);
    const film = after.lookup.relation({ schema: 'public', name: 'film' });
    assert.ok(film?.columns.some((c) => c.name === 'movie_id'));
    assert.ok(!film?.columns.some((c) => c.name === 'film_id'));
    // Other tables keep their film_id columns.
    assert.ok(after.lookup.relation({ schema: 'public', name: 'inventory' })?.columns.some((c) => c.name === 'film_id'));
    assert.equal(findOccurrences(after.document, after.lookup, { ...filmId, name: 'movie_id' }).length, count);
    const before = new WorkspaceCatalog();
    before.setFiles([{ path: 'structure.sql', text: dump.text }]);
    const rebuilt = new WorkspaceCatalog();
    rebuilt.setFiles([{ path: 'structure.sql', text: texts['structure.sql'] }]);
    assert.equal(rebuilt.problems().length, before.problems().length);
  });
});
