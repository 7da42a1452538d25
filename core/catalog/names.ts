/**
 * PostgreSQL's identifier rules: unquoted names fold to lower case (ASCII only, as in a UTF-8 database),
 * quoted names keep their spelling with `""` standing for `"`. The parser already folds the names it hands
 * us; these helpers serve text that comes from elsewhere (a hover word, a setting, a regclass literal).
 */
import * as libpg from 'libpg-query';

/** A schema-qualified object name; both parts are the stored (folded) spelling. */
export interface QualifiedName {
  readonly schema: string;
  readonly name: string;
}

/** A name as written: the schema is absent when the name is resolved through the search_path. */
export interface NameReference {
  readonly schema?: string;
  readonly name: string;
}

/** Folds an unquoted identifier the way PostgreSQL's scanner does (ASCII letters only). */
export function foldIdentifier(word: string): string {
  return word.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/**
 * Splits a possibly qualified, possibly quoted name (`Public."My Table"`) into its folded parts. Undefined
 * when the text is not a dotted list of identifiers.
 */
export function parseIdentifierPath(text: string): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  const n = text.length;
  const skipSpace = (): void => {
    while (i < n && /\s/.test(text[i])) i++;
  };
  skipSpace();
  for (;;) {
    if (i >= n) return undefined;
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= n) return undefined;
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      if (value === '') return undefined;
      parts.push(value);
    } else {
      const m = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(text.slice(i));
      if (!m) return undefined;
      parts.push(foldIdentifier(m[0]));
      i += m[0].length;
    }
    skipSpace();
    if (i >= n) return parts;
    if (text[i] !== '.') return undefined;
    i++;
    skipSpace();
  }
}

/** A reference from written text: `a.b` -> {schema a, name b}; `b` -> {name b}; more parts keep the last two. */
export function parseNameReference(text: string): NameReference | undefined {
  const parts = parseIdentifierPath(text);
  if (!parts || parts.length === 0) return undefined;
  if (parts.length === 1) return { name: parts[0] };
  return { schema: parts[parts.length - 2], name: parts[parts.length - 1] };
}

const quoteCache = new Map<string, string>();

/** libpg-query's keyword categories: 0 none, 1 unreserved (quote_ident leaves these bare). */
const UNRESERVED_KEYWORD = 1;

/**
 * Quotes an identifier exactly when quote_ident would: anything but lower-case letters, digits, `_` and `$`
 * (not leading), and keywords other than unreserved ones. Requires initParser() to have resolved.
 */
export function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_$]*$/.test(name)) return `"${name.replace(/"/g, '""')}"`;
  const cached = quoteCache.get(name);
  if (cached !== undefined) return cached;
  let kind = 0;
  try {
    const tokens = libpg.scanSync(name).tokens;
    if (tokens.length === 1) kind = tokens[0].keywordKind;
  } catch {
    kind = 0;
  }
  const out = kind === 0 || kind === UNRESERVED_KEYWORD ? name : `"${name}"`;
  if (quoteCache.size < 10_000) quoteCache.set(name, out);
  return out;
}

/** `schema.name` with each part quoted as needed: the display form of a qualified name. */
export function displayQualified(q: QualifiedName): string {
  return `${quoteIdentifier(q.schema)}.${quoteIdentifier(q.name)}`;
}

/** A map key for a qualified name that cannot collide (names may contain dots). */
export function qualifiedKey(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

/** The schemas an unqualified name is looked up in: pg_catalog first unless listed, then the search_path. */
export function effectiveSearchPath(searchPath: readonly string[]): string[] {
  return searchPath.includes('pg_catalog') ? [...searchPath] : ['pg_catalog', ...searchPath];
}

/** PostgreSQL's default search_path, `"$user", public`, with no role schemas: public. */
export const DEFAULT_SEARCH_PATH: readonly string[] = ['public'];

/**
 * Reads the value of `SET search_path` / set_config('search_path', ...): a comma-separated list of possibly
 * quoted names. `"$user"` is dropped (no role schemas in a workspace); an empty value is an empty path.
 */
export function parseSearchPathValue(value: string): string[] {
  const out: string[] = [];
  for (const raw of splitTopLevelCommas(value)) {
    const item = raw.trim();
    if (item === '' || item === "''") continue;
    const parts = parseIdentifierPath(item);
    const name = parts && parts.length === 1 ? parts[0] : item.replace(/^'|'$/g, '');
    if (name === '$user') continue;
    out.push(name);
  }
  return out;
}

function splitTopLevelCommas(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of value) {
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}
