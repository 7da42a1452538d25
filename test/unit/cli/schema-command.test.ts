// `pg-architect schema`: the built CLI as users run it, on a migration folder and on a dump file: each format,
// a point of the history, two points compared, focus, and clear refusals of bad input.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SchemaGraph } from '../../../core/schema-diagram/graph';
import { applicationSchema } from '../../helpers/large-sql';
import { CLI, folder, runCli } from './run-cli';

const MIGRATIONS = {
  'db/migrations/001_customers.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);\n',
  'db/migrations/002_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), note text);\n',
  'db/migrations/003_changes.sql': 'ALTER TABLE orders ALTER COLUMN note TYPE varchar(200);\nCREATE TABLE coupons (id bigint PRIMARY KEY);\nALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);\n',
};

describe('pg-architect schema', function () {
  this.timeout(120_000);
  const dir = folder({ ...MIGRATIONS, 'dump.sql': 'CREATE TABLE "a b" (id int PRIMARY KEY);\nCREATE TABLE c (id int PRIMARY KEY, ab int REFERENCES "a b");\n', 'blob.sql': Buffer.from([0x50, 0x00, 0x01, 0x02]) });

  it('draws the project after its last migration, as Mermaid by default, DBML, JSON and SVG', () => {
    const mermaid = runCli(['schema', '.'], dir);
    assert.equal(mermaid.status, 0, mermaid.stderr);
    assert.match(mermaid.stdout, /^erDiagram\n/);
    assert.match(mermaid.stdout, /^ {2}orders \}o--\|\| customers : "customer_id"$/m);
    assert.match(mermaid.stdout, /^ {2}orders \}o--o\| coupons : "coupon_id"$/m);
    const dbml = runCli(['schema', '--format', 'dbml'], dir);
    assert.match(dbml.stdout, /^Ref: orders\.customer_id > customers\.id/m);
    const json = JSON.parse(runCli(['schema', '--format', 'json'], dir).stdout) as SchemaGraph;
    assert.deepEqual(json.nodes.map((n) => n.id), ['public.coupons', 'public.customers', 'public.orders']);
    assert.deepEqual(json.nodes.find((n) => n.id === 'public.orders')?.history?.map((l) => l.file), ['db/migrations/002_orders.sql', 'db/migrations/003_changes.sql']);
    const svg = runCli(['schema', '--format', 'svg', '--theme', 'dark', '--output', 'schema.svg'], dir);
    assert.equal(svg.status, 0, svg.stderr);
    const text = readFileSync(join(dir, 'schema.svg'), 'utf8');
    assert.match(text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="pga-schema"/);
    assert.match(text, /<style>svg\.pga-schema \{--vscode-editor-background: #1f1f1f;/);
    assert.equal((text.match(/class="node /g) ?? []).length, 3);
  });

  it('draws a point of the history, two points compared, and one table\'s neighbourhood', () => {
    const early = JSON.parse(runCli(['schema', '--format', 'json', '--at', 'db/migrations/002_orders.sql'], dir).stdout) as SchemaGraph;
    assert.deepEqual(early.nodes.map((n) => n.id), ['public.customers', 'public.orders']);
    const compared = runCli(['schema', '--format', 'json', '--compare', '002_orders.sql..end'], dir);
    assert.equal(compared.status, 0, compared.stderr);
    assert.match(compared.stderr, /after db\/migrations\/002_orders\.sql -> after the last migration: 1 added, 1 altered, 0 dropped/);
    const graph = JSON.parse(compared.stdout) as SchemaGraph;
    const note = graph.nodes.find((n) => n.id === 'public.orders')?.columns.find((c) => c.name === 'note');
    assert.equal(note?.was, 'type text -> character varying(200)');
    const focused = JSON.parse(runCli(['schema', '--format', 'json', '--focus', 'coupons'], dir).stdout) as SchemaGraph;
    assert.deepEqual(focused.nodes.map((n) => n.id), ['public.coupons', 'public.orders']);
  });

  it('draws SQL files given by path, in order', () => {
    const r = runCli(['schema', 'dump.sql', '--format', 'dbml'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Table "a b" \{/m);
    assert.match(r.stdout, /^Ref: c\.ab > "a b"\.id/m);
  });

  it('stops quietly when the reader closes the pipe early (| head)', () => {
    runCli(['--version'], dir); // builds the CLI if its sources are newer
    // Far more than a pipe's buffer (64 kB), so the write meets the closed pipe.
    writeFileSync(join(dir, 'big.sql'), applicationSchema(150));
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" schema big.sql --format svg | head -c 20`], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.stdout, '<svg xmlns="http://w');
    assert.equal(r.stderr, '', 'no EPIPE stack trace');
    assert.equal(r.status, 0);
  });

  it('refuses what it cannot draw with a clear message and exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [['schema', '--at', '009_nope.sql'], /009_nope\.sql: not a schema file of the project/],
      [['schema', '--compare', 'start'], /--compare takes FROM\.\.TO/],
      [['schema', '--focus', 'nothing_here'], /nothing_here: no such table/],
      [['schema', 'missing.sql'], /missing\.sql: no such file or folder/],
      [['schema', 'blob.sql'], /blob\.sql: a binary file, not SQL/],
      [['schema', 'dump.sql', '--at', 'start'], /--at and --compare need a project folder/],
      [['schema', '--hops', '9', '--focus', 'orders'], /--hops must be 1, 2 or 3/],
      [['schema', '--format', 'png'], /png/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args, dir);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
    }
  });
});
