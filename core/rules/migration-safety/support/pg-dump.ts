/**
 * pg_dump output (whole, or split into migration files as some projects' baselines are) restores a schema into an
 * empty database: nobody waits on its locks and nothing is lost by its drops, so migration-safety rules stay quiet.
 */
import type { SqlDocument } from '../../../parse/document';

const DUMP_MARKERS = [/^--\s*PostgreSQL database dump\b/, /^--\s*Name: [^;]*; Type: [^;]*; Schema: [^;]*; Owner:/];

const cache = new WeakMap<SqlDocument, boolean>();

/** True when the document's comments carry pg_dump's header or its per-object "Name: ...; Type: ..." lines. */
export function isPgDumpOutput(document: SqlDocument): boolean {
  const known = cache.get(document);
  if (known !== undefined) return known;
  const found = document.comments.some((c) => !c.block && DUMP_MARKERS.some((m) => m.test(document.text.slice(c.start, c.end))));
  cache.set(document, found);
  return found;
}
