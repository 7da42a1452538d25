// The type-mismatch check's coercion model against PostgreSQL itself: for every pair of judged types, the model's
// answer (an operator exists / the value can be assigned / the cast exists) must be what the server does with
// typed NULLs - an error "operator does not exist", "column ... is of type ... but expression is of type ...",
// "cannot cast type ...", or success. Unknown-typed literals (NULL, quoted strings) on one side are checked too.
import { strict as assert } from 'node:assert';
import { Client } from 'pg';
import { assignable, comparisonExists, explicitCastExists, judgedTypeNames } from '../../core/knowledge/type-coercion';
import { startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';

const TYPES = judgedTypeNames();
const quoted = (typname: string): string => `pg_catalog."${typname}"`;

describe('type coercion model vs PostgreSQL', function () {
  this.timeout(300_000);
  let cluster: TestCluster | undefined;
  let client: Client;

  before(async function () {
    const started = await startCluster();
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
    client = new Client({ connectionString: cluster.url() });
    await client.connect();
  });
  after(async () => {
    await client?.end();
    cluster?.stop();
  });

  /** The server's error message for a statement, or '' when it runs. */
  async function outcome(sql: string): Promise<string> {
    try {
      await client.query(sql);
      return '';
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  for (const op of ['=', '<>', '<', '>=']) {
    it(`${op}: an operator exists exactly when the model says so (typed and unknown operands)`, async () => {
      const disagreements: string[] = [];
      let refused = 0;
      for (const left of [...TYPES, undefined]) {
        for (const right of [...TYPES, undefined]) {
          if (left === undefined && right === undefined) continue;
          const l = left === undefined ? 'NULL' : `NULL::${quoted(left)}`;
          const r = right === undefined ? 'NULL' : `NULL::${quoted(right)}`;
          const error = await outcome(`SELECT ${l} ${op} ${r}`);
          const missing = /operator does not exist/.test(error);
          if (missing) refused++;
          if (error !== '' && !missing && !/is not unique/.test(error)) disagreements.push(`${l} ${op} ${r}: unexpected error ${error}`);
          // "not unique" is an error too, but not one the check reports: the model must only say "exists".
          if (comparisonExists(op, left, right) === missing) disagreements.push(`${l} ${op} ${r}: model ${!missing ? 'misses' : 'invents'} an operator (${error || 'ok'})`);
        }
      }
      assert.deepEqual(disagreements, []);
      // Both answers occur: the comparison is not vacuous.
      assert.ok(refused > 100 && refused < (TYPES.length + 1) ** 2 - 100, `${refused} pairs refused`);
    });
  }

  it('assignment: a value of each type goes into a column of each type exactly when the model says so', async () => {
    const disagreements: string[] = [];
    for (const target of TYPES) {
      await client.query(`DROP TABLE IF EXISTS target; CREATE TABLE target (c ${quoted(target)})`);
      for (const source of TYPES) {
        const error = await outcome(`INSERT INTO target (c) SELECT NULL::${quoted(source)}`);
        const refused = /is of type .* but expression is of type/.test(error);
        if (error !== '' && !refused) disagreements.push(`${source} -> ${target}: unexpected error ${error}`);
        if (assignable(source, target) === refused) disagreements.push(`${source} -> ${target}: model says ${refused ? 'assignable' : 'refused'} (${error || 'ok'})`);
      }
    }
    assert.deepEqual(disagreements, []);
  });

  it('explicit casts exist exactly when the model says so', async () => {
    const disagreements: string[] = [];
    for (const source of TYPES) {
      for (const target of TYPES) {
        const error = await outcome(`SELECT NULL::${quoted(source)}::${quoted(target)}`);
        const refused = /cannot cast type/.test(error);
        if (error !== '' && !refused) disagreements.push(`${source}::${target}: unexpected error ${error}`);
        if (explicitCastExists(source, target) === refused) disagreements.push(`${source}::${target}: model says ${refused ? 'castable' : 'not castable'}`);
      }
    }
    assert.deepEqual(disagreements, []);
  });
});
