// "Nothing leaves the machine; secrets are never shown", proved on the real parts: the built CLI and language
// server run under test/helpers/record-network.cjs, which records every socket (TCP and unix), DNS query, HTTP
// request, fetch, UDP packet, listening server, child process and worker thread. Linting, the embedded database
// and the language server reach nothing at all; --db commands reach exactly the configured server (a throwaway
// PostgreSQL, over TCP and over its unix socket) and resolve no other name. A password, right or wrong, in the
// URL or in PGPASSWORD, never appears in stdout, stderr or JSON/SARIF output, and failures name
// user@host:port/database instead.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { ensureServerBuilt, LspClient, ROOT } from '../helpers/lsp-client';
import { describeEvents, NetworkLog, type NetworkEvent } from '../helpers/network-recorder';
import { freePort, startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';

const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLES = join(ROOT, 'examples');
const CORPUS_FOLDER = join(ROOT, '..', 'shared', 'corpus', 'migrations', 'fecgov__openFEC');
/** A wrong password with characters that need URL encoding, so both spellings can be looked for. */
const WRONG_PASSWORD = 'Wr0ng:s3cret/p@ss w%rd';

const scratch: string[] = [];
process.on('exit', () => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

interface RecordedRun {
  readonly args: readonly string[];
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly log: NetworkLog;
}

/** The environment without the caller's libpq settings, so only what a test gives reaches the CLI. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^PG|^DATABASE_URL$/.test(k)) env[k] = v;
  return env;
}

/** Runs dist/cli.js as users do, with the recorder preloaded. */
function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): RecordedRun {
  const log = new NetworkLog();
  const r = spawnSync(process.execPath, [...log.nodeArgs, CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...cleanEnv(), NO_COLOR: '1', XDG_CACHE_HOME: cacheHome(), ...options.env, ...log.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { args, status: r.status, stdout: r.stdout, stderr: r.stderr, log };
}

let cacheFolder: string | undefined;
/** One embedded-database cache for the whole file (the first embedded run pays for initdb). */
function cacheHome(): string {
  return (cacheFolder ??= tempDir('pga-net-cache-'));
}

function describeRun(run: RecordedRun): string {
  return `pg-architect ${run.args.join(' ')}\nexit ${run.status}\nstderr: ${run.stderr.slice(-3000)}\nstdout: ${run.stdout.slice(0, 1500)}\nrecorded:\n${describeEvents(run.log.events())}`;
}

/** The recorder ran in the main thread (a log without this line proves nothing). */
function assertRecorded(run: RecordedRun): void {
  assert.ok(
    run.log.starts().some((e) => e.thread === 0 && e.argv?.[0] === CLI),
    `the network recorder did not run in the CLI process\n${describeRun(run)}`,
  );
}

function assertNoNetwork(run: RecordedRun): void {
  assertRecorded(run);
  const outbound = run.log.outbound();
  assert.equal(outbound.length, 0, `expected no network, no DNS, no child process; got:\n${describeRun(run)}`);
}

/** Where a --db command may go: a TCP host and port, or a unix socket folder and port. */
type Target = { readonly host: string; readonly port: number } | { readonly socketDir: string; readonly port: number };

function allowed(e: NetworkEvent, target: Target): boolean {
  if ('socketDir' in target) return e.event === 'connect' && e.path === join(target.socketDir, `.s.PGSQL.${target.port}`);
  if (e.event === 'connect' || e.event === 'tls') return e.host === target.host && e.port === target.port;
  // A name in the URL is resolved; nothing else is, and IP addresses need no lookup.
  if (e.event === 'dns') return e.method?.endsWith('lookup') === true && e.hostname === target.host;
  return false;
}

/** Only the configured server was reached, and it was reached (so the recorder saw the connection). */
function assertOnlyTarget(run: RecordedRun, target: Target): void {
  assertRecorded(run);
  const outbound = run.log.outbound();
  const stray = outbound.filter((e) => !allowed(e, target));
  assert.deepEqual(stray, [], `reached something other than ${JSON.stringify(target)}:\n${describeRun(run)}`);
  assert.ok(
    outbound.some((e) => e.event === 'connect'),
    `no connection to ${JSON.stringify(target)} was recorded:\n${describeRun(run)}`,
  );
}

/** Neither the password nor its URL-encoded form appears in anything the command printed. */
function assertNoSecret(run: RecordedRun, ...secrets: string[]): void {
  for (const secret of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      assert.ok(!run.stdout.includes(form), `stdout shows the password ${JSON.stringify(form)}:\n${describeRun(run)}`);
      assert.ok(!run.stderr.includes(form), `stderr shows the password ${JSON.stringify(form)}:\n${describeRun(run)}`);
    }
  }
}

describe('network isolation and secrets', function () {
  this.timeout(300_000);

  before(() => ensureServerBuilt());

  describe('the network recorder', () => {
    it('sees sockets, unix sockets, DNS, HTTP, fetch, UDP, servers, child processes and every worker thread', async () => {
      // Local targets only (a refused port, /etc/hosts, a DNS server on a dead local port, a curl that is not on
      // the PATH): each attempt is recorded, none leaves the machine.
      const dead = await freePort();
      const script = `
        const net = require('net'), dns = require('dns'), http = require('http'), cp = require('child_process');
        const { Worker } = require('worker_threads');
        const settle = (emitter) => new Promise((r) => { emitter.on('error', r); emitter.on('close', r); emitter.on('exit', r); });
        (async () => {
          await settle(net.connect(${dead}, '127.0.0.1'));
          await settle(net.connect('/nonexistent/.s.PGSQL.5432'));
          await dns.promises.lookup('localhost').catch(() => undefined);
          const resolver = new dns.Resolver({ timeout: 200, tries: 1 });
          resolver.setServers(['127.0.0.1:${dead}']);
          await new Promise((r) => resolver.resolve4('pga-resolve-check.invalid', r));
          await settle(http.get('http://127.0.0.1:${dead}/http-check'));
          await fetch('http://127.0.0.1:${dead}/fetch-check').catch(() => undefined);
          await new Promise((r) => { const s = require('dgram').createSocket('udp4'); s.send('x', ${dead}, '127.0.0.1', () => { s.close(); r(); }); });
          await new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => s.close(r)); });
          await settle(cp.spawn('curl', ['--silent', 'https://telemetry.example.invalid/'], { env: { PATH: '/nonexistent' } }));
          cp.spawnSync('true', ['sync-check']);
          for (const execArgv of [undefined, []]) {
            await settle(new Worker("require('net').connect(${dead}, '127.0.0.2').on('error', () => process.exit(0))", { eval: true, ...(execArgv ? { execArgv } : {}) }));
          }
        })();`;
      const log = new NetworkLog();
      const r = spawnSync(process.execPath, [...log.nodeArgs, '-e', script], { encoding: 'utf8', env: { ...process.env, ...log.env } });
      assert.equal(r.status, 0, r.stderr);
      const events = log.events();
      const has = (what: string, match: (e: NetworkEvent) => boolean): void => assert.ok(events.some(match), `${what} not recorded:\n${describeEvents(events)}`);
      has('TCP connect', (e) => e.event === 'connect' && e.host === '127.0.0.1' && e.port === dead);
      has('unix socket connect', (e) => e.event === 'connect' && e.path === '/nonexistent/.s.PGSQL.5432');
      has('dns.promises.lookup', (e) => e.event === 'dns' && e.method === 'dns.promises.lookup' && e.hostname === 'localhost');
      has('Resolver#resolve4', (e) => e.event === 'dns' && e.method === 'dns.Resolver.resolve4' && e.hostname === 'pga-resolve-check.invalid');
      has('http.get', (e) => e.event === 'http' && e.url === `http://127.0.0.1:${dead}/http-check`);
      has('fetch', (e) => e.event === 'fetch' && e.url === `http://127.0.0.1:${dead}/fetch-check`);
      has("fetch's socket", (e) => e.event === 'connect' && e.port === dead && (e.at ?? []).some((f) => f.includes('undici')));
      has('UDP send', (e) => e.event === 'udp' && e.port === dead);
      has('a listening server', (e) => e.event === 'listen' && e.host === '127.0.0.1');
      has('spawned curl with its command line', (e) => e.event === 'spawn' && e.file === 'curl' && e.args?.includes('https://telemetry.example.invalid/') === true);
      has('spawnSync', (e) => e.event === 'spawn' && e.method === 'spawnSync' && e.args?.includes('sync-check') === true);
      has('a worker thread', (e) => e.event === 'worker' && e.injected === false);
      has('a worker started with its own execArgv (recorder added)', (e) => e.event === 'worker' && e.injected === true);
      const threads = new Set(events.filter((e) => e.event === 'connect' && e.host === '127.0.0.2').map((e) => e.thread));
      assert.equal(threads.size, 2, `both workers' connects recorded, each in its own thread:\n${describeEvents(events)}`);
    });
  });

  describe('pg-architect without a database reaches nothing', () => {
    it('lint of examples/ (text, json and sarif)', () => {
      for (const format of ['text', 'json', 'sarif']) {
        const run = runCli(['lint', 'examples', '--format', format]);
        assert.ok(run.status === 0 || run.status === 1, describeRun(run));
        assert.ok(run.stdout.length > 0, describeRun(run));
        assertNoNetwork(run);
      }
    });

    it('lint of a corpus folder (the whole project read and its schema built)', function () {
      if (!existsSync(CORPUS_FOLDER)) skipOrFail(this, `the shared corpus folder is not at ${CORPUS_FOLDER}`);
      const run = runCli(['lint', CORPUS_FOLDER, '--format', 'json']);
      assert.ok(run.status === 0 || run.status === 1, describeRun(run));
      assert.ok((JSON.parse(run.stdout) as unknown[]).length > 0, describeRun(run));
      assertNoNetwork(run);
    });

    it('explain on the embedded PostgreSQL (PGlite) with the workspace schema', () => {
      const dir = tempDir('pga-net-explain-');
      writeFileSync(join(dir, 'query.sql'), "SELECT c.id, c.email FROM customers c WHERE c.email = 'a@example.com';\n");
      const run = runCli(['explain', join(dir, 'query.sql'), '--format', 'json'], { cwd: EXAMPLES });
      assert.equal(run.status, 0, describeRun(run));
      assert.match(run.stdout, /customers/);
      assertNoNetwork(run);
    });

    it('tune without --db', () => {
      const run = runCli(['tune', '--ram', '8GB', '--cpus', '4']);
      assert.equal(run.status, 0, describeRun(run));
      assert.match(run.stdout, /^shared_buffers = 2GB/m);
      assertNoNetwork(run);
    });
  });

  describe('the language server opens no socket at all', () => {
    it('serves open documents, hover, completion, code actions and the workspace index of examples/ over stdio only', async () => {
      const log = new NetworkLog();
      // Secrets the server could only leak by reading them: they are in its environment and in the settings.
      const envPassword = 'env-only-s3cret-9931';
      const urlPassword = 'url-only-s3cret-4417';
      const settingsPassword = 'settings-s3cret-2208';
      const client = await LspClient.start({
        workspaceFolders: [EXAMPLES],
        nodeArgs: log.nodeArgs,
        env: { ...log.env, PGPASSWORD: envPassword, DATABASE_URL: `postgres://app:${urlPassword}@db.example.invalid:5432/shop` },
        // What VS Code sends for the pgArchitect section: profiles without passwords (one hand-edited with one,
        // which must still never be echoed), and a bad value that the server does log, so logging is exercised.
        settings: {
          postgresVersion: 'sixteen',
          connections: [
            { name: 'prod', host: 'db.example.invalid', port: 5432, user: 'app', database: 'shop', sslmode: 'require' },
            { name: 'hand-edited', host: '127.0.0.1', port: 5432, user: 'app', password: settingsPassword },
          ],
        },
      });
      try {
        const docs: { uri: string; text: string }[] = [];
        for (const folder of ['migrations', 'queries']) {
          for (const name of readdirSync(join(EXAMPLES, folder)).filter((n) => n.endsWith('.sql')).sort()) {
            const path = join(EXAMPLES, folder, name);
            const text = readFileSync(path, 'utf8');
            docs.push({ uri: pathToFileURL(path).href, text });
            client.open(pathToFileURL(path).href, text);
          }
        }
        let actions = 0;
        for (const doc of docs) {
          const diagnostics = await client.waitForDiagnostics(doc.uri);
          const document = client.document(doc.uri);
          const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: document.positionAt(doc.text.search(/\S/)) });
          assert.ok(hover === null || typeof (hover.contents as MarkupContent).value === 'string');
          for (const d of diagnostics.slice(0, 5)) {
            const result = await client.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: d.range, context: { diagnostics: [d as Diagnostic] } });
            actions += result?.length ?? 0;
          }
          await client.request('textDocument/documentSymbol', { textDocument: { uri: doc.uri } });
          await client.request('textDocument/foldingRange', { textDocument: { uri: doc.uri } });
        }
        assert.ok(actions > 0, 'the examples have quick fixes: code actions were exercised');
        // The workspace index of examples/: the columns of customers after all three migrations (002 renames
        // name to full_name, 003 drops created_at), completed in a new query file.
        const scratchUri = pathToFileURL(join(EXAMPLES, 'queries', 'network-isolation-scratch.sql')).href;
        const text = 'SELECT c. FROM customers c;\n';
        client.open(scratchUri, text);
        await client.waitForDiagnostics(scratchUri);
        const completion = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri: scratchUri }, position: { line: 0, character: 9 } });
        const labels = (Array.isArray(completion) ? completion : (completion?.items ?? [])).map((i) => i.label);
        assert.deepEqual(labels, ['id', 'email', 'full_name']);
        const tableHover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: scratchUri }, position: { line: 0, character: 17 } });
        assert.match((tableHover?.contents as MarkupContent | undefined)?.value ?? '', /public\.customers/);
        await client.request('textDocument/definition', { textDocument: { uri: scratchUri }, position: { line: 0, character: 17 } });
      } finally {
        assert.equal(await client.stop(), 0);
      }

      const events = log.events();
      assert.equal(log.starts().length, 1, `the recorder ran once, in the server process:\n${describeEvents(events)}`);
      assert.deepEqual(log.outbound(), [], `the language server reached out:\n${describeEvents(events)}`);
      assert.deepEqual(events.filter((e) => e.event === 'worker'), [], 'no worker threads either');
      assert.deepEqual(client.telemetry, [], 'no telemetry events');

      // The logging path ran (the bad setting is reported), and no secret reached any output.
      const logText = client.logs.map((l) => l.message).join('\n');
      assert.match(logText, /Ignoring setting pgArchitect\.postgresVersion/);
      const outputs = [logText, client.shownMessages.map((m) => m.message).join('\n'), client.stderr, JSON.stringify([...client.published.values()])];
      for (const secret of [envPassword, urlPassword, settingsPassword]) {
        for (const out of outputs) assert.ok(!out.includes(secret), `the server output shows ${secret}`);
      }
    });
  });

  describe('pg-architect lsp --stdio (the server for other editors) opens no socket either', () => {
    it('lints an opened document and answers hovers, with nothing recorded but the process itself', async () => {
      const log = new NetworkLog();
      const client = await LspClient.start({ command: [process.execPath, ...log.nodeArgs, CLI, 'lsp', '--stdio'], env: log.env, workspaceFolders: [EXAMPLES] });
      try {
        const uri = pathToFileURL(join(EXAMPLES, 'migrations', 'network-isolation-scratch.sql')).href;
        const document = client.open(uri, 'CREATE INDEX orders_status_idx ON orders (status);\n');
        const diagnostics = await client.waitForDiagnostics(uri);
        assert.ok(diagnostics.length > 0, 'the index without CONCURRENTLY on an existing table is reported');
        await client.request('textDocument/hover', { textDocument: { uri }, position: document.positionAt(2) });
      } finally {
        assert.equal(await client.stop(), 0);
      }
      assert.ok(log.starts().some((e) => e.thread === 0 && e.argv?.[0] === CLI), `the recorder did not run in pg-architect lsp:\n${describeEvents(log.events())}`);
      assert.deepEqual(log.outbound(), [], `pg-architect lsp reached out:\n${describeEvents(log.events())}`);
    });
  });

  describe('pg-architect --db against a real PostgreSQL', () => {
    let cluster: TestCluster | undefined;
    let queryFile: string;
    let deadPort: number;

    before(async function () {
      const started = await startCluster();
      if ('unavailable' in started) skipOrFail(this, started.unavailable);
      cluster = started;
      cluster.psql(`CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, region text NOT NULL);
        INSERT INTO accounts SELECT g, 'user' || g || '@example.com', 'r' || (g % 50) FROM generate_series(1, 20000) g;
        ANALYZE accounts;`);
      const dir = tempDir('pga-net-db-');
      queryFile = join(dir, 'query.sql');
      writeFileSync(queryFile, "SELECT id, email FROM accounts WHERE region = 'r7';\n");
      deadPort = await freePort();
    });
    after(() => cluster?.stop());

    const tcp = (): Target => ({ host: '127.0.0.1', port: cluster!.port });
    /** The label failures and reports name the server by. */
    const label = (port = cluster!.port): string => `postgres@127.0.0.1:${port}/postgres`;

    /** The four --db commands with machine-readable output, for a connection string. */
    function dbCommands(db: string): string[][] {
      return [
        ['explain', queryFile, '--db', db, '--format', 'json'],
        ['db-check', '--db', db, '--format', 'json'],
        ['db-check', '--db', db, '--format', 'sarif'],
        ['advise-indexes', queryFile, '--db', db, '--format', 'json'],
        ['tune', '--db', db, '--ram', '4GB', '--cpus', '2', '--format', 'json'],
      ];
    }

    function assertSucceeded(run: RecordedRun): void {
      // db-check exits 1 when it has critical findings; everything else 0.
      assert.ok(run.status === 0 || (run.args[0] === 'db-check' && run.status === 1), describeRun(run));
      assert.doesNotThrow(() => JSON.parse(run.stdout), describeRun(run));
    }

    it('over TCP with the password in the URL: only that host and port, and the password is never printed', () => {
      for (const args of dbCommands(cluster!.url())) {
        const run = runCli(args);
        assertSucceeded(run);
        assertOnlyTarget(run, tcp());
        assertNoSecret(run, cluster!.password);
      }
      const text = runCli(['tune', '--db', cluster!.url(), '--ram', '4GB', '--cpus', '2']);
      assert.equal(text.status, 0, describeRun(text));
      assert.ok(text.stdout.includes(label()), `the text report names the server:\n${describeRun(text)}`);
      assertOnlyTarget(text, tcp());
      assertNoSecret(text, cluster!.password);
    });

    it('over the unix socket: only that socket file, no TCP and no DNS', () => {
      const db = `host=${cluster!.socketDir} port=${cluster!.port} user=postgres dbname=postgres`;
      for (const args of dbCommands(db)) {
        const run = runCli(args);
        assertSucceeded(run);
        assertOnlyTarget(run, { socketDir: cluster!.socketDir, port: cluster!.port });
      }
    });

    it('by host name: the only name resolved is the one in the URL', () => {
      const run = runCli(['explain', queryFile, '--db', `postgres://postgres:${cluster!.password}@localhost:${cluster!.port}/postgres`, '--format', 'json']);
      assertSucceeded(run);
      const lookups = run.log.outbound().filter((e) => e.event === 'dns');
      assert.ok(lookups.length > 0, `the name was resolved through dns.lookup:\n${describeRun(run)}`);
      assertOnlyTarget(run, { host: 'localhost', port: cluster!.port });
      assertNoSecret(run, cluster!.password);
    });

    it('with PGPASSWORD instead of a password in the URL: connects, and never prints it', () => {
      const db = `postgres://postgres@127.0.0.1:${cluster!.port}/postgres`;
      for (const args of dbCommands(db)) {
        const run = runCli(args, { env: { PGPASSWORD: cluster!.password } });
        assertSucceeded(run);
        assertOnlyTarget(run, tcp());
        assertNoSecret(run, cluster!.password);
      }
    });

    it('a wrong password, in the URL or in PGPASSWORD: a clear message naming user, host, port and database, never the password', () => {
      const inUrl = `postgres://postgres:${encodeURIComponent(WRONG_PASSWORD)}@127.0.0.1:${cluster!.port}/postgres`;
      const runs = [
        ...dbCommands(inUrl).map((args) => runCli(args)),
        ...dbCommands(`postgres://postgres@127.0.0.1:${cluster!.port}/postgres`).map((args) => runCli(args, { env: { PGPASSWORD: WRONG_PASSWORD } })),
      ];
      for (const run of runs) {
        assert.equal(run.status, 2, describeRun(run));
        assert.ok(run.stderr.includes(`Wrong password for ${label()}: the server rejected the credentials.`), describeRun(run));
        assert.equal(run.stdout, '', describeRun(run));
        assertOnlyTarget(run, tcp());
        assertNoSecret(run, WRONG_PASSWORD, cluster!.password);
      }
    });

    it('a port nobody listens on: "connection refused" naming the target, never the password', () => {
      const db = `postgres://postgres:${encodeURIComponent(WRONG_PASSWORD)}@127.0.0.1:${deadPort}/postgres`;
      for (const args of dbCommands(db)) {
        const run = runCli(args);
        assert.equal(run.status, 2, describeRun(run));
        assert.ok(run.stderr.includes(`Connection refused by ${label(deadPort)}`), describeRun(run));
        assertOnlyTarget(run, { host: '127.0.0.1', port: deadPort });
        assertNoSecret(run, WRONG_PASSWORD);
      }
    });

    it('an unusable connection string is refused without echoing it (and nothing is contacted)', () => {
      const bad = [
        `postgres://postgres:${encodeURIComponent(WRONG_PASSWORD)}@127.0.0.1:${cluster!.port}/postgres?sslmode=sometimes`,
        `host=127.0.0.1 port=fivefour password='${WRONG_PASSWORD}'`,
        `postgres://postgres:${encodeURIComponent(WRONG_PASSWORD)}@[not-a-host/postgres`,
      ];
      for (const db of bad) {
        for (const args of dbCommands(db)) {
          const run = runCli(args);
          assert.equal(run.status, 2, describeRun(run));
          assert.match(run.stderr, /sslmode must be one of|port must be a number|not a valid postgres:\/\/ URL/, describeRun(run));
          assertNoNetwork(run);
          assertNoSecret(run, WRONG_PASSWORD);
        }
      }
    });

    it('advise-indexes --import-stats-from with a wrong password: the embedded database stays local, the password unprinted', () => {
      const dir = tempDir('pga-net-import-');
      writeFileSync(join(dir, 'schema.sql'), 'CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, region text NOT NULL);\n');
      const run = runCli(['advise-indexes', queryFile, '--schema', dir, '--import-stats-from', `postgres://postgres:${encodeURIComponent(WRONG_PASSWORD)}@127.0.0.1:${cluster!.port}/postgres`], { cwd: dir });
      assert.equal(run.status, 2, describeRun(run));
      assert.ok(run.stderr.includes(`--import-stats-from: Wrong password for ${label()}`), describeRun(run));
      assertOnlyTarget(run, tcp());
      assertNoSecret(run, WRONG_PASSWORD);
    });
  });
});
