/**
 * Types that common extensions create, so `CREATE EXTENSION citext` lets a later `email citext` resolve to
 * the extension's schema (the DDL does not say which types an extension brings).
 */
export const EXTENSION_TYPES: Readonly<Record<string, readonly string[]>> = {
  citext: ['citext'],
  hstore: ['hstore', 'ghstore'],
  ltree: ['ltree', 'lquery', 'ltxtquery', 'ltree_gist'],
  cube: ['cube'],
  seg: ['seg'],
  isn: ['ean13', 'isbn13', 'ismn13', 'issn13', 'isbn', 'ismn', 'issn', 'upc'],
  pg_trgm: ['gtrgm'],
  intarray: ['query_int', 'intbig_gkey'],
  vector: ['vector', 'halfvec', 'sparsevec'],
  postgis: ['geometry', 'geography', 'box2d', 'box3d', 'box2df', 'gidx', 'spheroid', 'geometry_dump', 'valid_detail'],
  btree_gist: ['gbtreekey4', 'gbtreekey8', 'gbtreekey16', 'gbtreekey32', 'gbtreekey_var', 'gbtreekey2'],
  lo: ['lo'],
};
