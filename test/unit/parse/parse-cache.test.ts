// A document with more statements than the parse cache holds is not parsed again on the next keystroke: outcomes
// the cache's limit pushed out are found again while the previous parse of the document still holds them.
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../core/parse/document';
import { clearParseCache, parseCacheSize, setParseCacheLimit } from '../../../core/parse/parser';
import { mixedScript } from '../../helpers/large-sql';

describe('parse cache', () => {
  afterEach(() => {
    setParseCacheLimit(50_000);
    clearParseCache();
  });

  it('reuses every statement of a document larger than its limit while the previous parse is held', () => {
    setParseCacheLimit(200);
    clearParseCache();
    const text = mixedScript(2_000);
    const before = parseDocument(text);
    assert.ok(new Set(before.statements.map((s) => s.text)).size > 1_500);
    const edited = parseDocument(`SELECT 1;\n${text}`);
    const reused = edited.statements.slice(1).filter((s, i) => s.parseOutcome === before.statements[i].parseOutcome).length;
    assert.equal(reused, before.statements.length);
    // The limit still bounds what the cache itself keeps.
    assert.ok(parseCacheSize() <= 200, `${parseCacheSize()} cached`);
  });
});
