// How each migration tool runs a file, as PostgreSQL sees it, decides the transaction findings: the same
// CREATE INDEX CONCURRENTLY fails under goose's transaction and passes with NO TRANSACTION; Prisma's and
// golang-migrate's multi-statement files are one implicit transaction; down sections are never judged.
import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG } from '../../../core/config/config';
import { analyzeFile } from '../../../core/project/analyze';
import { Project } from '../../../core/project/project';

const TABLE = 'CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL);\n';
const CIC = 'CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n';
const IN_TRANSACTION = 'ban-concurrent-index-creation-in-transaction';

/** A project of the given files; returns the rule ids reported on `target` (and the analysis). */
function analyse(files: Record<string, string>, target: string) {
  const project = new Project('/project', { config: DEFAULT_CONFIG });
  for (const [path, text] of Object.entries(files)) project.setFile(path, path, text);
  project.buildCatalog();
  const analysis = analyzeFile(project, target, { text: files[target] });
  return { ids: analysis.findings.map((f) => f.ruleId), analysis };
}

describe('project: how migration tools run files', () => {
  it('goose: in a transaction unless NO TRANSACTION; the Down section is not judged', () => {
    const base = { 'db/00001_orders.sql': `-- +goose Up\n${TABLE}` };
    const wrapped = `-- +goose Up\n${CIC}-- +goose Down\nDROP TABLE orders;\n`;
    const r = analyse({ ...base, 'db/00002_index.sql': wrapped }, 'db/00002_index.sql');
    assert.equal(r.analysis.role.tool, 'goose');
    assert.ok(r.ids.includes(IN_TRANSACTION), r.ids.join());
    assert.ok(!r.ids.includes('ban-drop-table'), 'the Down section runs only on rollback');
    const free = analyse({ ...base, 'db/00002_index.sql': `-- +goose NO TRANSACTION\n${wrapped}` }, 'db/00002_index.sql');
    assert.ok(!free.ids.includes(IN_TRANSACTION), free.ids.join());
  });

  it('dbmate: transaction:false with several statements is still one implicit transaction', () => {
    const base = { 'db/migrations/20240101000000_orders.sql': `-- migrate:up\n${TABLE}-- migrate:down\nDROP TABLE orders;\n` };
    const one = analyse({ ...base, 'db/migrations/20240102000000_index.sql': `-- migrate:up transaction:false\n${CIC}-- migrate:down\nDROP INDEX orders_status_idx;\n` }, 'db/migrations/20240102000000_index.sql');
    assert.ok(!one.ids.includes(IN_TRANSACTION), one.ids.join());
    const two = analyse({ ...base, 'db/migrations/20240102000000_index.sql': `-- migrate:up transaction:false\n${CIC}ANALYZE orders;\n-- migrate:down\nDROP INDEX orders_status_idx;\n` }, 'db/migrations/20240102000000_index.sql');
    assert.ok(two.ids.includes(IN_TRANSACTION), two.ids.join());
  });

  it('Prisma and golang-migrate: a multi-statement file is one implicit transaction, a one-statement file is not', () => {
    const prisma = { 'prisma/migrations/20240101000000_init/migration.sql': TABLE };
    const alone = analyse({ ...prisma, 'prisma/migrations/20240102000000_index/migration.sql': CIC }, 'prisma/migrations/20240102000000_index/migration.sql');
    assert.equal(alone.analysis.role.tool, 'prisma');
    assert.ok(!alone.ids.includes(IN_TRANSACTION), alone.ids.join());
    const mixed = analyse({ ...prisma, 'prisma/migrations/20240102000000_index/migration.sql': `${CIC}ALTER TABLE orders ADD COLUMN note text;\n` }, 'prisma/migrations/20240102000000_index/migration.sql');
    assert.ok(mixed.ids.includes(IN_TRANSACTION), mixed.ids.join());
    const migrate = analyse({ 'm/1_init.up.sql': TABLE, 'm/2_index.up.sql': `${CIC}ANALYZE orders;\n`, 'm/2_index.down.sql': 'DROP TABLE orders;\n' }, 'm/2_index.up.sql');
    assert.equal(migrate.analysis.role.tool, 'golang-migrate');
    assert.ok(migrate.ids.includes(IN_TRANSACTION), migrate.ids.join());
    const down = analyse({ 'm/1_init.up.sql': TABLE, 'm/1_init.down.sql': 'DROP TABLE orders;\n' }, 'm/1_init.down.sql');
    assert.equal(down.analysis.role.kind, 'down-migration');
    assert.deepEqual(down.ids, [], 'a down migration gets syntax errors only');
  });

  it('Flyway runs a migration holding CONCURRENTLY without a transaction; Atlas and Liquibase follow their directives', () => {
    const flyway = analyse({ 'sql/V1__init.sql': TABLE, 'sql/V2__index.sql': CIC }, 'sql/V2__index.sql');
    assert.equal(flyway.analysis.role.tool, 'flyway');
    assert.ok(!flyway.ids.includes(IN_TRANSACTION), flyway.ids.join());
    const atlas = { 'migrations/atlas.sum': 'h1:abc=\n', 'migrations/20240101000000_init.sql': TABLE };
    const wrapped = analyse({ ...atlas, 'migrations/20240102000000_index.sql': CIC }, 'migrations/20240102000000_index.sql');
    assert.equal(wrapped.analysis.role.tool, 'atlas');
    assert.ok(wrapped.ids.includes(IN_TRANSACTION), wrapped.ids.join());
    const none = analyse({ ...atlas, 'migrations/20240102000000_index.sql': `-- atlas:txmode none\n${CIC}` }, 'migrations/20240102000000_index.sql');
    assert.ok(!none.ids.includes(IN_TRANSACTION), none.ids.join());
    const changelog = `-- liquibase formatted sql\n-- changeset ann:1\n${TABLE}-- changeset ann:2 runInTransaction:false\n${CIC}-- changeset ann:3\n${CIC}`;
    const liquibase = analyse({ 'db/changelog.sql': changelog }, 'db/changelog.sql');
    assert.equal(liquibase.analysis.findings.filter((f) => f.ruleId === IN_TRANSACTION).length, 1, 'only the changeset run in a transaction');
  });

  it('files outside a migration layout: kinds by content and path, each judged by what it is', () => {
    const files = {
      'db/migrations/001_init.sql': TABLE,
      'db/structure.sql': `-- PostgreSQL database dump\n${TABLE}`,
      'queries/report.sql': 'SELECT id FROM orders WHERE status = $1;\n',
      'db/seeds/orders.sql': "INSERT INTO orders (id, status) VALUES (1, 'new');\n",
      'test/orders_test.sql': "BEGIN;\nSELECT plan(1);\nSELECT has_table('orders');\nSELECT * FROM finish();\nROLLBACK;\n",
      'ext/myext--1.0.sql': 'CREATE FUNCTION @extschema@.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n',
    };
    const kinds = Object.keys(files).map((p) => `${p}: ${analyse(files, p).analysis.role.kind}`);
    assert.deepEqual(kinds, [
      'db/migrations/001_init.sql: migration',
      'db/structure.sql: schema-dump',
      'queries/report.sql: query',
      'db/seeds/orders.sql: seed',
      'test/orders_test.sql: test',
      'ext/myext--1.0.sql: extension-script',
    ]);
    // A dump is applied to an empty database: no migration-safety finding there.
    const dump = analyse({ 'db/structure.sql': `-- PostgreSQL database dump\n${TABLE}CREATE INDEX orders_status_idx ON orders (status);\nALTER TABLE orders ADD COLUMN note text NOT NULL;\n` }, 'db/structure.sql');
    assert.deepEqual(dump.analysis.findings.filter((f) => f.category === 'migration-safety'), []);
    // The query file is checked against the migrations' schema.
    const query = analyse({ ...files, 'queries/report.sql': 'SELECT id FROM orderz;\n' }, 'queries/report.sql');
    assert.ok(query.ids.includes('unknown-table'), query.ids.join());
  });
});
