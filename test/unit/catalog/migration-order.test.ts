import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { orderMigrations, type MigrationInput } from '../../../core/project/migration-order';

const MIGRATIONS = join(__dirname, '../../../../shared/corpus/migrations');

function corpusProject(name: string): MigrationInput[] {
  const root = join(MIGRATIONS, name);
  const out: MigrationInput[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: `${name}/${relative(root, p).split('\\').join('/')}`, text: readFileSync(p, 'utf8') });
    }
  };
  walk(root);
  // Listing order must not matter.
  return out.reverse();
}

const paths = (inputs: readonly string[]) => orderMigrations(inputs.map((path) => ({ path }))).files.map((f) => f.path);

describe('migration order', () => {
  it('Flyway: versions compare part by part, repeatables after every versioned one, undo ignored', () => {
    const order = orderMigrations(['db/R__views.sql', 'db/V1.10__c.sql', 'db/V1.2__b.sql', 'db/V1__a.sql', 'db/V2_1__d.sql', 'db/U2__undo.sql', 'db/R__a_first.sql'].map((path) => ({ path })));
    assert.deepEqual(order.files.map((f) => f.path), ['db/V1__a.sql', 'db/V1.2__b.sql', 'db/V1.10__c.sql', 'db/V2_1__d.sql', 'db/R__a_first.sql', 'db/R__views.sql']);
    assert.deepEqual(order.ignored.map((i) => i.path), ['db/U2__undo.sql']);
    assert.equal(order.files[2].version, '1.10');
  });

  it('golang-migrate and pop: up files by version, down files and other dialects ignored', () => {
    const order = orderMigrations(['m/10_b.up.sql', 'm/2_a.up.sql', 'm/2_a.down.sql', 'm/3_c.mysql.up.sql', 'm/3_c.postgres.up.sql'].map((path) => ({ path })));
    assert.deepEqual(order.files.map((f) => f.path), ['m/2_a.up.sql', 'm/3_c.postgres.up.sql', 'm/10_b.up.sql']);
    assert.deepEqual(order.ignored.map((i) => i.reason).sort(), ['down migration', 'migration for another database']);
  });

  it('Prisma and Hasura: the folder carries the version', () => {
    assert.deepEqual(paths(['p/20230505_b/migration.sql', 'p/20230404_a/migration.sql', 'h/1628_x/down.sql', 'h/1628_x/up.sql', 'h/999_w/up.sql']), [
      'h/999_w/up.sql',
      'h/1628_x/up.sql',
      'p/20230404_a/migration.sql',
      'p/20230505_b/migration.sql',
    ]);
  });

  it('dbmate and Liquibase files are recognised from their text; other SQL is left out unless configured', () => {
    const order = orderMigrations([
      { path: 'db/migrations/20240102_b.sql', text: '-- migrate:up\ncreate table b (id int);\n-- migrate:down\ndrop table b;' },
      { path: 'db/migrations/20240101_a.sql', text: '-- migrate:up\ncreate table a (id int);' },
      { path: 'changelog/001_init.sql', text: '--liquibase formatted sql\n--changeset me:1\ncreate table c (id int);' },
      { path: 'queries/report.sql', text: 'select 1;' },
    ]);
    assert.deepEqual(order.files.map((f) => [f.path, f.tool]), [
      ['changelog/001_init.sql', 'liquibase'],
      ['db/migrations/20240101_a.sql', 'dbmate'],
      ['db/migrations/20240102_b.sql', 'dbmate'],
    ]);
    assert.deepEqual(order.ignored.map((i) => i.path), ['queries/report.sql']);
  });

  it('sqitch: the plan orders deploy scripts; reworked changes run their tagged script first', () => {
    const plan = [
      '%syntax-version=1.0.0',
      '%project=app',
      '',
      'schema 2020-01-01T00:00:00Z Me <me@example.com> # the schema',
      'users [schema] 2020-01-02T00:00:00Z Me <me@example.com>',
      '@v1.0 2020-01-03T00:00:00Z Me <me@example.com> # release',
      'users [users@v1.0] 2020-01-04T00:00:00Z Me <me@example.com> # reworked',
      'beeeon.functions/create_now_utc 2020-01-05T00:00:00Z Me <me@example.com>',
    ].join('\n');
    const order = orderMigrations([
      { path: 'db/deploy/users.sql' },
      { path: 'db/deploy/users@v1.0.sql' },
      { path: 'db/deploy/schema.sql' },
      { path: 'db/deploy/beeeon.functions/create_now_utc.sql' },
      { path: 'db/deploy/unplanned.sql' },
      { path: 'db/revert/users.sql' },
      { path: 'db/verify/users.sql' },
      { path: 'db/sqitch.plan', text: plan },
    ]);
    assert.deepEqual(order.files.map((f) => f.path), ['db/deploy/schema.sql', 'db/deploy/users@v1.0.sql', 'db/deploy/users.sql', 'db/deploy/beeeon.functions/create_now_utc.sql']);
    assert.deepEqual(order.ignored.map((i) => i.path).sort(), ['db/deploy/unplanned.sql', 'db/revert/users.sql', 'db/verify/users.sql']);
  });

  it('pgArchitect.schemaFiles replaces detection: globs in order, natural order within a glob', () => {
    const order = orderMigrations(['sql/10_views.sql', 'sql/2_tables.sql', 'base.sql', 'notes.sql'].map((path) => ({ path })), { schemaFiles: ['base.sql', 'sql/*.sql'] });
    assert.deepEqual(order.files.map((f) => f.path), ['base.sql', 'sql/2_tables.sql', 'sql/10_views.sql']);
    assert.deepEqual(order.ignored.map((i) => i.path), ['notes.sql']);
  });

  describe('corpus migration folders', function () {
    before(function () {
      if (!existsSync(MIGRATIONS)) this.skip();
    });

    const expectations: Record<string, { tool: string; first: string; last: string; count: number }> = {
      fecgov__openFEC: { tool: 'flyway', first: 'V0000.1__create_roles.sql', last: 'V0038__', count: 42 },
      documenso__documenso: { tool: 'prisma', first: '20230404095503_initial_migration/migration.sql', last: '/migration.sql', count: 50 },
      goharbor__harbor: { tool: 'golang-migrate', first: '0001_initial_schema.up.sql', last: '.up.sql', count: 39 },
      ory__kratos: { tool: 'pop', first: '20150100000001000000_networks.postgres.up.sql', last: '.postgres.up.sql', count: 40 },
      'mckaywrigley__chatbot-ui': { tool: 'supabase', first: '20240108234540_setup.sql', last: '.sql', count: 25 },
      usebasejump__basejump: { tool: 'supabase', first: '20240414161707_basejump-setup.sql', last: 'basejump-billing.sql', count: 4 },
      UPchieve__subway: { tool: 'dbmate', first: '20211026204222_create_upchieve_schema.sql', last: '.sql', count: 50 },
      synmetrix__synmetrix: { tool: 'hasura', first: '1628429118205_create_table_auth_account_providers/up.sql', last: '/up.sql', count: 50 },
    };
    for (const [project, expected] of Object.entries(expectations)) {
      it(`${project}: ${expected.tool}, ${expected.count} files in version order`, () => {
        const order = orderMigrations(corpusProject(project));
        assert.equal(order.files.length, expected.count, JSON.stringify(order.ignored));
        assert.ok(order.files.every((f) => f.tool === expected.tool), JSON.stringify(order.files.map((f) => f.tool)));
        assert.equal(order.files[0].path, `${project}/${expected.first}`);
        assert.ok(order.files[order.files.length - 1].path.includes(expected.last));
        const versions = order.files.map((f) => f.version ?? '');
        for (let i = 1; i < versions.length; i++) {
          const [a, b] = [versions[i - 1].split('.'), versions[i].split('.')];
          const cmp = a.map((p, k) => BigInt(p) - BigInt(b[k] ?? -1)).find((d) => d !== 0n) ?? 0n;
          assert.ok(cmp <= 0n, `${versions[i - 1]} before ${versions[i]}`);
        }
      });
    }

    it('BeeeOn__server-db (sqitch, plan not in the corpus): a plan written for it orders its deploy scripts', () => {
      const inputs = corpusProject('BeeeOn__server-db');
      const plan = ['beeeon/create', 'beeeon.functions/create_now_utc', 'beeeon.gateways/create', 'beeeon.gateways/check_name', 'beeeon.locations/create'].map((c, i) => `${c} 2020-01-0${i + 1}T00:00:00Z Dev <dev@example.com>`).join('\n');
      const order = orderMigrations([...inputs, { path: 'BeeeOn__server-db/sqitch.plan', text: plan }]);
      assert.deepEqual(order.files.map((f) => f.path.replace('BeeeOn__server-db/deploy/', '')), ['beeeon/create.sql', 'beeeon.functions/create_now_utc.sql', 'beeeon.gateways/create.sql', 'beeeon.gateways/check_name.sql', 'beeeon.locations/create.sql']);
      assert.equal(order.ignored.length, inputs.length - 5);
    });
  });
});
