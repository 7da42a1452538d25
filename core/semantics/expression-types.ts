/**
 * The types of simple operands as PostgreSQL's parser gives them, where the model can be sure: columns (their
 * catalog type, domains as their base type), literals (`42` integer, `3000000000` bigint, `1.5` numeric,
 * `true` boolean; quoted strings and NULL are unknown-typed and take the type the context asks for) and casts.
 * Anything else - operators, functions, arrays, ranges, types the data does not judge - has no type here.
 */
import type { A_Const, Node, TypeName } from '@pgsql/types';
import { effectiveSearchPath, parseNameReference, type NameReference } from '../catalog/names';
import { builtinTypeName } from '../catalog/types';
import { builtinTypeFacts, typnameOfDisplay } from '../knowledge/type-coercion';
import { asNode, stringValues } from '../parse/ast';
import type { SchemaLookup } from './lookup';

export type SqlType =
  /** A built-in type the coercion data judges, by typname. */
  | { readonly kind: 'builtin'; readonly name: string; readonly display: string }
  /** An enum: only equal to itself. */
  | { readonly kind: 'enum'; readonly key: string; readonly display: string }
  /** A quoted string or NULL: coerced to what the other side needs. */
  | { readonly kind: 'unknown' };

export const UNKNOWN_TYPE: SqlType = { kind: 'unknown' };

function builtin(typname: string): SqlType | undefined {
  const facts = builtinTypeFacts(typname);
  return facts ? { kind: 'builtin', name: facts.name, display: facts.display } : undefined;
}

/** A catalog column's type (format_type form: `character varying(20)`, `public.mood`), when judged. */
export function columnType(display: string, lookup: SchemaLookup, path: readonly string[], depth = 0): SqlType | undefined {
  if (display === '' || display.endsWith('[]') || depth > 5) return undefined;
  // Modifiers do not change which operators apply: `timestamp(3) with time zone` is timestamptz.
  const bare = display.replace(/\(\s*[-\d\s,]*\)/g, '').replace(/\s+/g, ' ').trim();
  const typname = typnameOfDisplay(bare) ?? (bare.startsWith('interval') ? 'interval' : undefined);
  if (typname) return builtin(typname);
  const ref = parseNameReference(display);
  return ref ? userType(ref, lookup, path, depth) : undefined;
}

function userType(ref: NameReference, lookup: SchemaLookup, path: readonly string[], depth: number): SqlType | undefined {
  const type = lookup.type(ref, path);
  if (!type) return undefined;
  // format_type leaves a type unqualified when the search_path finds it.
  if (type.kind === 'enum') return { kind: 'enum', key: `${type.schema}.${type.name}`, display: effectiveSearchPath(path).includes(type.schema) ? type.name : `${type.schema}.${type.name}` };
  // A domain compares and assigns as its base type.
  if (type.kind === 'domain') return columnType(type.baseType, lookup, path, depth + 1);
  return undefined;
}

/** The type a cast names (`::int`, `CAST(x AS pg_catalog.text)`, `::mood`). */
export function typeNameType(type: TypeName | undefined, lookup: SchemaLookup, path: readonly string[]): SqlType | undefined {
  if (!type || type.pct_type || type.setof || (type.arrayBounds?.length ?? 0) > 0) return undefined;
  const names = stringValues(type.names);
  if (names.length === 2 && names[0] === 'pg_catalog') return builtin(names[1]);
  if (names.length === 1) {
    const known = builtinTypeName(names[0]);
    if (known) return builtin(known);
    return userType({ name: names[0] }, lookup, path, 0);
  }
  if (names.length === 2) return userType({ schema: names[0], name: names[1] }, lookup, path, 0);
  return undefined;
}

/** The type PostgreSQL gives a constant. */
export function constantType(c: A_Const): SqlType | undefined {
  if (c.isnull || c.sval) return UNKNOWN_TYPE;
  if (c.ival) return builtin('int4');
  if (c.boolval) return builtin('bool');
  if (c.fval) {
    const text = c.fval.fval ?? '';
    // An integer too large for integer is bigint while it fits, numeric after.
    if (/^-?\d+$/.test(text)) return builtin(BigInt(text) <= 9223372036854775807n && BigInt(text) >= -9223372036854775808n ? 'int8' : 'numeric');
    return builtin('numeric');
  }
  return undefined;
}

/** The type of an operand: a constant, a cast, or a column whose type `columnTypeOf` gives. */
export function operandType(node: Node | undefined, columnTypeOf: (node: Node) => SqlType | undefined, lookup: SchemaLookup, path: readonly string[]): SqlType | undefined {
  const constant = asNode(node, 'A_Const');
  if (constant) return constantType(constant);
  const cast = asNode(node, 'TypeCast');
  if (cast) return typeNameType(cast.typeName, lookup, path);
  if (asNode(node, 'ColumnRef') && node) return columnTypeOf(node);
  return undefined;
}
