/**
 * Semantic tokens over core/semantics/semantic-tokens, in standard LSP token types that VS Code themes colour:
 *
 *   table -> class          view -> interface        CTE -> struct          column -> property
 *   function -> function    type -> type             enum type -> enum      schema -> namespace
 *   PL/pgSQL parameter -> parameter                  PL/pgSQL variable -> variable
 *
 * Modifiers: `declaration` where the name is defined (CREATE TABLE's name, a column definition, a parameter,
 * a DECLARE), `defaultLibrary` for PostgreSQL's own (built-in functions, FOUND / NEW / TG_OP). Keywords,
 * literals, comments and built-in type names are left to the TextMate grammar.
 */
import { SemanticTokensBuilder, type Range, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SqlDocument } from '../core/parse/document';
import type { SchemaLookup } from '../core/semantics/lookup';
import { semanticTokens as coreSemanticTokens, type SemanticKind } from '../core/semantics/semantic-tokens';
import type { ResponseLimits } from './response-limits';

const TOKEN_TYPES: Readonly<Record<SemanticKind, string>> = {
  table: 'class',
  view: 'interface',
  cte: 'struct',
  column: 'property',
  function: 'function',
  type: 'type',
  enum: 'enum',
  schema: 'namespace',
  parameter: 'parameter',
  variable: 'variable',
};
const TYPE_NAMES: readonly string[] = [...new Set(Object.values(TOKEN_TYPES))];
const MODIFIERS = ['declaration', 'defaultLibrary'] as const;

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPE_NAMES], tokenModifiers: [...MODIFIERS] };

const TYPE_INDEX: Readonly<Record<SemanticKind, number>> = Object.fromEntries(
  Object.entries(TOKEN_TYPES).map(([kind, type]) => [kind, TYPE_NAMES.indexOf(type)]),
) as Record<SemanticKind, number>;

/**
 * The document's tokens, or those of the statements in `range`, the first RESPONSE_LIMITS.semanticTokens of them.
 * `document` and `sql` must be the same text.
 */
export function semanticTokens(document: TextDocument, sql: SqlDocument, lookup: SchemaLookup, limits: ResponseLimits, range?: Range): SemanticTokens {
  const offsets = range ? { start: document.offsetAt(range.start), end: document.offsetAt(range.end) } : undefined;
  const builder = new SemanticTokensBuilder();
  const tokens = limits.cap('semanticTokens', coreSemanticTokens(sql, lookup, offsets ? { range: offsets } : {}), 'semantic tokens');
  for (const t of tokens) {
    const start = document.positionAt(t.start);
    const end = document.positionAt(t.end);
    // A token may not span lines (a quoted name with a line break in it): such a name stays uncoloured.
    if (start.line !== end.line) continue;
    const modifiers = (t.declaration ? 1 : 0) | (t.builtin ? 2 : 0);
    builder.push(start.line, start.character, end.character - start.character, TYPE_INDEX[t.kind], modifiers);
  }
  return builder.build();
}
