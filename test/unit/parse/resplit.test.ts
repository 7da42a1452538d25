// After an edit the editor splits and parses only the statements around it (parseDocument with the previous
// document): the result must be the document a fresh parse gives, whatever was typed (quotes and comments left
// open, COPY data, psql conditionals, a change of standard_conforming_strings, section markers).
import { strict as assert } from 'node:assert';
import { parseDocument, type SqlDocument } from '../../../core/parse/document';
import { clearParseCache, initParser } from '../../../core/parse/parser';
import { textChange } from '../../../core/parse/split';
import { seededRandom } from '../../helpers/seeded-random';

const BASE = [
  '-- migrate:up',
  'CREATE TABLE t (a int, b text);',
  "INSERT INTO t VALUES (1, 'a;b'), (2, E'c\\'d');",
  'COPY t (a, b) FROM stdin;',
  '1\tx',
  '2\ty',
  '\\.',
  '\\set v 42',
  'SELECT :v AS "semi;colon" FROM t;',
  'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END $body$;',
  'CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;',
  '/* a block comment; with a semicolon */',
  'SELECT 1 \\; SELECT 2;',
  'CREATE INDEX t_a ON t (a);',
  '\\echo done',
  '-- migrate:down',
  'DROP TABLE t;',
].join('\n');

/** What gets typed or pasted: tokens that open and close strings, comments, bodies, data blocks, conditionals. */
const TYPED = [
  ';', '\n', ' ', 'x', "'", '"', '$$', '$body$', '--', '/*', '*/', '(', ')', 'SELECT 1;\n', 'BEGIN ATOMIC ', ' END;', "E'\\''", '\\;',
  'COPY t FROM stdin;\n3\tz\n\\.\n', 'COPY t FROM stdin;\n', '\\.\n', '\\if false\n', '\\endif\n', 'SET standard_conforming_strings = off;\n',
  '-- migrate:down\n', ':v', '\r\n',
];

function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  if (next() < 0.6) return text.slice(0, at) + TYPED[Math.floor(next() * TYPED.length)] + text.slice(at);
  return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 40));
}

/** The document as everything downstream reads it. */
function shape(doc: SqlDocument): unknown {
  return {
    segments: doc.segments,
    comments: doc.comments,
    statements: doc.statements.map((s) => [s.index, s.start, s.end, s.text, s.verbatim, s.parsedText, s.kind, s.syntaxError?.message, s.syntaxError?.offset, s.dependsOnPsqlVariables]),
  };
}

describe('parse: splitting and parsing again only around an edit', () => {
  before(async () => {
    await initParser();
  });
  after(() => clearParseCache());

  it('gives the document a fresh parse gives, over 600 random edits, and reuses the statements away from the edit', () => {
    const next = seededRandom(20261208);
    let text = BASE.repeat(6);
    let previous = parseDocument(text, 'file:///t.sql');
    let reused = 0;
    for (let i = 0; i < 600; i++) {
      // Every tenth, back to a clean text: runs of edits leave a quote open, and a split that must start over.
      text = i % 10 === 9 ? BASE.repeat(6) : edit(text, next);
      // With the parse cache emptied, a statement read again gets a parse of its own: one with the previous
      // document's parse was kept.
      clearParseCache();
      const incremental = parseDocument(text, 'file:///t.sql', previous);
      const before = new Set(previous.statements.map((s) => s.parseOutcome));
      if (incremental.statements.some((s) => before.has(s.parseOutcome))) reused++;
      assert.deepEqual(shape(incremental), shape(parseDocument(text, 'file:///t.sql')), `edit ${i + 1}: ${JSON.stringify(textChange(previous.text, text))}`);
      previous = incremental;
    }
    // The statements away from an edit keep their parse in most edits (not where the text carries state across
    // statements: an open quote, a psql \if).
    assert.ok(reused > 150, `statements reused in ${reused} of 600 edits`);
  });

  it('moves the statements after the edit, keeping their text and parse', () => {
    const text = 'SELECT 1;\nSELECT 2;\nSELECT 3;\nSELECT 4;\nSELECT 5;\nSELECT 6;\n';
    const previous = parseDocument(text, 'file:///t.sql');
    const edited = 'SELECT 1;\nSELECT 2;\nSELECT 33;\nSELECT 4;\nSELECT 5;\nSELECT 6;\n';
    clearParseCache();
    const doc = parseDocument(edited, 'file:///t.sql', previous);
    // The one just before is read again too: what ends a statement (a psql \g, a migrate:down marker) follows it.
    assert.equal(doc.statements[0].parseOutcome, previous.statements[0].parseOutcome, 'a statement before the edit keeps its parse');
    assert.notEqual(doc.statements[1].parseOutcome, previous.statements[1].parseOutcome, 'the one just before the edit is read again');
    assert.equal(doc.statements[5].start, previous.statements[5].start + 1);
    assert.equal(doc.statements[5].parseOutcome, previous.statements[5].parseOutcome, 'a statement after it keeps its parse');
    assert.equal(doc.statements[2].text, 'SELECT 33;');
    // Its text is this document's: a slice of an older text would keep that whole text alive.
    assert.equal(doc.statements[0].text, 'SELECT 1;');
  });

  it('returns the same document for the same text', () => {
    const previous = parseDocument('SELECT 1;', 'file:///t.sql');
    assert.equal(parseDocument('SELECT 1;', 'file:///t.sql', previous), previous);
  });

  it('finds the changed range', () => {
    assert.deepEqual(textChange('SELECT 1;', 'SELECT 12;'), { start: 8, oldEnd: 8, newEnd: 9 });
    assert.deepEqual(textChange('aaa', 'aa'), { start: 2, oldEnd: 3, newEnd: 2 });
    assert.equal(textChange('same', 'same'), undefined);
  });
});
