/**
 * psql-style variables in a query (`:name`, `:'name'`, `:"name"`), as developers write them in SQL files, become
 * numbered parameters ($n, the same number for the same name) so EXPLAIN can take their values or make a generic
 * plan. Strings, quoted identifiers, comments, dollar quotes, casts (`::`) and array slices (`a[1:n]`) are left alone.
 */
export interface NamedParameters {
  /** The SQL with each variable replaced by its $n. */
  readonly sql: string;
  /** names[i] is the variable that became $(first + i). */
  readonly names: readonly string[];
  /** The number of the first named parameter (after any $n already in the text). */
  readonly first: number;
}

const IDENT = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y;

export function numberNamedParameters(sql: string): NamedParameters {
  let maxNumbered = 0;
  const found: { start: number; end: number; name: string }[] = [];
  let bracket = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < sql.length && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') (depth++, (i += 2));
        else if (sql[i] === '*' && sql[i + 1] === '/') (depth--, (i += 2));
        else i++;
      }
    } else if (c === "'" || c === '"') {
      const backslash = c === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? '');
      i++;
      while (i < sql.length) {
        if (backslash && sql[i] === '\\') i += 2;
        else if (sql[i] === c && sql[i + 1] === c) i += 2;
        else if (sql[i] === c) {
          i++;
          break;
        } else i++;
      }
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      const num = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      if (num) {
        maxNumbered = Math.max(maxNumbered, Number(num[1]));
        i += num[0].length;
      } else if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? sql.length : close + tag[0].length;
      } else i++;
    } else if (c === '[') (bracket++, i++);
    else if (c === ']') (bracket = Math.max(0, bracket - 1), i++);
    else if (c === ':' && next === ':') i += 2;
    else if (c === ':' && bracket === 0 && sql[i - 1] !== ':') {
      let name: string | undefined;
      let end = i + 1;
      if ((next === "'" || next === '"') && sql.indexOf(next, i + 2) > i + 2) {
        const close = sql.indexOf(next, i + 2);
        const inner = sql.slice(i + 2, close);
        if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner)) {
          name = inner;
          end = close + 1;
        }
      } else {
        IDENT.lastIndex = i + 1;
        const m = IDENT.exec(sql);
        if (m) {
          name = m[0];
          end = i + 1 + m[0].length;
        }
      }
      if (name) found.push({ start: i, end, name });
      i = end;
    } else i++;
  }
  if (found.length === 0) return { sql, names: [], first: maxNumbered + 1 };
  const first = maxNumbered + 1;
  const names: string[] = [];
  let out = '';
  let last = 0;
  for (const f of found) {
    let index = names.indexOf(f.name);
    if (index < 0) index = names.push(f.name) - 1;
    out += `${sql.slice(last, f.start)}$${first + index}`;
    last = f.end;
  }
  return { sql: out + sql.slice(last), names, first };
}
