/**
 * Schema-aware checks: references PostgreSQL would refuse given the workspace's schema. Unknown tables and
 * columns in SELECT / INSERT / UPDATE / DELETE (with "did you mean" and a fix), CREATE INDEX on a table that
 * does not exist, and INSERT value lists that do not match their columns. Unknown names are reported only
 * where the catalog is trustworthy (see SchemaLookup.trustsAbsence); CTEs, temporary tables, set-returning
 * functions, system catalogs and relations the file itself creates are never unknown. Calls to unknown
 * functions (function-checks.ts), ambiguous column names (ambiguous-columns.ts) and comparisons or assignments
 * without an operator or cast (type-checks.ts); for a workspace's schema files, the foreign key and index rules
 * across migrations (cross-file-checks.ts). Each check is a rule of the rule framework (core/rules/schema/), which
 * gives it its id, docs, severity and configuration; this module judges them all in one pass, so names are
 * resolved once for every check.
 */
import { createHash } from 'node:crypto';
import { finish, STATEMENTS_PER_STEP, type Steps } from '../runtime/steps';
import { SchemaFindingsCache } from '../analysis/statement-cache';
import type { InsertStmt, Node } from '@pgsql/types';
import { DEFAULT_CONFIG, defaultSetting, ruleOption, ruleSetting, type Config } from '../config/config';
import { findingKind } from '../rules/catalog';
import type { Finding } from '../lint';
import { displayQualified, quoteIdentifier } from '../catalog/names';
import { asNode } from '../parse/ast';
import type { SqlDocument, Statement } from '../parse/document';
import type { Fix, Severity } from '../rules/types';
import { findSuppressions, SuppressionIndex } from '../rules/suppressions';
import { ambiguousColumn } from './ambiguous-columns';
import { AMBIGUOUS_COLUMN_ID, INSERT_COLUMN_COUNT_ID, TYPE_MISMATCH_ID, UNINDEXED_FILTER_ID, UNKNOWN_COLUMN_ID, UNKNOWN_FUNCTION_ID, UNKNOWN_TABLE_ID } from './check-ids';
import { closestName, NameSuggester } from './did-you-mean';
import { documentRelationsSteps, type DocumentRelations } from './document-ddl';
import { crossFileFindings, type WorkspaceContext } from './cross-file-checks';
import { documentFunctions, documentFunctionsSteps, unknownFunctions, type DocumentFunctions } from './function-checks';
import type { SchemaLookup } from './lookup';
import { namePartRanges } from './ranges';
import { QUERY_STATEMENTS, resolveStatement, type ColumnReference, type RelationReference, type StatementSemantics } from './resolve';
import { statementSearchPathsSteps } from './search-path';
import { typeMismatches } from './type-checks';
import { unindexedFilterMessage, unindexedFilters } from './unindexed-filter';

export { INSERT_COLUMN_COUNT_ID, UNINDEXED_FILTER_ID, UNKNOWN_COLUMN_ID, UNKNOWN_TABLE_ID };

export interface SchemaCheckOptions {
  /** Severities and options (default: each check's own). */
  readonly config?: Config;
  /** The severity each check reports with, undefined when it is off (default: from `config`). */
  readonly severityOf?: (ruleId: string) => Severity | undefined;
  /** Apply the file's ignore comments (default); the linter passes false and applies them once for all findings. */
  readonly suppress?: boolean;
  /**
   * False when the catalog was built from an older text of this document: relations the document creates
   * or alters then have columns the catalog may not show yet, so their columns are not checked.
   */
  readonly fresh?: boolean;
  /** The search_path the file starts with (default: the lookup's). */
  readonly searchPath?: readonly string[];
  /**
   * Set for a schema file of a workspace whose catalog is current: the pair rules (foreign keys without an index,
   * redundant indexes, key type mismatches) are judged over the whole migration sequence (cross-file-checks.ts).
   */
  readonly workspace?: WorkspaceContext;
  /** Keep each statement's findings for the next lint of an edited text (the editor; see SchemaFindingsCache). */
  readonly incremental?: boolean;
}

const CHECKED_STATEMENTS: ReadonlySet<string> = new Set([...QUERY_STATEMENTS, 'IndexStmt']);
/** Statements with a query that ambiguous-column and type-mismatch also judge. */
const VIEW_STATEMENTS: ReadonlySet<string> = new Set(['ViewStmt', 'CreateTableAsStmt']);

export function schemaFindings(document: SqlDocument, lookup: SchemaLookup, options: SchemaCheckOptions = {}): Finding[] {
  return finish(schemaFindingsSteps(document, lookup, options));
}

/** schemaFindings, pausing every few statements (core/runtime/steps.ts). */
export function* schemaFindingsSteps(document: SqlDocument, lookup: SchemaLookup, options: SchemaCheckOptions = {}): Steps<Finding[]> {
  const config = options.config ?? DEFAULT_CONFIG;
  const severity =
    options.severityOf ??
    ((id: string): Severity | undefined => {
      const kind = findingKind(id);
      const s = ruleSetting(config, id, kind ? defaultSetting(kind) : 'warning');
      return s === 'off' ? undefined : s;
    });
  const tableSeverity = severity(UNKNOWN_TABLE_ID);
  const columnSeverity = severity(UNKNOWN_COLUMN_ID);
  const countSeverity = severity(INSERT_COLUMN_COUNT_ID);
  const functionSeverity = severity(UNKNOWN_FUNCTION_ID);
  const ambiguousSeverity = severity(AMBIGUOUS_COLUMN_ID);
  const typeSeverity = severity(TYPE_MISMATCH_ID);
  // Row estimates come only with a database's catalog: without one there is nothing to measure "large" by.
  const unindexedSeverity = lookup.database ? severity(UNINDEXED_FILTER_ID) : undefined;
  const minRows = ruleOption(config, UNINDEXED_FILTER_ID, 'minRows') ?? findingKind(UNINDEXED_FILTER_ID)?.options?.minRows?.default ?? 0;
  if (!tableSeverity && !columnSeverity && !countSeverity && !unindexedSeverity && !functionSeverity && !ambiguousSeverity && !typeSeverity && !options.workspace) return [];
  // Passes over the whole file (~50-70 ms each at 100,000 statements), pausing as the statements do.
  const own = yield* documentRelationsSteps(document);
  const paths = yield* statementSearchPathsSteps(document, options.searchPath ?? lookup.searchPath);
  const findings: Finding[] = [];
  // Read when a call asks for it; ahead, in steps, in a file large enough for it to hold the thread.
  let functions: DocumentFunctions | undefined = functionSeverity && document.statements.length > 10_000 ? yield* documentFunctionsSteps(document) : undefined;
  let definesCoercions: boolean | undefined;
  /** Relations whose columns the catalog may not show as of a statement (once per file: it names every table it alters). */
  let unstableRelations: ReadonlySet<string> | undefined;
  const fresh = options.fresh !== false;
  // "Did you mean" for unknown tables: one suggester per schema or search_path, not the relation list per reference.
  const suggesters = new Map<string, NameSuggester>();
  const relationNames = (ref: RelationReference, path: readonly string[]): NameSuggester => {
    // By content: old pg_dump output sets the same search_path again before each object.
    const key = ref.name.schema !== undefined ? `schema ${ref.name.schema}` : `path ${path.join('\0')}`;
    let suggester = suggesters.get(key);
    if (!suggester) {
      const pool = ref.name.schema !== undefined ? lookup.relationsIn(ref.name.schema) : lookup.visibleRelations(path);
      suggesters.set(key, (suggester = new NameSuggester(pool.map((r) => r.name))));
    }
    return suggester;
  };
  /** ambiguous-column and type-mismatch, for a query or a view's query. */
  const queryChecks = (statement: Statement, semantics: StatementSemantics, path: readonly string[] = paths[statement.index]): Finding[] => {
    const out: Finding[] = [];
    if (ambiguousSeverity) {
      for (const ref of semantics.columns) {
        const f = ambiguousColumn(ref, own, fresh, ambiguousSeverity);
        if (f) out.push(f);
      }
    }
    if (typeSeverity) {
      unstableRelations ??= fresh ? own.redefined : new Set([...own.redefined, ...own.changed]);
      definesCoercions ??= definesCoercionsIn(document);
      out.push(...typeMismatches(statement, semantics, lookup, path, { alteredColumns: own.alteredColumns, unstableRelations, definesCoercions }, typeSeverity));
    }
    return out;
  };
  /** The checks of one statement's own names: its query's, and its view's query's (reported after all the others). */
  const judge = (statement: Statement, findings: Finding[], viewFindings: Finding[]): void => {
    const ast = statement.ast;
    // psql variables read as identifiers may stand for any table or column name: nothing can be called unknown.
    if (!ast || statement.dependsOnPsqlVariables || statement.psqlVariablesSubstituted) return;
    const path = paths[statement.index];
    // A view's query is refused for the same reasons as the query alone.
    if ((ambiguousSeverity || typeSeverity) && VIEW_STATEMENTS.has(statement.kind)) viewFindings.push(...queryChecks(statement, resolveStatement(statement, lookup, path), path));
    if (functionSeverity) findings.push(...unknownFunctions(statement, lookup, path, (functions ??= documentFunctions(document)), functionSeverity));
    if (!CHECKED_STATEMENTS.has(statement.kind)) return;
    const semantics = resolveStatement(statement, lookup, path);
    if (tableSeverity) {
      for (const ref of semantics.relations) {
        const f = unknownTable(ref, lookup, path, own, semantics.relations, relationNames, tableSeverity);
        if (f) findings.push(f);
      }
    }
    if (columnSeverity) {
      for (const ref of semantics.columns) {
        const f = unknownColumn(ref, own, options.fresh !== false, columnSeverity);
        if (f) findings.push(f);
      }
    }
    findings.push(...queryChecks(statement, semantics));
    const insert = asNode(ast, 'InsertStmt');
    if (insert && countSeverity) findings.push(...insertCounts(statement, insert, lookup, path, own, countSeverity));
    if (unindexedSeverity) {
      for (const f of unindexedFilters(statement, lookup, path, minRows)) {
        findings.push({ ruleId: UNINDEXED_FILTER_ID, severity: unindexedSeverity, message: unindexedFilterMessage(f, lookup.database?.name), range: f.range, fixes: [] });
      }
    }
  };
  /**
   * Everything a statement's checks read besides the statement and its search_path: the catalogs (by identity), the
   * settings, and what the file creates, drops and alters (an edit of a query changes none of it).
   */
  const schemaCheckContext = (): string => {
    if (functionSeverity) functions ??= documentFunctions(document);
    if (typeSeverity) definesCoercions ??= definesCoercionsIn(document);
    const sets = (m: ReadonlyMap<string, ReadonlySet<string>>): [string, string[]][] => [...m].map(([k, v]) => [k, [...v]]);
    const fileInputs = [[...own.created], [...own.changed], [...own.redefined], sets(own.columns), [...own.alteredColumns], functions ? [[...functions.created], functions.opaque] : null, definesCoercions ?? null];
    const settings = [tableSeverity, columnSeverity, countSeverity, functionSeverity, ambiguousSeverity, typeSeverity, unindexedSeverity, minRows, fresh];
    return createHash('sha1').update(JSON.stringify([lookup.identity, settings, fileInputs])).digest('base64');
  };
  // In the editor: each statement's findings kept for the next lint of an edited text.
  const cache = options.incremental ? new SchemaFindingsCache(schemaCheckContext()) : undefined;
  const viewFindings: Finding[] = [];
  for (const statement of document.statements) {
    if (statement.index % STATEMENTS_PER_STEP === STATEMENTS_PER_STEP - 1) yield;
    if (!cache) {
      judge(statement, findings, viewFindings);
      continue;
    }
    const path = paths[statement.index].join('\0');
    const known = cache.findings(statement, path);
    if (known) {
      findings.push(...known.findings);
      viewFindings.push(...known.viewFindings);
      continue;
    }
    const found: Finding[] = [];
    const foundInView: Finding[] = [];
    judge(statement, found, foundInView);
    cache.keep(statement, path, found, foundInView);
    findings.push(...found);
    viewFindings.push(...foundInView);
  }
  findings.push(...viewFindings);
  if (options.workspace) findings.push(...crossFileFindings(document, options.workspace, severity));
  if (options.suppress === false) return findings;
  const suppressions = new SuppressionIndex(findSuppressions(document));
  const kept = suppressions.suppressions.length === 0 ? findings : findings.filter((f) => suppressions.covering(f.ruleId, f.range.start).length === 0);
  return kept.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}

/** The file creates casts or operators: a type mismatch may be one it makes valid. */
function definesCoercionsIn(document: SqlDocument): boolean {
  return document.statements.some((s) => s.kind === 'CreateCastStmt' || (s.kind === 'DefineStmt' && asNode(s.ast, 'DefineStmt')?.kind === 'OBJECT_OPERATOR'));
}

function replaceFix(range: RelationReference['nameRange'], name: string): Fix {
  return { title: `Change to "${name}"`, edits: [{ range, newText: quoteIdentifier(name) }], preferred: true };
}

function unknownTable(
  ref: RelationReference,
  lookup: SchemaLookup,
  path: readonly string[],
  own: DocumentRelations,
  all: readonly RelationReference[],
  relationNames: (ref: RelationReference, path: readonly string[]) => NameSuggester,
  severity: Severity,
): Finding | undefined {
  if (ref.relation || ref.cte || ref.role === 'other') return undefined;
  if (own.created.has(ref.name.name) || !lookup.trustsAbsence(ref.name, path)) return undefined;
  const ctes = all.flatMap((r) => (r.cte ? [r.cte.name] : []));
  const suggestion = relationNames(ref, path).closest(ref.name.name, ctes);
  const written = ref.name.schema !== undefined ? `${ref.name.schema}.${ref.name.name}` : ref.name.name;
  const what = ref.role === 'index' ? `CREATE INDEX on table "${written}", which` : `Table "${written}"`;
  return {
    ruleId: UNKNOWN_TABLE_ID,
    severity,
    message: `${what} does not exist in ${lookup.database ? `the database "${lookup.database.name}" or ` : ''}the workspace schema${suggestion ? `. Did you mean "${suggestion}"?` : '.'}`,
    range: ref.nameRange,
    fixes: suggestion ? [replaceFix(ref.nameRange, suggestion)] : [],
  };
}

function unknownColumn(ref: ColumnReference, own: DocumentRelations, fresh: boolean, severity: Severity): Finding | undefined {
  const r = ref.resolution;
  if (r.status !== 'unknown' || ref.visible.length === 0) return undefined;
  // The catalog may predate this document's own CREATE / ALTER TABLE: leave its tables alone.
  if (!fresh && ref.visible.some((i) => i.relation && own.changed.has(i.relation.name))) return undefined;
  if (ref.visible.some((i) => i.relation && own.redefined.has(i.relation.name))) return undefined;
  // A column this file adds, drops or renames may exist at this statement even if not at the file's end.
  if (ref.visible.some((i) => i.relation && own.columns.get(i.relation.name)?.has(ref.name))) return undefined;
  const suggestion = closestName(ref.name, r.candidates);
  const where = r.item
    ? r.item.relation
      ? displayQualified(r.item.relation)
      : r.item.name
    : [...new Set(ref.visible.filter((i) => i.name !== '').map((i) => i.name))].join(', ');
  const place = where ? ` in ${r.item ? `"${where}"` : `the tables in scope (${where})`}` : '';
  return {
    ruleId: UNKNOWN_COLUMN_ID,
    severity,
    message: `Column "${ref.name}" does not exist${place}${suggestion ? `. Did you mean "${suggestion}"?` : '.'}`,
    range: ref.nameRange,
    fixes: suggestion ? [replaceFix(ref.nameRange, suggestion)] : [],
  };
}

/** INSERT column list vs each VALUES row (or the SELECT's output), as PostgreSQL's analyzer checks them. */
function insertCounts(statement: Statement, stmt: InsertStmt, lookup: SchemaLookup, path: readonly string[], own: DocumentRelations, severity: Severity): Finding[] {
  const select = asNode(stmt.selectStmt, 'SelectStmt');
  if (!select) return [];
  const rows: { readonly items: readonly Node[] }[] = [];
  if (select.valuesLists?.length) {
    for (const row of select.valuesLists) {
      const items = asNode(row, 'List')?.items ?? [];
      rows.push({ items });
    }
  } else if ((!select.op || select.op === 'SETOP_NONE') && select.targetList?.length) {
    const targets = select.targetList;
    const star = targets.some((t) => {
      const fields = asNode(asNode(t, 'ResTarget')?.val, 'ColumnRef')?.fields ?? [];
      return fields.length > 0 && asNode(fields[fields.length - 1], 'A_Star') !== undefined;
    });
    if (star) return [];
    rows.push({ items: targets });
  } else return [];
  const cols = stmt.cols ?? [];
  let targetCount: number;
  if (cols.length > 0) targetCount = cols.length;
  else {
    const rv = stmt.relation;
    // Without a column list the count is the table's at this statement: not known when the file changes its columns.
    if (!rv?.relname || own.changed.has(rv.relname)) return [];
    const relation = lookup.relation(rv.schemaname ? { schema: rv.schemaname, name: rv.relname } : { name: rv.relname }, path);
    if (!relation || relation.kind === 'view' || relation.kind === 'materialized-view') return [];
    targetCount = relation.columns.length;
  }
  const out: Finding[] = [];
  for (const row of rows) {
    const n = row.items.length;
    if (n > targetCount) {
      const range = statement.rangeOfLocation(firstLocation(row.items[targetCount]));
      out.push({ ruleId: INSERT_COLUMN_COUNT_ID, severity, message: `INSERT has more expressions (${n}) than target columns (${targetCount}).`, range, fixes: [] });
    } else if (n < targetCount && cols.length > 0) {
      const target = asNode(cols[n], 'ResTarget');
      const range = namePartRanges(statement, target?.location, 1)?.[0] ?? statement.rangeOfLocation(target?.location);
      out.push({ ruleId: INSERT_COLUMN_COUNT_ID, severity, message: `INSERT has more target columns (${targetCount}) than expressions (${n}).`, range, fixes: [] });
    }
  }
  return out;
}

/** The `location` of a node (wrapped or a ResTarget), when it has one. */
function firstLocation(node: Node | undefined): number | undefined {
  if (!node) return undefined;
  const body = Object.values(node)[0] as { location?: number } | undefined;
  return body?.location;
}
