// The truth about "statements PostgreSQL accepts": run every corpus file through the real psql against a real
// server with log_statement = all, and read back exactly what psql sent (its splitting, meta-commands,
// variables, COPY data). Each sent statement that PostgreSQL 18's grammar (libpg-query) accepts must carry no
// syntax error in our analysis, and each syntax error we report must be on a statement PostgreSQL rejects.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../core/parse/document';
import { parseStatementText } from '../../core/parse/parser';
import { startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';
import { parseCsv } from '../helpers/csv';

const CORPUS = join(__dirname, '../../../shared/corpus');

/** Whitespace-insensitive form of a statement for matching psql's text to ours. */
function normal(sql: string): string {
  return sql.replace(/\s+/g, ' ').replace(/[\s;]+$/, '').trim();
}

interface Sent {
  readonly text: string;
  readonly accepted: boolean;
}

/** Runs each file with psql (application_name = file name) and returns what the server received per file. */
function runThroughPsql(cluster: TestCluster, dir: string, files: readonly string[], freshDatabase: boolean): Map<string, Sent[]> {
  files.forEach((file, i) => {
    const database = freshDatabase ? `corpus_${i}` : 'regression';
    if (freshDatabase || i === 0) cluster.psql(`create database ${database}`);
    spawnSync('timeout', ['60', join(cluster.binDir, 'psql'), '-X', '-q', '-h', cluster.host, '-p', String(cluster.port), '-U', cluster.user, '-d', database, '-f', join(dir, file)], {
      env: { ...process.env, PGPASSWORD: cluster.password, PGAPPNAME: file.slice(0, 60), PG_ABS_SRCDIR: '/nonexistent', PG_ABS_BUILDDIR: '/nonexistent', PG_LIBDIR: '/nonexistent', PG_DLSUFFIX: '.so' },
      input: '',
      stdio: ['pipe', 'ignore', 'ignore'],
    });
  });
  const logDir = join(cluster.dataDir, 'log');
  const sent = new Map<string, Sent[]>();
  for (const name of readdirSync(logDir).filter((n) => n.endsWith('.csv')).sort()) {
    for (const row of parseCsv(readFileSync(join(logDir, name), 'utf8'))) {
      const message = row[13] ?? '';
      const severity = row[11];
      const app = row[22] ?? '';
      let text: string | undefined;
      if (severity === 'LOG' && message.startsWith('statement: ')) text = message.slice('statement: '.length);
      else if ((severity === 'ERROR' || severity === 'FATAL') && row[19]) text = row[19]; // never logged as "statement:" when it fails to parse
      if (text === undefined) continue;
      const list = sent.get(app) ?? [];
      list.push({ text, accepted: !parseStatementText(text).error });
      sent.set(app, list);
    }
  }
  return sent;
}

function check(dir: string, files: readonly string[], sent: Map<string, Sent[]>) {
  let matched = 0;
  let acceptedMatched = 0;
  const falseErrors: string[] = [];
  const unmatchedErrors: string[] = [];
  const notSent: string[] = [];
  for (const file of files) {
    const byText = new Map<string, boolean>();
    for (const s of sent.get(file.slice(0, 60)) ?? []) {
      const key = normal(s.text);
      byText.set(key, (byText.get(key) ?? false) || s.accepted);
    }
    const text = readFileSync(join(dir, file), 'utf8');
    // psql control flow we do not evaluate (\quit, \if on variables) may keep statements from being sent.
    const controlFlow = /^\\(quit|q|if)\b/m.test(text);
    const doc = parseDocument(text, file);
    for (const statement of doc.statements) {
      // What psql sends: meta-commands removed (they are blanked in the parsed text), `\;` as `;`.
      const key = normal(statement.parsedText);
      const accepted = byText.get(key);
      const error = statement.syntaxError;
      if (accepted !== undefined) {
        matched++;
        if (accepted) acceptedMatched++;
        if (accepted && error) falseErrors.push(`${file}: "${key.slice(0, 100)}" -> ${error.message}`);
      } else if (error) {
        (controlFlow ? notSent : unmatchedErrors).push(`${file}: "${key.slice(0, 100)}" -> ${error.message}`);
      }
    }
  }
  return { matched, acceptedMatched, falseErrors, unmatchedErrors, notSent };
}

describe('corpus: syntax errors agree with what psql sends and PostgreSQL parses', function () {
  this.timeout(600_000);
  let cluster: TestCluster | undefined;

  before(async function () {
    if (!existsSync(CORPUS)) skipOrFail(this, `the shared corpus is not at ${CORPUS}`);
    const started = await startCluster({
      settings: { log_statement: "'all'", logging_collector: 'on', log_destination: "'csvlog'", log_directory: "'log'", log_rotation_size: '0', statement_timeout: "'5s'", lock_timeout: "'2s'", log_min_error_statement: 'error' },
    });
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
  });

  after(() => cluster?.stop());

  it('regress: no syntax error on a statement PostgreSQL accepts, none invented', function () {
    const dir = join(CORPUS, 'regress');
    const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
    const result = check(dir, files, runThroughPsql(cluster!, dir, files, false));
    console.log(`      regress: ${result.matched} statements matched to what psql sent (${result.acceptedMatched} accepted by PostgreSQL's grammar)`);
    for (const line of result.notSent) console.log(`      not sent by psql (control flow), rejected by the grammar: ${line}`);
    assert.deepEqual(result.falseErrors, []);
    assert.deepEqual(result.unmatchedErrors, [], 'syntax errors on statements psql never sent as written');
    assert.ok(result.acceptedMatched > 30_000, `too few statements matched (${result.acceptedMatched}): the comparison itself is broken`);
  });

  it('dumps: every statement of every schema dump parses', function () {
    const dir = join(CORPUS, 'dumps');
    const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
    const result = check(dir, files, runThroughPsql(cluster!, dir, files, true));
    console.log(`      dumps: ${result.matched} statements matched (${result.acceptedMatched} accepted)`);
    assert.deepEqual(result.falseErrors, []);
    assert.deepEqual(result.unmatchedErrors, []);
    assert.ok(result.acceptedMatched > 5_000, `too few statements matched (${result.acceptedMatched})`);
  });
});
