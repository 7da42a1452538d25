// Hardening, item 1: with standard_conforming_strings = off (database, role or PGOPTIONS) the server reads
// `'a\'` as an unterminated string, so text our parser sees as one SELECT is three statements to it. Nothing a
// user explains may ever run a second statement: each path that sends user SQL is tried against a real server
// with the setting off, and the victim table must survive.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initParser } from '../../core/parse/parser';
import { connectPostgres, type ConnectionOptions } from '../../core/db/postgres-session';
import { runExplain } from '../../core/db/explain-runner';
import { adviseIndexes } from '../../core/advisor/indexes';
import { hasBackslashInPlainString } from '../../core/db/string-reading';
import type { Session } from '../../core/db/session';
import { startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';

const ROOT = join(__dirname, '..', '..');
const ATTACK = `SELECT 'a\\' AS x, ';COMMIT;DROP TABLE victim;--' AS y`;

function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', join(ROOT, 'cli', 'main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('faults: a string the server reads differently never becomes a second statement', function () {
  this.timeout(300_000);
  let cluster: TestCluster | undefined;
  let base: ConnectionOptions;

  before(async function () {
    await initParser();
    const started = await startCluster();
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
    base = { host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password, sslmode: 'disable' };
    // Three ways the setting is off: the database, a role, and (below) PGOPTIONS.
    cluster.psql('CREATE DATABASE scs_db');
    cluster.psql('ALTER DATABASE scs_db SET standard_conforming_strings = off');
    cluster.psql(`CREATE ROLE scs_role LOGIN SUPERUSER PASSWORD '${cluster.password}'`);
    cluster.psql('ALTER ROLE scs_role SET standard_conforming_strings = off');
  });
  after(() => cluster?.stop());

  function victimsLeft(database: string): number {
    return Number(cluster!.psql("SELECT count(*) FROM pg_class WHERE relname = 'victim' AND relkind = 'r'", database).trim());
  }
  function plantVictim(database: string): void {
    cluster!.psql('CREATE TABLE IF NOT EXISTS victim (id int)', database);
  }
  async function connect(extra: Partial<ConnectionOptions>): Promise<Session> {
    const r = await connectPostgres({ ...base, ...extra });
    if ('failure' in r) throw new Error(r.failure.message);
    return r.session;
  }

  it('finds the backslash in a plain literal only (not E strings, dollar quotes or comments)', () => {
    assert.equal(hasBackslashInPlainString(ATTACK), true);
    assert.equal(hasBackslashInPlainString(`SELECT E'a\\'' AS x`), false);
    assert.equal(hasBackslashInPlainString(`SELECT $$a\\$$, 1 -- \\`), false);
    assert.equal(hasBackslashInPlainString(`SELECT N'a\\'`), true);
  });

  for (const way of ['database', 'role'] as const) {
    it(`explain (plain, read-only profile and ANALYZE) and advise-indexes refuse it when the ${way} has the setting off`, async () => {
      const extra: Partial<ConnectionOptions> = way === 'database' ? { database: 'scs_db' } : { database: 'postgres', user: 'scs_role' };
      const database = extra.database!;
      plantVictim(database);
      const session = await connect(extra);
      try {
        for (const request of [{ analyze: false }, { analyze: false, readOnly: true }, { analyze: true }, { analyze: true, readOnly: true }]) {
          const outcome = await runExplain(session, { sql: ATTACK, ...request });
          assert.ok('refused' in outcome, JSON.stringify(outcome));
          assert.match(outcome.refused, /standard_conforming_strings = off/);
          assert.equal(victimsLeft(database), 1, `victim dropped by ${JSON.stringify(request)}`);
        }
        const advice = await adviseIndexes(session, ATTACK);
        assert.match(advice.refused ?? '', /standard_conforming_strings = off/);
        assert.equal(victimsLeft(database), 1);
        // The same statement without a backslash in a plain literal reads alike on both sides: explained.
        const fine = await runExplain(session, { sql: `SELECT E'a\\'' AS x, ';COMMIT;DROP TABLE victim;--' AS y`, analyze: true });
        assert.ok('plan' in fine, JSON.stringify(fine));
        assert.equal(victimsLeft(database), 1);
      } finally {
        await session.close();
      }
    });
  }

  it('the extended protocol is the second wall: the server rejects two statements in one query', async () => {
    plantVictim('scs_db');
    const session = await connect({ database: 'scs_db' });
    try {
      await assert.rejects(session.query(ATTACK), /cannot insert multiple commands into a prepared statement/);
      await assert.rejects(session.query('SELECT 1; DROP TABLE victim'), /cannot insert multiple commands/);
      assert.equal(victimsLeft('scs_db'), 1);
    } finally {
      await session.close();
    }
  });

  it('the CLI (explain, explain --analyze, advise-indexes --db) with the setting off through PGOPTIONS', () => {
    plantVictim('postgres');
    const dir = mkdtempSync(join(tmpdir(), 'pga-scs-'));
    const file = join(dir, 'attack.sql');
    writeFileSync(file, ATTACK + ';\n');
    const env = { PGOPTIONS: '-c standard_conforming_strings=off' };
    for (const args of [['explain', file, '--db', cluster!.url()], ['explain', file, '--analyze', '--db', cluster!.url()], ['advise-indexes', file, '--db', cluster!.url()]]) {
      const r = cli(args, env);
      assert.equal(victimsLeft('postgres'), 1, `${args.join(' ')} dropped the table: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout + r.stderr, /standard_conforming_strings = off/, `${args[0]}: ${r.stdout}${r.stderr}`);
      assert.ok(!(r.stdout + r.stderr).includes(cluster!.password), 'the password was printed');
    }
  });
});
