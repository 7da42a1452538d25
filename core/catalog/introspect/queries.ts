/**
 * The introspection queries: one per object kind (one round trip each, whatever the number of tables),
 * over pg_catalog, for PostgreSQL 12 to 18 and PGlite. Columns that differ between versions are chosen
 * by the server's version_num (indnullsnotdistinct is 15+; not-null constraints in pg_constraint are 18+
 * and left out). Types print as format_type does, with non-pg_catalog types always schema-qualified, so
 * they compare equal to the DDL model's display form whatever the session's search_path.
 */

/** System schemas: never user objects. */
const USER_SCHEMA = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast' AND n.nspname !~ '^pg_temp_'`;

/**
 * `qualifier` per type oid: the schema prefix format_type leaves out because the (element) type is visible.
 * Joined by hash, so typing 100,000 columns costs one pass over pg_type.
 */
const TYPE_PREFIX_CTE = `type_prefix AS (
  SELECT t.oid,
         CASE WHEN et.typnamespace <> 'pg_catalog'::regnamespace AND pg_type_is_visible(et.oid)
              THEN quote_ident(en.nspname) || '.' ELSE '' END AS prefix
    FROM pg_type t
    JOIN pg_type et ON et.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END
    JOIN pg_namespace en ON en.oid = et.typnamespace
)`;

/** Extension that owns an object of catalog `classid` (pg_class, pg_proc, pg_type), if any. */
const extensionOf = (classid: string, oid: string): string =>
  `(SELECT e.extname FROM pg_depend dep JOIN pg_extension e ON e.oid = dep.refobjid
     WHERE dep.classid = '${classid}'::regclass AND dep.objid = ${oid} AND dep.refclassid = 'pg_extension'::regclass AND dep.deptype = 'e' LIMIT 1)`;

/** First query: the server and session, and the schemas. */
export const SCHEMAS_QUERY = `SELECT n.nspname AS name,
       obj_description(n.oid, 'pg_namespace') AS comment,
       current_setting('server_version_num')::int AS server_version_num,
       current_setting('search_path') AS search_path
  FROM pg_namespace n
 WHERE ${USER_SCHEMA}
 ORDER BY n.nspname`;

export const EXTENSIONS_QUERY = `SELECT e.extname AS name, n.nspname AS schema, e.extversion AS version
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
 ORDER BY e.extname`;

/** Tables, partitioned tables, views, materialized views and foreign tables with their columns (as JSON). */
export const RELATIONS_QUERY = `WITH ${TYPE_PREFIX_CTE},
cols AS (
  SELECT a.attrelid,
         json_agg(json_build_object(
           'name', a.attname,
           'type', tp.prefix || format_type(a.atttypid, a.atttypmod),
           'not_null', a.attnotnull,
           'default', CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
           'generated', a.attgenerated,
           'generation_expression', CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END,
           'identity', a.attidentity,
           'collation', CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
           'local', a.attislocal,
           'comment', col_description(a.attrelid, a.attnum)
         ) ORDER BY a.attnum) AS columns
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_type t ON t.oid = a.atttypid
    JOIN type_prefix tp ON tp.oid = a.atttypid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    LEFT JOIN pg_collation co ON co.oid = a.attcollation
   WHERE a.attnum > 0 AND NOT a.attisdropped AND ${USER_SCHEMA}
   GROUP BY a.attrelid
),
parents AS (
  SELECT i.inhrelid, json_agg(json_build_array(pn.nspname, p.relname) ORDER BY i.inhseqno) AS parents
    FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
   GROUP BY i.inhrelid
)
SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, c.relpersistence AS persistence,
       c.relispartition AS is_partition, c.relrowsecurity AS row_security, c.relforcerowsecurity AS force_row_security,
       c.reltuples::float8 AS reltuples, c.relpages AS relpages,
       CASE WHEN c.relkind IN ('r', 'm') THEN pg_total_relation_size(c.oid)::float8 END AS total_bytes,
       pg_get_expr(c.relpartbound, c.oid) AS partition_bound,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS query,
       obj_description(c.oid, 'pg_class') AS comment,
       p.parents, cols.columns,
       ${extensionOf('pg_class', 'c.oid')} AS extension
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN cols ON cols.attrelid = c.oid
  LEFT JOIN parents p ON p.inhrelid = c.oid
 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${USER_SCHEMA}
 ORDER BY n.nspname, c.relname`;

/** Primary key, unique, check, foreign key and exclusion constraints of relations (not domains). */
export const CONSTRAINTS_QUERY = `SELECT n.nspname AS schema, c.relname AS table_name, con.conname AS name, con.contype AS type,
       con.condeferrable AS deferrable, con.condeferred AS deferred, con.convalidated AS validated,
       con.conislocal AS local, con.conparentid <> 0 AS has_parent,
       (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, i)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
       fn.nspname AS ref_schema, fc.relname AS ref_table,
       (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, i)
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_columns,
       con.confupdtype AS on_update, con.confdeltype AS on_delete, con.confmatchtype AS match_type,
       CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END AS check_expression,
       CASE WHEN con.contype IN ('p', 'u', 'x') THEN ci.relname END AS index_name,
       obj_description(con.oid, 'pg_constraint') AS comment
  FROM pg_constraint con
  JOIN pg_class c ON c.oid = con.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_class fc ON fc.oid = con.confrelid
  LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
  LEFT JOIN pg_class ci ON ci.oid = con.conindid
 WHERE con.contype IN ('p', 'u', 'c', 'f', 'x') AND ${USER_SCHEMA}
 ORDER BY n.nspname, c.relname, con.conname`;

/** Indexes with their keys: columns by name, expressions as pg_get_indexdef prints them. */
export function indexesQuery(serverVersion: number): string {
  const nullsNotDistinct = serverVersion >= 150000 ? 'i.indnullsnotdistinct' : 'false';
  return `SELECT n.nspname AS schema, ic.relname AS name, tc.relname AS table_name, am.amname AS method,
       i.indisunique AS is_unique, i.indisprimary AS is_primary, i.indisvalid AS is_valid, i.indnkeyatts AS key_count,
       ${nullsNotDistinct} AS nulls_not_distinct,
       pg_get_expr(i.indpred, i.indrelid) AS predicate,
       (SELECT json_agg(json_build_object(
                 'column', CASE WHEN k.attnum <> 0 THEN a.attname END,
                 'definition', pg_get_indexdef(i.indexrelid, k.i::int, true),
                 'option', i.indoption[k.i - 1],
                 'opclass', CASE WHEN k.i <= i.indnkeyatts AND NOT opc.opcdefault
                                 THEN CASE WHEN opc.opcnamespace <> 'pg_catalog'::regnamespace
                                           THEN quote_ident(opc_n.nspname) || '.' ELSE '' END || quote_ident(opc.opcname) END,
                 'collation', CASE WHEN k.i <= i.indnkeyatts AND i.indcollation[k.i - 1] <> 0
                                    AND i.indcollation[k.i - 1] <> coalesce(a.attcollation, 0) AND coll.collname <> 'default' THEN coll.collname END
               ) ORDER BY k.i)
          FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, i)
          LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum <> 0
          LEFT JOIN pg_opclass opc ON k.i <= i.indnkeyatts AND opc.oid = i.indclass[k.i - 1]
          LEFT JOIN pg_namespace opc_n ON opc_n.oid = opc.opcnamespace
          LEFT JOIN pg_collation coll ON k.i <= i.indnkeyatts AND coll.oid = i.indcollation[k.i - 1]) AS keys,
       con.conname AS constraint_name,
       pg_relation_size(ic.oid)::float8 AS total_bytes,
       obj_description(ic.oid, 'pg_class') AS comment
  FROM pg_index i
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_namespace n ON n.oid = ic.relnamespace
  JOIN pg_class tc ON tc.oid = i.indrelid
  JOIN pg_am am ON am.oid = ic.relam
  LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
 WHERE tc.relkind IN ('r', 'p', 'm') AND ${USER_SCHEMA}
 ORDER BY n.nspname, ic.relname`;
}

export const SEQUENCES_QUERY = `SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS type,
       s.seqstart::float8 AS start, s.seqincrement::float8 AS increment, s.seqmin::float8 AS min_value,
       s.seqmax::float8 AS max_value, s.seqcache::float8 AS cache, s.seqcycle AS cycle,
       (SELECT json_build_array(tn.nspname, tc.relname, a.attname)
          FROM pg_depend d
          JOIN pg_class tc ON tc.oid = d.refobjid
          JOIN pg_namespace tn ON tn.oid = tc.relnamespace
          JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = d.refobjsubid
         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
           AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
         LIMIT 1) AS owned_by,
       obj_description(c.oid, 'pg_class') AS comment,
       ${extensionOf('pg_class', 'c.oid')} AS extension
  FROM pg_sequence s
  JOIN pg_class c ON c.oid = s.seqrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE ${USER_SCHEMA}
 ORDER BY n.nspname, c.relname`;

/** Enums, domains (with checks), standalone composite types, ranges and base types; no array or row types. */
export const TYPES_QUERY = `WITH ${TYPE_PREFIX_CTE}
SELECT n.nspname AS schema, t.typname AS name, t.typtype AS type,
       CASE WHEN t.typtype = 'e' THEN (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) END AS labels,
       CASE WHEN t.typtype = 'd' THEN bp.prefix || format_type(t.typbasetype, t.typtypmod) END AS base_type,
       t.typnotnull AS not_null, t.typdefault AS default_expression,
       CASE WHEN t.typtype = 'd' THEN (SELECT json_agg(json_build_array(con.conname, pg_get_expr(con.conbin, 0)) ORDER BY con.conname)
                                         FROM pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c') END AS checks,
       CASE WHEN t.typtype = 'c' THEN (SELECT json_agg(json_build_array(a.attname, ap.prefix || format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum)
                                         FROM pg_attribute a JOIN type_prefix ap ON ap.oid = a.atttypid
                                        WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END AS attributes,
       CASE WHEN t.typtype = 'r' THEN (SELECT sp.prefix || format_type(r.rngsubtype, NULL) FROM pg_range r JOIN type_prefix sp ON sp.oid = r.rngsubtype WHERE r.rngtypid = t.oid) END AS subtype,
       obj_description(t.oid, 'pg_type') AS comment,
       ${extensionOf('pg_type', 't.oid')} AS extension
  FROM pg_type t
  JOIN pg_namespace n ON n.oid = t.typnamespace
  LEFT JOIN type_prefix bp ON bp.oid = t.typbasetype
 WHERE ${USER_SCHEMA}
   AND t.typtype IN ('e', 'd', 'c', 'r', 'b')
   AND NOT (t.typtype = 'b' AND t.typcategory = 'A')
   AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
 ORDER BY n.nspname, t.typname`;

/** Functions, procedures, aggregates and window functions with their full argument lists. */
export const FUNCTIONS_QUERY = `WITH ${TYPE_PREFIX_CTE}
SELECT n.nspname AS schema, p.proname AS name, p.prokind AS kind,
       (SELECT json_agg(json_build_object('name', p.proargnames[k.i], 'type', tp.prefix || format_type(k.t, NULL),
                                          'mode', coalesce(p.proargmodes[k.i]::text, 'i')) ORDER BY k.i)
          FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY k(t, i)
          JOIN type_prefix tp ON tp.oid = k.t) AS arguments,
       p.pronargdefaults AS default_count,
       CASE WHEN p.prokind <> 'p' THEN CASE WHEN p.proretset THEN 'SETOF ' ELSE '' END || rp.prefix || format_type(p.prorettype, NULL) END AS return_type,
       l.lanname AS language, p.provolatile AS volatility, p.prosecdef AS security_definer,
       obj_description(p.oid, 'pg_proc') AS comment,
       ${extensionOf('pg_proc', 'p.oid')} AS extension
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_language l ON l.oid = p.prolang
  LEFT JOIN type_prefix rp ON rp.oid = p.prorettype
 WHERE ${USER_SCHEMA}
 ORDER BY n.nspname, p.proname`;

export const POLICIES_QUERY = `SELECT n.nspname AS schema, c.relname AS table_name, pol.polname AS name, pol.polcmd AS command,
       pol.polpermissive AS permissive,
       (SELECT json_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END) FROM unnest(pol.polroles) r) AS roles,
       pg_get_expr(pol.polqual, pol.polrelid) AS using_expression,
       pg_get_expr(pol.polwithcheck, pol.polrelid) AS check_expression
  FROM pg_policy pol
  JOIN pg_class c ON c.oid = pol.polrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE ${USER_SCHEMA}
 ORDER BY n.nspname, c.relname, pol.polname`;

export const TRIGGERS_QUERY = `SELECT n.nspname AS schema, c.relname AS table_name, tg.tgname AS name,
       pn.nspname AS function_schema, p.proname AS function_name, tg.tgtype AS type
  FROM pg_trigger tg
  JOIN pg_class c ON c.oid = tg.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_proc p ON p.oid = tg.tgfoid
  JOIN pg_namespace pn ON pn.oid = p.pronamespace
 WHERE NOT tg.tgisinternal AND ${USER_SCHEMA}
 ORDER BY n.nspname, c.relname, tg.tgname`;
