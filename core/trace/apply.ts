/**
 * Migrations proven, not predicted: the project's migrations applied in order to a database (the embedded
 * PostgreSQL by default), each part in the transaction mode its tool uses (core/project/tools), statement by statement
 * with what PostgreSQL actually did: accepted or refused (its own message), the locks taken (pg_locks of this
 * backend), the tables rewritten (a new relfilenode), what was created and dropped. Inside a transaction every
 * statement runs under a savepoint, so a refused one is skipped and the rest of the history still applies.
 *
 * A refusal explained by something this run cannot have is no verdict ('not-checked'): an extension PGlite does not
 * ship, a schema whose history is partial, a statement after an earlier refusal that needs what it would have made.
 */
import { failureOf } from '../db/errors';
import type { Timings } from '../timing';
import type { Session } from '../db/session';
import type { SqlDocument, Statement } from '../parse/document';
import { LineIndex } from '../parse/positions';
import type { RunSection } from '../project/tools';
import { countsOf, Observer, ScanCounter, scanCandidates, scannedBetween, type Observed, type ScanCounts } from './observe';
import { lockStrength, type LockSpan, type MigrationTrace, type RelationName, type StatementTrace, onTable } from './model';

export interface TraceFile {
  /** Project-relative path. */
  readonly path: string;
  readonly document: SqlDocument;
  /** How the file's tool runs it (runSections); only `up` parts are applied. */
  readonly sections: readonly RunSection[];
}

export interface TraceOptions {
  /** The project's history is partial (objects used that no file creates): refusals for missing objects are no verdict. */
  readonly partialHistory?: boolean;
  /** Per statement (default 30 s). */
  readonly statementTimeoutMs?: number;
  /**
   * Everything inside one transaction that is rolled back at the end (a server's database must be left as it was):
   * the tools' transactions become savepoints, statements that cannot run in a transaction block are not checked.
   */
  readonly rollbackAll?: boolean;
  /** The session already holds the files before these (restored from a snapshot): what was said about them. */
  readonly resume?: TracerState;
  /** Where the time goes (`trace --timing`): the statements, and the reads of what they did. */
  readonly timings?: Timings;
  /** Called before the file at this index is applied, outside any transaction (a snapshot of the database), with the traces so far. */
  readonly before?: { readonly index: number; readonly call: (state: TracerState, migrations: readonly MigrationTrace[]) => Promise<void> };
  /**
   * Awaited after each statement. The embedded PostgreSQL answers without ever returning to the event loop, so a
   * whole history would run as one task: a process that serves requests meanwhile (the language server) pauses here.
   */
  readonly pause?: () => Promise<void>;
}

/** What a run has said so far that decides its later verdicts: a snapshot of the database keeps it beside the data. */
export interface TracerState {
  readonly firstFailure?: { readonly file: string; readonly line: number };
  readonly notes: readonly string[];
}

/** SQLSTATEs of "that object does not exist": after an earlier refusal, or in a partial history, they prove nothing. */
const MISSING_OBJECT = new Set(['42P01', '42704', '42883', '42703', '3F000', '42P02']);
/** feature_not_supported: what the embedded build leaves out (tablespaces, ...), not a verdict on the migration. */
const NOT_SUPPORTED = '0A000';
const IN_TRANSACTION_BLOCK = '25001';
/** The tables migration tools keep their own state in: the tool creates them, no migration does. */
const TOOL_TABLES = /relation "(?:[\w$]+\.)?(schema_migrations|goose_db_version|flyway_schema_history|_prisma_migrations|knex_migrations(?:_lock)?|django_migrations|ar_internal_metadata|pgmigrations|atlas_schema_revisions|migrations|schema_version)" does not exist/;
const TRANSACTION_CONTROL = new Set(['TransactionStmt']);
const NO_VERDICT_KINDS = new Set(['CopyStmt']);

interface Refusal {
  readonly message: string;
  readonly code?: string;
}

function refusalOf(e: unknown): Refusal {
  // A server session's errors carry the server's message and SQLSTATE as a failure value (core/db/errors.ts).
  const failure = failureOf(e);
  if (failure) return { message: failure.message, ...(failure.code ? { code: failure.code } : {}) };
  const error = e as { message?: string; code?: string };
  return { message: error.message ?? String(e), ...(typeof error.code === 'string' ? { code: error.code } : {}) };
}

const STATEMENTS = 'the migrations\' statements, in PostgreSQL';
const READS = 'reading what each did (locks, storage)';
const SCANS = 'reading scan counters before ALTER, CREATE INDEX';

class Tracer {
  /** The schema's storage and the locks the open transaction holds, read after each statement. */
  private readonly observer = new Observer();
  private readonly scans = new ScanCounter();
  /**
   * The scan counters of the next statement's tables, read with the last statement's observation: nothing runs in
   * between but the savepoints, so they are its counters before it (one read less for each ALTER or CREATE INDEX).
   */
  private carried: { readonly statement: Statement; readonly counts: ScanCounts } | undefined;
  private firstFailure: { file: string; line: number } | undefined;
  readonly notes = new Set<string>();

  constructor(
    private readonly session: Session,
    private readonly options: TraceOptions,
  ) {
    if (options.resume?.firstFailure) this.firstFailure = options.resume.firstFailure;
    for (const note of options.resume?.notes ?? []) this.notes.add(note);
  }

  /** A statement of the migrations, timed as such with `timings`. */
  private run(st: Statement): Promise<unknown> {
    return this.timed(STATEMENTS, () => this.session.query(st.parsedText));
  }

  private scanCounts(candidates: readonly string[]): ReturnType<ScanCounter['counts']> {
    return this.timed(SCANS, () => this.scans.counts(this.session, candidates));
  }

  /** The tables the statement read whole: its tables' counters before it and after it (none when they could not be read). */
  private scannedSince(before: ScanCounts | undefined, candidates: readonly string[], observed: Observed & { readonly scans: ScanCounts }): RelationName[] {
    return before && candidates.length > 0 ? scannedBetween(before, countsOf(observed.scans, candidates), observed.rewritten) : [];
  }

  private async timed<T>(part: string, fn: () => Promise<T>): Promise<T> {
    if (!this.options.timings) return fn();
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.options.timings.addPart(part, performance.now() - started);
    }
  }

  get state(): TracerState {
    return { ...(this.firstFailure ? { firstFailure: this.firstFailure } : {}), notes: [...this.notes] };
  }

  async start(): Promise<void> {
    if (this.options.rollbackAll) await this.session.query('BEGIN');
    await this.session.query(`${this.options.rollbackAll ? 'SET LOCAL' : 'SET'} statement_timeout = ${Math.max(1, Math.floor(this.options.statementTimeoutMs ?? 30_000))}`);
    await this.observer.reset(this.session, this.options.rollbackAll === true);
  }

  /** Ends the run: with rollbackAll, nothing it did stays. */
  async finish(): Promise<void> {
    if (this.options.rollbackAll) await this.session.query('ROLLBACK');
  }

  /** A transaction of the migration: its own, or a savepoint inside the run's (rollbackAll). */
  private async begin(): Promise<void> {
    await this.session.query(this.options.rollbackAll ? 'SAVEPOINT pga_tx' : 'BEGIN');
    // Inside the run's one transaction the locks of earlier migrations are still held: only new ones are this one's.
    if (!this.options.rollbackAll) this.observer.transactionBoundary();
  }

  private async end(outcome: 'commit' | 'rollback'): Promise<void> {
    if (!this.options.rollbackAll) {
      await this.session.query(outcome === 'commit' ? 'COMMIT' : 'ROLLBACK');
      return;
    }
    if (outcome === 'rollback') await this.session.query('ROLLBACK TO SAVEPOINT pga_tx');
    await this.session.query('RELEASE SAVEPOINT pga_tx');
  }

  async file(file: TraceFile): Promise<MigrationTrace> {
    const lines = new LineIndex(file.document.text);
    const lineOf = (offset: number): number => lines.positionAt(offset).line + 1;
    const out: StatementTrace[] = [];
    const holds: LockSpan[] = [];
    const base = (st: Statement): Pick<StatementTrace, 'start' | 'end' | 'line' | 'head'> => ({ start: st.start, end: st.end, line: lineOf(st.start), head: st.text.trim().split('\n')[0].slice(0, 120) });
    for (const section of file.sections.filter((s) => s.direction === 'up')) {
      const statements = file.document.statements.filter((st) => st.start >= section.start && st.end <= section.end && st.text.trim() !== '');
      if (statements.length === 0) continue;
      if (section.transaction === 'none') {
        let open: StatementTrace[] | undefined;
        for (const st of statements) {
          const control = this.control(st);
          if (control === 'begin' && !open) {
            await this.begin();
            open = [];
            out.push({ ...base(st), outcome: 'applied', locks: [], locksObservable: true, rewritten: [], created: [], dropped: [], inTransaction: true });
          } else if ((control === 'commit' || control === 'rollback') && open) {
            await this.end(control === 'commit' ? 'commit' : 'rollback').catch(() => undefined);
            holds.push(...spans(open, lineOf(st.start), 'commit'));
            open = undefined;
            out.push({ ...base(st), outcome: 'applied', locks: [], locksObservable: true, rewritten: [], created: [], dropped: [], inTransaction: true });
          } else if (open) {
            const traced = await this.inTransaction(st, base(st), file.path, statements[statements.indexOf(st) + 1]);
            open.push(traced);
            out.push(traced);
          } else {
            const traced = await this.alone(st, base(st), file.path);
            holds.push(...spans([traced], traced.line, 'statement'));
            out.push(traced);
          }
          await this.options.pause?.();
        }
        // A file that leaves its transaction open: psql commits nothing, the next file would run inside it.
        if (open) {
          await this.end('commit').catch(() => undefined);
          holds.push(...spans(open, lineOf(section.end), 'commit'));
        }
      } else {
        await this.begin();
        const traced: StatementTrace[] = [];
        for (const [i, st] of statements.entries()) {
          const t = this.control(st)
            ? { ...base(st), outcome: 'not-checked' as const, message: 'transaction control inside the transaction the tool opens: not run', locks: [], locksObservable: true, rewritten: [], created: [], dropped: [], inTransaction: true }
            : await this.inTransaction(st, base(st), file.path, statements[i + 1]);
          traced.push(t);
          out.push(t);
          await this.options.pause?.();
        }
        await this.end('commit').catch(() => this.end('rollback').catch(() => undefined));
        holds.push(...spans(traced, lineOf(statements[statements.length - 1].end), 'commit'));
      }
    }
    return { file: file.path, statements: out, holds };
  }

  private control(st: Statement): 'begin' | 'commit' | 'rollback' | 'other' | undefined {
    if (!st.ast || !TRANSACTION_CONTROL.has(st.kind)) return undefined;
    const kind = (st.ast as { TransactionStmt?: { kind?: string } }).TransactionStmt?.kind ?? '';
    if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'begin';
    if (kind === 'TRANS_STMT_COMMIT') return 'commit';
    if (kind === 'TRANS_STMT_ROLLBACK') return 'rollback';
    return 'other';
  }

  /** Why a statement is not run at all, or undefined. */
  private notRunnable(st: Statement): string | undefined {
    if (st.dependsOnPsqlVariables) return 'uses psql variables: not run';
    if (!st.ast) return st.syntaxError ? 'does not parse (see the syntax error)' : 'not SQL PostgreSQL runs (a psql command)';
    if (NO_VERDICT_KINDS.has(st.kind)) return 'loads data (COPY): not run';
    return undefined;
  }

  private verdict(refusal: Refusal, file: string, line: number): Pick<StatementTrace, 'outcome' | 'message' | 'code'> {
    const extension = /extension "([^"]+)" is not available|could not open extension control file "[^"]*\/([^/"]+)\.control"/.exec(refusal.message);
    if (extension) {
      const name = extension[1] ?? extension[2];
      this.notes.add(`The embedded PostgreSQL (PGlite) does not ship the extension ${name}: what needs it is not checked.`);
      this.firstFailure ??= { file, line };
      return { outcome: 'not-checked', message: `extension ${name} is not available in PGlite: not checked`, ...(refusal.code ? { code: refusal.code } : {}) };
    }
    // Roles live in the server, not in the migrations (Supabase's anon, a deploy user): nothing to judge here.
    const role = /^role "([^"]+)" does not exist$/.exec(refusal.message);
    if (role) return { outcome: 'not-checked', message: `role ${role[1]} belongs to the server the migrations run on, not to them: not checked`, ...(refusal.code ? { code: refusal.code } : {}) };
    const toolTable = TOOL_TABLES.exec(refusal.message);
    if (toolTable) return { outcome: 'not-checked', message: `${toolTable[1]} is the migration tool's own table (the tool creates it, no migration does): not checked`, ...(refusal.code ? { code: refusal.code } : {}) };
    if (refusal.code === NOT_SUPPORTED) return { outcome: 'not-checked', message: `not supported here: ${refusal.message}`, code: refusal.code };
    if (refusal.code && MISSING_OBJECT.has(refusal.code) && (this.firstFailure || this.options.partialHistory)) {
      const why = this.firstFailure ? `after an earlier refusal (${this.firstFailure.file}:${this.firstFailure.line}), ${refusal.message}` : `the history of this schema is partial: ${refusal.message}`;
      return { outcome: 'not-checked', message: why, code: refusal.code };
    }
    this.firstFailure ??= { file, line };
    return { outcome: 'failed', message: refusal.message, ...(refusal.code ? { code: refusal.code } : {}) };
  }

  /** A statement inside a transaction; `next`: the statement that may run right after it in the same transaction. */
  private async inTransaction(st: Statement, base: Pick<StatementTrace, 'start' | 'end' | 'line' | 'head'>, file: string, next?: Statement): Promise<StatementTrace> {
    const none = { locks: [], locksObservable: true, rewritten: [], created: [], dropped: [], inTransaction: true } as const;
    const carried = this.carried?.statement === st ? this.carried.counts : undefined;
    this.carried = undefined;
    const skip = this.notRunnable(st);
    if (skip) return { ...base, outcome: 'not-checked', message: skip, ...none };
    const candidates = scanCandidates(st);
    await this.session.query('SAVEPOINT pga_trace');
    // Read inside the savepoint: a read that fails is undone with it (the tables' scans then go unobserved).
    const scansBefore =
      carried ??
      (await this.scanCounts(candidates).catch(async () => {
        await this.session.query('ROLLBACK TO SAVEPOINT pga_trace');
        return undefined;
      }));
    try {
      await this.run(st);
    } catch (e) {
      await this.session.query('ROLLBACK TO SAVEPOINT pga_trace');
      await this.session.query('RELEASE SAVEPOINT pga_trace');
      return { ...base, ...this.verdict(refusalOf(e), file, base.line), ...none };
    }
    const alreadyHeld = this.observer.heldOnTablesIn(st.text);
    const nextCandidates = next && !this.notRunnable(next) ? scanCandidates(next) : [];
    let observed: Observed & { readonly scans: ScanCounts };
    try {
      observed = await this.timed(READS, () => this.observer.observe(this.session, mayRename(st), [...candidates, ...nextCandidates]));
    } catch {
      // What it did could not be read (the read aborted the transaction): the statement again, unobserved.
      await this.session.query('ROLLBACK TO SAVEPOINT pga_trace');
      await this.run(st);
      await this.session.query('RELEASE SAVEPOINT pga_trace');
      return { ...base, outcome: 'applied', ...none, locksObservable: false };
    }
    await this.session.query('RELEASE SAVEPOINT pga_trace');
    if (next && nextCandidates.length > 0) this.carried = { statement: next, counts: countsOf(observed.scans, nextCandidates) };
    const scanned = this.scannedSince(scansBefore, candidates, observed);
    const { locks: taken, scans: _scans, ...changes } = observed;
    return { ...base, outcome: 'applied', locks: taken, ...(alreadyHeld.length > 0 ? { alreadyHeld } : {}), locksObservable: true, ...changes, ...(scanned.length > 0 ? { scanned } : {}), inTransaction: true };
  }

  /** A statement that commits on its own: run in a transaction of its own to read its locks, or alone when it must. */
  private async alone(st: Statement, base: Pick<StatementTrace, 'start' | 'end' | 'line' | 'head'>, file: string): Promise<StatementTrace> {
    const none = { locks: [], locksObservable: true, rewritten: [], created: [], dropped: [], inTransaction: false } as const;
    const skip = this.notRunnable(st);
    if (skip) return { ...base, outcome: 'not-checked', message: skip, ...none };
    await this.begin();
    const candidates = scanCandidates(st);
    const scansBefore = await this.scanCounts(candidates).catch(async () => {
      // The read aborted the transaction: a new one for the statement, its scans unobserved.
      await this.end('rollback');
      await this.begin();
      return undefined;
    });
    let refusal: Refusal | undefined;
    try {
      await this.run(st);
    } catch (e) {
      refusal = refusalOf(e);
      await this.end('rollback');
    }
    if (!refusal) {
      const read = await this.timed(READS, () => this.observer.observe(this.session, mayRename(st), candidates))
        .then((observed) => ({ observed, scanned: this.scannedSince(scansBefore, candidates, observed) }))
        .catch(() => undefined);
      if (!read) {
        // What it did could not be read: the statement again, on its own, unobserved.
        await this.end('rollback');
        if (this.options.rollbackAll) await this.session.query('SAVEPOINT pga_tx');
        await this.run(st);
        if (this.options.rollbackAll) await this.session.query('RELEASE SAVEPOINT pga_tx');
        return { ...base, outcome: 'applied', ...none, locksObservable: false };
      }
      const { observed, scanned } = read;
      await this.end('commit');
      // Outside the run's one transaction its locks end at this COMMIT.
      if (!this.options.rollbackAll) this.observer.transactionBoundary();
      const { locks, scans: _scans, ...changes } = observed;
      return { ...base, outcome: 'applied', locks, locksObservable: true, ...changes, ...(scanned.length > 0 ? { scanned } : {}), inTransaction: false };
    }
    if (refusal.code !== IN_TRANSACTION_BLOCK) return { ...base, ...this.verdict(refusal, file, base.line), ...none };
    if (this.options.rollbackAll) return { ...base, outcome: 'not-checked', message: 'cannot run inside a transaction block, and on a server everything runs in one that is rolled back: not checked', ...none };
    // CREATE INDEX CONCURRENTLY, VACUUM, ...: as the tool runs them, on their own; their locks end with them.
    try {
      await this.run(st);
    } catch (e) {
      return { ...base, ...this.verdict(refusalOf(e), file, base.line), ...none };
    }
    // Its locks ended with it: the whole schema's storage tells what it did.
    const changes = await this.observer.afterUnlocked(this.session);
    return { ...base, outcome: 'applied', locks: [], locksObservable: false, ...changes, inTransaction: false };
  }
}

/** Statements that can rename a relation or move it to another schema (DO and CALL: dynamic SQL): names are read again. */
const RENAMING = new Set(['RenameStmt', 'AlterObjectSchemaStmt', 'DoStmt', 'CallStmt']);
const mayRename = (st: Statement): boolean => RENAMING.has(st.kind);

/** The strongest lock per table the statements took, held until `untilLine`. */
function spans(statements: readonly StatementTrace[], untilLine: number, until: 'statement' | 'commit'): LockSpan[] {
  const best = new Map<string, LockSpan>();
  for (const st of statements) {
    for (const lock of st.locks) {
      if (!onTable(lock)) continue;
      const had = best.get(lock.relation);
      if (!had || lockStrength(lock.mode) > lockStrength(had.mode)) best.set(lock.relation, { relation: lock.relation, mode: lock.mode, fromLine: st.line, untilLine, until });
    }
  }
  return [...best.values()].sort((a, b) => a.fromLine - b.fromLine || a.relation.localeCompare(b.relation));
}

/** Applies the files in order on `session` (a fresh database: everything they do stays there) and says what happened. */
export async function traceMigrations(session: Session, files: readonly TraceFile[], options: TraceOptions = {}): Promise<{ migrations: MigrationTrace[]; notes: string[] }> {
  const tracer = new Tracer(session, options);
  await tracer.start();
  const migrations: MigrationTrace[] = [];
  try {
    for (const [index, f] of files.entries()) {
      if (options.before?.index === index) await options.before.call(tracer.state, migrations);
      migrations.push(await tracer.file(f));
    }
  } finally {
    await tracer.finish().catch(() => undefined);
  }
  if (options.partialHistory) tracer.notes.add('The history is partial (the project uses objects no file creates): refusals for missing objects are not checked.');
  return { migrations, notes: [...tracer.notes] };
}
