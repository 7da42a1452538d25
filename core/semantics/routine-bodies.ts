/**
 * The SQL a statement holds besides its own text: the statements of a PL/pgSQL body (CREATE FUNCTION,
 * DO), with positions mapped into the body by core/parse/plpgsql, and the statements of a dollar-quoted
 * LANGUAGE sql body (the body text is the SQL, so positions are the body's offset plus the SQL's).
 * Single-quoted SQL bodies are left out: their quotes are doubled, so positions would need a decoding map.
 * Names built at run time (EXECUTE of a string, format()) are strings and never read.
 */
import type { Node } from '@pgsql/types';
import { asNode } from '../parse/ast';
import { parseDocument, type Statement, type StatementView } from '../parse/document';
import { analyzePlpgsql } from '../parse/plpgsql';
import type { OffsetRange } from '../parse/positions';
import type { BodyQuoting } from './occurrence-collector';
import { searchPathSet } from './search-path';

/** A statement to read names from, where its offsets are `shift` characters before the document's. */
export interface StatementPart {
  readonly view: StatementView;
  readonly searchPath: readonly string[];
  readonly shift: number;
  readonly body?: BodyQuoting;
}

/**
 * What a statement holds: itself, then its routine body's statements (`bodies` gets the body ranges).
 * A body runs with the routine's own `SET search_path`, else with the caller's: the path in force where the
 * routine is created, then the file's initial one (pg_dump creates routines under an empty path).
 */
export function statementParts(statement: Statement, searchPath: readonly string[], initialPath: readonly string[], documentText: string, bodies?: OffsetRange[]): StatementPart[] {
  const parts: StatementPart[] = [{ view: statement, searchPath, shift: 0 }];
  const ast = statement.ast;
  if (!ast || (!asNode(ast, 'CreateFunctionStmt') && !asNode(ast, 'DoStmt'))) return parts;
  const path = routineSearchPath(ast) ?? [...new Set([...searchPath, ...initialPath])];
  const plpgsql = analyzePlpgsql(statement);
  if (plpgsql) {
    bodies?.push(plpgsql.body);
    const body = quotingBefore(documentText, plpgsql.body.start);
    for (const e of plpgsql.statements) if (e.ast) parts.push({ view: e, searchPath: path, shift: 0, body });
    return parts;
  }
  const sql = sqlBody(statement);
  if (!sql) return parts;
  bodies?.push(sql);
  const inner = parseDocument(documentText.slice(sql.start, sql.end));
  for (const s of inner.statements) if (s.ast) parts.push({ view: s, searchPath: path, shift: sql.start, body: 'dollar' });
  return parts;
}

/** How the string literal that ends right before `start` opened. */
function quotingBefore(text: string, start: number): BodyQuoting {
  if (text[start - 1] === '$') return 'dollar';
  return /[eE]/.test(text[start - 2] ?? '') ? 'escape' : 'single';
}

/** A routine's own `SET search_path` applies to its body. */
function routineSearchPath(ast: Node): readonly string[] | undefined {
  for (const option of asNode(ast, 'CreateFunctionStmt')?.options ?? []) {
    const def = asNode(option, 'DefElem');
    const set = def?.defname === 'set' ? asNode(def.arg, 'VariableSetStmt') : undefined;
    if (set?.name === 'search_path') return searchPathSet(set, []);
  }
  return undefined;
}

/** The document range of a dollar-quoted LANGUAGE sql body's content. */
function sqlBody(statement: Statement): OffsetRange | undefined {
  const fn = asNode(statement.ast, 'CreateFunctionStmt');
  if (!fn || fn.sql_body) return undefined;
  let language = '';
  let as: number | undefined;
  for (const option of fn.options ?? []) {
    const def = asNode(option, 'DefElem');
    if (def?.defname === 'language') language = (asNode(def.arg, 'String')?.sval ?? '').toLowerCase();
    if (def?.defname === 'as') as = def.location;
  }
  if (language !== 'sql' || as === undefined) return undefined;
  const from = statement.offsetOfLocation(as);
  const token = statement.tokens().find((t) => t.start >= from && t.kind === 'SCONST');
  const tag = token ? /^\$[^$]*\$/.exec(token.text)?.[0] : undefined;
  if (!token || !tag || token.text.length < 2 * tag.length) return undefined;
  return { start: token.start + tag.length, end: token.end - tag.length };
}
