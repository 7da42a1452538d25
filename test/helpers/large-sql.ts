/**
 * Large SQL files, generated deterministically, for the scaling benchmark (bench/scale.bench.ts) and the tests
 * that check the analysis of a large file against simple reference implementations. Two shapes: a mixed script
 * (tables, indexes, foreign keys added later, inserts, joins, updates, ignore comments, a few mistakes the
 * rules and schema checks report) and a pg_dump-style schema (CREATE TABLE, then the keys, indexes, foreign keys
 * and comments after all tables, with pg_dump's SET and set_config preamble).
 */

/** About `statements` statements of mixed DDL and DML. */
export function mixedScript(statements: number): string {
  const out: string[] = ['SET statement_timeout = 0;', 'SET lock_timeout = 0;'];
  let count = out.length;
  for (let i = 0; count < statements; i++) {
    const t = `t${i}`;
    const parent = i > 0 ? `t${i - 1}` : undefined;
    const group: string[] = [];
    group.push(
      `CREATE TABLE ${t} (\n    id bigint PRIMARY KEY,\n    parent_id ${i % 7 === 3 ? 'integer' : 'bigint'},\n    name text NOT NULL,\n    amount numeric(12,2),\n    created_at timestamptz DEFAULT now()\n);`,
    );
    group.push(`CREATE INDEX ${t}_name_idx ON ${t} (name);`);
    // Every fifth table repeats its name index as a prefix of a wider one: redundant-index.
    if (i % 5 === 0) group.push(`CREATE INDEX ${t}_name_created_idx ON ${t} (name, created_at);`);
    if (parent) {
      // Every other foreign key gets its index: foreign-key-missing-index on the others.
      group.push(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_parent_fk FOREIGN KEY (parent_id) REFERENCES ${parent} (id);`);
      if (i % 2 === 0) group.push(`CREATE INDEX ${t}_parent_idx ON ${t} (parent_id);`);
    }
    group.push(`INSERT INTO ${t} (id, parent_id, name) VALUES (1, NULL, 'a'), (2, 1, 'b');`);
    // A mistake now and then: unknown column, unknown table, too many values.
    if (i % 11 === 5) group.push(`SELECT nme FROM ${t};`);
    if (i % 13 === 7) group.push(`SELECT * FROM missing_${t};`);
    if (i % 17 === 9) group.push(`INSERT INTO ${t} (id, name) VALUES (3, 'c', 'extra');`);
    if (parent) {
      group.push(`SELECT a.id, b.name, count(*) AS n\nFROM ${t} a\nJOIN ${parent} b ON b.id = a.parent_id\nWHERE a.amount > 10 AND b.name <> 'x'\nGROUP BY a.id, b.name\nORDER BY n DESC;`);
    } else {
      group.push(`SELECT id, name FROM ${t} WHERE amount > 10;`);
    }
    if (i % 3 === 1) group.push(`-- pg-architect-ignore ban-update-without-where -- whole-table update on purpose\nUPDATE ${t} SET amount = 0;`);
    else group.push(`UPDATE ${t} SET name = 'z' WHERE id = 1;`);
    // A drop and a re-create now and then: the per-file schema forgets and starts over.
    if (i % 29 === 14) group.push(`DROP INDEX ${t}_name_idx;`, `CREATE INDEX ${t}_name_idx ON ${t} (name);`);
    if (i % 31 === 15 && parent) group.push(`DROP TABLE ${parent};`, `CREATE TABLE ${parent} (id bigint PRIMARY KEY, name text);`);
    out.push(...group);
    count += group.length;
  }
  return out.join('\n\n') + '\n';
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

/** A pg_dump-style schema of `tables` tables in schema public. */
export function pgDumpSchema(tables: number): string {
  const out: string[] = [...PG_DUMP_PREAMBLE];
  const name = (i: number): string => `table_${String(i).padStart(5, '0')}`;
  const header = (object: string, type: string): string => `--\n-- Name: ${object}; Type: ${type}; Schema: public; Owner: app\n--\n`;
  for (let i = 0; i < tables; i++) {
    const t = name(i);
    out.push(header(t, 'TABLE'));
    out.push(
      `CREATE TABLE public.${t} (\n    id bigint NOT NULL,\n    owner_id bigint,\n    code character varying(40) NOT NULL,\n    note text,\n    created_at timestamp with time zone DEFAULT now() NOT NULL\n);\n`,
    );
    out.push(`\nALTER TABLE public.${t} OWNER TO app;\n`);
    out.push(header(`TABLE ${t}`, 'COMMENT'));
    out.push(`COMMENT ON TABLE public.${t} IS 'Table number ${i}.';\n`);
  }
  for (let i = 0; i < tables; i++) {
    const t = name(i);
    out.push(header(`${t} ${t}_pkey`, 'CONSTRAINT'));
    out.push(`ALTER TABLE ONLY public.${t}\n    ADD CONSTRAINT ${t}_pkey PRIMARY KEY (id);\n`);
  }
  for (let i = 0; i < tables; i++) {
    const t = name(i);
    out.push(header(`${t}_code_idx`, 'INDEX'));
    out.push(`CREATE INDEX ${t}_code_idx ON public.${t} USING btree (code);\n`);
    // Every fourth table indexes its foreign key; a few have an index the primary key already provides.
    if (i % 4 === 0) out.push(`CREATE INDEX ${t}_owner_id_idx ON public.${t} USING btree (owner_id);\n`);
    if (i % 50 === 25) out.push(`CREATE INDEX ${t}_id_idx ON public.${t} USING btree (id);\n`);
  }
  for (let i = 1; i < tables; i++) {
    const t = name(i);
    out.push(header(`${t} ${t}_owner_id_fkey`, 'FK CONSTRAINT'));
    out.push(`ALTER TABLE ONLY public.${t}\n    ADD CONSTRAINT ${t}_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.${name(i >> 1)}(id);\n`);
  }
  out.push('--\n-- PostgreSQL database dump complete\n--\n');
  return out.join('\n');
}
