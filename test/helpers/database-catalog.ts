// A database catalog for unit tests without a server: the catalog core builds from DDL, re-labelled as read
// from a database (no source locations) with row estimates as ANALYZE would leave them. Tests that need the
// real thing introspect PGlite or a server (test/pglite, test/lsp/database-catalog.test.ts).
import { strict as assert } from 'node:assert';
import type { Catalog } from '../../core/catalog/catalog';
import { deserializeCatalog, serializeCatalog } from '../../core/catalog/serialize';
import { buildCatalog } from '../../core/catalog/workspace-catalog';

type Located = { readonly location?: unknown };

function withoutLocation<T extends Located>(record: T): T {
  const { location: _location, ...rest } = record;
  return rest as T;
}

export function databaseCatalogFrom(ddl: string, rowEstimates: Readonly<Record<string, number>> = {}): Catalog {
  const built = buildCatalog([{ path: 'file:///database.sql', text: ddl }]);
  assert.deepEqual(built.problems, []);
  const s = serializeCatalog(built.catalog);
  const read = deserializeCatalog({
    ...s,
    source: 'database',
    relations: s.relations.map((r) => ({ ...withoutLocation(r), columns: r.columns.map(withoutLocation), ...(rowEstimates[r.name] !== undefined ? { rowEstimate: rowEstimates[r.name] } : {}) })),
    indexes: s.indexes.map(withoutLocation),
    functions: s.functions.map(withoutLocation),
    types: s.types.map(withoutLocation),
    sequences: s.sequences.map(withoutLocation),
  });
  if ('error' in read) throw new Error(read.error);
  assert.deepEqual(read.problems, []);
  return read.catalog;
}
