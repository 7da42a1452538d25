// The catalog's proof against a real server: a schema file is sent to the server statement by statement (as psql
// splits it; psql meta-commands such as \restrict are not SQL and are skipped), the server's catalog is read
// back with core's introspection, and compared with the catalog core builds from the statements the server
// accepted. Rejected statements (an extension the server lacks, syntax of a newer version) are reported, never
// silently dropped: they are left out of both sides so the comparison is about the same DDL.
import { Catalog } from '../../core/catalog/catalog';
import { compareCatalogs, type CatalogComparison, type ComparedKind } from '../../core/catalog/compare';
import { applyDocument } from '../../core/catalog/ddl/apply';
import { introspectCatalog, type IntrospectionProblem, type QueryRunner } from '../../core/catalog/introspect/introspect';
import { computeFileFacts } from '../../core/analysis/file-facts';
import { parseDocument } from '../../core/parse/document';
import { segmentParseText, splitSql } from '../../core/parse/split';

export interface RejectedStatement {
  readonly line: number;
  readonly message: string;
}

export interface TruthResult {
  readonly comparison: CatalogComparison;
  readonly rejected: readonly RejectedStatement[];
  readonly statements: number;
  readonly introspectionProblems: readonly IntrospectionProblem[];
}

/** Runs each statement of `text`; returns the text with rejected statements blanked (offsets kept). */
export async function loadStatements(text: string, execute: (sql: string) => Promise<void>): Promise<{ accepted: string; rejected: RejectedStatement[]; statements: number }> {
  const chars = text.split('');
  const rejected: RejectedStatement[] = [];
  let statements = 0;
  // dbmate's down sections are not run by a migration: skip them as core does.
  const document = parseDocument(text, 'load.sql');
  const facts = computeFileFacts(document, 'load.sql', false);
  const down = new Set(document.statements.filter((s) => facts.statements[s.index]?.downMigration).map((s) => s.start));
  for (const segment of splitSql(text).segments) {
    if (segment.kind !== 'statement' || down.has(segment.start)) continue;
    const sql = segmentParseText(text.slice(segment.start, segment.end), segment);
    if (sql.trim() === '' || sql.trim() === ';') continue;
    statements++;
    try {
      await execute(sql);
    } catch (e) {
      const line = text.slice(0, segment.start).split('\n').length;
      rejected.push({ line, message: e instanceof Error ? e.message : String(e) });
      for (let i = segment.start; i < segment.end; i++) if (chars[i] !== '\n') chars[i] = ' ';
    }
  }
  return { accepted: chars.join(''), rejected, statements };
}

/** Loads `text` through `execute`, introspects through `query`, and compares with core's DDL catalog. */
export async function catalogTruth(file: string, text: string, execute: (sql: string) => Promise<void>, query: QueryRunner): Promise<TruthResult> {
  const { accepted, rejected, statements } = await loadStatements(text, execute);
  const ddl = new Catalog('ddl');
  applyDocument(ddl, parseDocument(accepted, file), file);
  const live = await introspectCatalog(query);
  return { comparison: compareCatalogs(ddl, live.catalog), rejected, statements, introspectionProblems: live.problems };
}

/** The same for a migration folder: files run in order on one database, accepted statements build the catalog. */
export async function catalogTruthFiles(files: readonly { path: string; text: string }[], execute: (sql: string) => Promise<void>, query: QueryRunner): Promise<TruthResult> {
  const ddl = new Catalog('ddl');
  const rejected: RejectedStatement[] = [];
  let statements = 0;
  for (const file of files) {
    const loaded = await loadStatements(file.text, execute);
    rejected.push(...loaded.rejected.map((r) => ({ ...r, message: `${file.path}:${r.line}: ${r.message}` })));
    statements += loaded.statements;
    applyDocument(ddl, parseDocument(loaded.accepted, file.path), file.path);
  }
  const live = await introspectCatalog(query);
  return { comparison: compareCatalogs(ddl, live.catalog), rejected, statements, introspectionProblems: live.problems };
}

const KINDS: readonly ComparedKind[] = ['table', 'column', 'index', 'constraint'];

/** One line per file: `agreed/total` per kind, and the rejected statement count. */
export function agreementLine(file: string, result: TruthResult): string {
  const parts = KINDS.map((k) => `${k === 'index' ? 'indexes' : `${k}s`} ${result.comparison.agreement[k].agreed}/${result.comparison.agreement[k].total}`);
  return `${file}: ${parts.join(', ')}; ${result.rejected.length} of ${result.statements} statements rejected by the server`;
}

/** Distinct rejection reasons with counts (`extension "vector" is not available` x2). */
export function rejectionSummary(rejected: readonly RejectedStatement[]): string[] {
  const counts = new Map<string, number>();
  for (const r of rejected) counts.set(r.message, (counts.get(r.message) ?? 0) + 1);
  return [...counts].map(([m, n]) => `${m}${n > 1 ? ` (x${n})` : ''}`);
}
