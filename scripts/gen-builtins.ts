// `npm run builtins`: regenerates core/knowledge/builtins.json, the hover knowledge about PostgreSQL's built-in
// words, from a real server: a throwaway cluster (test/helpers/postgres.ts: the newest /usr/lib/postgresql/<n>/bin,
// or $PG_BIN) is started, its catalog read, and the cluster deleted. Read:
//   keywords   pg_get_keywords() (+ words only the bundled parser, libpg-query, knows: scripts/pg-keywords.mjs)
//   types      pg_type in pg_catalog without array, composite (catalog row) and internal-use types
//   functions  pg_proc in pg_catalog without internal-only ones (an `internal` argument or result: planner, index
//              and aggregate-state support; type I/O functions; referential-integrity triggers), grouped by name
//   operators  pg_operator, grouped by name
//   commands   psql's `\h *` (name, one-line description, documentation page)
// Descriptions are deduplicated into one table; rows are arrays to keep the file small. The file is committed,
// so a fresh clone needs no server. The layout is described by `BuiltinsData` in core/knowledge/builtins.ts.
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCluster, type TestCluster } from '../test/helpers/postgres';
import { postgresKeywords } from './pg-keywords.mjs';
import { lineJson } from './line-json';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'core/knowledge/builtins.json');
/** Signatures kept per function or operator name; the rest is counted. */
const MAX_SIGNATURES = 12;
/** Longer result types (TABLE(...) of monitoring functions) are cut. */
const MAX_TYPE_TEXT = 160;

const descriptions: string[] = [];
const descriptionIndex = new Map<string, number>();
function desc(text: string | null | undefined): number {
  const t = (text ?? '').trim();
  if (t === '') return -1;
  let i = descriptionIndex.get(t);
  if (i === undefined) {
    i = descriptions.length;
    descriptions.push(t);
    descriptionIndex.set(t, i);
  }
  return i;
}

function rows<T>(cluster: TestCluster, sql: string): T[] {
  const text = cluster.psql(`SELECT coalesce(json_agg(q), '[]') FROM (${sql}) q`).trim();
  return JSON.parse(text) as T[];
}

function cut(text: string): string {
  return text.length > MAX_TYPE_TEXT ? text.slice(0, MAX_TYPE_TEXT - 1) + '…' : text;
}

async function main(): Promise<void> {
  const cluster = await startCluster();
  if ('unavailable' in cluster) throw new Error(cluster.unavailable);
  try {
    const version = cluster.psql('SHOW server_version').trim().replace(/ .*/, '');

    // Keywords: the server's, then the bundled parser's newer ones (category from its grammar, no description).
    const keywordRows = rows<{ word: string; catcode: string; catdesc: string; barelabel: boolean | null }>(
      cluster,
      'SELECT word, catcode, catdesc, barelabel FROM pg_get_keywords() ORDER BY word',
    );
    const categoryText = new Map<string, string>();
    const keywords: [string, string, number][] = [];
    for (const k of keywordRows) {
      categoryText.set(k.catcode, k.catdesc);
      keywords.push([k.word, k.catcode, k.barelabel === false ? 0 : 1]);
    }
    const known = new Set(keywordRows.map((k) => k.word));
    const kindCode: Record<string, string> = { UNRESERVED_KEYWORD: 'U', COL_NAME_KEYWORD: 'C', TYPE_FUNC_NAME_KEYWORD: 'T', RESERVED_KEYWORD: 'R' };
    for (const k of await postgresKeywords()) {
      if (!known.has(k.word) && kindCode[k.kind]) keywords.push([k.word, kindCode[k.kind], 1]);
    }
    keywords.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const keywordCategories: Record<string, string> = {};
    for (const code of [...categoryText.keys()].sort()) keywordCategories[code] = categoryText.get(code) ?? code;

    // Types.
    const typeRows = rows<{ name: string; display: string; category: string; typtype: string; len: number; description: string | null }>(
      cluster,
      `SELECT t.typname AS name, format_type(t.oid, NULL) AS display, t.typcategory AS category, t.typtype, t.typlen AS len,
              obj_description(t.oid, 'pg_type') AS description
         FROM pg_type t
        WHERE t.typnamespace = 'pg_catalog'::regnamespace AND t.typtype <> 'c' AND t.typcategory <> 'A'
          AND t.typname NOT IN ('internal', 'pg_ddl_command', 'cstring')
          AND (t.typcategory <> 'Z' OR t.typname = 'char')
        ORDER BY t.typname`,
    );
    const types = typeRows.map((t) => [t.name, t.display, t.category, t.typtype, t.len, desc(t.description)]);

    // Functions.
    const functionRows = rows<{ name: string; args: string; result: string; kind: string; volatile: string; retset: boolean; description: string | null }>(
      cluster,
      `SELECT p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args, pg_get_function_result(p.oid) AS result,
              p.prokind AS kind, p.provolatile AS volatile, p.proretset AS retset, obj_description(p.oid, 'pg_proc') AS description
         FROM pg_proc p
        WHERE p.pronamespace = 'pg_catalog'::regnamespace
          AND p.prorettype <> 'internal'::regtype AND NOT ('internal'::regtype = ANY (p.proargtypes))
          AND p.proname !~ '^RI_FKey_'
          AND NOT EXISTS (SELECT 1 FROM pg_type t
                           WHERE p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend, t.typmodin, t.typmodout, t.typanalyze))
        ORDER BY p.proname, p.pronargs, 2`,
    );
    const functions: Record<string, unknown[]> = {};
    let functionSignatures = 0;
    for (const f of functionRows) {
      const list = (functions[f.name] ??= []);
      if (list.length >= MAX_SIGNATURES) {
        if (typeof list[list.length - 1] === 'number') (list[list.length - 1] as number)++;
        else list.push(1);
        continue;
      }
      // kind (f function, a aggregate, w window, p procedure) + volatility (i, s, v) + 'r' when it returns a set
      const args = f.args.split(', ').filter((a) => !a.startsWith('OUT ')).join(', ');
      list.push([args, cut(f.result ?? ''), f.kind + f.volatile + (f.retset ? 'r' : ''), desc(f.description)]);
      functionSignatures++;
    }

    // Operators.
    const operatorRows = rows<{ name: string; left: string | null; right: string | null; result: string; description: string | null }>(
      cluster,
      `SELECT o.oprname AS name, CASE WHEN o.oprleft = 0 THEN NULL ELSE format_type(o.oprleft, NULL) END AS left,
              format_type(o.oprright, NULL) AS right, format_type(o.oprresult, NULL) AS result,
              obj_description(o.oid, 'pg_operator') AS description
         FROM pg_operator o
        WHERE o.oprnamespace = 'pg_catalog'::regnamespace
        ORDER BY o.oprname, 2 NULLS FIRST, 3`,
    );
    const operators: Record<string, unknown[]> = {};
    for (const o of operatorRows) {
      const list = (operators[o.name] ??= []);
      if (list.length >= MAX_SIGNATURES * 2) continue;
      list.push([o.left ?? '', o.right ?? '', o.result, desc(o.description)]);
    }

    // SQL commands from psql's help (the same text `\h` shows).
    const help = spawnSync(join(cluster.binDir, 'psql'), ['-X', '-h', '127.0.0.1', '-p', String(cluster.port), '-U', cluster.user, '-d', 'postgres', '-c', '\\h *'], {
      encoding: 'utf8',
      env: { ...process.env, PGPASSWORD: cluster.password, PAGER: '', COLUMNS: '200' },
      maxBuffer: 16 * 1024 * 1024,
    });
    if (help.status !== 0) throw new Error(`psql \\h failed: ${help.stderr}`);
    const commands: [string, number, string][] = [];
    for (const block of help.stdout.split(/\n(?=Command: )/)) {
      const name = /^Command:\s+(.+)$/m.exec(block)?.[1].trim();
      const description = /^Description:\s+(.+)$/m.exec(block)?.[1].trim();
      const page = /^URL:\s+\S+\/docs\/[^/]+\/(\S+)$/m.exec(block)?.[1];
      if (name && page) commands.push([name, desc(description), page]);
    }
    if (commands.length < 100) throw new Error(`only ${commands.length} commands in psql's help`);

    const data = {
      source: `PostgreSQL ${version}`,
      descriptions,
      keywordCategories,
      keywords,
      types,
      functions,
      operators,
      commands,
    };
    writeFileSync(out, lineJson(data));
    const size = statSync(out).size;
    console.log(
      `builtins: ${data.source}: ${keywords.length} keywords, ${types.length} types, ${Object.keys(functions).length} functions ` +
        `(${functionSignatures} signatures), ${Object.keys(operators).length} operators (${operatorRows.length}), ${commands.length} commands, ` +
        `${descriptions.length} descriptions -> ${out} (${(size / 1024).toFixed(0)} KB)`,
    );
  } finally {
    cluster.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
