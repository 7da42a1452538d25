// Migrations proven on the embedded PostgreSQL (core/trace): each statement applied as its tool runs it, with what
// PostgreSQL did: the locks it took (pg_locks), the tables it rewrote (relfilenode), refusals with PostgreSQL's own
// message, the rest of the history still applied, no verdict where this run cannot have what is missing.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../core/config/config';
import { initParser } from '../../core/parse/parser';
import { loadProject } from '../../core/project/load';
import { traceProject } from '../../core/trace/project';
import type { ProjectTrace, StatementTrace } from '../../core/trace/model';
import { runCli } from '../unit/cli/run-cli';
import { BUILTIN_FINDINGS, MIGRATION_REFUSED_ID } from '../../core/rules/built-in-findings';
import { refusalFindings } from '../../core/trace/findings';
import { TraceSnapshots, type ResumePlan } from '../../core/trace/snapshot';
import { traceInWorker } from '../../core/trace/trace-in-worker';
import { skipOrFail } from '../helpers/requirements';

const GOOSE: Record<string, string> = {
  'db/00001_orders.sql': `-- +goose Up
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL DEFAULT 'new');
INSERT INTO orders SELECT g, 1, 'new' FROM generate_series(1, 100) g;
`,
  'db/00002_change.sql': `-- +goose Up
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders ALTER COLUMN id TYPE bigint;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_ref) REFERENCES customers (id);
CREATE INDEX orders_status_idx ON orders (status);
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
`,
  'db/00003_concurrently.sql': `-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
CREATE EXTENSION IF NOT EXISTS postgis;
SELECT AddGeometryColumn('orders', 'location', 4326, 'POINT', 2);
`,
};

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pga-trace-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const at = (trace: ProjectTrace, file: string, head: RegExp): StatementTrace => {
  const st = trace.migrations.find((m) => m.file === file)?.statements.find((s) => head.test(s.head));
  assert.ok(st, `${file}: ${head}`);
  return st;
};

describe('migrations applied on the embedded PostgreSQL: what it did (trace)', function () {
  this.timeout(180_000);
  let dir: string;
  let trace: ProjectTrace;

  before(async () => {
    await initParser();
    dir = project(GOOSE);
    const { project: loaded } = loadProject(dir, DEFAULT_CONFIG);
    trace = await traceProject(loaded);
  });

  it('observes the locks each statement takes inside goose\'s transaction, and until when they are held', () => {
    const add = at(trace, 'db/00002_change.sql', /^ALTER TABLE orders ADD COLUMN note/);
    assert.equal(add.outcome, 'applied');
    assert.deepEqual(add.locks.filter((l) => l.relkind === 'r').map((l) => `${l.mode} ${l.relation}`), ['AccessExclusiveLock public.orders']);
    assert.deepEqual(add.rewritten, [], 'a nullable column without a default rewrites nothing');
    const index = at(trace, 'db/00002_change.sql', /^CREATE INDEX orders_status_idx/);
    assert.deepEqual(index.locks.filter((l) => l.relkind === 'r').map((l) => l.mode), [], 'ACCESS EXCLUSIVE on orders already held: nothing new on the table');
    assert.deepEqual(index.created, ['public.orders_status_idx']);
    const holds = trace.migrations.find((m) => m.file === 'db/00002_change.sql')!.holds;
    assert.deepEqual(holds.map((h) => `${h.mode} ${h.relation} ${h.fromLine}-${h.untilLine} ${h.until}`), ['AccessExclusiveLock public.orders 2-6 commit']);
  });

  it('sees a rewrite where PostgreSQL copies the table (int to bigint)', () => {
    const change = at(trace, 'db/00002_change.sql', /ALTER COLUMN id TYPE bigint/);
    assert.ok(change.rewritten.includes('public.orders'), JSON.stringify(change));
  });

  it('reports a refusal with PostgreSQL\'s message, skips it, and applies the rest of the migration', () => {
    const fk = at(trace, 'db/00002_change.sql', /ADD CONSTRAINT orders_customer_fk/);
    assert.equal(fk.outcome, 'failed');
    assert.equal(fk.message, 'column "customer_ref" referenced in foreign key constraint does not exist');
    assert.equal(fk.code, '42703');
    assert.equal(at(trace, 'db/00002_change.sql', /^CREATE INDEX orders_status_idx/).outcome, 'applied');
    // The constraint was never made: validating it is a consequence, not a second problem.
    const validate = at(trace, 'db/00002_change.sql', /VALIDATE CONSTRAINT/);
    assert.equal(validate.outcome, 'not-checked');
    assert.match(validate.message ?? '', /after an earlier refusal \(db\/00002_change\.sql:4\)/);
  });

  it('runs CONCURRENTLY outside a transaction as goose NO TRANSACTION does; an extension PGlite lacks is not checked, said once', () => {
    const concurrently = at(trace, 'db/00003_concurrently.sql', /CREATE INDEX CONCURRENTLY/);
    assert.equal(concurrently.outcome, 'applied');
    assert.equal(concurrently.inTransaction, false);
    assert.deepEqual(concurrently.created, ['public.orders_note_idx']);
    const postgis = at(trace, 'db/00003_concurrently.sql', /CREATE EXTENSION/);
    assert.equal(postgis.outcome, 'not-checked');
    assert.equal(at(trace, 'db/00003_concurrently.sql', /AddGeometryColumn/).outcome, 'not-checked');
    assert.deepEqual(trace.notes, ['The embedded PostgreSQL (PGlite) does not ship the extension postgis: what needs it is not checked.']);
    assert.match(trace.postgres, /^PostgreSQL 1\d/);
  });

  it('pg-architect trace: the same as text and JSON, exit 1 when PostgreSQL refused a statement of the files reported', () => {
    const text = runCli(['trace', dir], dir);
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /^ {6}4 {2}ALTER TABLE orders ADD CONSTRAINT orders_customer_fk .*FAILED: column "customer_ref" referenced in foreign key constraint does not exist \(42703\)$/m);
    assert.match(text.stdout, /held: ACCESS EXCLUSIVE on public\.orders held from line 2 to the COMMIT at line 6/);
    assert.match(text.stdout, /REWROTE public\.orders/);
    // --timing: where the time went, on stderr; the report on stdout is the same.
    const timed = runCli(['trace', dir, '--timing'], dir);
    const untimed = (out: string): string => out.replace(/\(\d[\d.,]* m?s\)/g, '(…)');
    assert.equal(untimed(timed.stdout), untimed(text.stdout));
    for (const phase of [/start-up/, /starting the embedded PostgreSQL/, /applying and observing them \(3 files\)/, /the migrations' statements, in PostgreSQL/, /reading what each did \(locks, storage\)/]) assert.match(timed.stderr, phase);
    assert.doesNotMatch(text.stderr, /where the time went/);
    const json = runCli(['trace', dir, 'db/00003_concurrently.sql', '--format', 'json'], dir);
    const parsed = JSON.parse(json.stdout) as ProjectTrace;
    assert.deepEqual(parsed.migrations.map((m) => m.file), ['db/00003_concurrently.sql']);
    assert.equal(json.status, 0, 'only the files asked about decide the exit code');
  });
});

// After each statement only what is new is read (locks not held before, storage newer than any seen, drops when
// pg_class lost rows): what a transaction already holds must not hide what the statement did.
const ONE_TRANSACTION: Record<string, string> = {
  'db/00001_customers.sql': `-- +goose Up
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
`,
  'db/00002_events.sql': `-- +goose Up
CREATE TABLE events (id integer PRIMARY KEY, kind text);
CREATE INDEX events_kind_idx ON events (kind);
ALTER TABLE events ALTER COLUMN id TYPE bigint;
DROP INDEX events_kind_idx;
ALTER TABLE events RENAME TO audit_events;
ALTER TABLE audit_events ADD COLUMN note text;
ALTER TABLE customers RENAME TO clients;
ALTER TABLE clients ADD COLUMN name text;
`,
};

describe('inside one transaction: rewrites, drops and renames of what it already holds', function () {
  this.timeout(120_000);
  let trace: ProjectTrace;
  const file = 'db/00002_events.sql';

  before(async () => {
    await initParser();
    const { project: loaded } = loadProject(project(ONE_TRANSACTION), DEFAULT_CONFIG);
    trace = await traceProject(loaded);
  });

  it('sees the rewrite of a table the transaction created (it holds it already: no new lock to show it)', () => {
    const change = at(trace, file, /ALTER COLUMN id TYPE bigint/);
    assert.equal(change.outcome, 'applied');
    assert.ok(change.rewritten.includes('public.events'), JSON.stringify(change));
    assert.deepEqual(change.locks.filter((l) => l.relation === 'public.events'), []);
  });

  it('sees the drop of an index the transaction created', () => {
    assert.deepEqual(at(trace, file, /^DROP INDEX events_kind_idx/).dropped, ['public.events_kind_idx']);
  });

  it('a rename takes no new lock on what is held, and what is held is named as it is now', () => {
    assert.deepEqual(at(trace, file, /RENAME TO audit_events/).locks.filter((l) => l.relkind === 'r'), []);
    const add = at(trace, file, /ALTER TABLE audit_events ADD COLUMN/);
    assert.ok(add.alreadyHeld?.some((l) => l.relation === 'public.audit_events' && l.mode === 'AccessExclusiveLock'), JSON.stringify(add));
    const rename = at(trace, file, /RENAME TO clients/);
    assert.deepEqual(rename.locks.filter((l) => l.relkind === 'r').map((l) => `${l.mode} ${l.relation}`), ['AccessExclusiveLock public.clients']);
    const name = at(trace, file, /ALTER TABLE clients ADD COLUMN/);
    assert.deepEqual(name.locks.filter((l) => l.relkind === 'r'), []);
    assert.deepEqual(name.alreadyHeld?.map((l) => `${l.mode} ${l.relation}`), ['AccessExclusiveLock public.clients']);
  });
});

describe('a trace pauses where it is told to (the language server answers requests there)', function () {
  this.timeout(120_000);
  it('awaits the pause after each statement, and says the same as a run without pauses', async () => {
    await initParser();
    const { project: loaded } = loadProject(project(GOOSE), DEFAULT_CONFIG);
    const plain = await traceProject(loaded);
    let pauses = 0;
    let turns = 0;
    let running = true;
    const seen: number[] = [];
    // The pause returns to the event loop: a setImmediate chain started before the run advances while it goes on.
    const tick = (): void => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const paused = await traceProject(loaded, {
      pause: async () => {
        pauses++;
        seen.push(turns);
        await new Promise<void>((resolve) => setImmediate(resolve));
      },
    });
    running = false;
    const statements = paused.migrations.flatMap((m) => m.statements).length;
    assert.equal(pauses, statements, 'one pause per statement');
    // PGlite's queries never return to the event loop: only the pauses let the chain advance between statements.
    assert.ok(seen.every((t, i) => i === 0 || t > seen[i - 1]), `the event loop turned between each two statements: ${seen.join(' ')}`);
    const strip = (t: ProjectTrace): unknown => JSON.stringify({ ...t, durationMs: 0 });
    assert.equal(strip(paused), strip(plain));
  });
});

describe('tables read whole: validations and index builds, from the scan counters', function () {
  this.timeout(120_000);
  it('says which tables a statement read to validate or build, and not where it did not have to', async () => {
    await initParser();
    const dir = project({
      'migrations/001_tables.sql': `CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total integer);
INSERT INTO customers SELECT g FROM generate_series(1, 50) g;
INSERT INTO orders SELECT g, g, g FROM generate_series(1, 50) g;
`,
      'migrations/002_constraints.sql': `ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0);
ALTER TABLE orders ADD CONSTRAINT orders_total_small CHECK (total < 1000000) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_small;
ALTER TABLE orders ALTER COLUMN total SET NOT NULL;
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
CREATE INDEX orders_customer_idx ON orders (customer_id);
ALTER TABLE orders ALTER COLUMN total TYPE bigint;
`,
    });
    const { project: loaded } = loadProject(dir, DEFAULT_CONFIG);
    const trace = await traceProject(loaded);
    const scanned = (head: RegExp): readonly string[] => at(trace, 'migrations/002_constraints.sql', head).scanned ?? [];
    assert.deepEqual(scanned(/orders_total_positive/), ['public.orders']);
    assert.deepEqual(scanned(/NOT VALID/), [], 'NOT VALID reads nothing');
    assert.deepEqual(scanned(/VALIDATE CONSTRAINT/), ['public.orders']);
    assert.deepEqual(scanned(/SET NOT NULL/), ['public.orders']);
    assert.deepEqual(scanned(/ADD COLUMN status/), [], 'a constant default: no scan, no rewrite');
    assert.ok(scanned(/orders_customer_fk/).includes('public.orders'), 'the first check of a foreign key reads the referencing table');
    assert.deepEqual(scanned(/CREATE INDEX/), ['public.orders']);
    const rewrite = at(trace, 'migrations/002_constraints.sql', /TYPE bigint/);
    assert.ok(rewrite.rewritten.includes('public.orders'));
    assert.deepEqual(rewrite.scanned ?? [], [], 'a rewrite is said as such, not as a scan');
  });
});

describe('migration-refused: its documented examples, applied as a project\'s only migration', function () {
  this.timeout(120_000);
  it('the bad example is refused, the good one is not', async () => {
    const docs = BUILTIN_FINDINGS.find((b) => b.id === MIGRATION_REFUSED_ID)!.docs;
    await initParser();
    const findings = async (sql: string): Promise<string[]> => {
      const dir = project({ 'migrations/001_init.sql': sql });
      const { project: loaded } = loadProject(dir, DEFAULT_CONFIG);
      const trace = await traceProject(loaded);
      return trace.migrations.flatMap((m) => refusalFindings(m, sql, trace.postgres).map((f) => f.ruleId));
    };
    assert.deepEqual(await findings(docs.bad), [MIGRATION_REFUSED_ID]);
    assert.deepEqual(await findings(docs.good), []);
  });
});

// Incremental: the editor keeps the embedded database before the migration most likely edited next and re-applies
// only from there. Whatever the edits, what it says must be what a run from an empty database says.
describe('incremental trace: resumed from a snapshot, the same as applying everything again', function () {
  this.timeout(300_000);
  const strip = (t: ProjectTrace): string => JSON.stringify({ ...t, durationMs: 0, resumedBefore: undefined });

  async function editsAgree(root: string): Promise<void> {
    const { project: loaded } = loadProject(root, DEFAULT_CONFIG);
    const order = loaded.schemaOrder();
    const last = order[order.length - 1];
    const middle = order[Math.floor(order.length / 2)];
    const snapshots = new TraceSnapshots();
    await traceProject(loaded, { snapshots });
    // The first run takes no snapshot; the run after an edit keeps the one before the edited file.
    const edits: [string, string, boolean][] = [
      [last, `${loaded.text(last)}\nCREATE TABLE pga_probe (id integer PRIMARY KEY);\n`, false],
      [last, `${loaded.text(last)}\nCREATE TABLE pga_probe (id integer PRIMARY KEY);\nALTER TABLE pga_probe ALTER COLUMN id TYPE bigint;\n`, true],
      [last, `${loaded.text(last)}\nCREATE TABLE pga_probe (id text);\n`, true],
      [middle, `${loaded.text(middle)}\nCREATE TABLE pga_middle (id integer);\n`, false],
      [middle, `${loaded.text(middle)}\nCREATE TABLE pga_middle (id bigint);\n`, true],
    ];
    for (const [id, text, resumes] of edits) {
      loaded.setFile(id, loaded.pathOf(id) ?? id, text);
      const resumed = await traceProject(loaded, { snapshots });
      const fresh = await traceProject(loaded);
      assert.equal(strip(resumed), strip(fresh), `after editing ${id}`);
      assert.equal(resumed.resumedBefore !== undefined, resumes, `${id}: resumed before ${resumed.resumedBefore}`);
    }
  }

  before(initParser);

  it('on goose migrations: edits of the last file and of an earlier one', async () => {
    await editsAgree(project(GOOSE));
  });

  // The language server's way: applied in a worker thread (the bundled dist/trace-worker.js), what a run keeps
  // for the next one handed back as data.
  it('in a worker thread: the same traces, and a run after an edit resumes from the snapshot the last one kept', async () => {
    const worker = join(__dirname, '..', '..', 'dist', 'trace-worker.js');
    assert.ok(existsSync(worker), `${worker} is missing: run npm run build first`);
    const { project: loaded } = loadProject(project(GOOSE), DEFAULT_CONFIG);
    const texts = new Map<string, string>();
    const first = await traceInWorker(worker, loaded, { texts });
    assert.equal(strip(first.trace), strip(await traceProject(loaded)));
    assert.deepEqual([...texts.keys()], loaded.schemaOrder().map((id) => loaded.pathOf(id) ?? id));
    let kept = first.snapshots;
    const last = loaded.schemaOrder()[loaded.schemaOrder().length - 1];
    for (const [i, resumes] of [[1, false], [2, true]] as const) {
      loaded.setFile(last, loaded.pathOf(last) ?? last, `${GOOSE[loaded.pathOf(last) ?? last]}\nCREATE TABLE pga_probe_${i} (id integer);\n`);
      const run = await traceInWorker(worker, loaded, { snapshots: kept });
      assert.equal(strip(run.trace), strip(await traceProject(loaded)), `edit ${i}`);
      assert.equal(run.trace.resumedBefore !== undefined, resumes, `edit ${i}: resumed before ${run.trace.resumedBefore}`);
      kept = run.snapshots;
    }
  });

  it('on a real project of the corpus (goharbor/harbor, 39 migrations)', async function () {
    const harbor = join(__dirname, '../../../shared/corpus/migrations/goharbor__harbor');
    if (!existsSync(harbor)) skipOrFail(this, `the shared corpus is not at ${harbor}`);
    await editsAgree(harbor);
  });
});

describe('incremental trace: a snapshot that does not start is dropped, never a failed run', function () {
  this.timeout(120_000);
  /** Hands out a damaged copy of every snapshot it would resume from. */
  class Damaged extends TraceSnapshots {
    override plan(keys: readonly string[], setting: string): ResumePlan {
      const plan = super.plan(keys, setting);
      return plan.from ? { ...plan, from: { ...plan.from, data: new Blob(['not a data directory']) } } : plan;
    }
  }

  it('applies everything instead, with the same result', async () => {
    await initParser();
    const { project: loaded } = loadProject(project(GOOSE), DEFAULT_CONFIG);
    const last = loaded.schemaOrder()[loaded.schemaOrder().length - 1];
    const snapshots = new Damaged();
    await traceProject(loaded, { snapshots });
    loaded.setFile(last, last, `${loaded.text(last)}\nCREATE TABLE pga_one (id integer);\n`);
    await traceProject(loaded, { snapshots });
    loaded.setFile(last, last, `${loaded.text(last)}\nCREATE TABLE pga_two (id integer);\n`);
    const resumed = await traceProject(loaded, { snapshots });
    assert.equal(resumed.resumedBefore, undefined, 'not resumed from the damaged snapshot');
    const strip = (t: ProjectTrace): string => JSON.stringify({ ...t, durationMs: 0 });
    assert.equal(strip(resumed), strip(await traceProject(loaded)));
  });
});
