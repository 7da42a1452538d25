/**
 * Completion from the catalog: what may be typed at an offset of a document. The position is read from
 * PostgreSQL's own tokens before the cursor (keywords at a statement start, relations after FROM / JOIN /
 * INTO / UPDATE, types after `::` and in column definitions, columns elsewhere in queries); the tables in
 * scope come from the parser where the statement parses with a placeholder at the cursor, else from a
 * tolerant reading of the tokens (the user is mid-typing).
 */
import type { FunctionInfo, Relation } from '../catalog/model';
import { functionSignature } from '../catalog/model';
import { foldIdentifier, parseNameReference, quoteIdentifier } from '../catalog/names';
import { parseDocument, type SqlDocument } from '../parse/document';
import { scanText, type ScanToken } from '../parse/parser';
import type { OffsetRange } from '../parse/positions';
import { BUILTIN_FUNCTIONS, BUILTIN_TYPE_NAMES, CLAUSE_KEYWORDS, EXPRESSION_KEYWORDS, STATEMENT_KEYWORDS } from './builtins';
import type { SchemaLookup } from './lookup';
import { relationColumns, resolveStatement, type OutputColumn, type ScopeItem } from './resolve';
import { statementSearchPaths } from './search-path';

export type CompletionKind = 'keyword' | 'schema' | 'table' | 'view' | 'column' | 'function' | 'type' | 'cte' | 'alias' | 'enum-label';

export interface CompletionCandidate {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  readonly documentation?: string;
  /** Text to insert when it differs from the label (quoted names). */
  readonly insertText?: string;
  /** Orders groups: columns before functions before keywords, ... */
  readonly sortText: string;
}

export interface CompletionResult {
  readonly items: readonly CompletionCandidate[];
  /** The word being completed (replaced by the chosen item). */
  readonly range: OffsetRange;
}

export type CompletionContextKind = 'statement-start' | 'relation' | 'type' | 'qualified' | 'expression' | 'insert-columns' | 'ddl-columns' | 'none';

const PLACEHOLDER = 'pga__cursor';
const IDENT_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const RELATION_KEYWORDS: ReadonlySet<string> = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'REFERENCES', 'TRUNCATE', 'ONLY', 'LOCK']);
const CLAUSE_STARTS: ReadonlySet<string> = new Set(['SELECT', 'FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'SET', 'VALUES', 'RETURNING', 'ON', 'USING', 'JOIN', 'INTO', 'UPDATE', 'WINDOW']);
const QUERY_STARTS: ReadonlySet<string> = new Set(['SELECT', 'WITH', 'INSERT', 'UPDATE', 'DELETE', 'EXPLAIN', 'VALUES', 'TABLE']);

interface Located {
  /** Document offset where the statement text starts, and the text (to the statement's end). */
  readonly start: number;
  readonly text: string;
}

/** The statement the cursor is in (an unterminated last statement extends to the cursor). */
function statementAt(document: SqlDocument, offset: number): Located | undefined {
  let found: Located | undefined;
  for (const s of document.statements) {
    if (s.start > offset) break;
    const terminated = /;\s*$/.test(s.text);
    if (offset < s.end || (offset === s.end && !terminated)) return { start: s.start, text: s.text };
    if (!terminated && /^\s*$/.test(document.text.slice(s.end, offset))) found = { start: s.start, text: document.text.slice(s.start, Math.max(s.end, offset)) };
    else found = undefined;
  }
  return found;
}

/** The dotted name being typed before `at`: its qualifier parts and the partial last part. */
function wordBefore(text: string, at: number): { qualifier: string[]; partial: string; start: number } {
  let i = at;
  while (i > 0 && IDENT_CHAR.test(text[i - 1])) i--;
  const partial = text.slice(i, at);
  const start = i;
  const qualifier: string[] = [];
  while (i > 0 && text[i - 1] === '.') {
    let j = i - 1;
    if (text[j - 1] === '"') {
      const open = text.lastIndexOf('"', j - 2);
      if (open < 0) break;
      qualifier.unshift(text.slice(open + 1, j - 1).replace(/""/g, '"'));
      i = open;
      continue;
    }
    while (j > 0 && IDENT_CHAR.test(text[j - 1])) j--;
    if (j === i - 1) break;
    qualifier.unshift(foldIdentifier(text.slice(j, i - 1)));
    i = j;
  }
  return { qualifier, partial, start: qualifier.length > 0 ? i : start };
}

export function completeAt(document: SqlDocument, offset: number, lookup: SchemaLookup): CompletionResult {
  const empty: CompletionResult = { items: [], range: { start: offset, end: offset } };
  const located = statementAt(document, offset);
  const statementIndex = document.statements.findIndex((s) => s.start === located?.start);
  const path = statementSearchPaths(document, lookup.searchPath)[statementIndex] ?? lookup.searchPath;
  if (!located) {
    const word = wordBefore(document.text, offset);
    if (word.qualifier.length > 0 || /\S/.test(document.text.slice(word.start - 1, word.start).replace(/[;\s]/, ''))) return empty;
    return { items: keywords(STATEMENT_KEYWORDS), range: { start: offset - word.partial.length, end: offset } };
  }
  const local = offset - located.start;
  const word = wordBefore(located.text, local);
  let end = local;
  while (end < located.text.length && IDENT_CHAR.test(located.text[end])) end++;
  const range = { start: located.start + local - word.partial.length, end: located.start + end };
  const head = located.text.slice(0, word.start);
  const tokens = scanText(head);
  // Inside a string, a quoted name or a comment: nothing to offer, but enum labels in a comparison's string.
  if (head.trim() !== '' && tokens.length === 0) return enumLabels(located, local, lookup, path) ?? empty;
  const lastEnd = tokens.length > 0 ? tokens[tokens.length - 1].end : 0;
  if (/\S/.test(head.slice(lastEnd))) return empty;

  const context = contextOf(tokens, word.qualifier.length > 0);
  if (context === 'none') return { items: [], range };
  if (context === 'statement-start') return { items: keywords(STATEMENT_KEYWORDS), range };
  if (context === 'type') return { items: typeItems(lookup, path), range };

  const placeholderText = `${located.text.slice(0, local - word.partial.length)}${PLACEHOLDER}${located.text.slice(end)}`;
  const scope = scopeOf(placeholderText, lookup, path) ?? tokenScope(located.text, lookup, path);
  if (context === 'relation') return { items: relationItems(lookup, path, scope.ctes), range };
  if (context === 'qualified') return { items: qualifiedItems(word.qualifier, scope.items, lookup, path), range };
  if (context === 'insert-columns' || context === 'ddl-columns') {
    const table = targetTable(tokens, lookup, path);
    return { items: table ? columnItems([{ kind: 'relation', name: table.name, relation: table, columns: relationColumns(table), complete: true }]) : [], range };
  }
  const items = [
    ...columnItems(scope.visible ?? scope.items),
    ...aliasItems(scope.visible ?? scope.items),
    ...functionItems(lookup, path),
    ...keywords([...EXPRESSION_KEYWORDS, ...CLAUSE_KEYWORDS], '4'),
  ];
  return { items, range };
}

/** What the tokens before the word say about the position. */
export function contextOf(tokens: readonly ScanToken[], qualified: boolean): CompletionContextKind {
  if (qualified) {
    const prev = tokens[tokens.length - 1];
    return prev?.text === '::' ? 'type' : 'qualified';
  }
  if (tokens.length === 0) return 'statement-start';
  const prev = tokens[tokens.length - 1];
  const upper = prev.text.toUpperCase();
  const first = tokens[0].text.toUpperCase();
  if (prev.text === ';') return 'statement-start';
  if (prev.text === '::' || upper === 'TYPE' || upper === 'RETURNS' || (upper === 'AS' && castOpen(tokens))) return 'type';
  if (RELATION_KEYWORDS.has(upper) && !(upper === 'TABLE' && isCreate(tokens))) return 'relation';
  if (upper === 'ON' && first === 'CREATE' && tokens.some((t) => t.text.toUpperCase() === 'INDEX') && depth(tokens) === 0) return 'relation';
  if (upper === 'EXISTS' && tokens.length >= 3 && tokens[tokens.length - 3].text.toUpperCase() === 'IF' && tokens.some((t) => t.text.toUpperCase() === 'TABLE')) return first === 'CREATE' ? 'none' : 'relation';
  if (prev.text === ',' && clauseKeyword(tokens) === 'FROM') return 'relation';
  // CREATE TABLE t (name |: a column's type; ALTER TABLE t ADD [COLUMN] name |: the same.
  if (first === 'CREATE' && isCreate(tokens) && depth(tokens) === 1 && isName(prev)) {
    const before = tokens[tokens.length - 2];
    if (before && (before.text === '(' || before.text === ',')) return 'type';
  }
  if (first === 'ALTER' && isName(prev)) {
    const before = tokens[tokens.length - 2]?.text.toUpperCase();
    if (before === 'COLUMN' && tokens[tokens.length - 3]?.text.toUpperCase() === 'ADD') return 'type';
    if (before === 'ADD') return 'type';
    if (before === 'EXISTS' && tokens.slice(-5).some((t) => t.text.toUpperCase() === 'ADD')) return 'type';
  }
  if (first === 'CREATE' && isCreate(tokens) && depth(tokens) === 1 && (prev.text === '(' || prev.text === ',')) return 'none';
  if (first === 'INSERT' && depth(tokens) === 1 && (prev.text === '(' || prev.text === ',') && !tokens.some((t) => /^(VALUES|SELECT)$/i.test(t.text))) return 'insert-columns';
  if ((first === 'ALTER' || first === 'CREATE') && (upper === 'COLUMN' || ((prev.text === '(' || prev.text === ',') && depth(tokens) >= 1))) return 'ddl-columns';
  if (!QUERY_STARTS.has(first)) return first === 'ALTER' || first === 'CREATE' ? 'none' : 'expression';
  return 'expression';
}

function isName(t: ScanToken | undefined): boolean {
  return t !== undefined && (t.kind === 'IDENT' || (t.keyword && /^[A-Za-z_]/.test(t.text)));
}

function isCreate(tokens: readonly ScanToken[]): boolean {
  for (let i = 1; i < Math.min(tokens.length, 5); i++) if (tokens[i].text.toUpperCase() === 'TABLE') return true;
  return false;
}

function depth(tokens: readonly ScanToken[]): number {
  let d = 0;
  for (const t of tokens) {
    if (t.text === '(') d++;
    else if (t.text === ')') d--;
  }
  return d;
}

/** CAST(x AS |: the AS inside an open CAST parenthesis. */
function castOpen(tokens: readonly ScanToken[]): boolean {
  let d = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i].text === ')') d++;
    else if (tokens[i].text === '(') {
      if (d === 0) return tokens[i - 1]?.text.toUpperCase() === 'CAST';
      d--;
    }
  }
  return false;
}

/** The last clause keyword at the cursor's parenthesis depth. */
function clauseKeyword(tokens: readonly ScanToken[]): string | undefined {
  let d = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i].text;
    if (t === ')') d++;
    else if (t === '(') {
      if (d === 0) return undefined;
      d--;
    } else if (d === 0 && CLAUSE_STARTS.has(t.toUpperCase())) return t.toUpperCase();
  }
  return undefined;
}

/** The table named after INTO / TABLE / ON at the start of the statement (INSERT INTO t (|, ALTER TABLE t ... COLUMN |). */
function targetTable(tokens: readonly ScanToken[], lookup: SchemaLookup, path: readonly string[]): Relation | undefined {
  for (let i = 0; i < tokens.length - 1; i++) {
    const upper = tokens[i].text.toUpperCase();
    if (upper !== 'INTO' && upper !== 'TABLE' && upper !== 'ON' && upper !== 'EXISTS' && upper !== 'ONLY') continue;
    const name = readName(tokens, i + 1);
    if (!name) continue;
    const relation = lookup.relation(name.ref, path);
    if (relation) return relation;
  }
  return undefined;
}

interface TokenName {
  readonly ref: { readonly schema?: string; readonly name: string };
  readonly next: number;
}

function identValue(t: ScanToken | undefined): string | undefined {
  if (!t) return undefined;
  if (t.text.startsWith('"')) return t.text.slice(1, -1).replace(/""/g, '"');
  if (t.kind === 'IDENT' || t.keyword) return foldIdentifier(t.text);
  return undefined;
}

function readName(tokens: readonly ScanToken[], i: number): TokenName | undefined {
  const first = identValue(tokens[i]);
  if (first === undefined || (tokens[i].keyword && /^(SELECT|LATERAL|ONLY|WHERE|SET|VALUES)$/i.test(tokens[i].text))) return undefined;
  if (tokens[i + 1]?.text === '.' && identValue(tokens[i + 2]) !== undefined) return { ref: { schema: first, name: identValue(tokens[i + 2])! }, next: i + 3 };
  return { ref: { name: first }, next: i + 1 };
}

export interface CompletionScope {
  readonly items: readonly ScopeItem[];
  /** Items visible at the cursor (when the cursor's reference was found by the parser). */
  readonly visible?: readonly ScopeItem[];
  readonly ctes: readonly ScopeItem[];
}

/** The scope from the parser: the statement with a placeholder word at the cursor, when that parses. */
function scopeOf(text: string, lookup: SchemaLookup, path: readonly string[]): CompletionScope | undefined {
  const statement = parseDocument(text).statements.find((s) => s.ast !== undefined);
  if (!statement || statement.syntaxError) return undefined;
  const semantics = resolveStatement(statement, lookup, path);
  const at = semantics.columns.find((c) => c.name === PLACEHOLDER);
  return { items: semantics.items, ...(at ? { visible: at.visible } : {}), ctes: semantics.ctes };
}

/**
 * The scope from tokens alone: `FROM a [AS] x, b y JOIN c ON ...`, `UPDATE a x`, `INTO a`, `DELETE FROM a`, and
 * `WITH name [(cols)] AS (query)` with the query's columns when it parses.
 */
export function tokenScope(text: string, lookup: SchemaLookup, path: readonly string[]): CompletionScope {
  const tokens = scanText(text);
  const ctes = new Map<string, ScopeItem>();
  for (let i = 0; i < tokens.length; i++) {
    const upper = tokens[i].text.toUpperCase();
    if (upper !== 'WITH' && !(upper === ',' && ctes.size > 0)) continue;
    let j = i + 1;
    if (tokens[j]?.text.toUpperCase() === 'RECURSIVE') j++;
    const name = identValue(tokens[j]);
    if (name === undefined || tokens[j].keyword) continue;
    j++;
    const aliasNames: string[] = [];
    if (tokens[j]?.text === '(') {
      j++;
      while (j < tokens.length && tokens[j].text !== ')') {
        const v = identValue(tokens[j]);
        if (v !== undefined) aliasNames.push(v);
        j++;
      }
      j++;
    }
    if (tokens[j]?.text.toUpperCase() !== 'AS') continue;
    j++;
    while (tokens[j] && /^(NOT|MATERIALIZED)$/i.test(tokens[j].text)) j++;
    if (tokens[j]?.text !== '(') continue;
    const open = j;
    let d = 0;
    for (; j < tokens.length; j++) {
      if (tokens[j].text === '(') d++;
      else if (tokens[j].text === ')' && --d === 0) break;
    }
    const bodyEnd = j < tokens.length ? tokens[j].start : text.length;
    const body = text.slice(tokens[open].end, bodyEnd);
    let columns: readonly OutputColumn[] = aliasNames.map((n) => ({ name: n }));
    if (aliasNames.length === 0) {
      const statement = parseDocument(body).statements[0];
      const outputs = statement && !statement.syntaxError ? resolveStatement(statement, lookup, path).outputs : undefined;
      if (outputs) columns = outputs;
    }
    ctes.set(name, { kind: 'cte', name, columns, complete: false });
    i = j;
  }
  const items: ScopeItem[] = [];
  let inFrom = false;
  let d = 0;
  let fromDepth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const upper = t.text.toUpperCase();
    if (t.text === '(') d++;
    else if (t.text === ')') d--;
    const startsList = upper === 'FROM' || upper === 'JOIN' || upper === 'UPDATE' || upper === 'INTO' || upper === 'USING';
    const continuesList = inFrom && t.text === ',' && d === fromDepth;
    if (!startsList && !continuesList) {
      if (t.keyword && CLAUSE_STARTS.has(upper) && upper !== 'ON') inFrom = false;
      continue;
    }
    if (startsList) {
      inFrom = upper === 'FROM' || upper === 'USING';
      fromDepth = d;
    }
    let j = i + 1;
    if (tokens[j]?.text.toUpperCase() === 'ONLY') j++;
    const name = readName(tokens, j);
    if (!name) continue;
    j = name.next;
    if (tokens[j]?.text.toUpperCase() === 'AS') j++;
    const alias = tokens[j] && !tokens[j].keyword ? identValue(tokens[j]) : undefined;
    const cte = name.ref.schema === undefined ? ctes.get(name.ref.name) : undefined;
    const itemName = alias ?? name.ref.name;
    if (cte) items.push({ ...cte, name: itemName });
    else {
      const relation = lookup.relation(name.ref, path);
      items.push(relation
        ? { kind: 'relation', name: itemName, relation, columns: relationColumns(relation), complete: true }
        : { kind: 'relation', name: itemName, columns: [], complete: false });
    }
  }
  return { items, ctes: [...ctes.values()] };
}

function keywords(words: readonly string[], sort = '0'): CompletionCandidate[] {
  return words.map((w) => ({ label: w, kind: 'keyword', sortText: `${sort}${w}` }));
}

function insertName(name: string): { insertText?: string } {
  const quoted = quoteIdentifier(name);
  return quoted === name ? {} : { insertText: quoted };
}

/** Columns of the items, each name once (the innermost item's). */
function columnItems(items: readonly ScopeItem[]): CompletionCandidate[] {
  const out: CompletionCandidate[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    for (const c of item.columns) {
      if (seen.has(c.name)) continue;
      seen.add(c.name);
      out.push({
        label: c.name,
        kind: 'column',
        detail: `${c.type ? `${c.type} — ` : ''}${item.name || item.kind}`,
        ...(c.column ? { documentation: columnSummary(c) } : {}),
        ...insertName(c.name),
        sortText: `1${c.name}`,
      });
    }
  }
  return out;
}

function columnSummary(c: OutputColumn): string {
  const col = c.column;
  if (!col) return '';
  const parts = [`${col.name} ${col.type}${col.notNull ? ' NOT NULL' : ''}`];
  if (col.default) parts.push(`DEFAULT ${col.default.text}`);
  if (c.relation) parts.push(`in ${c.relation.schema}.${c.relation.name}`);
  return parts.join(' ');
}

function aliasItems(items: readonly ScopeItem[]): CompletionCandidate[] {
  const seen = new Set<string>();
  const out: CompletionCandidate[] = [];
  for (const item of items) {
    if (!item.name || seen.has(item.name) || item.kind === 'pseudo') continue;
    seen.add(item.name);
    const detail = item.relation ? `${item.relation.schema}.${item.relation.name}` : item.kind;
    out.push({ label: item.name, kind: 'alias', detail, ...insertName(item.name), sortText: `2${item.name}` });
  }
  return out;
}

function relationKind(r: Relation): CompletionKind {
  return r.kind === 'view' || r.kind === 'materialized-view' ? 'view' : 'table';
}

function relationItem(r: Relation, label: string, sort: string): CompletionCandidate {
  const columns = r.columns.map((c) => c.name);
  return {
    label,
    kind: relationKind(r),
    detail: `${r.kind.replace('-', ' ')} ${r.schema}.${r.name} (${columns.length} column${columns.length === 1 ? '' : 's'})`,
    documentation: columns.slice(0, 12).join(', ') + (columns.length > 12 ? ', …' : ''),
    ...(label === r.name ? insertName(r.name) : {}),
    sortText: `${sort}${label}`,
  };
}

function relationItems(lookup: SchemaLookup, path: readonly string[], ctes: readonly ScopeItem[]): CompletionCandidate[] {
  const out: CompletionCandidate[] = ctes.map((c) => ({ label: c.name, kind: 'cte', detail: 'common table expression', sortText: `0${c.name}` }));
  for (const r of lookup.visibleRelations(path)) out.push(relationItem(r, r.name, '1'));
  const primary = lookup.primary;
  const visible = new Set(lookup.lookupPath(path));
  for (const s of primary?.schemas() ?? []) {
    if (s.name === 'pg_temp') continue;
    out.push({ label: s.name, kind: 'schema', detail: visible.has(s.name) ? 'schema (on the search_path)' : 'schema', ...insertName(s.name), sortText: `2${s.name}` });
  }
  return out;
}

function qualifiedItems(qualifier: readonly string[], items: readonly ScopeItem[], lookup: SchemaLookup, path: readonly string[]): CompletionCandidate[] {
  const last = qualifier[qualifier.length - 1];
  if (qualifier.length === 1) {
    const item = items.find((i) => i.name === last);
    if (item) return columnItems([item]);
  }
  const schema = qualifier.length === 1 ? last : undefined;
  if (schema !== undefined && (lookup.primary?.schema(schema) || lookup.relationsIn(schema).length > 0)) {
    const out = lookup.relationsIn(schema).map((r) => relationItem(r, r.name, '1'));
    for (const f of lookup.primary?.functions() ?? []) if (f.schema === schema) out.push(functionItem(f));
    return out;
  }
  const relation = lookup.relation(qualifier.length === 2 ? { schema: qualifier[0], name: last } : { name: last }, path);
  return relation ? columnItems([{ kind: 'relation', name: relation.name, relation, columns: relationColumns(relation), complete: true }]) : [];
}

function functionItem(f: FunctionInfo): CompletionCandidate {
  const args = f.arguments
    .filter((a) => a.mode !== 'out' && a.mode !== 'table')
    .map((a) => `${a.mode === 'variadic' ? 'VARIADIC ' : a.mode === 'inout' ? 'INOUT ' : ''}${a.name ? `${a.name} ` : ''}${a.type}${a.hasDefault ? ' = …' : ''}`);
  const signature = `${f.name}(${args.join(', ')})${f.returnType ? ` → ${f.returnType}` : ''}`;
  return { label: f.name, kind: 'function', detail: signature, documentation: `${f.kind} ${functionSignature(f)} (${f.language}, ${f.volatility})`, sortText: `3${f.name}` };
}

function functionItems(lookup: SchemaLookup, path: readonly string[]): CompletionCandidate[] {
  const visible = new Set(lookup.lookupPath(path));
  const out: CompletionCandidate[] = [];
  for (const f of lookup.primary?.functions() ?? []) if (visible.has(f.schema) && f.kind !== 'procedure') out.push(functionItem(f));
  for (const f of BUILTIN_FUNCTIONS) out.push({ label: f.name, kind: 'function', detail: `${f.signature} → ${f.returns}`, sortText: `3${f.name}` });
  return out;
}

function typeItems(lookup: SchemaLookup, path: readonly string[]): CompletionCandidate[] {
  const visible = new Set(lookup.lookupPath(path));
  const out: CompletionCandidate[] = BUILTIN_TYPE_NAMES.map((t) => ({ label: t, kind: 'type', detail: 'pg_catalog', sortText: `1${t}` }));
  for (const t of lookup.primary?.types() ?? []) {
    const label = visible.has(t.schema) ? t.name : `${t.schema}.${t.name}`;
    const detail = t.kind === 'enum' ? `enum (${t.labels.join(', ')})` : t.kind === 'domain' ? `domain over ${t.baseType}` : t.kind;
    out.push({ label, kind: 'type', detail, sortText: `0${label}` });
  }
  return out;
}

/**
 * `col = '|`, `col <> 'x|`, `col IN ('a', '|`: the labels of the column's enum type, when the cursor is in an
 * unterminated string literal compared with a column of an enum type.
 */
function enumLabels(located: Located, local: number, lookup: SchemaLookup, path: readonly string[]): CompletionResult | undefined {
  const before = located.text.slice(0, local);
  const quote = before.lastIndexOf("'");
  if (quote < 0) return undefined;
  const tokens = scanText(before.slice(0, quote));
  if (before.slice(0, quote).trim() !== '' && tokens.length === 0) return undefined;
  let i = tokens.length - 1;
  // Skip `IN (` and labels already listed.
  while (i >= 0 && (tokens[i].text === ',' || tokens[i].kind === 'SCONST')) i--;
  if (tokens[i]?.text === '(' && tokens[i - 1]?.text.toUpperCase() === 'IN') i -= 2;
  else if (!/^(=|<>|!=)$/.test(tokens[i]?.text ?? '')) return undefined;
  else i--;
  const name = identValue(tokens[i]);
  if (name === undefined) return undefined;
  const qualifier = tokens[i - 1]?.text === '.' ? identValue(tokens[i - 2]) : undefined;
  const items = tokenScope(located.text.slice(0, quote), lookup, path).items;
  const candidates = qualifier !== undefined ? items.filter((it) => it.name === qualifier) : items;
  const column = candidates.flatMap((it) => it.columns).find((c) => c.name === name);
  const ref = column?.type ? parseNameReference(column.type.replace(/\[\]$/, '')) : undefined;
  const type = ref ? lookup.type(ref, path) : undefined;
  if (!type || type.kind !== 'enum') return undefined;
  const range = { start: located.start + quote + 1, end: located.start + local };
  return { items: type.labels.map((label) => ({ label, kind: 'enum-label' as const, detail: `${type.schema}.${type.name}`, insertText: label.replace(/'/g, "''"), sortText: `0${label}` })), range };
}
