// `pg-architect project`: how the engine reads a tree, with reasons; the notices said once by lint too.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

function cli(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', require.resolve('tsx/cjs'), join(ROOT, 'cli', 'main.ts'), ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('pg-architect project', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pga-project-'));
    const files: Record<string, string> = {
      'db/goose/00001_orders.sql': '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY);\n-- +goose Down\nDROP TABLE orders;\n',
      'db/legacy/001_customers.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY);\nALTER TABLE accounts ADD COLUMN note text;\n',
      'queries/report.sql': 'SELECT id FROM orders;\n',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists each file with its kind, tool, reason and how it runs, and the notices', () => {
    const r = cli(['project', '--format', 'json'], dir);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { files: { path: string; kind: string; tool?: string; order?: number; runs: string[] }[]; notices: string[] };
    const byPath = new Map(out.files.map((f) => [f.path, f]));
    assert.equal(byPath.get('db/goose/00001_orders.sql')?.tool, 'goose');
    assert.deepEqual(byPath.get('db/goose/00001_orders.sql')?.runs.map((x) => x.split(':')[0]), ['up', 'down']);
    assert.equal(byPath.get('db/legacy/001_customers.sql')?.tool, 'numbered');
    assert.equal(byPath.get('queries/report.sql')?.kind, 'query');
    assert.equal(byPath.get('queries/report.sql')?.order, undefined);
    assert.ok(out.notices.some((n) => /Migrations of 2 tools: goose in db\/goose \(1 file\); numbered files in db\/legacy \(1 file\)/.test(n)), out.notices.join('\n'));
    assert.ok(out.notices.some((n) => /numbered files of a tool pg-architect does not recognise/.test(n)));
    assert.ok(out.notices.some((n) => /history of schema public is partial: db\/legacy\/001_customers.sql uses accounts/.test(n)));
  });

  it('lint says the notices once, on standard error', () => {
    const r = cli(['lint', '.', '--format', 'json'], dir);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.equal(r.stderr.match(/note: Migrations of 2 tools/g)?.length, 1, r.stderr);
  });
});
