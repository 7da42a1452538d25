// Tokenizes text with the real grammar file, through the same engines VS Code uses (vscode-textmate, Oniguruma).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';
import { createOnigScanner, createOnigString, loadWASM } from 'vscode-oniguruma';

const root = join(__dirname, '..', '..', '..');
export const GRAMMAR_PATH = join(root, 'syntaxes', 'postgres.tmLanguage.json');

export interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
  readonly line: number;
}

let grammar: Promise<IGrammar> | undefined;

export function loadGrammar(): Promise<IGrammar> {
  grammar ??= (async () => {
    await loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
    const registry = new Registry({
      onigLib: Promise.resolve({ createOnigScanner, createOnigString }),
      loadGrammar: async (scopeName) => (scopeName === 'source.pgsql' ? parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null),
    });
    const g = await registry.loadGrammar('source.pgsql');
    if (!g) throw new Error('grammar source.pgsql did not load');
    return g;
  })();
  return grammar;
}

/** Every token of `text`, line by line, carrying the rule stack across lines as VS Code does. */
export async function tokenize(text: string): Promise<Token[]> {
  const g = await loadGrammar();
  const out: Token[] = [];
  let stack = INITIAL;
  text.split('\n').forEach((line, n) => {
    const r = g.tokenizeLine(line, stack);
    for (const t of r.tokens) out.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes, line: n });
    stack = r.ruleStack;
  });
  return out;
}

/** The scopes of the first token whose text is `text` (after `skip` earlier ones); fails when there is none. */
export function scopesOf(tokens: readonly Token[], text: string, skip = 0): readonly string[] {
  const found = tokens.filter((t) => t.text === text)[skip];
  if (!found) throw new Error(`no token "${text}" (#${skip}) in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return found.scopes;
}

/** True when one of the scopes is `scope` or starts with `scope.`. */
export function hasScope(scopes: readonly string[], scope: string): boolean {
  return scopes.some((s) => s === scope || s.startsWith(`${scope}.`));
}
