/** The session search_path in force at each statement of a file, following SET / RESET search_path and set_config. */
import type { VariableSetStmt } from '@pgsql/types';
import { asNode, constantValue, stringValues } from '../parse/ast';
import type { SqlDocument } from '../parse/document';
import { DEFAULT_SEARCH_PATH, parseSearchPathValue } from '../catalog/names';
import { finish, STATEMENTS_PER_LIGHT_STEP, type Steps } from '../runtime/steps';

/** One path per statement, by statement index. */
export function statementSearchPaths(document: SqlDocument, initial: readonly string[] = DEFAULT_SEARCH_PATH): readonly (readonly string[])[] {
  return finish(statementSearchPathsSteps(document, initial));
}

/**
 * The paths found per document and starting path: hover, completion and signature help ask for them on every
 * request, and on a 100,000-statement file each pass took ~50 ms.
 */
const known = new WeakMap<SqlDocument, Map<string, readonly (readonly string[])[]>>();

/** statementSearchPaths, pausing every few statements (a large file in the editor). */
export function* statementSearchPathsSteps(document: SqlDocument, initial: readonly string[] = DEFAULT_SEARCH_PATH): Steps<readonly (readonly string[])[]> {
  const key = initial.join('\0');
  let byPath = known.get(document);
  const found = byPath?.get(key);
  if (found) return found;
  const paths = yield* searchPathsOf(document, initial);
  if (!byPath) known.set(document, (byPath = new Map()));
  byPath.set(key, paths);
  return paths;
}

function* searchPathsOf(document: SqlDocument, initial: readonly string[]): Steps<(readonly string[])[]> {
  let path = initial;
  const out: (readonly string[])[] = [];
  for (const statement of document.statements) {
    if (statement.index % STATEMENTS_PER_LIGHT_STEP === STATEMENTS_PER_LIGHT_STEP - 1) yield;
    out.push(path);
    for (const ast of statement.asts) {
      const set = asNode(ast, 'VariableSetStmt');
      if (set && set.name === 'search_path') {
        path = searchPathSet(set, initial) ?? path;
        continue;
      }
      if (set?.kind === 'VAR_RESET_ALL') path = initial;
      for (const t of asNode(ast, 'SelectStmt')?.targetList ?? []) {
        const call = asNode(asNode(t, 'ResTarget')?.val, 'FuncCall');
        if (!call || stringValues(call.funcname).pop() !== 'set_config') continue;
        const [setting, value] = (call.args ?? []).map((a) => constantValue(a));
        if (setting === 'search_path' && value !== undefined) path = parseSearchPathValue(value);
      }
    }
  }
  return out;
}

/**
 * The path a `SET search_path ...` sets (also a routine's `SET search_path` option): undefined when it sets
 * nothing this model follows (`FROM CURRENT`).
 */
export function searchPathSet(set: VariableSetStmt, initial: readonly string[]): readonly string[] | undefined {
  if (set.kind === 'VAR_SET_VALUE') {
    return (set.args ?? []).flatMap((a) => {
      const value = constantValue(a);
      if (value === undefined) return [];
      return parseSearchPathValue(/^[a-z_][a-z0-9_$]*$/.test(value) || value === '$user' ? value : `"${value.replace(/"/g, '""')}"`);
    });
  }
  if (set.kind === 'VAR_SET_DEFAULT' || set.kind === 'VAR_RESET') return initial;
  return undefined;
}
