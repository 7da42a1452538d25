/** Pure mapping of the introspection rows (queries.ts) into the catalog model. */
import type { Catalog } from '../catalog';
import type { Column, Constraint, ForeignKeyAction, FunctionArgument, IndexKey, Relation, RelationKind, RoutineKind, Trigger, TypeInfo } from '../model';
import { parseSearchPathValue } from '../names';
import { bool, field, fieldString, json, jsonArray, num, str, stringArray, text, type Row } from './rows';

const RELATION_KINDS: Readonly<Record<string, RelationKind>> = { r: 'table', p: 'partitioned-table', v: 'view', m: 'materialized-view', f: 'foreign-table' };
const ACTIONS: Readonly<Record<string, ForeignKeyAction>> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
const MATCH: Readonly<Record<string, 'simple' | 'full' | 'partial'>> = { s: 'simple', f: 'full', p: 'partial' };
const CONSTRAINT_KINDS: Readonly<Record<string, Constraint['kind']>> = { p: 'primary-key', u: 'unique', c: 'check', f: 'foreign-key', x: 'exclusion' };
const ROUTINE_KINDS: Readonly<Record<string, RoutineKind>> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window' };
const ARGUMENT_MODES: Readonly<Record<string, FunctionArgument['mode']>> = { i: 'in', o: 'out', b: 'inout', v: 'variadic', t: 'table' };
const POLICY_COMMANDS: Readonly<Record<string, 'all' | 'select' | 'insert' | 'update' | 'delete'>> = { '*': 'all', r: 'select', a: 'insert', w: 'update', d: 'delete' };

function optional<K extends string, V>(key: K, value: V | undefined | null): { [P in K]?: V } {
  return value === undefined || value === null ? {} : ({ [key]: value } as { [P in K]?: V });
}

/** Server version (e.g. 150004) and the session's search_path come with the schemas. */
export function mapSchemas(catalog: Catalog, rows: readonly Row[]): void {
  for (const row of rows) catalog.putSchema({ name: text(row, 'name'), ...optional('comment', str(row, 'comment')) });
  const first = rows[0];
  if (!first) return;
  const version = num(first, 'server_version_num');
  if (version !== undefined) catalog.serverVersion = Math.floor(version / 10000);
  const path = str(first, 'search_path');
  if (path !== undefined) catalog.searchPath = parseSearchPathValue(path);
}

export function mapExtensions(catalog: Catalog, rows: readonly Row[]): void {
  for (const row of rows) catalog.putExtension({ name: text(row, 'name'), schema: text(row, 'schema'), ...optional('version', str(row, 'version')) });
}

function mapColumn(value: unknown): Column {
  const generated = fieldString(value, 'generated');
  const identity = fieldString(value, 'identity');
  const def = fieldString(value, 'default');
  const generation = fieldString(value, 'generation_expression');
  return {
    name: fieldString(value, 'name') ?? '',
    type: fieldString(value, 'type') ?? '',
    notNull: field(value, 'not_null') === true,
    ...(def !== undefined ? { default: { text: def } } : {}),
    ...(generated === 's' || generated === 'v' ? { generated: generated === 's' ? ('stored' as const) : ('virtual' as const), ...(generation !== undefined ? { generatedExpression: { text: generation } } : {}) } : {}),
    ...(identity === 'a' ? { identity: 'always' as const } : identity === 'd' ? { identity: 'by default' as const } : {}),
    ...optional('collation', fieldString(value, 'collation')),
    ...(field(value, 'local') === false ? { inherited: true } : {}),
    ...optional('comment', fieldString(value, 'comment')),
  };
}

/** `RANGE (created_at)` -> strategy and key. */
function partitioning(keydef: string | undefined): Relation['partitioning'] {
  if (!keydef) return undefined;
  const m = /^(RANGE|LIST|HASH)\s*\((.*)\)\s*$/is.exec(keydef.trim());
  if (!m) return undefined;
  return { strategy: m[1].toLowerCase() as 'range' | 'list' | 'hash', key: m[2] };
}

export function mapRelations(catalog: Catalog, rows: readonly Row[]): void {
  for (const row of rows) {
    const kind = RELATION_KINDS[text(row, 'kind')];
    if (!kind) continue;
    const parents = jsonArray(row, 'parents').flatMap((p) => (Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string' ? [{ schema: p[0], name: p[1] }] : []));
    const isPartition = bool(row, 'is_partition');
    const reltuples = num(row, 'reltuples');
    const relpages = num(row, 'relpages');
    // -1 (14+) or 0 tuples in 0 pages (older): never analyzed, no estimate.
    const rowEstimate = reltuples === undefined || reltuples < 0 || (reltuples === 0 && relpages === 0) ? undefined : reltuples;
    const persistence = text(row, 'persistence');
    const partition = partitioning(str(row, 'partition_key'));
    const relation: Relation = {
      kind,
      schema: text(row, 'schema'),
      name: text(row, 'name'),
      columns: jsonArray(row, 'columns').map(mapColumn),
      constraints: [],
      persistence: persistence === 'u' ? 'unlogged' : persistence === 't' ? 'temporary' : 'permanent',
      inherits: isPartition ? [] : parents,
      ...(partition ? { partitioning: partition } : {}),
      ...(isPartition && parents[0] ? { partitionOf: parents[0] } : {}),
      ...optional('partitionBound', str(row, 'partition_bound')),
      ...optional('query', str(row, 'query')?.trim()),
      rowSecurity: bool(row, 'row_security'),
      forceRowSecurity: bool(row, 'force_row_security'),
      ...optional('rowEstimate', rowEstimate),
      ...optional('totalBytes', num(row, 'total_bytes')),
      ...optional('comment', str(row, 'comment')),
      ...optional('extension', str(row, 'extension')),
    };
    catalog.putRelation(relation);
  }
}

export function mapConstraints(catalog: Catalog, rows: readonly Row[]): void {
  const byTable = new Map<string, Constraint[]>();
  for (const row of rows) {
    const kind = CONSTRAINT_KINDS[text(row, 'type')];
    if (!kind) continue;
    const refTable = str(row, 'ref_table');
    const check = str(row, 'check_expression');
    const index = str(row, 'index_name');
    const constraint: Constraint = {
      name: text(row, 'name'),
      kind,
      columns: stringArray(row, 'columns'),
      ...(check !== undefined ? { expression: { text: check } } : {}),
      ...(kind === 'foreign-key' && refTable !== undefined
        ? {
            references: {
              table: { schema: text(row, 'ref_schema'), name: refTable },
              columns: stringArray(row, 'ref_columns'),
              onDelete: ACTIONS[text(row, 'on_delete')] ?? 'no action',
              onUpdate: ACTIONS[text(row, 'on_update')] ?? 'no action',
              match: MATCH[text(row, 'match_type')] ?? 'simple',
            },
          }
        : {}),
      deferrable: bool(row, 'deferrable'),
      initiallyDeferred: bool(row, 'deferred'),
      validated: bool(row, 'validated'),
      ...optional('index', index),
      ...(bool(row, 'has_parent') || !bool(row, 'local') ? { inherited: true } : {}),
      ...optional('comment', str(row, 'comment')),
    };
    const key = `${text(row, 'schema')}\u0000${text(row, 'table_name')}`;
    const list = byTable.get(key);
    if (list) list.push(constraint);
    else byTable.set(key, [constraint]);
  }
  for (const [key, constraints] of byTable) {
    const [schema, name] = key.split('\u0000');
    const relation = catalog.relation({ schema, name });
    if (relation) catalog.putRelation({ ...relation, constraints: [...relation.constraints, ...constraints] });
  }
}

export function mapIndexes(catalog: Catalog, rows: readonly Row[]): void {
  for (const row of rows) {
    const schema = text(row, 'schema');
    const keyCount = num(row, 'key_count') ?? 0;
    const entries = jsonArray(row, 'keys');
    const keys: IndexKey[] = entries.slice(0, keyCount).map((k) => {
      const column = fieldString(k, 'column');
      const option = Number(field(k, 'option') ?? 0);
      const descending = (option & 1) !== 0;
      const nullsFirst = (option & 2) !== 0;
      return {
        ...(column !== undefined ? { column } : { expression: { text: fieldString(k, 'definition') ?? '' } }),
        ...(descending ? { descending } : {}),
        // NULLS FIRST is the default for DESC: only a non-default order is recorded, as DDL writes it.
        ...(nullsFirst !== descending ? { nullsFirst } : {}),
        ...optional('opclass', fieldString(k, 'opclass')),
        ...optional('collation', fieldString(k, 'collation')),
      };
    });
    const include = entries.slice(keyCount).flatMap((k) => {
      const column = fieldString(k, 'column');
      return column !== undefined ? [column] : [];
    });
    const predicate = str(row, 'predicate');
    catalog.putIndex({
      schema,
      name: text(row, 'name'),
      table: { schema, name: text(row, 'table_name') },
      method: text(row, 'method'),
      unique: bool(row, 'is_unique'),
      primary: bool(row, 'is_primary'),
      keys,
      include,
      ...(predicate !== undefined ? { predicate: { text: predicate } } : {}),
      nullsNotDistinct: bool(row, 'nulls_not_distinct'),
      ...optional('constraint', str(row, 'constraint_name')),
      valid: bool(row, 'is_valid'),
      ...optional('totalBytes', num(row, 'total_bytes')),
      ...optional('comment', str(row, 'comment')),
    });
  }
}

export function mapSequences(catalog: Catalog, rows: readonly Row[]): void {
  for (const row of rows) {
    const owner = json(row, 'owned_by');
    const ownedBy = Array.isArray(owner) && owner.length === 3 ? { table: { schema: String(owner[0]), name: String(owner[1]) }, column: String(owner[2]) } : undefined;
    catalog.putSequence({
      schema: text(row, 'schema'),
      name: text(row, 'name'),
      type: text(row, 'type'),
      ...optional('start', num(row, 'start')),
      ...optional('increment', num(row, 'increment')),
      ...optional('minValue', num(row, 'min_value')),
      ...optional('maxValue', num(row, 'max_value')),
      ...optional('cache', num(row, 'cache')),
      cycle: bool(row, 'cycle'),
      ...optional('ownedBy', ownedBy),
      ...optional('comment', str(row, 'comment')),
      ...optional('extension', str(row, 'extension')),
    });
  }
}

export function mapTypes(catalog: Catalog, rows: readonly Row[]): void {
  for (const row of rows) {
    const common = {
      schema: text(row, 'schema'),
      name: text(row, 'name'),
      ...optional('comment', str(row, 'comment')),
      ...optional('extension', str(row, 'extension')),
    };
    let type: TypeInfo;
    switch (text(row, 'type')) {
      case 'e':
        type = { ...common, kind: 'enum', labels: stringArray(row, 'labels') };
        break;
      case 'd': {
        const def = str(row, 'default_expression');
        const checks = jsonArray(row, 'checks').flatMap((c) => (Array.isArray(c) && typeof c[0] === 'string' && typeof c[1] === 'string' ? [{ name: c[0], expression: { text: c[1] } }] : []));
        type = { ...common, kind: 'domain', baseType: text(row, 'base_type'), notNull: bool(row, 'not_null'), ...(def !== undefined ? { default: { text: def } } : {}), checks };
        break;
      }
      case 'c': {
        const attributes = jsonArray(row, 'attributes').flatMap((a) => (Array.isArray(a) && typeof a[0] === 'string' && typeof a[1] === 'string' ? [{ name: a[0], type: a[1] }] : []));
        type = { ...common, kind: 'composite', attributes };
        break;
      }
      case 'r':
        type = { ...common, kind: 'range', subtype: text(row, 'subtype') };
        break;
      default:
        type = { ...common, kind: 'base' };
    }
    catalog.putType(type);
  }
}

export function mapFunctions(catalog: Catalog, rows: readonly Row[]): void {
  for (const row of rows) {
    const raw = jsonArray(row, 'arguments').map((a) => ({
      name: fieldString(a, 'name') || undefined,
      type: fieldString(a, 'type') ?? '',
      mode: ARGUMENT_MODES[fieldString(a, 'mode') ?? 'i'] ?? 'in',
    }));
    // The last pronargdefaults input arguments have defaults.
    let defaults = num(row, 'default_count') ?? 0;
    const args: FunctionArgument[] = new Array(raw.length);
    for (let i = raw.length - 1; i >= 0; i--) {
      const a = raw[i];
      const input = a.mode === 'in' || a.mode === 'inout' || a.mode === 'variadic';
      const hasDefault = input && defaults > 0;
      if (hasDefault) defaults--;
      args[i] = { ...(a.name ? { name: a.name } : {}), type: a.type, mode: a.mode, hasDefault };
    }
    const volatility = text(row, 'volatility');
    const returnType = str(row, 'return_type');
    catalog.putFunction({
      schema: text(row, 'schema'),
      name: text(row, 'name'),
      kind: ROUTINE_KINDS[text(row, 'kind')] ?? 'function',
      arguments: args,
      ...(returnType !== undefined ? { returnType } : {}),
      language: text(row, 'language'),
      volatility: volatility === 'i' ? 'immutable' : volatility === 's' ? 'stable' : 'volatile',
      securityDefiner: bool(row, 'security_definer'),
      ...optional('comment', str(row, 'comment')),
      ...optional('extension', str(row, 'extension')),
    });
  }
}

export function mapPolicies(catalog: Catalog, rows: readonly Row[]): void {
  for (const row of rows) {
    const using = str(row, 'using_expression');
    const check = str(row, 'check_expression');
    catalog.putPolicy({
      name: text(row, 'name'),
      table: { schema: text(row, 'schema'), name: text(row, 'table_name') },
      command: POLICY_COMMANDS[text(row, 'command')] ?? 'all',
      permissive: bool(row, 'permissive'),
      roles: stringArray(row, 'roles'),
      ...(using !== undefined ? { using: { text: using } } : {}),
      ...(check !== undefined ? { withCheck: { text: check } } : {}),
    });
  }
}

export function mapTriggers(catalog: Catalog, rows: readonly Row[]): void {
  for (const row of rows) {
    const type = num(row, 'type') ?? 0;
    const events: Trigger['events'][number][] = [];
    if (type & (1 << 2)) events.push('insert');
    if (type & (1 << 4)) events.push('update');
    if (type & (1 << 3)) events.push('delete');
    if (type & (1 << 5)) events.push('truncate');
    catalog.putTrigger({
      name: text(row, 'name'),
      table: { schema: text(row, 'schema'), name: text(row, 'table_name') },
      function: { schema: text(row, 'function_schema'), name: text(row, 'function_name') },
      timing: type & (1 << 6) ? 'instead of' : type & (1 << 1) ? 'before' : 'after',
      events,
      forEachRow: (type & 1) !== 0,
    });
  }
}
