// The lock knowledge (core/knowledge) against a real PostgreSQL server: each statement runs in a transaction on
// a throwaway cluster, and pg_locks (the locks held), pg_class.relfilenode (a new file = a rewrite),
// pg_stat_xact_user_tables.seq_scan (the table was read) and the server's refusal inside a transaction block
// must agree with what the knowledge predicts for the server's version.
import { strict as assert } from 'node:assert';
import { Client } from 'pg';
import { parseDocument } from '../../core/parse/document';
import { asNode } from '../../core/parse/ast';
import { statementLocks } from '../../core/knowledge/locks';
import { lockRank, type LockMode } from '../../core/knowledge/lock-modes';
import { columnTypeOf, typeChangeRewrites } from '../../core/knowledge/column-type-change';
import { VOLATILE_FUNCTIONS, NON_VOLATILE_FUNCTIONS } from '../../core/knowledge/volatility';
import { startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';
import { LOCK_FIXTURE, NON_TRANSACTIONAL_CASES, TRANSACTIONAL_CASES, TYPE_CHANGES } from './lock-cases';

const SERVER_MODES: Readonly<Record<string, LockMode>> = {
  AccessShareLock: 'ACCESS SHARE',
  RowShareLock: 'ROW SHARE',
  RowExclusiveLock: 'ROW EXCLUSIVE',
  ShareUpdateExclusiveLock: 'SHARE UPDATE EXCLUSIVE',
  ShareLock: 'SHARE',
  ShareRowExclusiveLock: 'SHARE ROW EXCLUSIVE',
  ExclusiveLock: 'EXCLUSIVE',
  AccessExclusiveLock: 'ACCESS EXCLUSIVE',
};

interface RelationState {
  readonly oid: string;
  readonly filenode: string;
  readonly isIndex: boolean;
  /** Sequential scans counted so far in this backend (pending counts of earlier transactions included). */
  readonly seqScans: number;
}

/** The fixture's relations by name, with what a statement may change. */
async function relations(client: Client): Promise<Map<string, RelationState>> {
  const { rows } = await client.query<{ relname: string; oid: string; filenode: string; relkind: string; scans: string }>(
    `SELECT relname, oid::text AS oid, relfilenode::text AS filenode, relkind, coalesce(pg_stat_get_xact_numscans(oid), 0)::text AS scans
       FROM pg_class WHERE relnamespace = 'public'::regnamespace`,
  );
  return new Map(rows.map((r) => [r.relname, { oid: r.oid, filenode: r.filenode, isIndex: r.relkind === 'i' || r.relkind === 'I', seqScans: Number(r.scans) }]));
}

/** Strongest lock this backend holds on each relation, named as before the statement. */
async function heldLocks(client: Client, before: ReadonlyMap<string, RelationState>): Promise<Map<string, LockMode>> {
  const names = new Map([...before].map(([name, state]) => [state.oid, name]));
  const { rows } = await client.query<{ oid: string; mode: string }>(
    `SELECT relation::text AS oid, mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation'`,
  );
  const out = new Map<string, LockMode>();
  for (const row of rows) {
    const name = names.get(row.oid);
    if (!name) continue; // catalogs, and relations the statement created
    const mode = SERVER_MODES[row.mode];
    const previous = out.get(name);
    if (!previous || lockRank(mode) > lockRank(previous)) out.set(name, mode);
  }
  return out;
}

async function relfilenode(client: Client, relation: string): Promise<string | undefined> {
  const { rows } = await client.query<{ f: string }>(`SELECT relfilenode::text AS f FROM pg_class WHERE oid = to_regclass($1)`, [relation]);
  return rows[0]?.f;
}

async function seqScans(client: Client, oid: string | undefined): Promise<number> {
  if (!oid) return 0;
  const { rows } = await client.query<{ n: string }>(`SELECT coalesce(pg_stat_get_xact_numscans($1::oid), 0)::text AS n`, [oid]);
  return Number(rows[0]?.n ?? 0);
}

function onlyStatement(sql: string) {
  const document = parseDocument(sql);
  assert.equal(document.statements.length, 1, sql);
  return document.statements[0];
}

describe('lock knowledge vs a real PostgreSQL server', function () {
  this.timeout(120_000);
  let cluster: TestCluster | undefined;
  let client: Client;

  before(async function () {
    const started = await startCluster();
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
    cluster.psql(LOCK_FIXTURE);
    client = new Client({ connectionString: cluster.url() });
    await client.connect();
  });

  after(async () => {
    await client?.end().catch(() => undefined);
    cluster?.stop();
  });

  for (const testCase of TRANSACTIONAL_CASES) {
    it(testCase.sql, async () => {
      const version = cluster!.version;
      const statement = onlyStatement(testCase.sql);
      const info = statementLocks(statement, version);
      assert.ok(info, 'no lock knowledge for this statement');
      assert.equal(info.transactional, true, 'predicted not to run in a transaction block');
      const target = info.effects.find((e) => !e.reason)?.relation ?? info.effects[0]?.relation;
      await client.query('BEGIN');
      try {
        // Relations by name before the statement: it may rename, move or drop them.
        const before = await relations(client);
        await client.query(testCase.sql);
        const held = await heldLocks(client, before);
        const problems: string[] = [];
        const predicted = new Map(info.effects.map((e) => [e.relation, e.mode]));
        for (const [relation, mode] of predicted) {
          const observed = held.get(relation);
          if (observed !== mode) problems.push(`${relation}: predicted ${mode}, server holds ${observed ?? 'nothing'}`);
        }
        for (const [relation, mode] of Object.entries(testCase.unnamed ?? {})) {
          if (held.get(relation) !== mode) problems.push(`${relation}: expected ${mode} (unnamed), server holds ${held.get(relation) ?? 'nothing'}`);
        }
        for (const [relation, mode] of held) {
          if (predicted.has(relation) || testCase.unnamed?.[relation] || before.get(relation)?.isIndex) continue;
          // Locks we do not predict must not block writers or readers.
          if (lockRank(mode) > lockRank('ROW SHARE')) problems.push(`${relation}: server holds ${mode}, not predicted`);
        }
        const after = await relations(client);
        const targetBefore = target ? before.get(target) : undefined;
        const targetAfter = target ? after.get(target) : undefined;
        if (testCase.dependsOnOldType) {
          if (!info.notes.some((n) => n.includes('binary-coercible'))) problems.push('no note that the rewrite depends on the old type');
        } else if (!testCase.emptiesTable && targetBefore && targetAfter && targetBefore.oid === targetAfter.oid && !targetBefore.isIndex) {
          const rewritten = targetAfter.filenode !== targetBefore.filenode;
          if (rewritten !== info.rewrites) problems.push(`rewrite: predicted ${info.rewrites}, server ${rewritten}`);
        }
        // Queries scan as their plan says; the knowledge's "scans" is about DDL reading the whole table.
        const isQuery = ['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt'].includes(statement.kind);
        if (!isQuery && !testCase.emptiesTable && !testCase.dependsOnOldType) {
          const names = [...predicted.keys(), ...Object.keys(testCase.unnamed ?? {})];
          let scanned = false;
          for (const name of names) if ((await seqScans(client, before.get(name)?.oid)) > (before.get(name)?.seqScans ?? 0)) scanned = true;
          if (scanned !== info.scans) problems.push(`scan: predicted ${info.scans}, server ${scanned}`);
        }
        assert.deepEqual(problems, []);
      } finally {
        await client.query('ROLLBACK');
      }
    });
  }

  for (const sql of NON_TRANSACTIONAL_CASES) {
    it(`${sql} (refused in a transaction block)`, async () => {
      const info = statementLocks(onlyStatement(sql), cluster!.version);
      assert.ok(info, 'no lock knowledge for this statement');
      assert.equal(info.transactional, false);
      await client.query('BEGIN');
      try {
        await assert.rejects(client.query(sql), /cannot run inside a transaction block|cannot be executed inside a transaction block/);
      } finally {
        await client.query('ROLLBACK');
      }
    });
  }

  describe('column type changes: rewrite or not', () => {
    for (const [from, to] of TYPE_CHANGES) {
      it(`${from} -> ${to}`, async () => {
        const version = cluster!.version;
        const fromType = columnTypeOf(asNode(asNode(onlyStatement(`CREATE TABLE x (c ${from})`).ast, 'CreateStmt')?.tableElts?.[0], 'ColumnDef')?.typeName);
        const alter = asNode(onlyStatement(`ALTER TABLE x ALTER c TYPE ${to}`).ast, 'AlterTableStmt');
        const toType = columnTypeOf(asNode(asNode(alter?.cmds?.[0], 'AlterTableCmd')?.def, 'ColumnDef')?.typeName);
        const verdict = typeChangeRewrites(fromType, toType, version);
        const rewrites = async (timeZone: string): Promise<boolean> => {
          await client.query('BEGIN');
          try {
            await client.query(`SET LOCAL TimeZone = '${timeZone}'`);
            await client.query(`CREATE TABLE type_change (c ${from})`);
            const before = await relfilenode(client, 'type_change');
            await client.query(`ALTER TABLE type_change ALTER c TYPE ${to} USING c::${to}`);
            return (await relfilenode(client, 'type_change')) !== before;
          } finally {
            await client.query('ROLLBACK');
          }
        };
        assert.equal(await rewrites('UTC'), verdict === 'yes', `verdict ${verdict}, TimeZone UTC`);
        assert.equal(await rewrites('America/New_York'), verdict !== 'no', `verdict ${verdict}, TimeZone America/New_York`);
      });
    }
  });

  it('function volatility matches pg_proc', async () => {
    for (const extension of ['uuid-ossp', 'pgcrypto']) {
      await client.query(`CREATE EXTENSION IF NOT EXISTS "${extension}"`).catch(() => undefined);
    }
    const { rows } = await client.query<{ proname: string; provolatile: string }>(
      `SELECT proname, provolatile FROM pg_proc WHERE proname = ANY($1::text[])`,
      [[...VOLATILE_FUNCTIONS, ...NON_VOLATILE_FUNCTIONS]],
    );
    const wrong = rows.filter((r) => VOLATILE_FUNCTIONS.has(r.proname) !== (r.provolatile === 'v')).map((r) => `${r.proname}: ${r.provolatile}`);
    assert.deepEqual([...new Set(wrong)], []);
    // Most of both lists exist in every supported server: the comparison above is not vacuous.
    assert.ok(new Set(rows.map((r) => r.proname)).size > 40);
  });
});
