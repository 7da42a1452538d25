// PostgreSQL's keyword list, read from the parser we ship (libpg-query) so the grammar follows its version.
// libpg-query exposes no keyword list, but its WASM holds PostgreSQL's ScanKeywords string table (kwlist_d.h:
// "abort\0absent\0absolute\0..."). We read that table, then let the real scanner classify every word, which
// also proves each one is a keyword.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** @returns {Promise<{ word: string, kind: string }[]>} every keyword, lower case, with its grammar category. */
export async function postgresKeywords() {
  const libpgQuery = require('libpg-query');
  const wasm = readFileSync(require.resolve('libpg-query/wasm/libpg-query.wasm')).toString('latin1');
  const start = wasm.indexOf('abort\0absent\0');
  if (start < 0) throw new Error('keyword table not found in libpg-query.wasm');
  const words = [];
  for (let i = start; ; ) {
    const end = wasm.indexOf('\0', i);
    const word = wasm.slice(i, end);
    if (!/^[a-z_]+$/.test(word)) break;
    words.push(word);
    i = end + 1;
  }
  await libpgQuery.loadModule();
  const tokens = libpgQuery.scanSync(words.join(' ')).tokens;
  if (tokens.length !== words.length) throw new Error(`keyword table: ${words.length} words but ${tokens.length} tokens`);
  return tokens.map((t, i) => {
    if (t.keywordKind === 0) throw new Error(`"${words[i]}" from the keyword table is not a keyword`);
    return { word: words[i], kind: t.keywordName };
  });
}
