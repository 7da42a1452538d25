import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureServerBuilt, ROOT } from '../../helpers/lsp-client';
import { folder } from './run-cli';

/** dist/cli.js starts the bundle from the build's V8 code cache (cli/launch.ts); the cache never changes a result. */
describe('pg-architect start-up from its code cache', function () {
  this.timeout(60_000);
  const project = (): string =>
    folder({
      'migrations/001_shop.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL);\n',
      'migrations/002_index.sql': 'CREATE INDEX orders_customer_idx ON orders (customer_id);\n',
      'queries/report.sql': 'SELECT id FROM orders WHERE custmer_id = 42;\n',
    });
  const lint = (cli: string, cwd: string) => spawnSync(process.execPath, [cli, 'lint', '.', '--format', 'json', '--timing'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  /** A copy of what a lint reads from dist/, with `cache` as the code cache (undefined: none). */
  const distCopy = (cache: Buffer | undefined): string => {
    const dist = mkdtempSync(join(tmpdir(), 'pga-dist-'));
    for (const f of ['cli.js', 'cli-bundle.js', 'libpg-query.wasm']) copyFileSync(join(ROOT, 'dist', f), join(dist, f));
    if (cache) writeFileSync(join(dist, 'cli-bundle.cache'), cache);
    return dist;
  };

  before(() => ensureServerBuilt());

  it('uses the cache the build wrote', () => {
    const r = lint(join(ROOT, 'dist', 'cli.js'), project());
    assert.match(r.stderr, /start-up \(Node\.js, loading pg-architect; from its code cache\)/, r.stderr);
  });

  it('gives the same report with a damaged cache (rejected) and without one', () => {
    const dir = project();
    const reference = lint(join(ROOT, 'dist', 'cli.js'), dir);
    assert.equal(reference.status, 0, reference.stderr);
    assert.match(reference.stdout, /unknown-column/);
    for (const [cache, status] of [[Buffer.from('not a V8 code cache'.repeat(100)), 'code cache rejected'], [undefined, 'no code cache']] as const) {
      const dist = distCopy(cache);
      try {
        const r = lint(join(dist, 'cli.js'), dir);
        assert.equal(r.status, reference.status, r.stderr);
        assert.equal(r.stdout, reference.stdout);
        assert.ok(r.stderr.includes(`loading pg-architect; ${status})`), r.stderr);
      } finally {
        rmSync(dist, { recursive: true, force: true });
      }
    }
  });
});
