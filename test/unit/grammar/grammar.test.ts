import { strict as assert } from 'node:assert';
import { hasScope, scopesOf, tokenize, type Token } from './tokenize';

const BODY = 'meta.embedded.block.plpgsql';

function assertScope(tokens: readonly Token[], text: string, scope: string, skip = 0): void {
  const scopes = scopesOf(tokens, text, skip);
  assert.ok(hasScope(scopes, scope), `"${text}" has ${scopes.join(' ')}, expected ${scope}`);
}

function assertNoScope(tokens: readonly Token[], text: string, scope: string, skip = 0): void {
  const scopes = scopesOf(tokens, text, skip);
  assert.ok(!hasScope(scopes, scope), `"${text}" has ${scopes.join(' ')}, expected no ${scope}`);
}

describe('grammar: SQL', () => {
  it('scopes keywords, types, constants, functions and operators', async () => {
    const t = await tokenize("select count(*), now() from orders where paid is not null and total >= 1 || 'x' limit 5;");
    assertScope(t, 'select', 'keyword.other');
    assertScope(t, 'from', 'keyword.other');
    assertScope(t, 'count', 'support.function');
    assertScope(t, 'now', 'support.function');
    assertScope(t, 'null', 'constant.language');
    assertScope(t, 'and', 'keyword.operator.logical');
    assertScope(t, '>=', 'keyword.operator.comparison');
    assertScope(t, '||', 'keyword.operator.concatenator');
    assertScope(t, ';', 'punctuation.terminator.statement');
    assert.deepEqual(scopesOf(t, 'orders'), ['source.pgsql'], 'a plain name has no scope of its own');
  });

  it('scopes a function name only where it is called, and names after a dot are names', async () => {
    const t = await tokenize('select left(a, 2), t.left, t.type, left from t');
    assertScope(t, 'left', 'support.function');
    assertNoScope(t, 'left', 'support.function', 1);
    assertNoScope(t, 'type', 'keyword');
  });

  it('scopes built-in types, including the ones of several words', async () => {
    const t = await tokenize('create table t (a bigint, b timestamptz, c double precision, d timestamp(3) with time zone, e character varying(9));');
    for (const name of ['bigint', 'timestamptz', 'double precision', 'timestamp(3) with time zone', 'character varying']) assertScope(t, name, 'storage.type');
  });

  it('scopes numbers: hexadecimal, octal, binary, underscores, decimals and exponents', async () => {
    const t = await tokenize('select 0x1F, 0o17, 0b101, 1_000_000, 1.5e10, .5, 3.');
    for (const n of ['0x1F', '0o17', '0b101', '1_000_000', '1.5e10', '.5', '3.']) assertScope(t, n, 'constant.numeric');
  });

  it('scopes parameters, and a digit inside a name is no number', async () => {
    const t = await tokenize('select * from t1 where a = $1 and b = $12');
    assertScope(t, '$1', 'variable.parameter');
    assertScope(t, '$12', 'variable.parameter');
    assertNoScope(t, 't1', 'constant.numeric');
  });
});

describe('grammar: comments', () => {
  it('nests block comments', async () => {
    const t = await tokenize('select /* outer /* inner */ still outer */ 1');
    assertScope(t, ' still outer ', 'comment.block');
    assertScope(t, '1', 'constant.numeric');
    assertNoScope(t, '1', 'comment');
  });

  it('keeps a block comment open across lines', async () => {
    const t = await tokenize('/* a\n/* b */\nselect\n*/ select');
    assertScope(t, 'select', 'comment.block');
    assertScope(t, 'select', 'keyword.other', 1);
    assertNoScope(t, 'select', 'comment', 1);
  });

  it('ends a line comment at the end of the line', async () => {
    const t = await tokenize("select 1; -- it's 'quoted' /* not a block\nselect 2;");
    assertScope(t, " it's 'quoted' /* not a block", 'comment.line.double-dash');
    assertNoScope(t, 'select', 'comment', 1);
  });
});

describe('grammar: strings and identifiers', () => {
  it("reads E'' strings with backslash escapes, \\' included", async () => {
    const t = await tokenize("select E'it\\'s\\n', 'after'");
    assertScope(t, 'E', 'storage.type.string');
    assertScope(t, "\\'", 'constant.character.escape');
    assertScope(t, '\\n', 'constant.character.escape');
    assertScope(t, 'after', 'string.quoted.single');
    assertNoScope(t, 'after', 'string.quoted.single.escape');
  });

  it("treats a backslash in a standard string as a character and '' as a quote", async () => {
    const t = await tokenize("select 'C:\\', 'it''s', 1");
    assertScope(t, 'C:\\', 'string.quoted.single');
    assertScope(t, "''", 'constant.character.escape');
    assertScope(t, '1', 'constant.numeric');
  });

  it("reads U&'', B'', X'' strings and quoted identifiers", async () => {
    const t = await tokenize('select U&\'d\\0061t\', B\'1010\', X\'1F\', "My ""odd"" name", U&"d\\0061t" from t');
    assertScope(t, '\\0061', 'constant.character.escape');
    assertScope(t, '1010', 'string.quoted.single.bit');
    assertScope(t, '1F', 'string.quoted.single.hex');
    assertScope(t, 'My ', 'variable.other.quoted');
    assertScope(t, '""', 'constant.character.escape');
    assertScope(t, 'from', 'keyword.other');
  });

  it('keeps dollar-quoted strings outside function bodies as strings, across lines', async () => {
    const t = await tokenize("select $tag$ it's; $$ not the end\nselect $tag$ as s, a$$b");
    assertScope(t, "$tag$", 'punctuation.definition.string.begin');
    assertScope(t, "select ", 'string.quoted.dollar');
    assertScope(t, 'as', 'keyword.other');
    assertNoScope(t, 'as', 'string');
    assert.ok(!t.some((x) => x.text === 'a$$b' && hasScope(x.scopes, 'string')), 'a$$b is one identifier');
  });
});

describe('grammar: function and DO bodies', () => {
  const fn = [
    'CREATE OR REPLACE FUNCTION add_one(x integer) RETURNS integer LANGUAGE plpgsql AS $body$',
    'DECLARE',
    '  r integer := x + 1; v orders.total%TYPE;',
    'BEGIN',
    "  <<outer>> FOR i IN 1..3 LOOP RAISE NOTICE 'i = %', i; END LOOP;",
    "  EXECUTE format($q$SELECT %I FROM t$q$, 'c');",
    '  RETURN r::bigint;',
    'END',
    '$body$;',
    'SELECT 1;',
  ].join('\n');

  it('highlights a CREATE FUNCTION body as PL/pgSQL code', async () => {
    const t = await tokenize(fn);
    assertScope(t, '$body$', 'punctuation.section.embedded.begin');
    assertScope(t, 'DECLARE', 'keyword.control.plpgsql');
    assertScope(t, ':=', 'keyword.operator.assignment');
    assertScope(t, '%TYPE', 'storage.type');
    assertScope(t, 'outer', 'entity.name.label');
    assertScope(t, '..', 'keyword.operator.range');
    assertScope(t, '3', 'constant.numeric');
    assertScope(t, 'RAISE', 'keyword.control.plpgsql');
    assertScope(t, 'NOTICE', 'keyword.other.plpgsql');
    assertScope(t, 'i = %', 'string.quoted.single');
    assertScope(t, '::', 'keyword.operator.cast');
    for (const word of ['DECLARE', 'BEGIN', 'RETURN', 'END']) {
      assertScope(t, word, BODY);
      assertNoScope(t, word, 'string');
    }
  });

  it('keeps a dollar-quoted string inside a body a string, and ends the body at its own tag', async () => {
    const t = await tokenize(fn);
    assertScope(t, 'SELECT %I FROM t', 'string.quoted.dollar');
    assertScope(t, 'SELECT %I FROM t', BODY);
    assertScope(t, '$body$', 'punctuation.section.embedded.end', 1);
    assertNoScope(t, 'SELECT', BODY);
    assertScope(t, 'SELECT', 'keyword.other');
  });

  it('finds the body on the line after AS', async () => {
    const t = await tokenize('CREATE FUNCTION one() RETURNS int AS\n$$ SELECT 1 $$ LANGUAGE sql;');
    assertScope(t, 'SELECT', BODY);
    assertScope(t, 'SELECT', 'keyword.other');
    assertNoScope(t, 'LANGUAGE', BODY);
  });

  it('highlights DO blocks, with and without LANGUAGE', async () => {
    const t = await tokenize('DO $$ BEGIN PERFORM 1; END $$;\nDO LANGUAGE plpgsql $x$ BEGIN NULL; END $x$;');
    assertScope(t, 'PERFORM', 'keyword.control.plpgsql');
    assertScope(t, 'NULL', BODY);
    assertScope(t, 'NULL', 'constant.language');
  });

  it('does not take ON CONFLICT DO or AS before a query for a body', async () => {
    const t = await tokenize('INSERT INTO t VALUES (1) ON CONFLICT (id) DO\n  UPDATE SET a = $1;\nCREATE VIEW v AS\nSELECT 1;');
    assertScope(t, 'UPDATE', 'keyword.other');
    assertNoScope(t, 'UPDATE', BODY);
    assertScope(t, '$1', 'variable.parameter');
    assertNoScope(t, 'SELECT', BODY);
  });

  it('does not interpolate psql variables inside a body', async () => {
    const t = await tokenize('DO $$ BEGIN x := :y; END $$;');
    assert.ok(!t.some((x) => hasScope(x.scopes, 'variable.other.psql')), JSON.stringify(t));
  });
});

describe('grammar: psql', () => {
  it('reads meta-commands to the end of the line', async () => {
    const t = await tokenize("\\set ON_ERROR_STOP on\n\\i 'migrations/001.sql'\nselect 1;");
    assertScope(t, '\\set', 'keyword.other.psql');
    assertScope(t, 'ON_ERROR_STOP', 'variable.other.psql');
    assertScope(t, '\\i', 'keyword.other.psql');
    assertScope(t, 'migrations/001.sql', 'string.quoted.single.psql');
    assertNoScope(t, 'select', 'meta.psql.command');
  });

  it('reads \\gset after a query and \\copy with SQL in it', async () => {
    const t = await tokenize("select max(id) as top from t \\gset p_\n\\copy (select * from t where a = :v) to 'out.csv' with (format csv)");
    assertScope(t, '\\gset', 'keyword.other.psql');
    assertScope(t, 'top', 'source.pgsql');
    assertNoScope(t, 'top', 'meta.psql.command');
    assertScope(t, '\\copy', 'keyword.other.psql');
    assertScope(t, 'from', 'keyword.other', 1);
    assertScope(t, 'v', 'variable.other.psql');
    assertScope(t, 'out.csv', 'string.quoted.single');
  });

  it("interpolates :var, :'var', :\"var\" and :{?var}, never the colons of a :: cast", async () => {
    const t = await tokenize("select :v, :'lit', :\"ident\", :{?flag}, x::text, y :: int, :a::int, arr[1:2]");
    assertScope(t, 'v', 'variable.other.psql');
    assertScope(t, 'lit', 'variable.other.psql');
    assertScope(t, 'ident', 'variable.other.psql');
    assertScope(t, 'flag', 'variable.other.psql');
    assertScope(t, 'a', 'variable.other.psql');
    for (const [type, skip] of [['text', 0], ['int', 0], ['int', 1]] as const) {
      assertScope(t, type, 'storage.type', skip);
      assertNoScope(t, type, 'variable.other.psql', skip);
    }
    assertScope(t, '::', 'keyword.operator.cast');
    assertScope(t, '::', 'keyword.operator.cast', 2);
  });
});
