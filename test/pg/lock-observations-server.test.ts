// The lock knowledge against a real server's locks on the whole migration corpus (scripts/lock-observations.ts
// --db, docs/lock-observations-pg15.md): each project applied to a database of its own on a throwaway cluster,
// migrations committed one by one as their tools run them. Same verdict as on the embedded PostgreSQL 18: no lock
// understated but the recorded one (dropping a foreign key also locks the referenced table ACCESS EXCLUSIVE; the
// constraint's kind is not in the statement), no rewrite and no whole-table read the knowledge does not predict.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { observeCorpus } from '../../scripts/lock-observations';
import { startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';

const CORPUS = join(__dirname, '../../../shared/corpus/migrations');

describe('corpus: predicted locks against a PostgreSQL server', function () {
  this.timeout(600_000);
  let cluster: TestCluster | undefined;

  before(async function () {
    if (!existsSync(CORPUS)) skipOrFail(this, `the shared corpus is not at ${CORPUS}`);
    const started = await startCluster();
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started as TestCluster;
  });
  after(() => cluster?.stop());

  it('understates no lock but the recorded one over every project; rewrites and whole-table reads all predicted', async () => {
    const projects = readdirSync(CORPUS).filter((d) => !d.startsWith('.')).sort();
    const { comparisons, postgres, serverMajor } = await observeCorpus(projects, cluster!.url());
    assert.equal(serverMajor, cluster!.version, postgres);
    const understated = comparisons.filter((c) => c.verdict === 'observed-stronger').map((c) => `${c.file}:${c.line} ${c.relation} ${c.predicted} -> ${c.observed}`);
    assert.deepEqual(understated, ['synmetrix__synmetrix/1630757657444_set_fk_public_explorations_team_id/up.sql:1 public.teams SHARE ROW EXCLUSIVE -> ACCESS EXCLUSIVE']);
    const seen = comparisons.filter((c) => c.verdict === 'agree' || c.verdict === 'observed-weaker');
    assert.ok(seen.length > 500, `${seen.length} comparisons could be seen (locks committed per migration, not all held by one transaction)`);
    assert.ok(seen.filter((c) => c.verdict === 'agree').length / seen.length > 0.95, 'where the lock can be seen, the prediction is the lock taken');
    assert.deepEqual(comparisons.filter((c) => !c.rewritePredicted && c.rewriteObserved).map((c) => `${c.file}:${c.line}`), [], 'no rewrite goes unpredicted');
    assert.deepEqual(comparisons.filter((c) => !c.scanPredicted && c.scanObserved).map((c) => `${c.file}:${c.line} ${c.kind}`), [], 'no whole-table read goes unpredicted');
    // The scratch databases are gone.
    assert.equal(cluster!.psql("SELECT count(*) FROM pg_database WHERE datname LIKE 'pga_lock_observations_%'").trim(), '0');
  });
});
