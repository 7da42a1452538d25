/**
 * What name resolution asks of the schema: relations through a search_path (temporary objects first, as
 * PostgreSQL searches pg_temp before the path), over one or more catalog states (a migration file sees the
 * catalog before it and after it), and whether the workspace knows a schema well enough to call a name unknown.
 */
import type { CatalogView } from '../catalog/catalog';
import type { FunctionInfo, Relation, TypeInfo } from '../catalog/model';
import { DEFAULT_SEARCH_PATH, effectiveSearchPath, type NameReference } from '../catalog/names';

/** Schemas PostgreSQL or extensions fill: the workspace's DDL never describes them. */
const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(['pg_catalog', 'information_schema', 'pg_toast']);

/** Extensions that create no tables or views, so a schema holding them is still fully described by DDL. */
const TABLELESS_EXTENSIONS: ReadonlySet<string> = new Set([
  'plpgsql', 'pgcrypto', 'uuid-ossp', 'citext', 'hstore', 'pg_trgm', 'btree_gin', 'btree_gist', 'unaccent', 'fuzzystrmatch',
  'intarray', 'ltree', 'cube', 'earthdistance', 'tablefunc', 'vector', 'isn', 'seg', 'lo', 'tsm_system_rows', 'tsm_system_time',
  'dict_int', 'dict_xsyn', 'pgrowlocks', 'pgstattuple', 'pg_buffercache', 'bloom', 'intagg', 'moddatetime', 'autoinc',
  'insert_username', 'refint', 'sslinfo', 'xml2', 'pg_prewarm', 'amcheck', 'pageinspect', 'postgres_fdw', 'dblink', 'file_fdw',
]);

interface SchemaSummary {
  readonly relationsBySchema: ReadonlyMap<string, readonly Relation[]>;
  /** Schemas where an extension may have created relations the DDL does not show. */
  readonly extensionSchemas: ReadonlySet<string>;
}

const summaries = new WeakMap<CatalogView, SchemaSummary>();

function summary(catalog: CatalogView): SchemaSummary {
  const hit = summaries.get(catalog);
  if (hit) return hit;
  const relationsBySchema = new Map<string, Relation[]>();
  for (const r of catalog.relations()) {
    const list = relationsBySchema.get(r.schema);
    if (list) list.push(r);
    else relationsBySchema.set(r.schema, [r]);
  }
  const extensionSchemas = new Set(catalog.extensions().filter((e) => !TABLELESS_EXTENSIONS.has(e.name)).map((e) => e.schema));
  const out = { relationsBySchema, extensionSchemas };
  summaries.set(catalog, out);
  return out;
}

/** The connected database whose catalog the lookup's catalogs include (see core/catalog/merge.ts). */
export interface DatabaseOrigin {
  /** The connection's display name. */
  readonly name: string;
  /** The database's own catalog: whether an object came from it, and its statistics. */
  readonly catalog: CatalogView;
}

const NO_SCHEMAS: ReadonlySet<string> = new Set();

const objectNumbers = new WeakMap<object, number>();
let nextObjectNumber = 0;

/** A number per object, never reused: an identity to put in a key. */
function objectNumber(o: object): number {
  let n = objectNumbers.get(o);
  if (n === undefined) objectNumbers.set(o, (n = nextObjectNumber++));
  return n;
}

export class SchemaLookup {
  /**
   * `catalogs`: the catalog states a name may come from, most relevant first (what hover and completion
   * show); a name is known when any of them has it. `database`: set when they include a database's catalog.
   */
  constructor(
    readonly catalogs: readonly CatalogView[],
    readonly searchPath: readonly string[] = DEFAULT_SEARCH_PATH,
    readonly database?: DatabaseOrigin,
    /** Schemas whose history the catalogs hold only in part (core/project/completeness.ts): absence proves nothing. */
    readonly partialSchemas: ReadonlySet<string> = NO_SCHEMAS,
  ) {}

  private identityKey: string | undefined;

  /**
   * Equal for lookups over the same catalog objects, search_path, database and partial schemas: what per-statement
   * results are kept by (a catalog is not changed once it is read: a build applies DDL to a copy of its own).
   */
  get identity(): string {
    this.identityKey ??= JSON.stringify([this.catalogs.map(objectNumber), this.searchPath, this.database ? [this.database.name, objectNumber(this.database.catalog)] : null, [...this.partialSchemas].sort()]);
    return this.identityKey;
  }

  /** Whether the connected database has this relation (so its statistics are the database's). */
  fromDatabase(relation: Pick<Relation, 'schema' | 'name'>): boolean {
    return this.database?.catalog.relation(relation) !== undefined;
  }

  get primary(): CatalogView | undefined {
    return this.catalogs[0];
  }

  /** pg_temp first, then pg_catalog (unless listed), then the path. */
  lookupPath(searchPath: readonly string[] = this.searchPath): string[] {
    return ['pg_temp', ...effectiveSearchPath(searchPath)];
  }

  relation(ref: NameReference, searchPath: readonly string[] = this.searchPath): Relation | undefined {
    const path = ref.schema !== undefined ? [ref.schema] : this.lookupPath(searchPath);
    for (const schema of path) {
      for (const catalog of this.catalogs) {
        const hit = catalog.relation({ schema, name: ref.name });
        if (hit) return hit;
      }
    }
    return undefined;
  }

  type(ref: NameReference, searchPath: readonly string[] = this.searchPath): TypeInfo | undefined {
    for (const catalog of this.catalogs) {
      const hit = catalog.resolveType(ref, searchPath);
      if (hit) return hit;
    }
    return undefined;
  }

  functions(ref: NameReference, searchPath: readonly string[] = this.searchPath): readonly FunctionInfo[] {
    for (const catalog of this.catalogs) {
      const hit = catalog.resolveFunctions(ref, searchPath);
      if (hit.length > 0) return hit;
    }
    return [];
  }

  relationsIn(schema: string): readonly Relation[] {
    const primary = this.primary;
    return primary ? (summary(primary).relationsBySchema.get(schema) ?? []) : [];
  }

  /** Relations visible without a schema, first schema of the path winning (temporary ones first). */
  visibleRelations(searchPath: readonly string[] = this.searchPath): Relation[] {
    const seen = new Set<string>();
    const out: Relation[] = [];
    for (const schema of this.lookupPath(searchPath)) {
      for (const r of this.relationsIn(schema)) {
        if (seen.has(r.name)) continue;
        seen.add(r.name);
        out.push(r);
      }
    }
    return out;
  }

  /**
   * Whether a relation missing from the catalog is really missing: the schema it would be in is one the
   * workspace defines tables in, is no system schema, and holds no extension that creates tables of its own.
   * Unqualified `pg_*` names are system catalogs and views.
   */
  trustsAbsence(ref: NameReference, searchPath: readonly string[] = this.searchPath): boolean {
    if (this.catalogs.length === 0) return false;
    const schemas = ref.schema !== undefined ? [ref.schema] : effectiveSearchPath(searchPath);
    if (ref.schema === undefined && ref.name.startsWith('pg_')) return false;
    let defined = false;
    for (const schema of schemas) {
      if (SYSTEM_SCHEMAS.has(schema) || schema.startsWith('pg_temp')) {
        if (ref.schema !== undefined) return false;
        continue;
      }
      if (this.partialSchemas.has(schema)) return false;
      for (const catalog of this.catalogs) {
        const s = summary(catalog);
        if (s.extensionSchemas.has(schema)) return false;
        if ((s.relationsBySchema.get(schema)?.length ?? 0) > 0) defined = true;
      }
    }
    return defined;
  }
}
