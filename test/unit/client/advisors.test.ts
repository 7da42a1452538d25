// The pure parts of the advisors' VS Code side: migration file names by the folder's convention, the health
// report's static HTML (escaping, CSP, command links), the postgresql.conf-style tune document.
import { strict as assert } from 'node:assert';
import { migrationSlug, nextMigrationName, timestamp } from '../../../client/advisors/migration-name';
import { commandLink, escapeHtml, EXPLAIN_COMMAND, healthReportHtml, OPEN_SQL_COMMAND } from '../../../client/advisors/health-html';
import { explainableFindings } from '../../../client/advisors/health-explainable';
import { comparisonDocument, tuneDocument } from '../../../client/advisors/tune-document';
import { compareSettings, recommend, type TuneInput } from '../../../core/advisor/tune';
import type { HealthReport } from '../../../core/advisor/health';

const NOW = new Date(Date.UTC(2025, 2, 7, 9, 5, 3));

describe('advisors in the client: migration names', () => {
  it('continues numbered files with the same width and separator', () => {
    assert.deepEqual(nextMigrationName(['001_create_shop.sql', '002_add_index.sql'], 'add index orders_x_idx', NOW), { up: '003_add_index_orders_x_idx.sql' });
    assert.deepEqual(nextMigrationName(['0009-init.sql', 'README.sql'], 'x', NOW), { up: '0010-x.sql' });
    assert.deepEqual(nextMigrationName(['99_a.sql'], 'b', NOW), { up: '100_b.sql' });
  });

  it('follows Flyway and golang-migrate (with a down file)', () => {
    assert.deepEqual(nextMigrationName(['V1__init.sql', 'V2__users.sql'], 'Add Index', NOW), { up: 'V3__add_index.sql' });
    assert.deepEqual(nextMigrationName(['000001_init.up.sql', '000001_init.down.sql'], 'idx', NOW), { up: '000002_idx.up.sql', down: '000002_idx.down.sql' });
  });

  it('uses a new timestamp of the same length for timestamped folders, else a 14-digit one', () => {
    assert.deepEqual(nextMigrationName(['20240108234540_init.sql'], 'idx', NOW), { up: '20250307090503_idx.sql' });
    assert.deepEqual(nextMigrationName(['202401082345_init.sql'], 'idx', NOW), { up: '202503070905_idx.sql' });
    // A clock behind the last migration still sorts after it.
    assert.deepEqual(nextMigrationName(['20990101000000_future.sql'], 'idx', NOW), { up: '20990101000001_idx.sql' });
    assert.deepEqual(nextMigrationName(['schema.sql', 'seed.sql'], 'idx', NOW), { up: '20250307090503_idx.sql' });
    assert.equal(timestamp(NOW), '20250307090503');
  });

  it('makes file-name-safe slugs', () => {
    assert.equal(migrationSlug('Add index "Orders"/x'), 'add_index_orders_x');
    assert.equal(migrationSlug('***'), 'migration');
    assert.ok(migrationSlug('a'.repeat(100)).length <= 60);
  });
});

describe('advisors in the client: health report HTML', () => {
  const report: HealthReport = {
    database: 'shop',
    serverVersion: 17,
    checks: [
      { id: 'missing-primary-key', title: 'Tables without a primary key', status: 'findings', findings: 1 },
      { id: 'cache-hit-ratio', title: 'Cache hit ratio', status: 'error', findings: 0, error: 'permission <denied>' },
    ],
    findings: [{ check: 'missing-primary-key', severity: 'warning', objectKind: 'table', object: 'public."<img src=x onerror=alert(1)>"', message: 'Table "<b>" has no primary key & more.', advice: "Add one's key.", fix: 'ALTER TABLE public."<b>" ADD PRIMARY KEY (id);' }],
    notes: ['Grant <pg_monitor>.'],
  };
  const html = healthReportHtml({ cspSource: 'vscode-resource:', styleUri: 'https://x/health-report.css', report, target: 'me@db:5432/shop', generation: 4, ranAt: 'now' });

  it('escapes every database string and has no script and no inline style', () => {
    assert.ok(!html.includes('<img') && !html.includes('<b>') && !html.includes('<denied>') && !html.includes('<pg_monitor>'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;') && html.includes('&amp; more') && html.includes('one&#39;s'));
    assert.doesNotMatch(html, /<script|<style|<[^>]*\s(style|on\w+)=/i);
    assert.match(html, /content="default-src &#39;none&#39;; style-src vscode-resource:"/);
  });

  it('groups by severity and links Open SQL by report generation and finding index', () => {
    assert.match(html, /<h2>Warnings \(1\)<\/h2>/);
    assert.doesNotMatch(html, /Critical \(/);
    assert.ok(html.includes(`href="${escapeHtml(commandLink(OPEN_SQL_COMMAND, [4, 0]))}"`));
    assert.match(html, /Checks that could not run \(1\)/);
  });
});

describe('advisors in the client: health report HTML with top queries and skipped checks', () => {
  const statement = (index: number, query: string): HealthReport['findings'][number] => ({
    check: 'top-queries', severity: 'info', objectKind: 'statement', object: `queryid ${index}`, message: `#${index} by total time`, advice: 'Tune it.', query,
  });
  const report: HealthReport = {
    database: 'shop',
    serverVersion: 17,
    checks: [
      { id: 'top-queries', title: 'Top queries by total time', status: 'findings', findings: 2 },
      { id: 'password-no-expiry', title: 'Passwords that never expire', status: 'skipped', findings: 0, skipped: 'Visible only to <superusers>.' },
    ],
    findings: [statement(1, "SELECT * FROM t WHERE a = $1 AND b <> '</pre><script>'"), statement(2, 'VACUUM t')],
    notes: [],
  };
  let html = '';
  // In a hook: the parser is loaded by then.
  before(() => {
    html = healthReportHtml({ cspSource: 'vscode-resource:', styleUri: 'https://x/health-report.css', report, target: 'me@db:5432/shop', generation: 2, ranAt: 'now', explainable: explainableFindings(report.findings) });
  });

  it('offers EXPLAIN for queries and DML with $n parameters, not for utility statements, findings without a statement or text that does not parse', () => {
    const more = [...report.findings, statement(3, 'UPDATE t SET a = $1 WHERE id = $2'), statement(4, 'SELECT 1; SELECT 2'), statement(5, 'SELEC oops'), report.findings[0]];
    const plain = { ...more[0], query: undefined, check: 'cache-hit-ratio' };
    assert.deepEqual([...explainableFindings([...more, plain])], [0, 2, 5]);
  });

  it('shows each statement escaped, with an Explain link by report generation and finding index where EXPLAIN applies', () => {
    assert.ok(html.includes('<pre><code>SELECT * FROM t WHERE a = $1 AND b &lt;&gt; &#39;&lt;/pre&gt;&lt;script&gt;&#39;</code></pre>'));
    assert.doesNotMatch(html, /<script/i);
    const links = [...html.matchAll(/href="(command:pgArchitect\.healthReport\.explain[^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(links, [escapeHtml(commandLink(EXPLAIN_COMMAND, [2, 0]))], 'none for VACUUM');
    assert.ok(html.includes('<pre><code>VACUUM t</code></pre>'), 'the statement is still shown, to copy');
  });

  it('lists skipped checks with their reason, apart from failures', () => {
    assert.match(html, /<h2>Checks skipped \(1\)<\/h2><ul><li><strong>Passwords that never expire<\/strong>: Visible only to &lt;superusers&gt;\.<\/li><\/ul>/);
    assert.match(html, /1 skipped/);
    assert.doesNotMatch(html, /could not run/);
  });
});

describe('advisors in the client: tune document', () => {
  const input: TuneInput = { ramKb: 8 * 1024 * 1024, cpus: 4, storage: 'ssd', workload: 'web', postgresVersion: 17 };
  const result = recommend(input);

  it('prints postgresql.conf lines with restart/reload markers and reasons', () => {
    const text = tuneDocument(input, result);
    assert.match(text, /^shared_buffers = 2GB +# \[restart\] \S/m);
    assert.match(text, /^work_mem = \S+ +# \[reload\] \S/m);
  });

  it('puts changes first, with the current value, and comments out what is already right', () => {
    const rows = compareSettings(result.recommendations, [
      { name: 'shared_buffers', setting: '16384', unit: '8kB', context: 'postmaster', vartype: 'integer', enumvals: null, pendingRestart: false },
      { name: 'random_page_cost', setting: '1.1', unit: null, context: 'user', vartype: 'real', enumvals: null, pendingRestart: false },
    ]);
    const text = comparisonDocument('me@db/shop', 17, input, result, rows, ['a note']);
    assert.match(text, /^shared_buffers = 2GB +# \[restart\] now 128MB\. /m);
    assert.match(text, /^# random_page_cost = 1\.1 +# /m);
    assert.match(text, /^# a note$/m);
    assert.ok(text.indexOf('shared_buffers = 2GB') < text.indexOf('# random_page_cost'));
  });
});
