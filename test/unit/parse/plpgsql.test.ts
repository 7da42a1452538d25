import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../core/parse/document';
import { analyzePlpgsql } from '../../../core/parse/plpgsql';

function analyse(text: string) {
  const doc = parseDocument(text);
  const statement = doc.statements[0];
  const analysis = analyzePlpgsql(statement);
  assert.ok(analysis, 'expected a PL/pgSQL body');
  return { doc, analysis, text };
}

const slice = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end);

describe('PL/pgSQL bodies', () => {
  it('finds the body of a dollar-quoted function whatever the option order', () => {
    const { analysis, text } = analyse('create function f() returns int as $fn$\nbegin return 1; end\n$fn$ language plpgsql;');
    assert.equal(slice(text, analysis.body), '\nbegin return 1; end\n');
    assert.ok(analysis.tree);
    assert.deepEqual(analysis.errors, []);
  });

  it('ignores functions in other languages', () => {
    const doc = parseDocument("create function f() returns int language sql as 'select 1';");
    assert.equal(analyzePlpgsql(doc.statements[0]), undefined);
  });

  it('places a PL/pgSQL syntax error on its token inside the body', () => {
    const { analysis, text, doc } = analyse('create function f() returns int language plpgsql as $$\ndeclare x int;\nbegin\n  x := 1;\n  retrun x;\nend $$;');
    assert.equal(analysis.errors.length, 1);
    assert.equal(analysis.errors[0].message, 'syntax error at or near "retrun"');
    assert.equal(slice(text, analysis.errors[0].range), 'retrun');
    assert.equal(doc.lines.positionAt(analysis.errors[0].range.start).line, 4);
  });

  it('reports an unknown assignment target where it is written', () => {
    const { analysis, text } = analyse('do $$\nbegin\n  perform 1;\n  y := 2;\nend $$;');
    assert.equal(analysis.errors[0].message, '"y" is not a known variable');
    assert.equal(slice(text, analysis.errors[0].range), 'y');
  });

  it('checks embedded SQL expressions like the validator does, with positions inside the body', () => {
    const text = 'create function f(p int) returns int language plpgsql as $$\nbegin\n  p := p + 2 3;\n  return p;\nend $$;';
    const { analysis } = analyse(text);
    assert.equal(analysis.errors.length, 1);
    assert.equal(analysis.errors[0].message, 'syntax error at or near "3"');
    assert.equal(analysis.errors[0].range.start, text.indexOf('3;'));
  });

  it('points an expression cut short at its statement', () => {
    const { analysis, text, doc } = analyse('do $$\nbegin\n  perform 1 +;\nend $$;');
    assert.equal(analysis.errors.length, 1);
    assert.equal(doc.lines.positionAt(analysis.errors[0].range.start).line, 2);
    assert.equal(slice(text, analysis.errors[0].range), ';');
  });

  it('exposes embedded statements with document positions', () => {
    const text = "create function f(p int) returns void language plpgsql as $$\nbegin\n  update t set a = 1 where b = p;\n  if p = null then return; end if;\nend $$;";
    const { analysis } = analyse(text);
    const update = analysis.statements.find((s) => s.kind === 'UpdateStmt');
    assert.ok(update);
    assert.equal(slice(text, update.headRange()), 'update t set a = 1 where b = p');
    const cond = analysis.statements.find((s) => s.holder === 'PLpgSQL_stmt_if');
    assert.ok(cond);
    assert.equal(text.slice(cond.start, cond.end), 'p = null');
  });

  it("maps positions in single-quoted bodies with '' escapes", () => {
    const text = "create function f() returns text language plpgsql as '\nbegin\n  return ''a'' || retrun;\nend';";
    const { analysis } = analyse(text);
    const ret = analysis.statements[0];
    assert.ok(ret);
    assert.equal(text.slice(ret.start, ret.end), "''a'' || retrun");
  });

  it('does not claim "not a scalar variable" for variables of types only the catalog knows', () => {
    const { analysis } = analyse('do $$\ndeclare\n  a uuid;\n  r basejump.account_role;\nbegin\n  select 1, 2 into a, r;\nend $$;');
    assert.deepEqual(analysis.errors, []);
    assert.ok(analysis.tree);
  });

  it('handles DO blocks with an explicit language', () => {
    const { analysis } = analyse('do language plpgsql $$ begin raise notice $m$x$m$; end $$;');
    assert.deepEqual(analysis.errors, []);
  });
});
