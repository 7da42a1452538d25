// require-concurrent-index-creation: the message names the index and its table; the fix gives a migration
// PostgreSQL runs, read from the tool that runs the file: CONCURRENTLY alone outside transactions, the tool's
// switch when the statement is alone in its part, else a migration of its own (applied and re-analysed here).
import { strict as assert } from 'node:assert';
import { applyFix, analyseInProject, projectFindings, type Files } from './project-helpers';
import { fixed, lintWithRule } from './migration-safety-helpers';

const ID = 'require-concurrent-index-creation';
const TABLE = 'CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL, note text);\n';
const INDEX = 'CREATE INDEX orders_status_idx ON orders (status);';

/** The finding of the rule on `target`, its first fix applied, and the project's findings before and after. */
function fixInProject(files: Files, target: string) {
  const findings = analyseInProject(files, target).filter((f) => f.ruleId === ID);
  assert.equal(findings.length, 1, `one ${ID} finding on ${target}`);
  const fix = findings[0].fixes[0];
  assert.ok(fix, `a fix is offered: ${findings[0].message}`);
  const after = applyFix(files, target, fix);
  return { finding: findings[0], fix, after, before: projectFindings(files), now: projectFindings(after) };
}

/** The rule ids found after the fix, less those found before: a fix must not bring new findings. */
function newFindings(before: readonly string[], now: readonly string[]): string[] {
  const left = before.map((f) => f.split(': ')[1]);
  return now
    .map((f) => f.split(': ')[1])
    .filter((id) => {
      const i = left.indexOf(id);
      if (i < 0) return true;
      left.splice(i, 1);
      return false;
    });
}

function assertFixed(r: ReturnType<typeof fixInProject>): void {
  assert.ok(!r.now.some((f) => f.endsWith(`: ${ID}`)), `the finding is gone: ${r.now.join(', ')}`);
  assert.deepEqual(newFindings(r.before, r.now), [], 'no new finding');
}

describe(ID, () => {
  it('names the index and the table, with the quotes of mixed-case names', () => {
    const [finding] = lintWithRule(ID, 'CREATE INDEX "Orders_status_idx" ON app."Orders" (status);');
    assert.equal(finding.message, 'Building index "Orders_status_idx" on app."Orders" blocks writes to app."Orders" until it is built; use CREATE INDEX CONCURRENTLY.');
    assert.match(lintWithRule(ID, 'CREATE INDEX ON orders (status);')[0].message, /^Building an index on orders blocks writes to orders/);
  });

  it('outside transactions: adds CONCURRENTLY, preferred', () => {
    const findings = lintWithRule(ID, INDEX);
    assert.equal(findings[0].fixes[0].preferred, true);
    assert.equal(fixed(INDEX, findings), 'CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);');
  });

  it('in a BEGIN ... COMMIT block of a file run as psql runs it: moves it after the COMMIT', () => {
    const sql = `BEGIN;\n${INDEX}\nALTER TABLE orders ADD COLUMN total numeric;\nCOMMIT;\n`;
    const findings = lintWithRule(ID, sql);
    assert.match(findings[0].message, /use CREATE INDEX CONCURRENTLY after the COMMIT of its BEGIN \.\.\. COMMIT block/);
    assert.equal(fixed(sql, findings), 'BEGIN;\nALTER TABLE orders ADD COLUMN total numeric;\nCOMMIT;\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n');
    assert.deepEqual(lintWithRule('ban-concurrent-index-creation-in-transaction', fixed(sql, findings)), []);
  });

  it('a file linted alone in a transaction of its tool: says where it must go, and offers no fix', () => {
    const [finding] = lintWithRule(ID, INDEX, { assumeInTransaction: true });
    assert.match(finding.message, /in a migration your tool runs without a transaction \(the configuration says every file runs in one transaction \(assumeInTransaction\), and CONCURRENTLY cannot run inside a transaction block\)\.$/);
    assert.deepEqual(finding.fixes, []);
  });

  it('goose: -- +goose NO TRANSACTION when the index is the migration, else a migration of its own', () => {
    const base = { 'db/00001_orders.sql': `-- +goose Up\n${TABLE}` };
    const alone = fixInProject({ ...base, 'db/00002_index.sql': `-- +goose Up\n${INDEX}\n\n-- +goose Down\nDROP INDEX orders_status_idx;\n` }, 'db/00002_index.sql');
    assert.match(alone.finding.message, /in a migration of its own that starts with -- \+goose NO TRANSACTION \(goose runs each migration in a transaction/);
    assert.equal(alone.after['db/00002_index.sql'], '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n\n-- +goose Down\nDROP INDEX orders_status_idx;\n');
    assertFixed(alone);

    const mixed = fixInProject({ ...base, 'db/00002_index.sql': `-- +goose Up\nALTER TABLE orders ADD COLUMN total numeric;\n${INDEX}\n` }, 'db/00002_index.sql');
    assert.equal(mixed.fix.title, 'Move it, with CONCURRENTLY, to a new migration 00003_create_index_orders_status_idx_concurrently.sql');
    assert.equal(mixed.after['db/00002_index.sql'], '-- +goose Up\nALTER TABLE orders ADD COLUMN total numeric;\n');
    assert.equal(
      mixed.after['db/00003_create_index_orders_status_idx_concurrently.sql'],
      '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n\n-- +goose Down\nDROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;\n',
    );
    assertFixed(mixed);
  });

  it('dbmate: transaction:false on a section holding only the index, else a new timestamped migration', () => {
    const base = { 'db/migrations/20240101000000_orders.sql': `-- migrate:up\n${TABLE}\n-- migrate:down\nDROP TABLE orders;\n` };
    const alone = fixInProject({ ...base, 'db/migrations/20240102000000_index.sql': `-- migrate:up\n${INDEX}\n\n-- migrate:down\nDROP INDEX orders_status_idx;\n` }, 'db/migrations/20240102000000_index.sql');
    assert.equal(alone.after['db/migrations/20240102000000_index.sql'].split('\n').slice(0, 2).join('\n'), '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);');
    assertFixed(alone);

    const mixed = fixInProject({ ...base, 'db/migrations/20240102235959_index.sql': `-- migrate:up\n${INDEX}\nALTER TABLE orders ADD COLUMN total numeric;\n\n-- migrate:down\nALTER TABLE orders DROP COLUMN total;\n` }, 'db/migrations/20240102235959_index.sql');
    assert.deepEqual(Object.keys(mixed.after).filter((p) => !(p in base) && !p.endsWith('235959_index.sql')), ['db/migrations/20240103000000_create_index_orders_status_idx_concurrently.sql']);
    assert.match(mixed.after['db/migrations/20240103000000_create_index_orders_status_idx_concurrently.sql'], /^-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY/);
    assertFixed(mixed);
  });

  it('Prisma: a migration folder whose migration.sql holds only the index', () => {
    const files = {
      'prisma/migrations/20240101000000_init/migration.sql': TABLE,
      'prisma/migrations/20240102000000_index/migration.sql': `ALTER TABLE orders ADD COLUMN total numeric;\n${INDEX}\n`,
    };
    const r = fixInProject(files, 'prisma/migrations/20240102000000_index/migration.sql');
    assert.match(r.finding.message, /in a migration folder of its own whose migration\.sql holds only that statement \(Prisma sends the file as one multi-statement script/);
    assert.deepEqual(r.fix.newFiles, [{ path: '../20240102000001_create_index_orders_status_idx_concurrently/migration.sql', text: 'CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n' }]);
    assertFixed(r);
  });

  it('golang-migrate: an .up.sql / .down.sql pair holding only the index', () => {
    const files = { 'm/000001_init.up.sql': TABLE, 'm/000001_init.down.sql': 'DROP TABLE orders;\n', 'm/000002_index.up.sql': `${INDEX}\nANALYZE orders;\n`, 'm/000002_index.down.sql': 'DROP INDEX orders_status_idx;\n' };
    const r = fixInProject(files, 'm/000002_index.up.sql');
    assert.deepEqual(
      r.fix.newFiles?.map((f) => f.path),
      ['000003_create_index_orders_status_idx_concurrently.up.sql', '000003_create_index_orders_status_idx_concurrently.down.sql'],
    );
    assert.equal(r.after['m/000003_create_index_orders_status_idx_concurrently.down.sql'], 'DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;\n');
    assertFixed(r);
  });

  it('Flyway: CONCURRENTLY alone makes Flyway run the migration without a transaction; with other work, V<next>__', () => {
    const base = { 'sql/V1__init.sql': TABLE };
    const alone = fixInProject({ ...base, 'sql/V2__index.sql': `${INDEX}\n` }, 'sql/V2__index.sql');
    assert.equal(alone.after['sql/V2__index.sql'], 'CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n');
    assertFixed(alone);
    const mixed = fixInProject({ ...base, 'sql/V2__index.sql': `ALTER TABLE orders ADD COLUMN total numeric;\n${INDEX}\n` }, 'sql/V2__index.sql');
    assert.deepEqual(mixed.fix.newFiles?.map((f) => f.path), ['V3__create_index_orders_status_idx_concurrently.sql']);
    assertFixed(mixed);
  });

  it('Atlas: -- atlas:txmode none on a file holding only the index', () => {
    const files = { 'migrations/atlas.sum': 'h1:abc=\n', 'migrations/20240101000000_init.sql': TABLE, 'migrations/20240102000000_index.sql': `${INDEX}\n` };
    const r = fixInProject(files, 'migrations/20240102000000_index.sql');
    assert.equal(r.after['migrations/20240102000000_index.sql'], `-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n`);
    assertFixed(r);
    const mixed = fixInProject({ ...files, 'migrations/20240102000000_index.sql': `ALTER TABLE orders ADD COLUMN total numeric;\n${INDEX}\n` }, 'migrations/20240102000000_index.sql');
    assert.equal(mixed.fix.title, 'Move it, with CONCURRENTLY, to a new migration 20240102000001_create_index_orders_status_idx_concurrently.sql (then run atlas migrate hash)');
    assert.equal(mixed.after['migrations/20240102000001_create_index_orders_status_idx_concurrently.sql'], '-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n');
    assertFixed(mixed);
  });

  it('Liquibase: runInTransaction:false on a changeset holding only the index, else a changeset of its own', () => {
    const base = { 'db/001-orders.sql': `-- liquibase formatted sql\n-- changeset ann:1\n${TABLE}` };
    const r = fixInProject({ ...base, 'db/002-index.sql': `-- liquibase formatted sql\n-- changeset ann:2\n${INDEX}\n` }, 'db/002-index.sql');
    assert.match(r.finding.message, /in a changeset of its own with runInTransaction:false \(Liquibase runs each changeset in a transaction/);
    assert.equal(r.after['db/002-index.sql'], '-- liquibase formatted sql\n-- changeset ann:2 runInTransaction:false\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n');
    assertFixed(r);
    const mixed = `-- liquibase formatted sql\n-- changeset ann:2\n${INDEX}\nALTER TABLE orders ADD COLUMN total numeric;\n-- changeset ann:3\nALTER TABLE orders ADD COLUMN paid boolean;\n`;
    const m = fixInProject({ ...base, 'db/002-index.sql': mixed }, 'db/002-index.sql');
    assert.equal(
      m.after['db/002-index.sql'],
      `-- liquibase formatted sql\n-- changeset ann:2\nALTER TABLE orders ADD COLUMN total numeric;\n-- changeset ann:2-concurrently runInTransaction:false\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n\n-- changeset ann:3\nALTER TABLE orders ADD COLUMN paid boolean;\n`,
    );
    assertFixed(m);
  });

  it('Hasura: says the index cannot be built concurrently in its migrations, and offers no fix', () => {
    const files = { 'hasura/migrations/default/1700000000000_init/up.sql': TABLE, 'hasura/migrations/default/1700000000001_index/up.sql': `${INDEX}\nANALYZE orders;\n` };
    const [finding] = analyseInProject(files, 'hasura/migrations/default/1700000000001_index/up.sql').filter((f) => f.ruleId === ID);
    assert.match(finding.message, /outside Hasura's migrations/);
    assert.deepEqual(finding.fixes, []);
  });
});
