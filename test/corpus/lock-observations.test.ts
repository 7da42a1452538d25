// The lock knowledge against PostgreSQL's own locks on real migrations (scripts/lock-observations.ts, the table in
// docs/lock-observations.md): no statement kind takes a stronger lock than the rules and hovers say, except the one
// recorded case the knowledge cannot see from the statement alone (dropping a foreign key also takes ACCESS EXCLUSIVE
// on the referenced table; the constraint's kind is not in the statement).
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { observeCorpus } from '../../scripts/lock-observations';
import { skipOrFail } from '../helpers/requirements';

const CORPUS = join(__dirname, '../../../shared/corpus/migrations');

describe('corpus: predicted locks against the embedded PostgreSQL', function () {
  this.timeout(300_000);
  before(function () {
    if (!existsSync(CORPUS)) skipOrFail(this, `the shared corpus is not at ${CORPUS}`);
  });

  it('understates no lock but the recorded one; most predictions are confirmed where they can be seen', async () => {
    const { comparisons } = await observeCorpus(['goharbor__harbor', 'synmetrix__synmetrix', 'documenso__documenso']);
    const understated = comparisons.filter((c) => c.verdict === 'observed-stronger').map((c) => `${c.file}:${c.line} ${c.relation} ${c.predicted} -> ${c.observed}`);
    assert.deepEqual(understated, ['synmetrix__synmetrix/1630757657444_set_fk_public_explorations_team_id/up.sql:1 public.teams SHARE ROW EXCLUSIVE -> ACCESS EXCLUSIVE']);
    const seen = comparisons.filter((c) => c.verdict === 'agree' || c.verdict === 'observed-weaker');
    assert.ok(seen.length > 150, `${seen.length} comparisons could be seen`);
    assert.ok(seen.filter((c) => c.verdict === 'agree').length / seen.length > 0.95, 'where the lock can be seen, the prediction is the lock taken');
    assert.deepEqual(comparisons.filter((c) => !c.rewritePredicted && c.rewriteObserved).map((c) => `${c.file}:${c.line}`), [], 'no rewrite goes unpredicted');
    // Whole-table reads (validations, index builds), from the scan counters: none the knowledge does not predict,
    // and some seen at all (the counters work here).
    assert.deepEqual(comparisons.filter((c) => !c.scanPredicted && c.scanObserved).map((c) => `${c.file}:${c.line} ${c.kind}`), [], 'no whole-table read goes unpredicted');
    assert.ok(comparisons.some((c) => c.scanPredicted && c.scanObserved && !c.rewriteObserved), 'validating or building reads were observed');
  });
});
