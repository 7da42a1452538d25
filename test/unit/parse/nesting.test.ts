import { strict as assert } from 'node:assert';
import { estimatedNesting, treeDepth } from '../../../core/parse/nesting';
import { parseStatementText } from '../../../core/parse/parser';

describe('parse: nesting', () => {
  it('estimates at least the depth of the parse tree for every shape that nests', () => {
    const shapes = [
      `SELECT ${Array(300).fill('a').join(' + ')}`,
      `SELECT ${Array(300).fill('a').join(' || ')} FROM t`,
      `${Array(300).fill('SELECT 1').join(' UNION ALL ')}`,
      `SELECT * FROM t0${' JOIN t ON true'.repeat(300)}`,
      `SELECT ${'coalesce('.repeat(300)}a${', 0)'.repeat(300)}`,
      `SELECT ${'CASE WHEN a THEN '.repeat(300)}1${' END'.repeat(300)}`,
      `SELECT * FROM t WHERE a IN (${'SELECT a FROM t WHERE a IN ('.repeat(200)}1${')'.repeat(201)}`,
      `SELECT ${'NOT '.repeat(300)}a`,
      `SELECT a${'::text'.repeat(300)}`,
    ];
    for (const text of shapes) {
      const outcome = parseStatementText(text);
      assert.equal(outcome.error, undefined, text.slice(0, 40));
      const depth = treeDepth(outcome.stmts);
      assert.ok(depth >= 200, `${text.slice(0, 40)}: deep (${depth})`);
      assert.ok(estimatedNesting(text) * 3 >= depth, `${text.slice(0, 40)}: estimate ${estimatedNesting(text)} for depth ${depth}`);
    }
  });

  it('does not count siblings: lists, AND/OR, CASE arms, VALUES rows', () => {
    assert.ok(estimatedNesting(`SELECT * FROM t WHERE ${Array(2000).fill('a = 1').join(' AND ')}`) < 5);
    assert.ok(estimatedNesting(`SELECT * FROM t WHERE ${Array(2000).fill('a = 1 AND b = 2').join(' OR ')}`) < 5);
    assert.ok(estimatedNesting(`SELECT a IN (${Array(5000).fill('1').join(', ')})`) < 5);
    assert.ok(estimatedNesting(`SELECT CASE ${Array(2000).fill('WHEN a = 1 THEN b + 1').join(' ')} END`) < 6);
    assert.ok(estimatedNesting(`INSERT INTO t VALUES ${Array(5000).fill("(1, 'a', now() + interval '1 day')").join(', ')}`) < 6);
  });

  it('skips comments, quoted text and dollar quotes', () => {
    const noise = `'((((${'+'.repeat(5000)}' "))))${'-'.repeat(100)}" E'\\'((((' $q$ ${'('.repeat(5000)} $q$ -- ${'('.repeat(5000)}\n /* ${'('.repeat(5000)} /* */ */`;
    assert.ok(estimatedNesting(`SELECT ${noise} 1`) < 5);
    // A quote inside an escape string does not end it early.
    assert.equal(estimatedNesting(`SELECT E'a\\'${'('.repeat(100)}'`), estimatedNesting(`SELECT 'x'`));
  });

  it('counts PL/pgSQL blocks, which END closes', () => {
    const body = (n: number): string => `BEGIN\n${'IF x THEN\n'.repeat(n)}x := 1;\n${'END IF;\n'.repeat(n)}${'LOOP\n'.repeat(n)}EXIT;\n${'END LOOP;\n'.repeat(n)}END;`;
    const one = estimatedNesting(body(1));
    assert.ok(estimatedNesting(body(500)) >= 500);
    assert.ok(estimatedNesting(body(500)) < 520, 'siblings closed by END do not add up');
    assert.ok(one < 6);
  });
});
