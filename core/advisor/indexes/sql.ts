/**
 * A candidate as SQL: the name PostgreSQL users would choose (`<table>_<columns>_idx`, cut to 63 bytes with a
 * short hash when longer), the definition the planner tries, and the CONCURRENTLY statement to put in a migration.
 */
import { createHash } from 'node:crypto';
import { quoteIdentifier } from '../../catalog/names';
import { cutToBytes, MAX_IDENTIFIER_BYTES } from '../../knowledge/naming';
import type { IndexCandidate } from './types';

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');

export function indexName(c: IndexCandidate): string {
  const parts = [c.table, ...c.columns.map((col) => col.column)];
  if (c.whereLabel) parts.push(c.whereLabel);
  if (c.include.length > 0) parts.push('incl');
  parts.push(c.columns.some((col) => col.opclass?.startsWith('gin_trgm')) ? 'trgm_idx' : c.method === 'gin' ? 'gin_idx' : 'idx');
  const name = parts.map(slug).filter((p) => p !== '').join('_');
  if (Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES) return name;
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 8);
  return `${cutToBytes(name, MAX_IDENTIFIER_BYTES - 9).replace(/_+$/, '')}_${hash}`;
}

export function qualifiedTable(c: Pick<IndexCandidate, 'schema' | 'table'>): string {
  return `${quoteIdentifier(c.schema)}.${quoteIdentifier(c.table)}`;
}

/** `ON schema.table [USING gin] (cols) [INCLUDE (...)] [WHERE ...]`: the part after the index name. */
export function indexBody(c: IndexCandidate): string {
  const cols = c.columns.map((col) => `${quoteIdentifier(col.column)}${col.opclass ? ` ${col.opclass}` : ''}${col.descending ? ' DESC' : ''}`).join(', ');
  const using = c.method === 'btree' ? '' : ` USING ${c.method}`;
  const include = c.include.length > 0 ? ` INCLUDE (${c.include.map(quoteIdentifier).join(', ')})` : '';
  const where = c.where ? ` WHERE ${c.where}` : '';
  return `ON ${qualifiedTable(c)}${using} (${cols})${include}${where}`;
}

/** What a migration should run: never blocks writes, and re-running it is harmless. */
export function createIndexSql(c: IndexCandidate, name = indexName(c)): string {
  return `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdentifier(name)} ${indexBody(c)};`;
}

/** A candidate's identity: two candidates with the same definition are one. */
export function definitionKey(c: IndexCandidate): string {
  return indexBody(c);
}
