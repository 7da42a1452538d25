import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { hasScope, tokenize } from './tokenize';

describe('grammar: PostgreSQL keywords', () => {
  it('is the file scripts/gen-grammar.mjs writes', async () => {
    const { buildGrammar, GRAMMAR_FILE } = await import('../../../scripts/gen-grammar.mjs');
    const expected = `${JSON.stringify(await buildGrammar(), null, 2)}\n`;
    assert.ok(readFileSync(GRAMMAR_FILE, 'utf8') === expected, 'syntaxes/postgres.tmLanguage.json is stale: run node scripts/gen-grammar.mjs');
  });

  it("scopes every keyword of the parser's PostgreSQL version", async () => {
    const { postgresKeywords } = await import('../../../scripts/pg-keywords.mjs');
    const keywords = await postgresKeywords();
    assert.ok(keywords.length > 450, `only ${keywords.length} keywords read from libpg-query`);
    for (const kind of ['RESERVED_KEYWORD', 'UNRESERVED_KEYWORD', 'COL_NAME_KEYWORD', 'TYPE_FUNC_NAME_KEYWORD']) {
      assert.ok(keywords.some((k) => k.kind === kind), `no ${kind}`);
    }
    const unscoped: string[] = [];
    for (const { word } of keywords) {
      for (const text of [word, word.toUpperCase()]) {
        const tokens = await tokenize(text);
        const token = tokens.find((t) => t.text === text);
        const scoped = token && ['keyword', 'storage.type', 'constant.language'].some((s) => hasScope(token.scopes, s));
        if (!scoped) unscoped.push(text);
      }
    }
    assert.deepEqual(unscoped, []);
  });
});
