// The GitHub Action's script (action.yml -> scripts/github-action.sh) on a repository with history: the files a
// pull request changed get annotations and a SARIF report; the files it did not touch are left alone.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureServerBuilt, ROOT } from '../../helpers/lsp-client';
import { folder, git } from './run-cli';

const SCRIPT = join(ROOT, 'scripts', 'github-action.sh');

describe('the GitHub Action', function () {
  this.timeout(120_000);

  it('annotates only what the pull request changed, writes SARIF, and fails on error findings', () => {
    ensureServerBuilt();
    const dir = folder({
      'db/00001_orders.sql': '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, status text);\nCREATE INDEX orders_id_status ON orders (status);\n',
    });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'base');
    writeFileSync(join(dir, 'db/00002_index.sql'), '-- +goose Up\nCREATE INDEX orders_status_idx ON orders (status);\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'the pull request');
    const run = (env: Record<string, string>) =>
      spawnSync('bash', [SCRIPT], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', INPUT_PATHS: '.', INPUT_ARGS: '', INPUT_SARIF: 'out.sarif', GITHUB_BASE_REF: '', ...env } });

    const r = run({ INPUT_BASE: 'HEAD~1' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^::warning file=db\/00002_index\.sql,line=2,col=1,.*title=require-concurrent-index-creation::/m);
    assert.doesNotMatch(r.stdout, /00001_orders/, 'the untouched migration is not annotated');
    assert.ok(existsSync(join(dir, 'out.sarif')));
    const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const uris = sarif.runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri);
    assert.ok(uris.length > 0 && uris.every((u) => u.endsWith('db/00002_index.sql')), uris.join());

    // --max-warnings 0 through the args input makes the warning fail the job.
    assert.equal(run({ INPUT_BASE: 'HEAD~1', INPUT_ARGS: '--max-warnings 0', INPUT_SARIF: '' }).status, 1);
  });
});
