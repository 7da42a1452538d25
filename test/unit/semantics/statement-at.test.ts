// statementContaining finds the statement holding an offset by binary search: the same statement a scan of every
// statement finds, at each statement's edges and at random offsets of a generated 2,000-statement file with
// empty statements, comments, psql meta-commands, COPY data and an unterminated last statement.
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../core/parse/document';
import { statementContaining } from '../../../core/semantics/statement-at';
import { Random } from '../../fuzz/mutate';
import { mixedScript } from '../../helpers/large-sql';

describe('statement at an offset', () => {
  it('is the statement a scan finds, on a generated 2,000-statement file', () => {
    const rnd = new Random(9);
    const extras = [';;', '-- a comment\n', '\\set ON_ERROR_STOP on\n', 'COPY t0 (id) FROM stdin;\n1\n2\n\\.\n', '/* block */ ;', '\n\n'];
    const parts = parseDocument(mixedScript(2_000)).statements.map((s) => (rnd.int(4) === 0 ? `${s.text}\n${rnd.pick(extras)}` : s.text));
    const text = `${parts.join('\n')}\nSELECT 1`;
    const document = parseDocument(text);
    assert.ok(document.statements.length >= 2_000);
    const scan = (offset: number) => document.statements.find((s) => offset >= s.start && offset < s.end);
    const offsets = [-1, 0, text.length, text.length + 1];
    for (const s of document.statements) offsets.push(s.start - 1, s.start, s.end - 1, s.end);
    for (let i = 0; i < 5_000; i++) offsets.push(rnd.int(text.length));
    for (const offset of offsets) assert.equal(statementContaining(document, offset), scan(offset), `at ${offset}`);
  });
});
