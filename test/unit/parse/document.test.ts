import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../core/parse/document';
import { asNode } from '../../../core/parse/ast';

describe('parseDocument', () => {
  it('parses each statement on its own: one error does not hide the others', () => {
    const doc = parseDocument('select 1;\nselect * fro t where;\ncreate index i on t (a);');
    assert.equal(doc.statements.length, 3);
    assert.equal(doc.statements[0].kind, 'SelectStmt');
    assert.ok(doc.statements[1].syntaxError);
    assert.equal(doc.statements[2].kind, 'IndexStmt');
  });

  it("reports PostgreSQL's message at PostgreSQL's cursor, after emoji and CJK", () => {
    const text = "-- 😀 漢字\nselect '😀', 'é' fro t;";
    const doc = parseDocument(text);
    const error = doc.statements[0].syntaxError;
    assert.ok(error);
    assert.equal(error.message, 'syntax error at or near "t"');
    assert.equal(text.slice(error.offset, error.offset + 1), 't');
    assert.deepEqual(doc.lines.positionAt(error.offset), { line: 1, character: 21 });
  });

  it('maps AST byte locations to document offsets through multi-byte text', () => {
    const text = "select '漢字😀' as x;\ncreate index on orders (customer_id);";
    const doc = parseDocument(text);
    const index = asNode(doc.statements[1].ast, 'IndexStmt');
    assert.ok(index?.relation);
    const at = doc.statements[1].offsetOfLocation(index.relation.location);
    assert.equal(text.slice(at, at + 6), 'orders');
    const range = doc.statements[1].rangeOfLocation(index.relation.location);
    assert.equal(text.slice(range.start, range.end), 'orders');
  });

  it('reuses cached parses for unchanged statement text', () => {
    const a = parseDocument('select 1;\nselect 2;');
    const b = parseDocument('select 1;\nselect 2; select 3;');
    assert.equal(a.statements[0].parseOutcome, b.statements[0].parseOutcome);
  });

  it('reads psql variables as identifiers only when the text does not parse otherwise', () => {
    const doc = parseDocument("select * from t where id = :id and name = :'name';\nselect arr[1:2] from t;");
    assert.equal(doc.statements[0].syntaxError, undefined);
    assert.equal(doc.statements[0].psqlVariablesSubstituted, true);
    assert.equal(doc.statements[1].psqlVariablesSubstituted, false);
  });

  it('claims no syntax error for a statement that only a psql variable can complete', () => {
    const doc = parseDocument(':show_data;\nexplain (costs off) :qry;');
    assert.equal(doc.statements[0].syntaxError, undefined);
    assert.equal(doc.statements[0].dependsOnPsqlVariables, true);
  });

  it('blanks meta-commands inside a statement and parses the rest', () => {
    const doc = parseDocument('select 1\n\\echo hello\n+ 1;');
    assert.equal(doc.statements.length, 1);
    assert.equal(doc.statements[0].syntaxError, undefined);
  });

  it('parses several statements joined by \\;', () => {
    const doc = parseDocument('select 1 \\; select 2;');
    assert.equal(doc.statements[0].asts.length, 2);
  });

  it('rejects NUL bytes like PostgreSQL does', () => {
    const doc = parseDocument('select 1\0;');
    assert.match(doc.statements[0].syntaxError?.message ?? '', /0x00/);
  });

  it('finds keyword ranges with the PostgreSQL lexer', () => {
    const text = 'create unique index concurrently i on t (a);';
    const s = parseDocument(text).statements[0];
    const r = s.rangeOfWords(['CREATE', 'INDEX']);
    assert.equal(text.slice(r.start, r.end), 'create unique index');
  });

  it('reads COPY data only after a COPY FROM STDIN that PostgreSQL accepts (as psql does)', () => {
    const good = parseDocument('copy t from stdin;\n1\n\\.\nselect 2;');
    assert.deepEqual(good.statements.map((s) => s.kind), ['CopyStmt', 'SelectStmt']);
    // COPY (query) FROM is rejected, psql gets no CopyIn response and reads the next lines as SQL.
    const bad = parseDocument('copy (select 1) from stdin;\nselect 3;');
    assert.equal(bad.statements.length, 2);
    assert.ok(bad.statements[0].syntaxError);
    assert.equal(bad.statements[1].kind, 'SelectStmt');
  });

  it('keeps comment-only segments without an AST or error', () => {
    const doc = parseDocument('select 1; -- trailing\n');
    assert.equal(doc.statements.length, 1);
  });
});
