// Hardening, item 11: a cache folder that cannot be written (XDG_CACHE_HOME names a file, so nothing can be
// created under it) printed a stack trace from `explain` and `advise-indexes`. The embedded database then
// lives in memory for the run, with a notice, and the command does its work.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function cli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', require.resolve('tsx/cjs'), join(ROOT, 'cli', 'main.ts'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('faults: an unwritable cache folder', function () {
  this.timeout(120_000);

  it('explain and advise-indexes run on an in-memory embedded database, with a notice', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'pga-cache-'));
    writeFileSync(join(workspace, 'schema.sql'), 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);\n');
    writeFileSync(join(workspace, 'query.sql'), 'SELECT * FROM orders WHERE customer_id = 7;\n');
    const notADirectory = join(workspace, 'cache-file');
    writeFileSync(notADirectory, 'not a folder');
    for (const command of ['explain', 'advise-indexes']) {
      const r = cli([command, 'query.sql'], workspace, { XDG_CACHE_HOME: notADirectory });
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, `${command}: a stack trace`);
      assert.match(r.stderr, new RegExp(`pg-architect ${command}: cannot use the cache folder .*cache-file.*: the embedded database is kept in memory`), r.stderr);
      assert.equal(r.status, 0, `${command}: ${r.stderr}`);
      assert.match(r.stdout, /line 1/, `${command} printed no result: ${r.stdout}`);
    }
  });
});
