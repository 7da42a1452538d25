// lint --cache: an unchanged tree answers from the cache with the same output; a changed query file is analysed
// again alone; a changed migration (the schema every file is judged against) makes every entry stale; a broken
// or unwritable cache is said and never changes the result.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folder, runCli } from './run-cli';

const FILES = {
  'db/migrations/001_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL);\n',
  'db/migrations/002_index.sql': 'CREATE INDEX orders_status_idx ON orders (status);\n',
  'queries/report.sql': 'SELECT id FROM orderz;\n',
};

describe('pg-architect lint --cache', function () {
  this.timeout(120_000);

  it('answers unchanged files from the cache, with the same output; analyses what changed', () => {
    const dir = folder(FILES);
    const first = runCli(['lint', '.', '--format', 'json', '--cache'], dir);
    assert.match(first.stderr, /cache: 0 of 3 files unchanged/);
    const second = runCli(['lint', '.', '--format', 'json', '--cache'], dir);
    assert.match(second.stderr, /cache: 3 of 3 files unchanged/);
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.status, first.status);
    // A query file changed: it alone is analysed again, and its new finding shows.
    writeFileSync(join(dir, 'queries/report.sql'), 'SELECT id FROM orders WHERE stauts = 1;\n');
    const third = runCli(['lint', '.', '--format', 'json', '--cache'], dir);
    assert.match(third.stderr, /cache: 2 of 3 files unchanged/);
    assert.match(third.stdout, /unknown-column/);
    assert.doesNotMatch(third.stdout, /unknown-table/);
    // A migration changed: every file is judged against a new schema.
    writeFileSync(join(dir, 'db/migrations/001_orders.sql'), 'CREATE TABLE orders (id bigint PRIMARY KEY, stauts text NOT NULL);\n');
    const fourth = runCli(['lint', '.', '--format', 'json', '--cache'], dir);
    assert.match(fourth.stderr, /cache: 0 of 3 files unchanged/);
    assert.doesNotMatch(fourth.stdout, /unknown-column/);
  });

  it('a broken cache starts afresh; an unwritable one is said; neither changes the result', () => {
    const dir = folder(FILES);
    const plain = runCli(['lint', '.', '--format', 'json'], dir);
    writeFileSync(join(dir, '.pg-architect-cache'), '{ not json');
    const broken = runCli(['lint', '.', '--format', 'json', '--cache'], dir);
    assert.match(broken.stderr, /cannot read the cache .*starting afresh/);
    assert.equal(broken.stdout, plain.stdout);
    // Under a regular file: no folder can be made there, whoever runs it.
    writeFileSync(join(dir, 'not-a-folder'), '');
    const where = join(dir, 'not-a-folder', 'cache.json');
    const unwritable = runCli(['lint', '.', '--format', 'json', '--cache-location', where], dir);
    assert.equal(unwritable.stdout, plain.stdout);
    assert.equal(unwritable.status, plain.status);
    assert.match(unwritable.stderr, /cannot write the cache/);
  });
});
