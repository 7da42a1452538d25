/**
 * Reads a live database (PostgreSQL 12-18, or PGlite) into the catalog model. The caller injects the query
 * runner, so core stays free of drivers: node-postgres, PGlite or anything that returns rows as objects.
 * One round trip per object kind; a failing query (permissions, an unexpected server) is reported and the
 * other kinds are still read.
 */
import { Catalog } from '../catalog';
import { mapConstraints, mapExtensions, mapFunctions, mapIndexes, mapPolicies, mapRelations, mapSchemas, mapSequences, mapTriggers, mapTypes } from './map';
import { CONSTRAINTS_QUERY, EXTENSIONS_QUERY, FUNCTIONS_QUERY, indexesQuery, POLICIES_QUERY, RELATIONS_QUERY, SCHEMAS_QUERY, SEQUENCES_QUERY, TRIGGERS_QUERY, TYPES_QUERY } from './queries';
import type { Row } from './rows';

/** Runs one SQL statement and resolves to its rows; rejects on error. */
export type QueryRunner = (sql: string) => Promise<readonly Row[]>;

export type IntrospectedKind = 'schemas' | 'extensions' | 'relations' | 'constraints' | 'indexes' | 'sequences' | 'types' | 'functions' | 'policies' | 'triggers';

export interface IntrospectionProblem {
  readonly kind: IntrospectedKind;
  readonly message: string;
}

export interface IntrospectionResult {
  readonly catalog: Catalog;
  /** Kinds that could not be read; an empty list means a complete catalog. */
  readonly problems: readonly IntrospectionProblem[];
}

/** The queries in the order they run, for a server version (version_num, e.g. 150004). */
export function introspectionQueries(serverVersionNum: number): readonly { kind: IntrospectedKind; sql: string }[] {
  return [
    { kind: 'extensions', sql: EXTENSIONS_QUERY },
    { kind: 'relations', sql: RELATIONS_QUERY },
    { kind: 'constraints', sql: CONSTRAINTS_QUERY },
    { kind: 'indexes', sql: indexesQuery(serverVersionNum) },
    { kind: 'sequences', sql: SEQUENCES_QUERY },
    { kind: 'types', sql: TYPES_QUERY },
    { kind: 'functions', sql: FUNCTIONS_QUERY },
    { kind: 'policies', sql: POLICIES_QUERY },
    { kind: 'triggers', sql: TRIGGERS_QUERY },
  ];
}

const MAPPERS: Readonly<Record<IntrospectedKind, (catalog: Catalog, rows: readonly Row[]) => void>> = {
  schemas: mapSchemas,
  extensions: mapExtensions,
  relations: mapRelations,
  constraints: mapConstraints,
  indexes: mapIndexes,
  sequences: mapSequences,
  types: mapTypes,
  functions: mapFunctions,
  policies: mapPolicies,
  triggers: mapTriggers,
};

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function introspectCatalog(run: QueryRunner): Promise<IntrospectionResult> {
  const catalog = new Catalog('database');
  catalog.deleteSchema('public'); // the database says whether public exists
  const problems: IntrospectionProblem[] = [];
  let versionNum = 120000;
  try {
    const rows = await run(SCHEMAS_QUERY);
    mapSchemas(catalog, rows);
    const reported = Number(rows[0]?.server_version_num);
    if (Number.isFinite(reported) && reported > 0) versionNum = reported;
  } catch (e) {
    problems.push({ kind: 'schemas', message: message(e) });
  }
  // Constraints attach to relations, so kinds are read in order rather than all at once.
  for (const { kind, sql } of introspectionQueries(versionNum)) {
    try {
      MAPPERS[kind](catalog, await run(sql));
    } catch (e) {
      problems.push({ kind, message: message(e) });
    }
  }
  return { catalog, problems };
}
