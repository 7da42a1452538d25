// Proof against the truth (PostgreSQL 15): every corpus dump is loaded into a real server statement by
// statement, the server's catalog is read back with core's introspection, and it must agree with the
// catalog core builds from the same DDL: every table, column (type, nullability, default), index (keys,
// uniqueness, method, predicate), foreign key and constraint. Statements the server rejects (an extension
// Debian's PostgreSQL 15 lacks, a newer version's syntax) are listed, and left out of both sides.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';
import { agreementLine, catalogTruth, rejectionSummary } from '../helpers/catalog-truth';

const DUMPS = join(__dirname, '../../../shared/corpus/dumps');

describe('catalog from DDL vs PostgreSQL 15, for each corpus dump', function () {
  this.timeout(300_000);
  let cluster: TestCluster | undefined;
  const lines: string[] = [];

  before(async function () {
    if (!existsSync(DUMPS)) skipOrFail(this, `the shared corpus is not at ${DUMPS}`);
    const started = await startCluster();
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
  });

  after(() => {
    cluster?.stop();
    if (lines.length > 0) console.log(`\n      Catalog agreement on PostgreSQL ${cluster?.version ?? ''}:\n${lines.map((l) => `        ${l}`).join('\n')}`);
  });

  const files = existsSync(DUMPS) ? readdirSync(DUMPS).filter((f) => f.endsWith('.sql')).sort() : [];
  files.forEach((file, i) => {
    it(file, async function () {
      if (!cluster) return this.skip();
      const database = `dump_${i}`;
      cluster.psql(`CREATE DATABASE ${database}`);
      const client = new Client({ connectionString: cluster.url(database) });
      await client.connect();
      try {
        const result = await catalogTruth(
          file,
          readFileSync(join(DUMPS, file), 'utf8'),
          async (sql) => void (await client.query(sql)),
          async (sql) => (await client.query(sql)).rows,
        );
        lines.push(agreementLine(file, result));
        for (const reason of rejectionSummary(result.rejected)) lines.push(`  rejected: ${reason}`);
        assert.deepEqual(result.introspectionProblems, []);
        assert.ok(result.statements > result.rejected.length, 'the server accepted the dump');
        assert.deepEqual(result.comparison.differences, [], `${file}: the DDL catalog and the server's catalog differ`);
      } finally {
        await client.end();
      }
    });
  });
});
