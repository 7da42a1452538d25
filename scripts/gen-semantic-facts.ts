// `npm run semantic-facts`: regenerates the catalog facts the schema-aware checks judge SQL with, read from a real
// server (a throwaway cluster, as scripts/gen-builtins.ts starts one), so they are PostgreSQL's own:
//   core/knowledge/function-names.json  every function, aggregate and procedure name in pg_catalog (internal ones
//       included: a call to any of them is valid), and per extension available on the machine the names it
//       creates (each extension created, with CASCADE, in a database of its own) - for unknown-function.
//   core/knowledge/type-coercion.json   for the common built-in types: category and preferred flag, and every pg_cast
//       entry from them with its context (i implicit, a assignment, e explicit); the (left, right) argument types of
//       every comparison operator (= <> < > <= >=) in pg_catalog - for type-mismatch, which decides as PostgreSQL's
//       operator resolution does (a candidate exists when both inputs reach its argument types by implicit casts).
// Both files are committed, so a fresh clone needs no server.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCluster, type TestCluster } from '../test/helpers/postgres';
import { lineJson } from './line-json';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FUNCTIONS_OUT = join(root, 'core/knowledge/function-names.json');
const TYPES_OUT = join(root, 'core/knowledge/type-coercion.json');

/**
 * The types type-mismatch judges: common scalar types whose comparisons test/pg/type-coercion.test.ts checks pair
 * by pair against the server. Arrays, ranges, enums (handled by the check itself) and the rest are not judged.
 */
const JUDGED_TYPES = [
  'int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'money', 'text', 'varchar', 'bpchar', 'name', 'char', 'bool',
  'uuid', 'date', 'time', 'timetz', 'timestamp', 'timestamptz', 'interval', 'json', 'jsonb', 'jsonpath', 'bytea', 'inet',
  'cidr', 'macaddr', 'macaddr8', 'bit', 'varbit', 'xml', 'oid', 'regclass', 'tsvector', 'tsquery', 'point', 'pg_lsn',
];
const COMPARISONS = ['=', '<>', '<', '>', '<=', '>='];

function rows<T>(cluster: TestCluster, sql: string, database = 'postgres'): T[] {
  const text = cluster.psql(`SELECT coalesce(json_agg(q), '[]') FROM (${sql}) q`, database).trim();
  return JSON.parse(text) as T[];
}

const quote = (name: string): string => `'${name.replace(/'/g, "''")}'`;

async function main(): Promise<void> {
  const cluster = await startCluster();
  if ('unavailable' in cluster) throw new Error(cluster.unavailable);
  try {
    const source = `PostgreSQL ${cluster.psql('SHOW server_version').trim().replace(/ .*/, '')}`;

    const builtin = rows<{ name: string }>(cluster, `SELECT DISTINCT proname AS name FROM pg_proc WHERE pronamespace = 'pg_catalog'::regnamespace ORDER BY 1`).map((r) => r.name);
    const available = rows<{ name: string }>(cluster, `SELECT name FROM pg_available_extensions WHERE name <> 'plpgsql' ORDER BY 1`).map((r) => r.name);
    const extensions: Record<string, string[]> = {};
    const failed: string[] = [];
    available.forEach((name, i) => {
      const database = `ext_${i}`;
      cluster.psql(`CREATE DATABASE ${database}`);
      try {
        cluster.psql(`CREATE EXTENSION "${name}" CASCADE`, database);
        extensions[name] = rows<{ name: string }>(
          cluster,
          `SELECT DISTINCT p.proname AS name FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
             JOIN pg_extension e ON e.oid = d.refobjid WHERE e.extname = ${quote(name)} ORDER BY 1`,
          database,
        ).map((r) => r.name);
      } catch (e) {
        failed.push(`${name}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
      } finally {
        cluster.psql(`DROP DATABASE ${database}`);
      }
    });
    writeFileSync(FUNCTIONS_OUT, lineJson({ source, builtin, extensions }));

    const list = JUDGED_TYPES.map(quote).join(', ');
    const types = rows<{ name: string; display: string; category: string; preferred: boolean }>(
      cluster,
      `SELECT typname AS name, format_type(oid, NULL) AS display, typcategory AS category, typispreferred AS preferred
         FROM pg_type WHERE typnamespace = 'pg_catalog'::regnamespace AND typname IN (${list}) ORDER BY typname`,
    ).map((t) => [t.name, t.display, t.category, t.preferred ? 1 : 0]);
    if (types.length !== JUDGED_TYPES.length) throw new Error(`expected ${JUDGED_TYPES.length} types, found ${types.length}`);
    const casts = rows<{ source: string; target: string; context: string }>(
      cluster,
      `SELECT s.typname AS source, t.typname AS target, c.castcontext AS context
         FROM pg_cast c JOIN pg_type s ON s.oid = c.castsource JOIN pg_type t ON t.oid = c.casttarget
        WHERE s.typnamespace = 'pg_catalog'::regnamespace AND t.typnamespace = 'pg_catalog'::regnamespace
          AND s.typname IN (${list}) ORDER BY 1, 2`,
    ).map((c) => [c.source, c.target, c.context]);
    const operatorRows = rows<{ name: string; left: string; right: string }>(
      cluster,
      `SELECT o.oprname AS name, l.typname AS left, r.typname AS right
         FROM pg_operator o JOIN pg_type l ON l.oid = o.oprleft JOIN pg_type r ON r.oid = o.oprright
        WHERE o.oprname IN (${COMPARISONS.map(quote).join(', ')}) AND o.oprnamespace = 'pg_catalog'::regnamespace
        ORDER BY 1, 2, 3`,
    );
    const comparisons: Record<string, [string, string][]> = {};
    for (const op of COMPARISONS) comparisons[op] = operatorRows.filter((o) => o.name === op).map((o) => [o.left, o.right]);
    writeFileSync(TYPES_OUT, lineJson({ source, types, casts, comparisons }));

    console.log(
      `semantic facts: ${source}: ${builtin.length} pg_catalog function names, ${Object.keys(extensions).length} extensions -> ${FUNCTIONS_OUT}; ` +
        `${types.length} types, ${casts.length} casts, ${operatorRows.length} comparison operators -> ${TYPES_OUT}`,
    );
    for (const f of failed) console.log(`  extension not created: ${f}`);
  } finally {
    cluster.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
