// One engine: a workspace opened in the real language server and the same folder linted by the real CLI give
// the same findings, (file, line, rule id) for (file, line, rule id): migration tools' transactions, down
// sections, schema-aware checks (unknown-table, type-mismatch, insert-column-count) and cross-file FK/index
// checks alike. On a fixture with every kind of file, and on real projects of the shared corpus.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, ROOT } from '../helpers/lsp-client';
import { skipOrFail } from '../helpers/requirements';

const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'migrations');

const FIXTURE: Record<string, string> = {
  'db/migrations/00001_customers.sql': '-- +goose Up\nCREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);\n-- +goose Down\nDROP TABLE customers;\n',
  'db/migrations/00002_orders.sql':
    '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id int REFERENCES customers (id), status text);\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n-- +goose Down\nDROP TABLE orders;\n',
  'db/migrations/00003_note.sql': '-- +goose Up\nALTER TABLE orders ADD COLUMN note text NOT NULL;\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n-- +goose Down\nALTER TABLE orders DROP COLUMN note;\n',
  'queries/report.sql': "SELECT o.id, c.emial FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = 42;\nINSERT INTO orders (id, status) VALUES (1, 'new', 'x');\nSELECT * FROM shipments;\nDELETE FROM orders;\n",
  'db/seeds/customers.sql': "INSERT INTO customers (id, email) VALUES (1, 'a@example.com');\n",
  'test/orders_test.sql': "BEGIN;\nSELECT plan(1);\nSELECT has_table('orders');\nDROP TABLE orders;\nROLLBACK;\n",
};

type Key = string;

function sqlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.sql$/i.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function cliFindings(dir: string): Set<Key> {
  const r = spawnSync(process.execPath, ['-r', require.resolve('tsx/cjs'), join(ROOT, 'cli', 'main.ts'), 'lint', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const found = JSON.parse(r.stdout) as { file: string; line: number; ruleId: string }[];
  return new Set(found.map((f) => `${f.file}:${f.line} ${f.ruleId}`));
}

async function editorFindings(dir: string): Promise<Set<Key>> {
  const client = await LspClient.start({ workspaceFolders: [dir], waitTimeoutMs: 120_000 });
  try {
    const out = new Set<Key>();
    for (const path of sqlFiles(dir)) {
      const uri = pathToFileURL(path).href;
      client.open(uri, readFileSync(path, 'utf8'));
    }
    // The first diagnostics may precede the first catalog build; ask again after it (a no-op change).
    for (let waited = 0; !client.logs.some((l) => l.message.startsWith('Workspace catalog of')); waited += 100) {
      assert.ok(waited < 120_000, 'the workspace catalog was never built');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const path of sqlFiles(dir)) {
      const uri = pathToFileURL(path).href;
      const document = client.setText(uri, client.document(uri).getText());
      for (const d of await client.waitForDiagnostics(uri, document.version)) out.add(`${relative(dir, path).split(sep).join('/')}:${d.range.start.line + 1} ${String(d.code)}`);
    }
    return out;
  } finally {
    await client.kill();
  }
}

function difference(a: Set<Key>, b: Set<Key>): string[] {
  return [...a].filter((k) => !b.has(k)).sort();
}

describe('lsp: the editor and the CLI give the same findings (one engine)', function () {
  this.timeout(300_000);

  it('on a fixture with migrations, queries, seeds and tests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pga-parity-'));
    try {
      for (const [name, text] of Object.entries(FIXTURE)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      const cli = cliFindings(dir);
      const editor = await editorFindings(dir);
      assert.deepEqual({ onlyCli: difference(cli, editor), onlyEditor: difference(editor, cli) }, { onlyCli: [], onlyEditor: [] });
      // The engine's judgement, seen from both: goose's transaction, schema checks, the cross-file index.
      for (const expected of [
        'db/migrations/00002_orders.sql:3 ban-concurrent-index-creation-in-transaction',
        'queries/report.sql:1 unknown-column',
        'queries/report.sql:1 type-mismatch',
        'queries/report.sql:2 insert-column-count',
        'queries/report.sql:3 unknown-table',
        'db/migrations/00002_orders.sql:2 foreign-key-type-mismatch',
      ]) {
        assert.ok(cli.has(expected), `${expected}\n${[...cli].sort().join('\n')}`);
      }
      // A later migration's index serves the foreign key: not reported (in the CLI too).
      assert.ok(![...cli].some((k) => k.includes('foreign-key-missing-index')), [...cli].sort().join('\n'));
      // Down sections, the pgTAP test: nothing but syntax.
      assert.ok(![...cli].some((k) => k.startsWith('test/')), [...cli].sort().join('\n'));
      assert.ok(![...cli].some((k) => / ban-drop-(table|column)$/.test(k)), [...cli].sort().join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const project of ['UPchieve__subway', 'documenso__documenso', 'goharbor__harbor']) {
    it(`on ${project} from the shared corpus`, async function () {
      if (!existsSync(join(CORPUS, project))) skipOrFail(this, `the shared corpus is not at ${CORPUS}`);
      const dir = join(CORPUS, project);
      const cli = cliFindings(dir);
      const editor = await editorFindings(dir);
      assert.ok(cli.size > 0);
      assert.deepEqual({ onlyCli: difference(cli, editor), onlyEditor: difference(editor, cli) }, { onlyCli: [], onlyEditor: [] });
    });
  }
});
