/**
 * Type names in PostgreSQL's display form (what format_type prints), so a type written in DDL and one read
 * from pg_catalog compare equal: `int4` -> `integer`, `varchar(20)` -> `character varying(20)`,
 * `timestamptz(3)` -> `timestamp(3) with time zone`, `int[][]` -> `integer[]`. Types outside pg_catalog
 * are always schema-qualified (`public.mood`), whatever the search_path: the model never depends on it.
 */
import type { Node, TypeName } from '@pgsql/types';
import { asNode, stringValues } from '../parse/ast';
import { displayQualified, type NameReference, type QualifiedName } from './names';

/** Finds the schema of a type written without one (catalog types, then extension types). */
export type TypeResolver = (ref: NameReference) => QualifiedName | undefined;

/** format_type's names for pg_catalog types whose display differs from their typname. */
const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  bool: 'boolean',
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  varchar: 'character varying',
  bpchar: 'character',
  varbit: 'bit varying',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  time: 'time without time zone',
  timetz: 'time with time zone',
  char: '"char"',
};

/** pg_catalog types a migration may name without a schema (base, pseudo and range types). */
export const BUILTIN_TYPES: ReadonlySet<string> = new Set([
  'bool', 'bytea', 'char', 'name', 'int8', 'int2', 'int2vector', 'int4', 'regproc', 'text', 'oid', 'tid', 'xid',
  'xid8', 'cid', 'oidvector', 'json', 'xml', 'pg_node_tree', 'point', 'lseg', 'path', 'box', 'polygon', 'line',
  'float4', 'float8', 'unknown', 'circle', 'money', 'macaddr', 'macaddr8', 'inet', 'cidr', 'aclitem', 'bpchar',
  'varchar', 'date', 'time', 'timestamp', 'timestamptz', 'interval', 'timetz', 'bit', 'varbit', 'numeric',
  'refcursor', 'regprocedure', 'regoper', 'regoperator', 'regclass', 'regcollation', 'regtype', 'regrole',
  'regnamespace', 'regconfig', 'regdictionary', 'uuid', 'pg_lsn', 'tsvector', 'gtsvector', 'tsquery', 'jsonb',
  'jsonpath', 'txid_snapshot', 'pg_snapshot', 'int4range', 'numrange', 'tsrange', 'tstzrange', 'daterange',
  'int8range', 'int4multirange', 'nummultirange', 'tsmultirange', 'tstzmultirange', 'datemultirange',
  'int8multirange', 'record', 'cstring', 'any', 'anyarray', 'void', 'trigger', 'event_trigger',
  'language_handler', 'internal', 'anyelement', 'anynonarray', 'anyenum', 'fdw_handler', 'index_am_handler',
  'tsm_handler', 'table_am_handler', 'anyrange', 'anymultirange', 'anycompatible', 'anycompatiblearray',
  'anycompatiblenonarray', 'anycompatiblerange', 'anycompatiblemultirange',
]);

/** Spellings the grammar accepts for pg_catalog types when they are written as words (`int`, `decimal`). */
const ALIASES: Readonly<Record<string, string>> = {
  int: 'int4',
  integer: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  real: 'float4',
  float: 'float8',
  'double precision': 'float8',
  boolean: 'bool',
  decimal: 'numeric',
  dec: 'numeric',
  'character varying': 'varchar',
  character: 'bpchar',
  'bit varying': 'varbit',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
};

/** pg_catalog's typname for a written name, if it is a built-in type. */
export function builtinTypeName(name: string): string | undefined {
  const lower = name.toLowerCase();
  const alias = ALIASES[lower];
  if (alias) return alias;
  return BUILTIN_TYPES.has(lower) ? lower : undefined;
}

const INTERVAL_FIELDS: Readonly<Record<number, string>> = {
  [1 << 2]: ' year',
  [1 << 1]: ' month',
  [1 << 3]: ' day',
  [1 << 10]: ' hour',
  [1 << 11]: ' minute',
  [1 << 12]: ' second',
  [(1 << 2) | (1 << 1)]: ' year to month',
  [(1 << 3) | (1 << 10)]: ' day to hour',
  [(1 << 3) | (1 << 10) | (1 << 11)]: ' day to minute',
  [(1 << 3) | (1 << 10) | (1 << 11) | (1 << 12)]: ' day to second',
  [(1 << 10) | (1 << 11)]: ' hour to minute',
  [(1 << 10) | (1 << 11) | (1 << 12)]: ' hour to second',
  [(1 << 11) | (1 << 12)]: ' minute to second',
};
const INTERVAL_FULL_RANGE = 0x7fff;

/** PostGIS prints geometry subtypes in its own case (typmodout): `geometry(MultiPolygonZ,4326)`. */
const POSTGIS_SUBTYPES: Readonly<Record<string, string>> = Object.fromEntries(
  ['Geometry', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection', 'CircularString', 'CompoundCurve', 'CurvePolygon', 'MultiCurve', 'MultiSurface', 'PolyhedralSurface', 'Triangle', 'Tin'].flatMap((t) =>
    ['', 'Z', 'M', 'ZM'].map((suffix) => [`${t}${suffix}`.toLowerCase(), `${t}${suffix}`]),
  ),
);

function postgisModifier(typeName: string, modifier: string): string {
  return typeName === 'geometry' || typeName === 'geography' ? (POSTGIS_SUBTYPES[modifier.toLowerCase()] ?? modifier) : modifier;
}

/** A typmod as written: integer constants, strings and bare words (PostGIS's `geometry(Point, 4326)`). */
function modifierText(node: Node): string {
  const c = asNode(node, 'A_Const');
  if (c) {
    if (c.ival) return String(c.ival.ival ?? 0);
    if (c.sval) return c.sval.sval ?? '';
    if (c.fval) return c.fval.fval ?? '';
    return '';
  }
  const ref = asNode(node, 'ColumnRef');
  if (ref) return stringValues(ref.fields).join('.');
  return '?';
}

/** The display form of a pg_catalog type with its modifiers, as format_type prints it. */
export function formatBuiltinType(typname: string, modifiers: readonly string[]): string {
  const mods = modifiers.join(',');
  switch (typname) {
    case 'timestamp':
    case 'timestamptz':
    case 'time':
    case 'timetz': {
      const base = typname.startsWith('timestamp') ? 'timestamp' : 'time';
      const zone = typname.endsWith('tz') ? ' with time zone' : ' without time zone';
      return `${base}${mods ? `(${mods})` : ''}${zone}`;
    }
    case 'interval': {
      if (modifiers.length === 0) return 'interval';
      const range = Number(modifiers[0]);
      const fields = range === INTERVAL_FULL_RANGE ? '' : (INTERVAL_FIELDS[range] ?? '');
      const precision = modifiers.length > 1 ? `(${modifiers[1]})` : '';
      return `interval${fields}${precision}`;
    }
    case 'numeric':
      if (modifiers.length === 1) return `numeric(${modifiers[0]},0)`;
      return mods ? `numeric(${mods})` : 'numeric';
    default: {
      const display = DISPLAY_NAMES[typname] ?? typname;
      return mods ? `${display}(${mods})` : display;
    }
  }
}

/** The type a TypeName names, without modifiers or array bounds; undefined for `%TYPE` references. */
export function typeIdentity(type: TypeName, resolve: TypeResolver): { builtin: string } | { qualified: QualifiedName } | { unresolved: string } | undefined {
  if (type.pct_type) return undefined;
  const names = stringValues(type.names);
  if (names.length === 0) return undefined;
  if (names.length >= 2 && names[names.length - 2] === 'pg_catalog') return { builtin: names[names.length - 1] };
  if (names.length >= 2) return { qualified: { schema: names[names.length - 2], name: names[names.length - 1] } };
  const written = names[0];
  // pg_catalog comes first in every search_path that does not list it.
  if (BUILTIN_TYPES.has(written)) return { builtin: written };
  const found = resolve({ name: written });
  if (found) return found.schema === 'pg_catalog' ? { builtin: found.name } : { qualified: found };
  return { unresolved: written };
}

/**
 * The display form of a written type: `integer`, `character varying(20)`, `public.mood[]`. A name that no
 * resolver knows stays as written (unqualified) rather than guessing a schema.
 */
export function formatTypeName(type: TypeName | undefined, resolve: TypeResolver): string {
  if (!type) return '';
  const identity = typeIdentity(type, resolve);
  if (!identity) return `${stringValues(type.names).join('.')}%TYPE`;
  const modifiers = (type.typmods ?? []).map(modifierText);
  let base: string;
  if ('builtin' in identity) base = formatBuiltinType(identity.builtin, modifiers);
  else {
    const name = 'qualified' in identity ? displayQualified(identity.qualified) : identity.unresolved;
    const bare = 'qualified' in identity ? identity.qualified.name : identity.unresolved;
    base = modifiers.length > 0 ? `${name}(${modifiers.map((m) => postgisModifier(bare, m)).join(',')})` : name;
  }
  const array = (type.arrayBounds?.length ?? 0) > 0 ? '[]' : '';
  return `${type.setof ? 'SETOF ' : ''}${base}${array}`;
}

/** The element type of a display form: `integer[]` -> `integer`. */
export function elementType(display: string): string {
  return display.endsWith('[]') ? display.slice(0, -2) : display;
}
