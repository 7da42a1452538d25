/**
 * Large SQL files, generated deterministically, for the scaling benchmark (bench/scale.bench.ts) and the tests
 * that check the analysis of a large file against simple reference implementations. Two shapes: a mixed script
 * (tables, indexes, foreign keys added later, inserts, joins, updates, ignore comments, a few mistakes the
 * rules and schema checks report) and a pg_dump-style schema (CREATE TABLE, then the keys, indexes, foreign keys
 * and comments after all tables, with pg_dump's SET and set_config preamble).
 */

/** About `statements` statements of mixed DDL and DML (about 45 bytes each: 100k statements stay under the language server's 5 MB limit). */
export function mixedScript(statements: number): string {
  const out: string[] = ['SET statement_timeout = 0;', 'SET lock_timeout = 0;'];
  let count = out.length;
  for (let i = 0; count < statements; i++) {
    const t = `t${i}`;
    const parent = i > 0 ? `t${i - 1}` : undefined;
    const group: string[] = [];
    group.push(`CREATE TABLE ${t} (id int8 PRIMARY KEY, p ${i % 7 === 3 ? 'int' : 'int8'}, name text, n int);`);
    group.push(`CREATE INDEX ${t}_n ON ${t} (name);`);
    // Every fifth table repeats its name index as a prefix of a wider one: redundant-index.
    if (i % 5 === 0) group.push(`CREATE INDEX ${t}_nn ON ${t} (name, n);`);
    if (parent) {
      // Every other foreign key gets its index: foreign-key-missing-index on the others.
      group.push(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_fk FOREIGN KEY (p) REFERENCES ${parent};`);
      if (i % 2 === 0) group.push(`CREATE INDEX ${t}_p ON ${t} (p);`);
    }
    group.push(`INSERT INTO ${t} (id, name) VALUES (1, 'a');`);
    // A mistake now and then: unknown column, unknown table, too many values.
    if (i % 11 === 5) group.push(`SELECT nme FROM ${t};`);
    if (i % 13 === 7) group.push(`SELECT * FROM missing_${t};`);
    if (i % 17 === 9) group.push(`INSERT INTO ${t} (id, name) VALUES (3, 'c', 'x');`);
    group.push(parent ? `SELECT a.id, b.name FROM ${t} a JOIN ${parent} b ON b.id = a.p WHERE a.n > 1;` : `SELECT id, name FROM ${t} WHERE n > 1;`);
    group.push(`SELECT * FROM ${t} WHERE id = 1;`, `DELETE FROM ${t} WHERE id = 2;`);
    if (i % 3 === 1) group.push(`-- pg-architect-ignore ban-update-without-where\nUPDATE ${t} SET n = 0;`);
    else group.push(`UPDATE ${t} SET n = 0 WHERE id = 1;`);
    // A drop and a re-create now and then: the per-file schema forgets and starts over.
    if (i % 29 === 14) group.push(`DROP INDEX ${t}_n;`, `CREATE INDEX ${t}_n ON ${t} (name);`);
    if (i % 31 === 15 && parent) group.push(`DROP TABLE ${parent};`, `CREATE TABLE ${parent} (id int8 PRIMARY KEY, name text);`);
    out.push(...group);
    count += group.length;
  }
  return out.join('\n') + '\n';
}

const PG_DUMP_PREAMBLE = [
  '--',
  '-- PostgreSQL database dump',
  '--',
  '',
  'SET statement_timeout = 0;',
  'SET lock_timeout = 0;',
  'SET idle_in_transaction_session_timeout = 0;',
  "SET client_encoding = 'UTF8';",
  'SET standard_conforming_strings = on;',
  "SELECT pg_catalog.set_config('search_path', '', false);",
  'SET check_function_bodies = false;',
  'SET xmloption = content;',
  'SET client_min_messages = warning;',
  'SET row_security = off;',
  '',
  "SET default_tablespace = '';",
  '',
  'SET default_table_access_method = heap;',
  '',
];

/**
 * A pg_dump-style schema of `tables` tables in schema public, as `pg_dump --schema-only --no-owner` writes it (object
 * headers for the tables only, to stay under the language server's 5 MB limit at 8,000 tables).
 */
export function pgDumpSchema(tables: number): string {
  const out: string[] = [...PG_DUMP_PREAMBLE];
  const name = (i: number): string => `t${String(i).padStart(5, '0')}`;
  for (let i = 0; i < tables; i++) {
    const t = name(i);
    out.push(`--\n-- Name: ${t}; Type: TABLE; Schema: public; Owner: -\n--\n`);
    out.push(`CREATE TABLE public.${t} (\n    id bigint NOT NULL,\n    owner_id bigint,\n    code character varying(40) NOT NULL,\n    created_at timestamp with time zone DEFAULT now() NOT NULL\n);\n`);
    if (i % 4 === 0) out.push(`COMMENT ON TABLE public.${t} IS 'Table ${i}.';\n`);
  }
  for (let i = 0; i < tables; i++) out.push(`ALTER TABLE ONLY public.${name(i)}\n    ADD CONSTRAINT ${name(i)}_pkey PRIMARY KEY (id);\n`);
  for (let i = 0; i < tables; i++) {
    const t = name(i);
    out.push(`CREATE INDEX ${t}_code_idx ON public.${t} USING btree (code);`);
    // Every fourth table indexes its foreign key; a few have an index the primary key already provides.
    if (i % 4 === 0) out.push(`CREATE INDEX ${t}_owner_id_idx ON public.${t} USING btree (owner_id);`);
    if (i % 50 === 25) out.push(`CREATE INDEX ${t}_id_idx ON public.${t} USING btree (id);`);
  }
  out.push('');
  for (let i = 1; i < tables; i++) {
    const t = name(i);
    out.push(`ALTER TABLE ONLY public.${t}\n    ADD CONSTRAINT ${t}_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.${name(i >> 1)}(id);\n`);
  }
  out.push('--\n-- PostgreSQL database dump complete\n--\n');
  return out.join('\n');
}

/**
 * A schema of `tables` tables shaped like an application's, for the schema diagram's benchmark and tests: a few
 * schemas, 4 to 14 columns per table, most tables referencing one to three earlier ones (hubs such as accounts
 * referenced by many), some indexes on the keys, a few enums and views. Deterministic.
 */
export function applicationSchema(tables: number): string {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const schemas = ['public', 'billing', 'audit', 'catalog'];
  const out: string[] = schemas.filter((s) => s !== 'public').map((s) => `CREATE SCHEMA ${s};`);
  out.push("CREATE TYPE public.status AS ENUM ('draft', 'active', 'archived');");
  const names: string[] = [];
  for (let i = 0; i < tables; i++) {
    const schema = schemas[i < tables / 2 ? 0 : Math.floor(random() * schemas.length)];
    const name = `${schema}.t${i}_${['orders', 'items', 'users', 'events', 'invoices', 'products', 'notes'][i % 7]}`;
    const columns = ['id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY'];
    const refs: string[] = [];
    const fks = i === 0 ? 0 : Math.min(i, 1 + Math.floor(random() * 3));
    for (let k = 0; k < fks; k++) {
      // Half of the keys point at one of the first five tables (hubs), the rest anywhere earlier.
      const target = random() < 0.5 ? Math.floor(random() * Math.min(5, i)) : Math.floor(random() * i);
      const column = `ref${k}_id`;
      columns.push(`${column} bigint${random() < 0.7 ? ' NOT NULL' : ''} REFERENCES ${names[target]} (id)`);
      if (random() < 0.6) refs.push(`CREATE INDEX ON ${name} (${column});`);
    }
    const extra = 3 + Math.floor(random() * 10);
    for (let c = 0; c < extra; c++) columns.push(`c${c} ${['text', 'integer', 'timestamptz NOT NULL', 'numeric(12,2)', 'jsonb', 'boolean DEFAULT false', 'public.status'][(i + c) % 7]}`);
    out.push(`CREATE TABLE ${name} (\n    ${columns.join(',\n    ')}\n);`, ...refs);
    names.push(name);
  }
  for (let v = 0; v < Math.ceil(tables / 50); v++) out.push(`CREATE VIEW public.v${v} AS SELECT a.id, b.c0 FROM ${names[v]} a JOIN ${names[v + 1]} b ON b.id = a.id;`);
  return out.join('\n') + '\n';
}
