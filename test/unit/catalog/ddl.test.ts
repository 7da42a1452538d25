import { strict as assert } from 'node:assert';
import { buildCatalog, WorkspaceCatalog } from '../../../core/catalog/workspace-catalog';

const build = (sql: string) => buildCatalog([{ path: 'm.sql', text: sql }]);
const table = (sql: string, name: string, schema = 'public') => {
  const t = build(sql).catalog.relation({ schema, name });
  assert.ok(t, `table ${schema}.${name}`);
  return t;
};

describe('catalog from DDL', () => {
  it('folds unquoted names and keeps quoted ones, and resolves through the search_path', () => {
    const { catalog } = build(`CREATE SCHEMA s; SET search_path = s, public; CREATE TABLE Users ("Id" int, Name text); CREATE TABLE public.other (x int);`);
    const users = catalog.relation({ schema: 's', name: 'users' });
    assert.deepEqual(users?.columns.map((c) => c.name), ['Id', 'name']);
    assert.equal(catalog.resolveRelation('USERS', ['s'])?.schema, 's');
    assert.equal(catalog.resolveRelation('"Users"', ['s']), undefined);
    assert.equal(catalog.resolveRelation('other')?.schema, 'public');
    assert.equal(catalog.resolveRelation('s.Users')?.name, 'users');
  });

  it("types in format_type's display form", () => {
    const t = table(`CREATE TYPE mood AS ENUM ('a'); CREATE TABLE t (a int4, b varchar(20), c numeric(10), d timestamptz(3), e char, f double precision, g mood[], h interval day to second, i bit varying(5), j "char", k float(10), l time with time zone)`, 't');
    assert.deepEqual(t.columns.map((c) => c.type), [
      'integer', 'character varying(20)', 'numeric(10,0)', 'timestamp(3) with time zone', 'character(1)', 'double precision', 'public.mood[]',
      'interval day to second', 'bit varying(5)', '"char"', 'real', 'time with time zone',
    ]);
  });

  it('serial columns own a sequence and default to it; identity columns own one too', () => {
    const { catalog } = build(`CREATE TABLE t (id serial PRIMARY KEY, n bigint GENERATED ALWAYS AS IDENTITY)`);
    const t = catalog.relation({ schema: 'public', name: 't' })!;
    assert.deepEqual(t.columns.map((c) => [c.name, c.type, c.notNull, c.default?.text ?? null, c.identity ?? null]), [
      ['id', 'integer', true, "nextval('public.t_id_seq'::regclass)", null],
      ['n', 'bigint', true, null, 'always'],
    ]);
    assert.deepEqual(catalog.sequences().map((s) => [s.name, s.ownedBy?.column]), [['t_id_seq', 'id'], ['t_n_seq', 'n']]);
  });

  it('keeps defaults, checks and predicates as written source text', () => {
    const { catalog } = build(`CREATE TABLE t (a text DEFAULT 'x' NOT NULL, b int DEFAULT (1 + 2) CHECK (b > 0), c timestamptz DEFAULT now() NULL);
      CREATE INDEX t_idx ON t (lower(a) text_pattern_ops, (b::text) DESC) WHERE b > 10 AND a <> '';`);
    const t = catalog.relation({ schema: 'public', name: 't' })!;
    assert.deepEqual(t.columns.map((c) => c.default?.text), ["'x'", '1 + 2', 'now()']);
    assert.deepEqual(t.columns.map((c) => c.notNull), [true, false, false]);
    assert.equal(t.constraints[0].expression?.text, 'b > 0');
    const index = catalog.index({ schema: 'public', name: 't_idx' })!;
    assert.deepEqual(index.keys, [{ expression: { text: 'lower(a)' }, opclass: 'text_pattern_ops' }, { expression: { text: 'b::text' }, descending: true }]);
    assert.equal(index.predicate?.text, "b > 10 AND a <> ''");
  });

  it('foreign keys both ways, and renames that follow them', () => {
    const { catalog } = build(`CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int, a_id int REFERENCES a ON DELETE SET NULL);
      ALTER TABLE a RENAME TO accounts; ALTER TABLE accounts RENAME COLUMN id TO account_id;`);
    const [link] = catalog.referencedBy({ schema: 'public', name: 'accounts' });
    assert.equal(link.table.name, 'b');
    assert.equal(link.constraint.name, 'b_a_id_fkey');
    assert.deepEqual(link.constraint.references?.columns, ['account_id']);
    assert.equal(link.constraint.references?.onDelete, 'set null');
    assert.deepEqual(catalog.foreignKeysOf({ schema: 'public', name: 'b' }).map((l) => l.constraint.references?.table.name), ['accounts']);
  });

  it('drops follow dependencies; IF EXISTS is quiet and a missing object is a problem', () => {
    const { catalog, problems } = build(`CREATE TABLE a (id int PRIMARY KEY, v text); CREATE INDEX ON a (v); CREATE TABLE b (a_id int REFERENCES a);
      ALTER TABLE a DROP COLUMN v; DROP TABLE a CASCADE; DROP TABLE IF EXISTS nothing; DROP TABLE nothing_either;`);
    assert.equal(catalog.relation({ schema: 'public', name: 'a' }), undefined);
    assert.deepEqual(catalog.indexes(), []);
    assert.deepEqual(catalog.relation({ schema: 'public', name: 'b' })?.constraints, []);
    assert.deepEqual(problems.map((p) => p.message), ['table "nothing_either" does not exist']);
  });

  it('reports what PostgreSQL would refuse, with the file and range', () => {
    const sql = 'CREATE TABLE t (id int);\nCREATE TABLE t (id int);\nALTER TABLE missing ADD COLUMN x int;';
    const { problems } = build(sql);
    assert.deepEqual(problems.map((p) => [p.message, sql.slice(p.range.start, p.range.end)]), [
      ['relation "t" already exists', 't'],
      ['relation "missing" does not exist', 'missing'],
    ]);
  });

  it('partitions take the parent columns and indexes; LIKE copies what its options say', () => {
    const { catalog } = build(`CREATE TABLE p (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
      CREATE INDEX ON p (at); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE copy (LIKE p1 INCLUDING DEFAULTS);`);
    const p1 = catalog.relation({ schema: 'public', name: 'p1' })!;
    assert.deepEqual(p1.partitionOf, { schema: 'public', name: 'p' });
    assert.equal(p1.partitionBound, "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
    assert.deepEqual(catalog.indexesOf({ schema: 'public', name: 'p1' }).map((i) => i.name).sort(), ['p1_at_idx', 'p1_pkey']);
    assert.deepEqual(catalog.childrenOf({ schema: 'public', name: 'p' }).map((r) => r.name), ['p1']);
    assert.deepEqual(catalog.relation({ schema: 'public', name: 'copy' })?.columns.map((c) => [c.name, c.notNull]), [['id', true], ['at', true]]);
    assert.deepEqual(catalog.indexesOf({ schema: 'public', name: 'copy' }), []);
  });

  it('records where every object is defined', () => {
    const sql = 'CREATE TABLE orders (\n  id int,\n  total numeric\n);\nCREATE INDEX orders_total ON orders (total);';
    const { catalog } = build(sql);
    const orders = catalog.relation({ schema: 'public', name: 'orders' })!;
    const at = (l: { range: { start: number; end: number } } | undefined) => (l ? sql.slice(l.range.start, l.range.end) : undefined);
    assert.equal(orders.location?.file, 'm.sql');
    assert.equal(at(orders.location), 'orders');
    assert.equal(at(orders.columns[1].location), 'total');
    assert.ok(at(catalog.index({ schema: 'public', name: 'orders_total' })?.location)?.startsWith('CREATE INDEX'));
  });

  it('skips dbmate down sections', () => {
    const { catalog } = build('-- migrate:up\nCREATE TABLE kept (id int);\n-- migrate:down\nDROP TABLE kept;\n');
    assert.ok(catalog.relation({ schema: 'public', name: 'kept' }));
  });

  it('never throws on bad input', () => {
    const { catalog } = build("CREATE TABLE (; ALTER TABLE ONLY; CREATE INDEX ON nowhere (x); SELECT set_config('search_path', 'x', false); CREATE TABLE y (a int);");
    assert.ok(catalog.relation({ schema: 'public', name: 'y' }));
  });

  it('incremental: an edit re-applies from the changed file on', () => {
    const workspace = new WorkspaceCatalog();
    const files = [
      { path: '1.sql', text: 'CREATE TABLE a (id int);' },
      { path: '2.sql', text: 'ALTER TABLE a ADD COLUMN b text;' },
      { path: '3.sql', text: 'CREATE INDEX ON a (b);' },
    ];
    workspace.setFiles(files);
    assert.equal(workspace.lastApplied, 3);
    workspace.updateFile('2.sql', 'ALTER TABLE a ADD COLUMN c text;');
    assert.equal(workspace.lastApplied, 2);
    assert.deepEqual(workspace.catalog.relation({ schema: 'public', name: 'a' })?.columns.map((c) => c.name), ['id', 'c']);
    assert.deepEqual(workspace.problems('3.sql').map((p) => p.message), ['column "b" does not exist']);
    assert.deepEqual(workspace.catalogBefore('2.sql')?.relation({ schema: 'public', name: 'a' })?.columns.map((c) => c.name), ['id']);
    workspace.setFiles([files[0], { path: '2.sql', text: 'ALTER TABLE a ADD COLUMN c text;' }, { path: '3.sql', text: 'CREATE INDEX ON a (c);' }]);
    assert.equal(workspace.lastApplied, 1);
    assert.deepEqual(workspace.problems(), []);
    assert.deepEqual(workspace.catalog.indexes().map((i) => i.name), ['a_c_idx']);
  });

  it('a one-pass run keeps the state after every file: none is rebuilt by applying a file again', () => {
    const files = Array.from({ length: 40 }, (_, i) => ({ path: `${String(i).padStart(2, '0')}.sql`, text: i === 0 ? 'CREATE TABLE a (id int);' : `ALTER TABLE a ADD COLUMN c${i} int;` }));
    const columns = (w: WorkspaceCatalog, path: string): string[] | undefined => w.catalogAfter(path)?.relation({ schema: 'public', name: 'a' })?.columns.map((c) => c.name);
    const everyState = new WorkspaceCatalog({}, true);
    const checkpoints = new WorkspaceCatalog();
    everyState.setFiles(files);
    checkpoints.setFiles(files);
    for (const f of files) assert.deepEqual(columns(everyState, f.path), columns(checkpoints, f.path));
    // Read in order, as the CLI does: the same state each time (kept), where checkpoints rebuild it (a new copy).
    const first = files.map((f) => everyState.catalogAfter(f.path));
    assert.ok(files.every((f, i) => everyState.catalogAfter(f.path) === first[i]));
    const rebuilt = files.map((f) => checkpoints.catalogAfter(f.path));
    assert.ok(files.some((f, i) => checkpoints.catalogAfter(f.path) !== rebuilt[i]));
  });

  it('a one-pass run stops keeping every state once they hold too many relations', () => {
    const files = Array.from({ length: 40 }, (_, i) => ({ path: `${String(i).padStart(2, '0')}.sql`, text: `CREATE TABLE t${i} (id int);` }));
    // 1 + 2 + 3 + 4 + 5 = 15 relations in the first five states: the sixth passes 20, and later states are rebuilt.
    const bounded = new WorkspaceCatalog({}, true, 20);
    bounded.setFiles(files);
    const read = (): (object | undefined)[] => files.map((f) => bounded.catalogAfter(f.path));
    const first = read();
    const second = read();
    assert.ok(first.slice(0, 6).every((c, i) => c === second[i]), 'the first states are kept');
    assert.ok(first.slice(6).some((c, i) => c !== second[i + 6]), 'later ones are rebuilt');
    assert.equal(bounded.catalogAfter('39.sql')?.relationCount, 40);
  });
});
