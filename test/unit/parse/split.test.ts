import { strict as assert } from 'node:assert';
import { splitSql } from '../../../core/parse/split';

/** The texts of the statement segments, trimmed. */
function statements(sql: string): string[] {
  return splitSql(sql)
    .segments.filter((s) => s.kind === 'statement')
    .map((s) => sql.slice(s.start, s.end).trim());
}

function kinds(sql: string): string[] {
  return splitSql(sql).segments.map((s) => `${s.kind}:${sql.slice(s.start, s.end).trim()}`);
}

describe('splitSql', () => {
  it('splits on semicolons and keeps them', () => {
    assert.deepEqual(statements('select 1; select 2;\nselect 3'), ['select 1;', 'select 2;', 'select 3']);
  });

  it('does not split on blank lines inside a statement', () => {
    assert.deepEqual(statements('select a,\n\n\n  b\nfrom t;\n\nselect 2;'), ['select a,\n\n\n  b\nfrom t;', 'select 2;']);
  });

  it('ignores semicolons in strings, identifiers and comments', () => {
    const sql = `select 'a;b', "c;d" -- e;f\n /* g; /* nested; */ h; */ from t; select 2;`;
    assert.deepEqual(statements(sql), [`select 'a;b', "c;d" -- e;f\n /* g; /* nested; */ h; */ from t;`, 'select 2;']);
  });

  it("honours '' doubling and E'' backslash escapes", () => {
    assert.deepEqual(statements(`select 'it''s;'; select E'a\\';b'; select 3;`), [`select 'it''s;';`, `select E'a\\';b';`, 'select 3;']);
  });

  it('treats a backslash in a standard string as a plain character', () => {
    assert.deepEqual(statements(`select 'a\\'; select 2;`), [`select 'a\\';`, 'select 2;']);
  });

  it('follows standard_conforming_strings = off like psql', () => {
    const sql = `set standard_conforming_strings = off;\nselect 'a\\';b';\nreset standard_conforming_strings;\nselect 'c\\'; select 4;`;
    assert.deepEqual(statements(sql), ['set standard_conforming_strings = off;', `select 'a\\';b';`, 'reset standard_conforming_strings;', `select 'c\\';`, 'select 4;']);
    const seg = splitSql(sql).segments[1];
    assert.equal(seg.backslashQuotes.length, 1, 'the \\\' is recorded for the parser');
  });

  it('handles dollar quotes with and without tags, nested', () => {
    const sql = `create function f() returns int as $body$ begin return 1; end; $x$ ; $x$ $body$ language plpgsql; select $$;$$; select 3;`;
    assert.deepEqual(statements(sql), [`create function f() returns int as $body$ begin return 1; end; $x$ ; $x$ $body$ language plpgsql;`, `select $$;$$;`, 'select 3;']);
  });

  it('does not take $1 or identifiers with $ for dollar quotes', () => {
    assert.deepEqual(statements('select $1; select a$b$c from t; select 3;'), ['select $1;', 'select a$b$c from t;', 'select 3;']);
  });

  it('keeps semicolons inside parentheses (CREATE RULE ... DO (a; b))', () => {
    const sql = 'create rule r as on insert to t do also (insert into u values (1); delete from v); select 2;';
    assert.deepEqual(statements(sql), ['create rule r as on insert to t do also (insert into u values (1); delete from v);', 'select 2;']);
  });

  it('keeps BEGIN ATOMIC ... END bodies together', () => {
    const sql = `create function f(a int) returns int language sql\nbegin atomic\n  select case when a > 0 then 1 else 0 end;\n  select 2;\nend;\nselect 3;`;
    assert.deepEqual(statements(sql), [`create function f(a int) returns int language sql\nbegin atomic\n  select case when a > 0 then 1 else 0 end;\n  select 2;\nend;`, 'select 3;']);
  });

  it('does not treat BEGIN as a block outside CREATE FUNCTION/PROCEDURE', () => {
    assert.deepEqual(statements('begin; select 1; commit;'), ['begin;', 'select 1;', 'commit;']);
  });

  it('makes psql meta-commands their own segments', () => {
    assert.deepEqual(kinds('\\set x 1\nselect :x;\n\\echo done'), ['psql-command:\\set x 1', 'statement:select :x;', 'psql-command:\\echo done']);
  });

  it('ends a statement at a sending meta-command (\\g, \\gset)', () => {
    assert.deepEqual(kinds('select 1 as a \\gset\nselect 2;'), ['statement:select 1 as a', 'psql-command:\\gset', 'statement:select 2;']);
  });

  it('reads \\; as a semicolon that does not send', () => {
    const sql = 'select 1 \\; select 2;\nselect 3;';
    assert.deepEqual(statements(sql), ['select 1 \\; select 2;', 'select 3;']);
    assert.deepEqual(splitSql(sql).segments[0].blanks, [{ start: 9, end: 10 }]);
  });

  it('discards the buffer on \\r', () => {
    assert.deepEqual(kinds('** not sql\n\\r\nselect 1;'), ['psql-command:** not sql\n\\r', 'statement:select 1;']);
  });

  it('skips inactive \\if branches', () => {
    const sql = '\\if false\nbogus (;\n\\else\nselect 1;\n\\endif\nselect 2;';
    assert.deepEqual(statements(sql), ['select 1;', 'select 2;']);
  });

  it('skips COPY ... FROM STDIN data up to \\.', () => {
    const sql = 'copy t (a, b) from stdin;\n1\tx;y\n2\t\'z\n\\.\nselect 1;';
    assert.deepEqual(kinds(sql), ['statement:copy t (a, b) from stdin;', "copy-data:1\tx;y\n2\t'z\n\\.", 'statement:select 1;']);
  });

  it('skips one data block per COPY FROM STDIN joined with \\;', () => {
    const sql = 'select 0\\; copy t from stdin\\; copy t from stdin\\; select 1;\n1\n\\.\n2\n\\.\nselect 3;';
    assert.deepEqual(statements(sql), ['select 0\\; copy t from stdin\\; copy t from stdin\\; select 1;', 'select 3;']);
  });

  it('records psql variable references but not casts or assignments', () => {
    const sql = "select :a, :'b', :\"c\", x::int, :{?d} from t where y := 1";
    const seg = splitSql(sql).segments[0];
    assert.deepEqual(
      seg.psqlVariables.map((i) => sql.slice(i, i + 3)),
      [':a,', ":'b", ':"c', ':{?'],
    );
  });

  it('recovers from an unterminated quote at the end of its line', () => {
    assert.deepEqual(statements("select 'abc\nselect 2;"), ["select 'abc", 'select 2;']);
  });

  it('recovers from unbalanced parentheses at the first semicolon', () => {
    assert.deepEqual(statements('select (1; select 2;'), ['select (1;', 'select 2;']);
  });

  it('never lets a statement span a dbmate or Liquibase section marker', () => {
    const sql = '-- migrate:up\nalter table t add constraint u unique (a)\n  -- migrate:down\n  drop constraint u;\n--changeset me:1\nselect 1';
    assert.deepEqual(statements(sql), ['alter table t add constraint u unique (a)', 'drop constraint u;', 'select 1']);
  });

  it('collects comments with their offsets', () => {
    const sql = '-- one\nselect 1; /* two */';
    assert.deepEqual(splitSql(sql).comments.map((c) => sql.slice(c.start, c.end)), ['-- one', '/* two */']);
  });

  it('handles CRLF line endings', () => {
    assert.deepEqual(statements('select 1;\r\n-- x\r\nselect\r\n 2;'), ['select 1;', 'select\r\n 2;']);
  });

  it('survives hostile input', () => {
    for (const sql of ['', ';;;', '$', '$$', "'", '"', '/*', '\\', ':', 'E', "E'\\", '$a$ $b$', '\0\0', '(((((', ')))']) {
      const r = splitSql(sql);
      for (const s of r.segments) assert.ok(s.start <= s.end && s.end <= sql.length);
    }
  });
});
