/**
 * The functions a call's name can mean, as PostgreSQL would consider them: the workspace's functions of that
 * name in every schema of the search_path (PostgreSQL picks among all visible overloads, earlier schemas
 * winning ties), and the built-in ones when pg_catalog is searched. Shared by signature help and semantic tokens.
 */
import type { FunctionInfo } from '../catalog/model';
import { functionSignature } from '../catalog/model';
import type { NameReference } from '../catalog/names';
import { builtins, type BuiltinFunction } from '../knowledge/builtins';
import type { SchemaLookup } from './lookup';

/** The workspace's overloads of a name: in its schema when qualified, else in each schema of the path, in path order. */
export function workspaceFunctions(lookup: SchemaLookup, ref: NameReference, path: readonly string[]): FunctionInfo[] {
  const schemas = ref.schema !== undefined ? [ref.schema] : lookup.lookupPath(path).filter((s) => s !== 'pg_temp');
  const out: FunctionInfo[] = [];
  const seen = new Set<string>();
  for (const schema of schemas) {
    for (const catalog of lookup.catalogs) {
      for (const f of catalog.functionsNamed({ schema, name: ref.name })) {
        const key = functionSignature(f);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(f);
      }
    }
  }
  return out;
}

/** The built-in function a name can mean: unqualified or in pg_catalog. */
export function builtinFunction(ref: NameReference): BuiltinFunction | undefined {
  if (ref.schema !== undefined && ref.schema !== 'pg_catalog') return undefined;
  return builtins().functions.get(ref.name);
}
