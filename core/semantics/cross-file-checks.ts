/**
 * The schema-design rules that judge pairs of objects - foreign-key-missing-index, redundant-index,
 * foreign-key-type-mismatch - over a workspace's whole migration sequence instead of one file: a foreign key
 * in one migration is served by an index a later migration adds (and reported again when a later one drops
 * it), an index duplicates one from another file, a key references a column another file declares. Judged
 * on the workspace catalog after its last schema file, with the same analysis as the per-file rules
 * (core/rules/helpers/index-coverage.ts, key-types.ts, foreign-key-index.ts), and reported under the same
 * ids on the objects this document creates.
 *
 * The per-file rules and these checks never both run on a document: where the workspace catalog is current for
 * a schema file, the editor turns the per-file rules off for it and runs these instead (see
 * server/analyzer.ts); everywhere else (the CLI, files outside the workspace's schema) the per-file rules run.
 */
import type { CatalogView } from '../catalog/catalog';
import type { Column, Constraint, Index, Relation } from '../catalog/model';
import { displayQualified, qualifiedKey, quoteIdentifier, type QualifiedName } from '../catalog/names';
import type { Finding } from '../lint';
import type { SqlDocument } from '../parse/document';
import type { OffsetRange } from '../parse/positions';
import { columnDefinitions, typeSpan } from '../rules/helpers/column-defs';
import { foreignKeyIndexFix, foreignKeyIndexMessage } from '../rules/helpers/foreign-key-index';
import { redundancyMessage, reportsAgainst, servesForeignKey, type IndexShape } from '../rules/helpers/index-coverage';
import { displayTypeFamily, keyTypeMessage, keyTypeMismatch } from '../rules/helpers/key-types';
import foreignKeyMissingIndex from '../rules/schema-design/foreign-key-missing-index';
import foreignKeyTypeMismatch from '../rules/schema-design/foreign-key-type-mismatch';
import redundantIndex from '../rules/schema-design/redundant-index';
import type { Fix, RuleMeta, Severity } from '../rules/types';
import { statementContaining } from './statement-at';

/** The rules these checks stand in for where a workspace catalog is current. */
export const CROSS_FILE_RULE_IDS: readonly string[] = [foreignKeyMissingIndex.meta.id, redundantIndex.meta.id, foreignKeyTypeMismatch.meta.id];

export interface WorkspaceContext {
  /** The workspace catalog after its last schema file, built with this document's current text. */
  readonly catalog: CatalogView;
  /** This document's name in the catalog's object locations. */
  readonly file: string;
  /** The schema files in migration order: which of two objects came first. */
  readonly files: readonly string[];
  /**
   * Table and index names DDL inside DO blocks or routine bodies touches anywhere in the workspace
   * (dynamicDdlNames): the catalog does not follow it, so their indexes and keys are not judged.
   */
  readonly opaque?: ReadonlySet<string>;
}

const NAME = String.raw`("(?:[^"]|"")+"|[\w$]+)(?:\s*\.\s*("(?:[^"]|"")+"|[\w$]+))?`;
const DYNAMIC_DDL = new RegExp(
  String.raw`\b(?:alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?|create\s+(?:unique\s+)?index\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?(?:(?:"(?:[^"]|"")+"|[\w$]+)\s+)?on\s+(?:only\s+)?|drop\s+index\s+(?:concurrently\s+)?(?:if\s+exists\s+)?)${NAME}`,
  'gi',
);

/** Folded name of an identifier as written (quoted kept, unquoted lower-cased). */
function written(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replace(/""/g, '"') : identifier.toLowerCase();
}

/** Names (last part) of the tables and indexes that DDL in the document's DO blocks and routine bodies names. */
export function dynamicDdlNames(document: SqlDocument): string[] {
  const out: string[] = [];
  for (const statement of document.statements) {
    if (statement.kind !== 'DoStmt' && statement.kind !== 'CreateFunctionStmt') continue;
    for (const m of statement.text.matchAll(DYNAMIC_DDL)) out.push(written(m[2] ?? m[1]));
  }
  return out;
}

const TABLE_KINDS: ReadonlySet<Relation['kind']> = new Set(['table', 'partitioned-table']);

interface Context {
  readonly document: SqlDocument;
  readonly workspace: WorkspaceContext;
  readonly catalog: CatalogView;
  readonly out: Finding[];
  /** Each file's place in `workspace.files` (its first). */
  readonly fileOrder: ReadonlyMap<string, number>;
}

/** The tables' foreign keys and the indexes of a catalog, by the file that declares them. */
interface ByFile {
  readonly foreignKeys: ReadonlyMap<string, readonly { readonly relation: Relation; readonly constraint: Constraint }[]>;
  readonly indexes: ReadonlyMap<string, readonly Index[]>;
}

/**
 * Built once per catalog and shared by every file judged against it: each file's checks read only its own
 * objects, so a project of n files costs n times one file's objects, not n times the whole catalog.
 */
const byFileCache = new WeakMap<CatalogView, ByFile>();
function objectsByFile(catalog: CatalogView): ByFile {
  let hit = byFileCache.get(catalog);
  if (hit) return hit;
  const foreignKeys = new Map<string, { relation: Relation; constraint: Constraint }[]>();
  const indexes = new Map<string, Index[]>();
  const add = <T>(map: Map<string, T[]>, file: string | undefined, value: T): void => {
    if (file === undefined) return;
    let list = map.get(file);
    if (!list) map.set(file, (list = []));
    list.push(value);
  };
  for (const relation of catalog.relations()) {
    if (!TABLE_KINDS.has(relation.kind)) continue;
    for (const constraint of relation.constraints) if (constraint.kind === 'foreign-key' && !constraint.inherited) add(foreignKeys, constraint.location?.file, { relation, constraint });
  }
  for (const index of catalog.indexes()) add(indexes, index.location?.file, index);
  hit = { foreignKeys, indexes };
  byFileCache.set(catalog, hit);
  return hit;
}

/** Each file's first place in the migration sequence, per file list. */
const orderCache = new WeakMap<readonly string[], ReadonlyMap<string, number>>();
function fileOrderOf(files: readonly string[]): ReadonlyMap<string, number> {
  let hit = orderCache.get(files);
  if (!hit) {
    const order = new Map<string, number>();
    files.forEach((f, i) => order.has(f) || order.set(f, i));
    orderCache.set(files, (hit = order));
  }
  return hit;
}

/** `severityOf`: each pair rule's severity, undefined when it is off. */
export function crossFileFindings(document: SqlDocument, workspace: WorkspaceContext, severityOf: (ruleId: string) => Severity | undefined): Finding[] {
  const ctx: Context = { document, workspace, catalog: workspace.catalog, out: [], fileOrder: fileOrderOf(workspace.files) };
  const mine = objectsByFile(workspace.catalog);
  const severity = (meta: RuleMeta): Severity | undefined => severityOf(meta.id);
  const missingIndex = severity(foreignKeyMissingIndex.meta);
  const redundant = severity(redundantIndex.meta);
  const typeMismatch = severity(foreignKeyTypeMismatch.meta);
  for (const { relation, constraint } of mine.foreignKeys.get(workspace.file) ?? []) {
    if (workspace.opaque?.has(relation.name)) continue;
    if (missingIndex) foreignKeyWithoutIndex(ctx, relation, constraint, missingIndex);
    if (typeMismatch) foreignKeyTypes(ctx, relation, constraint, typeMismatch);
  }
  if (redundant) redundantIndexes(ctx, redundant, mine.indexes.get(workspace.file) ?? []);
  return dedupe(ctx.out);
}

/** One finding per rule and range (a key declared twice over the same columns, a column referencing twice). */
function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\0${f.range.start}\0${f.range.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function display(name: QualifiedName): string {
  return name.schema === 'public' ? quoteIdentifier(name.name) : displayQualified(name);
}

/** The range, when the location is this document's and still inside it. */
function rangeHere(ctx: Context, location: { readonly file: string; readonly range: OffsetRange } | undefined): OffsetRange | undefined {
  if (!location || location.file !== ctx.workspace.file || location.range.end > ctx.document.text.length) return undefined;
  return location.range;
}

function foreignKeyWithoutIndex(ctx: Context, relation: Relation, fk: Constraint, severity: Severity): void {
  const range = rangeHere(ctx, fk.location);
  if (!range || fk.columns.length === 0 || !fk.references) return;
  const table = qualifiedKey(relation.schema, relation.name);
  if (ctx.catalog.indexesOf(relation).some((i) => servesForeignKey(indexShape(i), { table, columns: fk.columns }))) return;
  const statement = statementContaining(ctx.document, range.start);
  const fixes: Fix[] = statement ? [foreignKeyIndexFix(statement, relation.name, display(relation), fk.columns)] : [];
  ctx.out.push({
    ruleId: foreignKeyMissingIndex.meta.id,
    severity,
    category: foreignKeyMissingIndex.meta.category,
    message: foreignKeyIndexMessage(display(relation), fk.columns, display(fk.references.table)),
    range,
    fixes,
  });
}

/** An index in the comparable shape the per-file rules use (expressions and predicates as whitespace-normalised text). */
export function indexShape(index: Index): IndexShape {
  const normal = (text: string | undefined): string | undefined => (text === undefined ? undefined : text.replace(/\s+/g, ' ').trim());
  return {
    table: qualifiedKey(index.table.schema, index.table.name),
    name: index.name,
    columns: index.keys.map((k) => k.column),
    keys: index.keys.map((k) => JSON.stringify([k.column ?? null, normal(k.expression?.text) ?? null, k.opclass ?? null, k.collation ?? null, k.descending === true, k.nullsFirst ?? null])),
    include: index.include,
    method: index.method.toLowerCase(),
    unique: index.unique,
    constraint: index.constraint !== undefined,
    primary: index.primary,
    predicate: normal(index.predicate?.text),
  };
}

/** Where an object was created in the migration sequence: file order, then offset. */
function position(ctx: Context, index: Index): number {
  const file = index.location ? (ctx.fileOrder.get(index.location.file) ?? -1) : -1;
  return file < 0 ? Number.MAX_SAFE_INTEGER : file * 1e9 + (index.location?.range.start ?? 0);
}

function redundantIndexes(ctx: Context, severity: Severity, own: readonly Index[]): void {
  for (const a of own) {
    const range = rangeHere(ctx, a.location);
    if (!range) continue;
    const relation = ctx.catalog.relation(a.table);
    // Partitions hold clones of their parent's indexes: judged on the parent.
    if (!relation || relation.partitionOf || ctx.workspace.opaque?.has(relation.name) || ctx.workspace.opaque?.has(a.name)) continue;
    const shape = indexShape(a);
    for (const b of ctx.catalog.indexesOf(a.table)) {
      if (b === a || (b.schema === a.schema && b.name === a.name) || ctx.workspace.opaque?.has(b.name)) continue;
      const why = reportsAgainst(shape, indexShape(b), position(ctx, a) < position(ctx, b));
      if (!why) continue;
      ctx.out.push({ ruleId: redundantIndex.meta.id, severity, category: redundantIndex.meta.category, message: redundancyMessage(shape, indexShape(b), why, display(relation)), range, fixes: [] });
      break;
    }
  }
}

function foreignKeyTypes(ctx: Context, relation: Relation, fk: Constraint, severity: Severity): void {
  const fkRange = rangeHere(ctx, fk.location);
  const parent = fk.references ? ctx.catalog.relation(fk.references.table) : undefined;
  if (!fkRange || !parent || !fk.references || fk.references.columns.length !== fk.columns.length) return;
  fk.columns.forEach((name, i) => {
    const column = relation.columns.find((c) => c.name === name);
    const referenced = parent.columns.find((c) => c.name === fk.references?.columns[i]);
    if (!column || !referenced) return;
    const mine = displayTypeFamily(column.type);
    const theirs = displayTypeFamily(referenced.type);
    const mismatch = mine && theirs ? keyTypeMismatch(mine, theirs) : undefined;
    if (!mine || !theirs || !mismatch) return;
    // numeric keeps the referenced precision and scale.
    const replacement = theirs === 'numeric' ? referenced.type : theirs;
    // The column's own definition when this document has it (rewritable), else the key that references.
    const span = columnTypeSpan(ctx, column);
    ctx.out.push({
      ruleId: foreignKeyTypeMismatch.meta.id,
      severity,
      category: foreignKeyTypeMismatch.meta.category,
      message: keyTypeMessage(`${display(relation)}.${name}`, mine, `${display(parent)}.${referenced.name}`, theirs, mismatch.narrower ? display(parent) : undefined, replacement),
      range: span ?? fkRange,
      fixes: span ? [{ title: `Use ${replacement}`, preferred: true, edits: [{ range: span, newText: replacement }] }] : [],
    });
  });
}

/** Where this document spells the type of a column it defines (CREATE TABLE or ADD COLUMN). */
function columnTypeSpan(ctx: Context, column: Column): OffsetRange | undefined {
  const range = rangeHere(ctx, column.location);
  const statement = range ? statementContaining(ctx.document, range.start) : undefined;
  if (!range || !statement) return undefined;
  for (const def of columnDefinitions(statement.ast)) {
    if (def.kind === 'alter-type' || def.name !== column.name) continue;
    if (statement.rangeOfLocation(def.column.location).start !== range.start) continue;
    return typeSpan(statement, def.column.typeName);
  }
  return undefined;
}
