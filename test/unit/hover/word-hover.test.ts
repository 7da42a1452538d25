// Word hovers (types, functions, operators, keywords) over real scanner tokens and the generated catalog data.
import { strict as assert } from 'node:assert';
import { wordHover } from '../../../core/hover/word-hover';
import { builtins } from '../../../core/knowledge/builtins';

/** Hover at the first occurrence of `marker` (plus `shift` characters) in `text`. */
function hoverAt(text: string, marker: string, version = 16, shift = 1) {
  const at = text.indexOf(marker);
  assert.ok(at >= 0, `marker ${marker} not in text`);
  return wordHover(text, at + shift, version);
}

function covered(text: string, hover: { range: { start: number; end: number } } | undefined): string | undefined {
  return hover ? text.slice(hover.range.start, hover.range.end) : undefined;
}

describe('word hover', () => {
  it('the generated data loads: thousands of functions, hundreds of keywords, the common types', () => {
    const data = builtins();
    let signatures = 0;
    for (const fn of data.functions.values()) signatures += fn.signatures.length + fn.more;
    assert.ok(signatures > 2000, `${signatures} function signatures`);
    assert.ok(data.functions.size > 1500, `${data.functions.size} function names`);
    assert.ok(data.keywords.size > 400, `${data.keywords.size} keywords`);
    for (const name of ['int4', 'integer', 'timestamptz', 'timestamp with time zone', 'jsonb', 'uuid', 'text', 'numeric']) assert.ok(data.types.has(name), name);
    assert.ok(data.commands.get('CREATE INDEX')?.page === 'sql-createindex.html');
    assert.ok((data.operators.get('->>') ?? []).some((o) => o.left === 'jsonb'));
  });

  it('::timestamptz: the type, its description and the date/time types page of the configured version', () => {
    const text = 'SELECT created_at::timestamptz FROM orders;';
    const hover = hoverAt(text, 'timestamptz');
    assert.equal(covered(text, hover), 'timestamptz');
    assert.match(hover?.markdown ?? '', /\*\*timestamp with time zone\*\* \(`timestamptz`\)/);
    assert.match(hover?.markdown ?? '', /date and time with time zone/);
    assert.match(hover?.markdown ?? '', /https:\/\/www\.postgresql\.org\/docs\/16\/datatype-datetime\.html/);
  });

  it('links follow the configured version', () => {
    const hover = hoverAt('SELECT x::timestamptz;', 'timestamptz', 14);
    assert.match(hover?.markdown ?? '', /docs\/14\/datatype-datetime\.html/);
    assert.doesNotMatch(hover?.markdown ?? '', /docs\/16\//);
    assert.match(hoverAt('SELECT now();', 'now', 9)?.markdown ?? '', /docs\/9\.6\/functions-datetime\.html/);
  });

  it('multi-word types in a column definition cover the whole name', () => {
    const text = 'CREATE TABLE t (a timestamp with time zone NOT NULL, b double precision, c varchar(20), date date);';
    assert.equal(covered(text, hoverAt(text, 'zone')), 'timestamp with time zone');
    assert.equal(covered(text, hoverAt(text, 'precision')), 'double precision');
    assert.match(hoverAt(text, 'varchar')?.markdown ?? '', /\*\*character varying\*\*/);
    // the column named date is the user's; its type is the built-in one
    assert.equal(hoverAt(text, 'date date'), undefined);
    assert.match(hoverAt(text, 'date date', 16, 6)?.markdown ?? '', /\*\*date\*\*/);
  });

  it('CAST(... AS int) and ALTER COLUMN ... TYPE are type positions', () => {
    assert.match(hoverAt('SELECT CAST(a AS int) FROM t;', 'int')?.markdown ?? '', /\*\*integer\*\* \(`int4`\)[^\n]*numeric type, 4 bytes/);
    assert.match(hoverAt('ALTER TABLE t ALTER COLUMN c TYPE uuid USING c::uuid;', 'uuid')?.markdown ?? '', /datatype-uuid\.html/);
  });

  it('now(): a function hover with its signature and description', () => {
    const text = 'SELECT now();';
    const hover = hoverAt(text, 'now');
    assert.equal(covered(text, hover), 'now');
    assert.match(hover?.markdown ?? '', /\*\*now\*\* — built-in function, stable/);
    assert.match(hover?.markdown ?? '', /now\(\) → timestamp with time zone/);
    assert.match(hover?.markdown ?? '', /current transaction time/);
    assert.match(hover?.markdown ?? '', /docs\/16\/functions-datetime\.html/);
  });

  it('jsonb_build_object( and aggregates', () => {
    const md = hoverAt("SELECT jsonb_build_object('id', id) FROM t;", 'jsonb_build_object')?.markdown ?? '';
    assert.match(md, /\*\*jsonb_build_object\*\* — built-in function/);
    assert.match(md, /VARIADIC "any"/);
    assert.match(md, /functions-json\.html/);
    assert.match(hoverAt('SELECT count(*) FROM t;', 'count')?.markdown ?? '', /aggregate function[\s\S]*functions-aggregate\.html/);
  });

  it('names that are not calls are not claimed: tables, CTE column lists, new functions', () => {
    assert.equal(hoverAt('INSERT INTO now (a) VALUES (1);', 'now'), undefined);
    assert.equal(hoverAt('WITH lower(a) AS (SELECT 1) SELECT * FROM lower;', 'lower'), undefined);
    assert.equal(hoverAt('CREATE FUNCTION lower(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$;', 'lower'), undefined);
    assert.equal(hoverAt('SELECT now FROM t;', 'now'), undefined);
    assert.equal(hoverAt('SELECT myschema.now();', 'now'), undefined);
    assert.ok(hoverAt('SELECT pg_catalog.now();', 'now'));
    // a column called text is the user's
    assert.equal(hoverAt('SELECT text FROM t;', 'text'), undefined);
  });

  it('CONCURRENTLY: a keyword of CREATE INDEX, linked to its page', () => {
    const text = 'CREATE INDEX CONCURRENTLY orders_idx ON orders (customer_id);';
    const hover = hoverAt(text, 'CONCURRENTLY');
    assert.equal(covered(text, hover), 'CONCURRENTLY');
    assert.match(hover?.markdown ?? '', /\*\*CONCURRENTLY\*\* — SQL keyword/);
    assert.match(hover?.markdown ?? '', /CREATE INDEX\*\*: define a new index/);
    assert.match(hover?.markdown ?? '', /\(https:\/\/www\.postgresql\.org\/docs\/16\/sql-createindex\.html\)/);
    assert.match(hoverAt('REFRESH MATERIALIZED VIEW CONCURRENTLY mv;', 'CONCURRENTLY', 12)?.markdown ?? '', /docs\/12\/sql-refreshmaterializedview\.html/);
  });

  it('->> on jsonb: the operator with its signatures', () => {
    const text = "SELECT payload->>'id' FROM events;";
    const hover = hoverAt(text, '->>');
    assert.equal(covered(text, hover), '->>');
    assert.match(hover?.markdown ?? '', /`jsonb ->> text` → `text`: get jsonb object field as text/);
    assert.match(hover?.markdown ?? '', /docs\/16\/functions-json\.html/);
    assert.match(hoverAt('SELECT a = b FROM t;', '=', 16, 0)?.markdown ?? '', /functions-comparison\.html/);
  });

  it('nothing inside string literals, dollar-quoted bodies or comments', () => {
    assert.equal(hoverAt("SELECT 'now() and ::timestamptz';", 'now'), undefined);
    assert.equal(hoverAt("SELECT 'x'::text -- now() CONCURRENTLY\n;", 'now'), undefined);
    assert.equal(hoverAt("SELECT 1 /* jsonb_build_object( */;", 'jsonb_build_object'), undefined);
    assert.equal(hoverAt('DO $$ BEGIN PERFORM now(); END $$;', 'now'), undefined);
    assert.equal(hoverAt('-- CREATE INDEX CONCURRENTLY\nSELECT 1;', 'CONCURRENTLY'), undefined);
  });

  it('a command word inside another command describes the enclosing command (TABLE in ALTER TABLE), a subquery its own', () => {
    const alter = hoverAt('ALTER TABLE orders ADD COLUMN note text;', 'TABLE')?.markdown ?? '';
    assert.match(alter, /Part of \*\*ALTER TABLE\*\*/);
    assert.doesNotMatch(alter, /retrieve rows/);
    const forUpdate = hoverAt('SELECT * FROM orders FOR UPDATE;', 'UPDATE')?.markdown ?? '';
    assert.doesNotMatch(forUpdate, /Starts \*\*UPDATE\*\*/);
    const view = hoverAt('CREATE VIEW v AS SELECT 1;', 'SELECT')?.markdown ?? '';
    assert.match(view, /Starts \*\*SELECT\*\*/);
  });
});
