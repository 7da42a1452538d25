/**
 * Schema-aware editor features over core/semantics: completion, identifier hover, go to definition, document
 * symbols and folding ranges. Only conversions between core's offsets and kinds and LSP's live here.
 */
import {
  CompletionItemKind,
  FoldingRangeKind,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type FoldingRange,
  type Location,
  type Position,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SourceLocation } from '../core/catalog/model';
import type { SqlDocument } from '../core/parse/document';
import { LineIndex } from '../core/parse/positions';
import { completeAt, type CompletionKind } from '../core/semantics/completion';
import { describeColumn, describeCte, describeRelation } from '../core/semantics/describe';
import { identifierAt } from '../core/semantics/identifier';
import type { SchemaLookup } from '../core/semantics/lookup';
import { documentOutline, foldingRanges as coreFoldingRanges, type OutlineKind, type OutlineSymbol } from '../core/semantics/outline';
import { toRange } from './diagnostics';
import { RESPONSE_LIMITS, type ResponseLimits } from './response-limits';

const COMPLETION_KINDS: Readonly<Record<CompletionKind, CompletionItemKind>> = {
  keyword: CompletionItemKind.Keyword,
  schema: CompletionItemKind.Module,
  table: CompletionItemKind.Class,
  view: CompletionItemKind.Interface,
  column: CompletionItemKind.Field,
  function: CompletionItemKind.Function,
  type: CompletionItemKind.TypeParameter,
  cte: CompletionItemKind.Struct,
  alias: CompletionItemKind.Variable,
  'enum-label': CompletionItemKind.EnumMember,
};

/** `document` and `sql` must be the same text. */
export function completion(document: TextDocument, sql: SqlDocument, lookup: SchemaLookup, position: Position, limits: ResponseLimits): CompletionList {
  const offset = document.offsetAt(position);
  const result = completeAt(sql, offset, lookup);
  const range = toRange(document, result.range);
  // Cut to the first items (in core's order, best first); the client asks again as the user types.
  const offered = limits.cap('completionItems', result.items, 'completion items');
  const items: CompletionItem[] = offered.map((c) => ({
    label: c.label,
    kind: COMPLETION_KINDS[c.kind],
    ...(c.detail ? { detail: c.detail } : {}),
    ...(c.documentation ? { documentation: { kind: MarkupKind.PlainText, value: c.documentation } } : {}),
    sortText: c.sortText,
    filterText: c.label,
    insertTextFormat: InsertTextFormat.PlainText,
    textEdit: { range, newText: c.insertText ?? c.label },
  }));
  return { isIncomplete: offered.length < result.items.length, items };
}

/** Markdown for the schema object under the cursor, and its range, if there is one. */
export function identifierHover(document: TextDocument, sql: SqlDocument, lookup: SchemaLookup, position: Position): { markdown: string; range: ReturnType<typeof toRange> } | undefined {
  const target = identifierAt(sql, document.offsetAt(position), lookup);
  if (!target) return undefined;
  const catalog = lookup.primary;
  const database = target.kind !== 'cte' && lookup.fromDatabase(target.relation) ? lookup.database?.name : undefined;
  const markdown =
    target.kind === 'relation'
      ? describeRelation(target.relation, catalog, database)
      : target.kind === 'column'
        ? describeColumn(target.relation, target.column, catalog, database)
        : describeCte(target.item);
  return { markdown, range: toRange(document, target.range) };
}

/** Where the table or column under the cursor is defined in the workspace. */
export function definition(document: TextDocument, sql: SqlDocument, lookup: SchemaLookup, position: Position, textOf: (uri: string) => string | undefined): Location[] {
  const target = identifierAt(sql, document.offsetAt(position), lookup);
  if (!target || target.kind === 'cte') return [];
  const location = target.kind === 'column' ? (target.column.location ?? target.relation.location) : target.relation.location;
  const converted = location && toLocation(location, document, textOf);
  return converted ? [converted] : [];
}

function toLocation(location: SourceLocation, current: TextDocument, textOf: (uri: string) => string | undefined): Location | undefined {
  if (location.file === current.uri) return { uri: current.uri, range: toRange(current, location.range) };
  const text = textOf(location.file);
  if (text === undefined) return undefined;
  const lines = new LineIndex(text);
  return { uri: location.file, range: { start: lines.positionAt(location.range.start), end: lines.positionAt(location.range.end) } };
}

const SYMBOL_KINDS: Readonly<Record<OutlineKind, SymbolKind>> = {
  table: SymbolKind.Class,
  view: SymbolKind.Interface,
  'materialized-view': SymbolKind.Interface,
  function: SymbolKind.Function,
  procedure: SymbolKind.Method,
  index: SymbolKind.Key,
  type: SymbolKind.TypeParameter,
  sequence: SymbolKind.Number,
  schema: SymbolKind.Namespace,
  column: SymbolKind.Field,
  trigger: SymbolKind.Event,
};

/** The outline, in document order, up to RESPONSE_LIMITS.documentSymbols symbols (children included). */
export function documentSymbols(document: TextDocument, sql: SqlDocument, limits: ResponseLimits): DocumentSymbol[] {
  let budget = RESPONSE_LIMITS.documentSymbols;
  let total = 0;
  const convert = (list: readonly OutlineSymbol[]): DocumentSymbol[] => {
    const out: DocumentSymbol[] = [];
    for (const s of list) {
      total += 1;
      if (budget <= 0) {
        total += countSymbols(s.children);
        continue;
      }
      budget--;
      out.push({
        name: s.name || '(unnamed)',
        kind: SYMBOL_KINDS[s.kind],
        ...(s.detail ? { detail: s.detail } : {}),
        range: toRange(document, s.range),
        selectionRange: toRange(document, s.selectionRange.start >= s.range.start && s.selectionRange.end <= s.range.end ? s.selectionRange : s.range),
        children: convert(s.children),
      });
    }
    return out;
  };
  const symbols = convert(documentOutline(sql));
  if (budget <= 0 && total > RESPONSE_LIMITS.documentSymbols) limits.cut('documentSymbols', total, 'document symbols');
  return symbols;
}

function countSymbols(list: readonly OutlineSymbol[]): number {
  let n = list.length;
  for (const s of list) n += countSymbols(s.children);
  return n;
}

export function foldingRanges(sql: SqlDocument): FoldingRange[] {
  return coreFoldingRanges(sql).map((r) => ({ startLine: r.startLine, endLine: r.endLine, ...(r.kind ? { kind: FoldingRangeKind.Comment } : {}) }));
}
