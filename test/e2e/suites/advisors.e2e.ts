// The advisors in VS Code against a real PostgreSQL (with HypoPG): the Database Health Report panel (static HTML,
// escaped, its Open SQL link), Tune Configuration against pg_settings, and Advise Indexes for Query with HypoPG,
// with a rolled-back CREATE INDEX, on the embedded database, and "Add to migration" writing 003_*.sql; the
// advisor as a code action on a statement ("Find indexes for this query"), its recommendation shown on the
// statement with the quick fix that writes it into a new migration.
import { strict as assert } from 'node:assert';
import { posix } from 'node:path';
import * as vscode from 'vscode';
import { startCluster, type TestCluster } from '../../helpers/postgres';
import { openSql, waitFor, WORKSPACE } from './helpers';

interface Api {
  readonly healthReportHtml: () => string;
  readonly planViewer: () => { readonly log: { readonly sent: readonly { readonly type: string; readonly run?: { readonly tab?: string }; readonly items?: readonly { readonly sql: string; readonly status: string }[] }[] } } | undefined;
}

interface Finding {
  readonly check: string;
  readonly object: string;
  readonly fix?: string;
}
type HealthOutcome = { report?: { findings: readonly Finding[]; checks: readonly { id: string; status: string }[] }; refused?: string };
type TuneOutcome = { comparison?: readonly { name: string; current?: string; recommended: string; status: string; apply: string }[]; document: vscode.TextDocument; failure?: string };
interface Candidate {
  readonly name: string;
  readonly sql: string;
  readonly status: string;
  readonly route?: string;
  readonly costAfter?: number;
}
type AdviseOutcome = { advice?: { route: string; costBefore?: number; outcomes: readonly Candidate[]; notes: readonly string[]; refused?: string }; database?: string; refused?: string; failure?: string };

const QUERY = 'SELECT id, kind FROM events\nWHERE account_id = 42;\n';

describe('advisors in VS Code', function () {
  let cluster: TestCluster | undefined;
  let api: Api;
  const written: vscode.Uri[] = [];

  before(async function () {
    const started = await startCluster();
    if ('unavailable' in started) {
      if (process.env.CI === 'true') throw new Error(started.unavailable);
      this.skip();
    }
    cluster = started;
    cluster.psql(`CREATE EXTENSION hypopg;
      CREATE TABLE accounts (id int PRIMARY KEY, name text NOT NULL);
      INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1, 500) g;
      CREATE TABLE events (id bigint PRIMARY KEY, account_id int NOT NULL REFERENCES accounts (id), kind text NOT NULL, payload text);
      INSERT INTO events SELECT g, 1 + g % 500, 'kind ' || (g % 7), repeat('x', 40) FROM generate_series(1, 100000) g;
      CREATE TABLE "odd<name>" (note text);
      ANALYZE;`);
    const extension = vscode.extensions.all.find((e) => e.id.toLowerCase().endsWith('.pg-architect'));
    assert.ok(extension);
    api = (await extension.activate()) as Api;
    await vscode.workspace.getConfiguration('pgArchitect').update(
      'connections',
      [{ name: 'advisors', host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres', sslmode: 'disable' }],
      vscode.ConfigurationTarget.Global,
    );
    await vscode.commands.executeCommand('pgArchitect.setPassword', 'advisors', cluster.password);
  });

  after(async () => {
    await vscode.commands.executeCommand('pgArchitect.disconnect');
    await vscode.workspace.getConfiguration('pgArchitect').update('connections', undefined, vscode.ConfigurationTarget.Global);
    for (const uri of written) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    cluster?.stop();
  });

  it('refuses the health report without a connection, saying why', async () => {
    await vscode.commands.executeCommand('pgArchitect.disconnect');
    const outcome = await vscode.commands.executeCommand<HealthOutcome>('pgArchitect.healthReport');
    assert.match(outcome?.refused ?? '', /connect/i);
  });

  it('tunes without a connection: postgresql.conf lines with reasons and restart markers', async () => {
    const outcome = await vscode.commands.executeCommand<TuneOutcome>('pgArchitect.tuneConfiguration', { ram: '8GB', cpus: 4, storage: 'ssd', workload: 'web', postgresVersion: 16 });
    const text = outcome.document.getText();
    assert.match(text, /^shared_buffers = 2GB +# \[restart\] /m);
    assert.match(text, /^effective_cache_size = 6GB +# \[reload\] /m);
    assert.equal(outcome.comparison, undefined);
  });

  it('connects', async () => {
    assert.equal(await vscode.commands.executeCommand('pgArchitect.connect', 'advisors'), true);
  });

  it('shows the health report: findings by severity, escaped, with an Open SQL link that opens the fix', async () => {
    const outcome = await vscode.commands.executeCommand<HealthOutcome>('pgArchitect.healthReport');
    const report = outcome?.report;
    assert.ok(report, JSON.stringify(outcome));
    assert.ok(report.checks.every((c) => c.status !== 'error'), JSON.stringify(report.checks.filter((c) => c.status === 'error')));
    const fk = report.findings.find((f) => f.check === 'fk-without-index' && /events/.test(f.object));
    assert.ok(fk?.fix, JSON.stringify(report.findings.map((f) => [f.check, f.object])));
    assert.ok(report.findings.some((f) => f.check === 'missing-primary-key' && f.object.includes('odd<name>')));
    const html = api.healthReportHtml();
    assert.match(html, /content="default-src &#39;none&#39;; style-src [^"]+">/);
    assert.doesNotMatch(html, /script-src/);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /style=/i);
    assert.ok(!html.includes('odd<name>') && html.includes('odd&lt;name&gt;'), 'database strings are escaped');
    assert.match(html, /Re-run/);
    // The Open SQL link of the foreign key finding: its command and arguments, as VS Code would run them.
    const index = report.findings.indexOf(fk);
    const links = [...html.matchAll(/href="command:pgArchitect\.healthReport\.openSql\?([^"]+)"/g)].map((m) => JSON.parse(decodeURIComponent(m[1].replace(/&amp;/g, '&'))) as [number, number]);
    const link = links.find(([, i]) => i === index);
    assert.ok(link, `a link for finding ${index}: ${JSON.stringify(links)}`);
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('pgArchitect.healthReport.openSql', ...link);
    assert.equal(document?.languageId, 'sql');
    assert.ok(document.isUntitled);
    assert.ok(document.getText().includes(fk.fix), document.getText());
    // A link of an older page opens nothing.
    assert.equal(await vscode.commands.executeCommand('pgArchitect.healthReport.openSql', link[0] - 1, index), undefined);
  });

  it('compares the recommended settings with pg_settings', async () => {
    const outcome = await vscode.commands.executeCommand<TuneOutcome>('pgArchitect.tuneConfiguration', { ram: '4GB', cpus: 4, storage: 'ssd', workload: 'web' });
    assert.ok(outcome.comparison, JSON.stringify(outcome.failure));
    const shared = outcome.comparison.find((r) => r.name === 'shared_buffers');
    assert.deepEqual([shared?.current, shared?.recommended, shared?.status, shared?.apply], ['128MB', '1GB', 'change', 'restart']);
    const text = outcome.document.getText();
    assert.match(text, /^shared_buffers = 1GB +# \[restart\] now 128MB\. /m);
    assert.match(text, /PostgreSQL 1\d/);
  });

  it('advises the index for the query under the cursor, verified with HypoPG, and adds it to a new migration', async () => {
    const editor = await openSql(QUERY);
    editor.selection = new vscode.Selection(new vscode.Position(1, 8), new vscode.Position(1, 8));
    const outcome = await vscode.commands.executeCommand<AdviseOutcome>('pgArchitect.adviseIndexes');
    const advice = outcome?.advice;
    assert.ok(advice, JSON.stringify(outcome));
    assert.equal(advice.route, 'hypopg');
    const best = advice.outcomes.find((o) => o.status === 'recommended');
    assert.ok(best, JSON.stringify(advice));
    assert.match(best.sql, /^CREATE INDEX CONCURRENTLY IF NOT EXISTS \S+ ON public\.events \(account_id\b/);
    assert.ok(best.costAfter !== undefined && advice.costBefore !== undefined && best.costAfter < advice.costBefore / 2);
    // Nothing was created: HypoPG's indexes are hypothetical.
    assert.equal(cluster!.psql("SELECT count(*) FROM pg_indexes WHERE tablename = 'events'").trim(), '1');
    // The advice stays in the plan viewer, opened on the Insights tab beside the statement's plan.
    const viewer = await waitFor('the plan viewer', () => api.planViewer());
    const sent = await waitFor('the advice in the viewer', () => ([...viewer.log.sent].reverse().find((m) => m.type === 'indexAdvice') ? viewer.log.sent : undefined));
    assert.equal([...sent].reverse().find((m) => m.type === 'show')?.run?.tab, 'insights');
    assert.ok([...sent].reverse().find((m) => m.type === 'indexAdvice')?.items?.some((i) => i.sql === best.sql && i.status === 'recommended'));

    const uri = await vscode.commands.executeCommand<vscode.Uri>('pgArchitect.addIndexToMigration', best.name, 'new');
    assert.ok(uri);
    written.push(uri);
    assert.equal(posix.dirname(uri.path), vscode.Uri.joinPath(WORKSPACE(), 'migrations').path);
    assert.match(posix.basename(uri.path), /^003_add_index_events_account_id\w*\.sql$/);
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    assert.ok(text.includes(best.sql), text);
    assert.match(text, /^-- .*transaction block/m);
  });

  it('without HypoPG verifies with a CREATE INDEX that is rolled back, when allowed', async () => {
    cluster!.psql('DROP EXTENSION hypopg');
    await openSql(QUERY);
    const allowed = await vscode.commands.executeCommand<AdviseOutcome>('pgArchitect.adviseIndexes', undefined, undefined, { allowCreateIndex: true });
    assert.equal(allowed?.advice?.route, 'rollback', JSON.stringify(allowed));
    assert.ok(allowed.advice.outcomes.some((o) => o.status === 'recommended' && /\(account_id\b/.test(o.sql)));
    assert.equal(cluster!.psql("SELECT count(*) FROM pg_indexes WHERE tablename = 'events'").trim(), '1', 'the trial index was rolled back');
    const refused = await vscode.commands.executeCommand<AdviseOutcome>('pgArchitect.adviseIndexes', undefined, undefined, { allowCreateIndex: false });
    assert.equal(refused?.advice?.route, 'none');
    assert.ok(refused.advice.outcomes.every((o) => o.status === 'unverified'));
  });

  it('advises on the embedded database when not connected, and refuses what is not a query', async () => {
    await vscode.commands.executeCommand('pgArchitect.disconnect');
    const uri = vscode.Uri.joinPath(WORKSPACE(), 'queries', 'report.sql');
    const document = await vscode.workspace.openTextDocument(uri);
    const outcome = await vscode.commands.executeCommand<AdviseOutcome>('pgArchitect.adviseIndexes', uri, document.getText().indexOf('FROM customers'));
    assert.ok(outcome?.advice, JSON.stringify(outcome));
    assert.match(outcome.database ?? '', /embedded/i);
    await openSql('CREATE TABLE t (id int);');
    const refused = await vscode.commands.executeCommand<AdviseOutcome>('pgArchitect.adviseIndexes');
    assert.match(refused?.refused ?? '', /SELECT, UPDATE and DELETE/);
  });

  it('offers "Find indexes for this query" as a code action: on the embedded database it finds the index, shows it on the statement, and its quick fix writes a migration', async () => {
    // The workspace's order_events (migrations/001) has no index on order_id; the server's copy has the rows, and
    // only their statistics go into the embedded database.
    cluster!.psql(`CREATE TABLE order_events (order_id integer NOT NULL, kind text NOT NULL, at timestamptz NOT NULL DEFAULT now());
      INSERT INTO order_events SELECT g % 20000, 'kind ' || (g % 5), now() FROM generate_series(1, 200000) g;
      ANALYZE order_events;`);
    assert.equal(await vscode.commands.executeCommand('pgArchitect.connect', 'advisors'), true);
    const imported = await vscode.commands.executeCommand<{ relations: number }>('pgArchitect.importStatistics');
    assert.ok((imported?.relations ?? 0) > 0, JSON.stringify(imported));
    await vscode.commands.executeCommand('pgArchitect.disconnect');

    const editor = await openSql('SELECT *\nFROM order_events\nWHERE order_id = 42;\n');
    const uri = editor.document.uri;
    const cursor = new vscode.Range(new vscode.Position(2, 8), new vscode.Position(2, 8));
    const titles = (actions: readonly vscode.CodeAction[]): string => actions.map((a) => a.title).join(' | ');
    const offered = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, cursor);
    const find = offered.find((a) => a.title === 'Find indexes for this query');
    assert.ok(find?.command, `actions offered: ${titles(offered)}`);
    const outcome = await vscode.commands.executeCommand<AdviseOutcome>(find.command.command, ...(find.command.arguments ?? []));
    assert.match(outcome?.database ?? '', /embedded/i, JSON.stringify(outcome));
    const advice = outcome.advice;
    assert.ok(advice, JSON.stringify(outcome));
    assert.equal(advice.route, 'rollback');
    const best = advice.outcomes.find((o) => o.status === 'recommended');
    assert.ok(best, JSON.stringify(advice));
    assert.match(best.sql, /^CREATE INDEX CONCURRENTLY IF NOT EXISTS order_events_order_id_idx ON public\.order_events \(order_id\);$/);
    assert.ok(best.costAfter !== undefined && advice.costBefore !== undefined && best.costAfter <= advice.costBefore / 2, `${advice.costBefore} -> ${best.costAfter}`);

    // The recommendation stays on the statement as an Information diagnostic, with the quick fix.
    const ours = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'pg-architect index advisor');
    const [shown] = await waitFor('the index advice diagnostic', () => (ours().length > 0 ? ours() : undefined));
    assert.equal(shown.severity, vscode.DiagnosticSeverity.Information);
    assert.ok(shown.message.includes(best.sql), shown.message);
    const fixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, cursor);
    const create = fixes.find((a) => a.title === `Create index concurrently in a migration: ${best.name}`);
    assert.ok(create?.command, `actions offered: ${titles(fixes)}`);
    const file = await vscode.commands.executeCommand<vscode.Uri>(create.command.command, ...(create.command.arguments ?? []), 'new');
    assert.ok(file);
    written.push(file);
    assert.equal(posix.dirname(file.path), vscode.Uri.joinPath(WORKSPACE(), 'migrations').path);
    assert.match(posix.basename(file.path), /^\d{3}_add_index_order_events_order_id_idx\.sql$/);
    const text = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
    assert.ok(text.includes(best.sql), text);

    // Editing the document clears the advice; DDL is not offered the advisor.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(3, 0), '-- edited\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the advice to be cleared', () => ours().length === 0);
    const ddl = await openSql('CREATE TABLE t (id int);');
    const onDdl = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', ddl.document.uri, new vscode.Range(0, 3, 0, 3));
    assert.ok(!onDdl.some((a) => a.title === 'Find indexes for this query'), titles(onDdl));
  });
});
