// Proof against the truth on PostgreSQL 18 (PGlite): the dumps that need a newer server than Debian's 15
// (pagila's uuidv7() and VIRTUAL generated columns, transaction_timeout in 17+ dumps) load here, with every
// contrib extension PGlite ships. The server's catalog, read back with core's introspection, must agree with
// the catalog core builds from the statements the server accepted; rejected statements are listed.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Extension } from '@electric-sql/pglite';
import { buildCatalog } from '../../core/catalog/workspace-catalog';
import { skipOrFail } from '../helpers/requirements';
import { agreementLine, catalogTruth, rejectionSummary } from '../helpers/catalog-truth';

const DUMPS = join(__dirname, '../../../shared/corpus/dumps');
const CONTRIB = join(__dirname, '../../node_modules/@electric-sql/pglite/dist/contrib');

/** PGlite's contrib modules for the extensions a dump creates (`uuid-ossp` ships as `uuid_ossp`). */
async function extensionsFor(text: string): Promise<{ extensions: Record<string, Extension>; missing: string[] }> {
  const extensions: Record<string, Extension> = {};
  const missing: string[] = [];
  for (const extension of buildCatalog([{ path: 'dump.sql', text }]).catalog.extensions()) {
    const module = extension.name.replace(/-/g, '_');
    if (extension.name === 'plpgsql') continue;
    if (!existsSync(join(CONTRIB, `${module}.cjs`))) {
      missing.push(extension.name);
      continue;
    }
    const loaded = (await import(`@electric-sql/pglite/contrib/${module}`)) as Record<string, Extension>;
    extensions[module] = loaded[module];
  }
  return { extensions, missing };
}

describe('catalog from DDL vs PGlite (PostgreSQL 18), for each corpus dump', function () {
  this.timeout(300_000);
  const lines: string[] = [];

  before(function () {
    if (!existsSync(DUMPS)) skipOrFail(this, `the shared corpus is not at ${DUMPS}`);
  });

  after(() => {
    if (lines.length > 0) console.log(`\n      Catalog agreement on PGlite:\n${lines.map((l) => `        ${l}`).join('\n')}`);
  });

  const files = existsSync(DUMPS) ? readdirSync(DUMPS).filter((f) => f.endsWith('.sql')).sort() : [];
  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(join(DUMPS, file), 'utf8');
      const { extensions, missing } = await extensionsFor(text);
      const db = await PGlite.create({ extensions });
      try {
        const version = (await db.query<{ v: string }>('SELECT current_setting($1) AS v', ['server_version_num'])).rows[0].v;
        const result = await catalogTruth(
          file,
          text,
          async (sql) => void (await db.exec(sql)),
          async (sql) => (await db.query<Record<string, unknown>>(sql)).rows,
        );
        lines.push(agreementLine(file, result) + (missing.length > 0 ? ` (PGlite ships no ${missing.join(', ')})` : ''));
        for (const reason of rejectionSummary(result.rejected).slice(0, 8)) lines.push(`  rejected: ${reason}`);
        assert.ok(Number(version) >= 170000, `PGlite runs PostgreSQL ${version}`);
        assert.deepEqual(result.introspectionProblems, []);
        assert.ok(result.statements > result.rejected.length, 'the server accepted the dump');
        assert.deepEqual(result.comparison.differences, [], `${file}: the DDL catalog and PGlite's catalog differ`);
      } finally {
        await db.close();
      }
    });
  }
});
