/** Options of CREATE/ALTER FUNCTION that the security rules read: SECURITY DEFINER, SET search_path, language, body. */
import type { Node } from '@pgsql/types';
import type { SqlDocument } from '../../../parse/document';
import { asNode, stringValues } from '../../../parse/ast';

export function defElems(options: readonly Node[] | undefined): { defname?: string; arg?: Node; location?: number }[] {
  return (options ?? []).map((o) => asNode(o, 'DefElem')).filter((d) => d !== undefined);
}

export function isSecurityDefiner(options: readonly Node[] | undefined): boolean {
  return defElems(options).some((d) => d.defname === 'security' && asNode(d.arg, 'Boolean')?.boolval === true);
}

export function setsSearchPath(options: readonly Node[] | undefined): boolean {
  return defElems(options).some((d) => d.defname === 'set' && asNode(d.arg, 'VariableSetStmt')?.name === 'search_path' && asNode(d.arg, 'VariableSetStmt')?.kind !== 'VAR_RESET');
}

export function languageOf(options: readonly Node[] | undefined): string {
  const d = defElems(options).find((o) => o.defname === 'language');
  return (asNode(d?.arg, 'String')?.sval ?? 'sql').toLowerCase();
}

/** The body strings of `AS '...'` (one for SQL/PL bodies, two for C's object file and symbol). */
export function bodyStrings(options: readonly Node[] | undefined): string[] {
  const d = defElems(options).find((o) => o.defname === 'as');
  const list = asNode(d?.arg, 'List');
  if (list) return stringValues(list.items);
  const s = asNode(d?.arg, 'String')?.sval;
  return s === undefined ? [] : [s];
}

/** `name` -> true when an ALTER FUNCTION in the file sets search_path on a function of that name. */
const altered = new WeakMap<SqlDocument, ReadonlySet<string>>();
export function searchPathSetByAlter(document: SqlDocument, name: string): boolean {
  let names = altered.get(document);
  if (!names) {
    const set = new Set<string>();
    for (const statement of document.statements) {
      const alter = asNode(statement.ast, 'AlterFunctionStmt');
      if (alter && setsSearchPath(alter.actions)) set.add(functionKey(stringValues(alter.func?.objname)));
    }
    altered.set(document, set);
    names = set;
  }
  return names.has(functionKey(name.split('.')));
}

function functionKey(parts: readonly string[]): string {
  const p = parts[0] === 'public' && parts.length > 1 ? parts.slice(1) : parts;
  return p.join('.');
}

/**
 * The transition tables (`REFERENCING NEW TABLE AS x OLD TABLE AS y`) of the file's triggers that execute a
 * function of this name: inside the function they are relations of the trigger's statement, not names looked up
 * on the search_path. Matched by the function's name without its schema (the trigger may omit it).
 */
const transitions = new WeakMap<SqlDocument, ReadonlyMap<string, ReadonlySet<string>>>();
export function transitionTablesOf(document: SqlDocument, functionName: readonly string[]): ReadonlySet<string> {
  let byFunction = transitions.get(document);
  if (!byFunction) {
    const map = new Map<string, Set<string>>();
    for (const statement of document.statements) {
      const trigger = asNode(statement.ast, 'CreateTrigStmt');
      const names = (trigger?.transitionRels ?? []).flatMap((r) => asNode(r, 'TriggerTransition')?.name ?? []);
      if (!trigger || names.length === 0) continue;
      const key = stringValues(trigger.funcname).pop() ?? '';
      const set = map.get(key) ?? new Set<string>();
      for (const n of names) set.add(n);
      map.set(key, set);
    }
    transitions.set(document, map);
    byFunction = map;
  }
  return byFunction.get(functionName[functionName.length - 1] ?? '') ?? new Set();
}
