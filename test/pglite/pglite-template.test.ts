// A new embedded cluster starts from the build's initdb'd template (scripts/build.mjs), on disk and in memory,
// and a template that does not fit this PGlite (a broken or foreign file) falls back to initdb without losing
// the data directory.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite, setPgliteTemplate } from '../../core/db/pglite-session';

const TEMPLATE = join(__dirname, '..', '..', 'dist', 'pglite-template.tar.gz');

describe('embedded PostgreSQL: the initdb\'d template', function () {
  this.timeout(120_000);
  after(() => setPgliteTemplate(existsSync(TEMPLATE) ? TEMPLATE : undefined));

  it('is made by the build and starts clusters on disk and in memory', async () => {
    assert.ok(existsSync(TEMPLATE), 'npm run build makes dist/pglite-template.tar.gz');
    setPgliteTemplate(TEMPLATE);
    const dir = mkdtempSync(join(tmpdir(), 'pga-template-'));
    const onDisk = await openPglite(dir);
    try {
      await onDisk.query('CREATE TABLE t (id int PRIMARY KEY)');
      assert.equal(onDisk.serverVersion, 18);
    } finally {
      await onDisk.close();
    }
    assert.ok(readdirSync(dir).includes('PG_VERSION'), 'a whole cluster in the data directory');
    // Reopened: the existing cluster, not the template again.
    const again = await openPglite(dir);
    try {
      assert.equal((await again.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_class WHERE relname = 't'")).rows[0].n, 1);
    } finally {
      await again.close();
    }
    const memory = await openPglite(undefined);
    try {
      assert.equal((await memory.query<{ one: number }>('SELECT 1 AS one')).rows[0].one, 1);
    } finally {
      await memory.close();
    }
  });

  it('falls back to initdb when the template does not fit', async () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'pga-template-broken-')), 'template.tar.gz');
    writeFileSync(broken, Buffer.from('not a tarball at all'));
    setPgliteTemplate(broken);
    const dir = mkdtempSync(join(tmpdir(), 'pga-template-'));
    const session = await openPglite(dir);
    try {
      assert.equal((await session.query<{ one: number }>('SELECT 1 AS one')).rows[0].one, 1);
    } finally {
      await session.close();
    }
    assert.ok(readdirSync(dir).includes('PG_VERSION'));
  });
});
