// The schema checks' passes over a whole file pause every few statements (a large file in the editor held the
// language server 50-70 ms per pass at 100,000 statements), and the pauses change nothing in what they find.
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../core/parse/document';
import { initParser } from '../../../core/parse/parser';
import { STATEMENTS_PER_STEP, type Steps } from '../../../core/runtime/steps';
import { documentRelations, documentRelationsSteps } from '../../../core/semantics/document-ddl';
import { documentFunctions, documentFunctionsSteps } from '../../../core/semantics/function-checks';
import { statementSearchPaths, statementSearchPathsSteps } from '../../../core/semantics/search-path';

/** How many times `steps` paused, and its result. */
function paused<T>(steps: Steps<T>): { pauses: number; value: T } {
  let pauses = 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return { pauses, value: r.value };
    pauses++;
  }
}

describe('semantics: whole-file passes in steps', () => {
  before(() => initParser());
  const statements = 1_000;
  const text = Array.from({ length: statements / 4 }, (_, i) => `CREATE TABLE t_${i} (a int);\nSET search_path = s_${i}, public;\nCREATE FUNCTION f_${i}() RETURNS int LANGUAGE sql AS 'select 1';\nALTER TABLE t_${i} RENAME COLUMN a TO b;`).join('\n');
  const expected = Math.floor(statements / (STATEMENTS_PER_STEP * 8));

  it('the relations a file creates and alters', () => {
    const document = parseDocument(text);
    const { pauses, value } = paused(documentRelationsSteps(document));
    assert.equal(pauses, expected);
    assert.deepEqual(value, documentRelations(document));
    assert.equal(value.created.size, statements / 4);
  });

  it('the search_path at each statement', () => {
    const document = parseDocument(text);
    const { pauses, value } = paused(statementSearchPathsSteps(document));
    assert.equal(pauses, expected);
    assert.deepEqual(value, statementSearchPaths(document));
    assert.deepEqual(value[statements - 1], ['s_249', 'public']);
  });

  it('the search_path at each statement is found once per document and starting path (each request asks)', () => {
    const document = parseDocument(text);
    const first = paused(statementSearchPathsSteps(document));
    const again = paused(statementSearchPathsSteps(document));
    assert.equal(again.pauses, 0);
    assert.equal(again.value, first.value);
    const other = paused(statementSearchPathsSteps(document, ['other']));
    assert.equal(other.pauses, expected);
    assert.deepEqual(other.value[0], ['other']);
  });

  it('the functions a file creates', () => {
    const document = parseDocument(text);
    const { pauses, value } = paused(documentFunctionsSteps(document));
    assert.equal(pauses, expected);
    assert.deepEqual(value, documentFunctions(document));
    assert.ok(value.created.has('f_0') && value.created.has('f_249'));
  });
});
