/**
 * The catalog as plain JSON and back, for sending a database's catalog from the extension (which holds the
 * connection) to the language server (which must never hold one). Serialising is a listing of the immutable
 * records; reading back validates every record against the model's shape, because the text crossed a process
 * boundary: a malformed record is dropped and reported, never trusted, and nothing in it can throw later.
 */
import { Catalog, type CatalogSource, type CatalogView } from './catalog';
import type { ExtensionInfo, FunctionInfo, Index, Policy, Relation, SchemaInfo, Sequence, Trigger, TypeInfo } from './model';

export const SERIALIZED_CATALOG_FORMAT = 1;

export interface SerializedCatalog {
  readonly format: typeof SERIALIZED_CATALOG_FORMAT;
  readonly source: CatalogSource;
  readonly searchPath: readonly string[];
  readonly serverVersion?: number;
  readonly schemas: readonly SchemaInfo[];
  readonly extensions: readonly ExtensionInfo[];
  readonly relations: readonly Relation[];
  readonly indexes: readonly Index[];
  readonly sequences: readonly Sequence[];
  readonly types: readonly TypeInfo[];
  readonly functions: readonly FunctionInfo[];
  readonly policies: readonly Policy[];
  readonly triggers: readonly Trigger[];
}

export function serializeCatalog(catalog: CatalogView): SerializedCatalog {
  return {
    format: SERIALIZED_CATALOG_FORMAT,
    source: catalog.source,
    searchPath: [...catalog.searchPath],
    ...(catalog.serverVersion !== undefined ? { serverVersion: catalog.serverVersion } : {}),
    schemas: catalog.schemas(),
    extensions: catalog.extensions(),
    relations: catalog.relations(),
    indexes: catalog.indexes(),
    sequences: catalog.sequences(),
    types: catalog.types(),
    functions: catalog.functions(),
    policies: catalog.policies(),
    triggers: catalog.triggers(),
  };
}

// ---- reading back: a small shape language, so every field is checked and nothing unknown is kept

type Shape =
  | 'string'
  | 'number'
  | 'boolean'
  | { readonly oneOf: readonly string[] }
  | { readonly arrayOf: Shape }
  | { readonly fields: Readonly<Record<string, Field>> }
  | { readonly byKind: Readonly<Record<string, Readonly<Record<string, Field>>>>; readonly common: Readonly<Record<string, Field>> };

interface Field {
  readonly shape: Shape;
  readonly optional?: boolean;
}

const INVALID = Symbol('invalid');

const req = (shape: Shape): Field => ({ shape });
const opt = (shape: Shape): Field => ({ shape, optional: true });
const oneOf = (...values: string[]): Shape => ({ oneOf: values });
const arrayOf = (shape: Shape): Shape => ({ arrayOf: shape });
const fields = (f: Record<string, Field>): Shape => ({ fields: f });

const strings = arrayOf('string');
const qualified = fields({ schema: req('string'), name: req('string') });
const expression = fields({ text: req('string') });
const common: Record<string, Field> = {
  location: opt(fields({ file: req('string'), range: req(fields({ start: req('number'), end: req('number') })) })),
  comment: opt('string'),
  extension: opt('string'),
};
const action = oneOf('no action', 'restrict', 'cascade', 'set null', 'set default');

const SCHEMA: Shape = fields({ name: req('string'), ...common });
const EXTENSION: Shape = fields({ name: req('string'), schema: req('string'), version: opt('string'), ...common });
const COLUMN: Shape = fields({
  name: req('string'),
  type: req('string'),
  notNull: req('boolean'),
  default: opt(expression),
  generated: opt(oneOf('stored', 'virtual')),
  generatedExpression: opt(expression),
  identity: opt(oneOf('always', 'by default')),
  collation: opt('string'),
  inherited: opt('boolean'),
  ...common,
});
const CONSTRAINT: Shape = fields({
  name: req('string'),
  kind: req(oneOf('primary-key', 'unique', 'check', 'foreign-key', 'exclusion')),
  columns: req(strings),
  expression: opt(expression),
  references: opt(fields({ table: req(qualified), columns: req(strings), onDelete: req(action), onUpdate: req(action), match: req(oneOf('simple', 'full', 'partial')) })),
  deferrable: req('boolean'),
  initiallyDeferred: req('boolean'),
  validated: req('boolean'),
  index: opt('string'),
  nullsNotDistinct: opt('boolean'),
  inherited: opt('boolean'),
  ...common,
});
const RELATION: Shape = fields({
  kind: req(oneOf('table', 'partitioned-table', 'view', 'materialized-view', 'foreign-table')),
  schema: req('string'),
  name: req('string'),
  columns: req(arrayOf(COLUMN)),
  constraints: req(arrayOf(CONSTRAINT)),
  persistence: req(oneOf('permanent', 'unlogged', 'temporary')),
  inherits: req(arrayOf(qualified)),
  partitioning: opt(fields({ strategy: req(oneOf('range', 'list', 'hash')), key: req('string') })),
  partitionOf: opt(qualified),
  partitionBound: opt('string'),
  query: opt('string'),
  rowSecurity: req('boolean'),
  forceRowSecurity: req('boolean'),
  rowEstimate: opt('number'),
  totalBytes: opt('number'),
  ...common,
});
const INDEX: Shape = fields({
  schema: req('string'),
  name: req('string'),
  table: req(qualified),
  method: req('string'),
  unique: req('boolean'),
  primary: req('boolean'),
  keys: req(arrayOf(fields({ column: opt('string'), expression: opt(expression), descending: opt('boolean'), nullsFirst: opt('boolean'), opclass: opt('string'), collation: opt('string') }))),
  include: req(strings),
  predicate: opt(expression),
  nullsNotDistinct: req('boolean'),
  constraint: opt('string'),
  valid: req('boolean'),
  totalBytes: opt('number'),
  ...common,
});
const SEQUENCE: Shape = fields({
  schema: req('string'),
  name: req('string'),
  type: req('string'),
  start: opt('number'),
  increment: opt('number'),
  minValue: opt('number'),
  maxValue: opt('number'),
  cache: opt('number'),
  cycle: opt('boolean'),
  ownedBy: opt(fields({ table: req(qualified), column: req('string') })),
  ...common,
});
const TYPE: Shape = {
  common: { schema: req('string'), name: req('string'), ...common },
  byKind: {
    enum: { labels: req(strings) },
    domain: { baseType: req('string'), notNull: req('boolean'), default: opt(expression), checks: req(arrayOf(fields({ name: req('string'), expression: req(expression) }))) },
    composite: { attributes: req(arrayOf(fields({ name: req('string'), type: req('string') }))) },
    range: { subtype: req('string') },
    base: {},
  },
};
const FUNCTION: Shape = fields({
  schema: req('string'),
  name: req('string'),
  kind: req(oneOf('function', 'procedure', 'aggregate', 'window')),
  arguments: req(arrayOf(fields({ name: opt('string'), type: req('string'), mode: req(oneOf('in', 'out', 'inout', 'variadic', 'table')), hasDefault: req('boolean') }))),
  returnType: opt('string'),
  language: req('string'),
  volatility: req(oneOf('immutable', 'stable', 'volatile')),
  securityDefiner: req('boolean'),
  ...common,
});
const POLICY: Shape = fields({
  name: req('string'),
  table: req(qualified),
  command: req(oneOf('all', 'select', 'insert', 'update', 'delete')),
  permissive: req('boolean'),
  roles: req(strings),
  using: opt(expression),
  withCheck: opt(expression),
  ...common,
});
const TRIGGER: Shape = fields({
  name: req('string'),
  table: req(qualified),
  function: req(qualified),
  timing: req(oneOf('before', 'after', 'instead of')),
  events: req(arrayOf(oneOf('insert', 'update', 'delete', 'truncate'))),
  forEachRow: req('boolean'),
  ...common,
});

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Field lists of the shapes, listed once (deserialising a large database reads them for every record). */
const fieldLists = new WeakMap<object, readonly (readonly [string, Field])[]>();

function fieldList(spec: Readonly<Record<string, Field>>): readonly (readonly [string, Field])[] {
  let list = fieldLists.get(spec);
  if (!list) fieldLists.set(spec, (list = Object.entries(spec)));
  return list;
}

function readFields(value: Readonly<Record<string, unknown>>, spec: Readonly<Record<string, Field>>, out: Record<string, unknown>): boolean {
  for (const [key, field] of fieldList(spec)) {
    const raw = value[key];
    // JSON has no undefined (and turns NaN into null): both mean an absent optional field.
    if (raw === undefined || raw === null) {
      if (field.optional) continue;
      return false;
    }
    const read = readShape(raw, field.shape);
    if (read === INVALID) {
      if (field.optional) continue;
      return false;
    }
    out[key] = read;
  }
  return true;
}

/** The value rebuilt with only the fields the shape names, or INVALID. */
function readShape(value: unknown, shape: Shape): unknown {
  if (shape === 'string') return typeof value === 'string' ? value : INVALID;
  if (shape === 'number') return typeof value === 'number' && Number.isFinite(value) ? value : INVALID;
  if (shape === 'boolean') return typeof value === 'boolean' ? value : INVALID;
  if ('oneOf' in shape) return typeof value === 'string' && shape.oneOf.includes(value) ? value : INVALID;
  if ('arrayOf' in shape) {
    if (!Array.isArray(value)) return INVALID;
    const out: unknown[] = [];
    for (const item of value) {
      const read = readShape(item, shape.arrayOf);
      if (read === INVALID) return INVALID;
      out.push(read);
    }
    return out;
  }
  if (!isRecord(value)) return INVALID;
  const out: Record<string, unknown> = {};
  if ('fields' in shape) return readFields(value, shape.fields, out) ? out : INVALID;
  const kind = value.kind;
  const extra = typeof kind === 'string' && Object.hasOwn(shape.byKind, kind) ? shape.byKind[kind] : undefined;
  if (!extra) return INVALID;
  out.kind = kind;
  return readFields(value, shape.common, out) && readFields(value, extra, out) ? out : INVALID;
}

export type DeserializedCatalog = { readonly catalog: Catalog; readonly problems: readonly string[] } | { readonly error: string };

/**
 * A catalog from its serialised form. Records that do not fit the model are left out and counted in
 * `problems`; a value that is no serialised catalog at all is an error.
 */
export function deserializeCatalog(value: unknown): DeserializedCatalog {
  if (!isRecord(value)) return { error: 'the catalog is not a JSON object' };
  if (value.format !== SERIALIZED_CATALOG_FORMAT) return { error: `unsupported catalog format ${JSON.stringify(value.format)} (expected ${SERIALIZED_CATALOG_FORMAT})` };
  const source = value.source === 'ddl' || value.source === 'database' ? value.source : undefined;
  if (!source) return { error: `unknown catalog source ${JSON.stringify(value.source)}` };
  const catalog = new Catalog(source);
  catalog.deleteSchema('public'); // the serialised list says whether public exists
  const searchPath = readShape(value.searchPath, strings);
  if (searchPath !== INVALID) catalog.searchPath = searchPath as string[];
  if (typeof value.serverVersion === 'number' && Number.isFinite(value.serverVersion)) catalog.serverVersion = value.serverVersion;
  const problems: string[] = [];
  const each = <T>(key: string, shape: Shape, put: (record: T) => void): void => {
    const list = value[key];
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      problems.push(`"${key}" is not a list`);
      return;
    }
    let dropped = 0;
    for (const item of list) {
      const read = readShape(item, shape);
      if (read === INVALID) dropped++;
      else put(read as T);
    }
    if (dropped > 0) problems.push(`${dropped} of ${list.length} ${key} did not match the catalog model and were left out`);
  };
  each<SchemaInfo>('schemas', SCHEMA, (r) => catalog.putSchema(r));
  each<ExtensionInfo>('extensions', EXTENSION, (r) => catalog.putExtension(r));
  each<Relation>('relations', RELATION, (r) => catalog.putRelation(r));
  each<Index>('indexes', INDEX, (r) => catalog.putIndex(r));
  each<Sequence>('sequences', SEQUENCE, (r) => catalog.putSequence(r));
  each<TypeInfo>('types', TYPE, (r) => catalog.putType(r));
  each<FunctionInfo>('functions', FUNCTION, (r) => catalog.putFunction(r));
  each<Policy>('policies', POLICY, (r) => catalog.putPolicy(r));
  each<Trigger>('triggers', TRIGGER, (r) => catalog.putTrigger(r));
  return { catalog, problems };
}
