/**
 * Compares two catalogs (typically the workspace's DDL and a database) object by object: tables, columns
 * (type, nullability, default), indexes (keys, uniqueness, method, INCLUDE, predicate), and constraints
 * (kind, columns, check expression, foreign-key target and actions). Expressions compare by their normal
 * form (expressions.ts) with casts of constants and columns ignored: PostgreSQL adds those when it stores them.
 * Objects that belong to extensions are skipped: DDL never shows them.
 */
import type { CatalogView } from './catalog';
import { expressionKey, type NormalFormOptions } from './expressions';
import type { Constraint, Expression, Index, IndexKey, Relation } from './model';
import { displayQualified } from './names';

export type ComparedKind = 'table' | 'column' | 'index' | 'constraint';

export interface CatalogDifference {
  readonly kind: ComparedKind;
  /** `schema.table`, `schema.table.column`, `schema.index`, `schema.table.constraint`. */
  readonly object: string;
  /** What differs: `missing`, `extra`, `type`, `not null`, `default`, `keys`, ... */
  readonly aspect: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface KindAgreement {
  /** Objects of this kind in the expected catalog (missing ones included) plus extra ones in the actual. */
  readonly total: number;
  /** Objects present in both with every compared aspect equal. */
  readonly agreed: number;
}

export interface CatalogComparison {
  readonly agreement: Readonly<Record<ComparedKind, KindAgreement>>;
  readonly differences: readonly CatalogDifference[];
}

/** Normal-form options that resolve names through one catalog (each side resolves its own way). */
function normalForm(catalog: CatalogView): NormalFormOptions {
  return {
    ignoreImplicitCasts: true,
    resolveType: (ref) => {
      const t = catalog.resolveType(ref);
      return t ? { schema: t.schema, name: t.name } : undefined;
    },
    qualifyRelation: (name) => {
      const found = catalog.resolveSequence(name) ?? catalog.resolveRelation(name) ?? catalog.resolveIndex(name);
      if (found) return { schema: found.schema, name: found.name };
      // Written under another search_path: a sequence of that name in exactly one schema is the one.
      const anywhere = catalog.sequences().filter((s) => s.name === name);
      return anywhere.length === 1 ? { schema: anywhere[0].schema, name } : { schema: catalog.searchPath[0] ?? 'public', name };
    },
  };
}

class Tally {
  readonly counts: Record<ComparedKind, { total: number; agreed: number }> = {
    table: { total: 0, agreed: 0 },
    column: { total: 0, agreed: 0 },
    index: { total: 0, agreed: 0 },
    constraint: { total: 0, agreed: 0 },
  };
  readonly differences: CatalogDifference[] = [];

  /** Counts one object; `aspects` are the differing aspects found (none: agreement). */
  record(kind: ComparedKind, object: string, aspects: readonly Omit<CatalogDifference, 'kind' | 'object'>[]): void {
    this.counts[kind].total++;
    if (aspects.length === 0) this.counts[kind].agreed++;
    for (const a of aspects) this.differences.push({ kind, object, ...a });
  }
}

function differ(aspect: string, expected: unknown, actual: unknown): Omit<CatalogDifference, 'kind' | 'object'>[] {
  const e = typeof expected === 'string' ? expected : JSON.stringify(expected);
  const a = typeof actual === 'string' ? actual : JSON.stringify(actual);
  return e === a ? [] : [{ aspect, expected: e, actual: a }];
}

export function compareCatalogs(expected: CatalogView, actual: CatalogView): CatalogComparison {
  const tally = new Tally();
  const formE = normalForm(expected);
  const formA = normalForm(actual);
  const sameExpression = (e: Expression | undefined, a: Expression | undefined): boolean =>
    (e === undefined) === (a === undefined) && (e === undefined || expressionKey(e.text, formE) === expressionKey(a!.text, formA));

  const relations = (c: CatalogView): Map<string, Relation> => new Map(c.relations().filter((r) => !r.extension).map((r) => [displayQualified(r), r]));
  const expectedRelations = relations(expected);
  const actualRelations = relations(actual);
  for (const [name, e] of expectedRelations) {
    const a = actualRelations.get(name);
    if (!a) {
      tally.record('table', name, [{ aspect: 'missing', expected: e.kind }]);
      for (const c of e.columns) tally.record('column', `${name}.${c.name}`, [{ aspect: 'missing' }]);
      for (const c of e.constraints) tally.record('constraint', `${name}.${c.name}`, [{ aspect: 'missing' }]);
      continue;
    }
    tally.record('table', name, [...differ('kind', e.kind, a.kind), ...differ('persistence', e.persistence, a.persistence), ...differ('partition of', e.partitionOf ?? null, a.partitionOf ?? null)]);
    const isTable = e.kind !== 'view' && e.kind !== 'materialized-view';
    for (const ec of e.columns) {
      const ac = a.columns.find((c) => c.name === ec.name);
      const object = `${name}.${ec.name}`;
      if (!ac) {
        tally.record('column', object, [{ aspect: 'missing' }]);
        continue;
      }
      // View column types need the planner: compared for tables only.
      tally.record('column', object, [
        ...(isTable ? differ('type', ec.type, ac.type) : []),
        ...(isTable ? differ('not null', ec.notNull, ac.notNull) : []),
        ...(sameExpression(ec.default, ac.default) ? [] : [{ aspect: 'default', expected: ec.default?.text ?? '', actual: ac.default?.text ?? '' }]),
        ...differ('identity', ec.identity ?? '', ac.identity ?? ''),
        ...differ('generated', ec.generated ?? '', ac.generated ?? ''),
      ]);
    }
    for (const ac of a.columns) if (!e.columns.some((c) => c.name === ac.name)) tally.record('column', `${name}.${ac.name}`, [{ aspect: 'extra' }]);
    compareConstraints(tally, name, e.constraints, a.constraints, sameExpression);
  }
  for (const [name, a] of actualRelations) {
    if (expectedRelations.has(name)) continue;
    tally.record('table', name, [{ aspect: 'extra', actual: a.kind }]);
    for (const c of a.columns) tally.record('column', `${name}.${c.name}`, [{ aspect: 'extra' }]);
    for (const c of a.constraints) tally.record('constraint', `${name}.${c.name}`, [{ aspect: 'extra' }]);
  }

  const indexes = (c: CatalogView): Map<string, Index> => new Map(c.indexes().filter((i) => !i.extension && !c.relation(i.table)?.extension).map((i) => [displayQualified(i), i]));
  const expectedIndexes = indexes(expected);
  const actualIndexes = indexes(actual);
  for (const [name, e] of expectedIndexes) {
    const a = actualIndexes.get(name);
    if (!a) {
      tally.record('index', name, [{ aspect: 'missing' }]);
      continue;
    }
    const keysAgree = e.keys.length === a.keys.length && e.keys.every((k, i) => sameKey(k, a.keys[i], sameExpression));
    tally.record('index', name, [
      ...differ('table', displayQualified(e.table), displayQualified(a.table)),
      ...differ('unique', e.unique, a.unique),
      ...differ('primary', e.primary, a.primary),
      ...differ('method', e.method, a.method),
      ...(keysAgree ? [] : [{ aspect: 'keys', expected: describeKeys(e.keys), actual: describeKeys(a.keys) }]),
      ...differ('include', e.include, a.include),
      ...(sameExpression(e.predicate, a.predicate) ? [] : [{ aspect: 'predicate', expected: e.predicate?.text ?? '', actual: a.predicate?.text ?? '' }]),
      ...differ('nulls not distinct', e.nullsNotDistinct, a.nullsNotDistinct),
    ]);
  }
  for (const name of actualIndexes.keys()) if (!expectedIndexes.has(name)) tally.record('index', name, [{ aspect: 'extra' }]);
  return { agreement: tally.counts, differences: tally.differences };
}

function sameKey(e: IndexKey, a: IndexKey, sameExpression: (e: Expression | undefined, a: Expression | undefined) => boolean): boolean {
  if (e.column !== undefined || a.column !== undefined) {
    if (e.column !== a.column) return false;
  } else if (!sameExpression(e.expression, a.expression)) return false;
  // Migrations name operator classes without a schema as often as with one: compare the name.
  const opclass = (k: IndexKey): string => (k.opclass ?? '').split('.').pop() ?? '';
  return (e.descending ?? false) === (a.descending ?? false) && (e.nullsFirst ?? null) === (a.nullsFirst ?? null) && opclass(e) === opclass(a);
}

function describeKeys(keys: readonly IndexKey[]): string {
  return keys
    .map((k) => `${k.column ?? `(${k.expression?.text ?? ''})`}${k.opclass ? ` ${k.opclass}` : ''}${k.descending ? ' DESC' : ''}${k.nullsFirst === true ? ' NULLS FIRST' : k.nullsFirst === false ? ' NULLS LAST' : ''}`)
    .join(', ');
}

function compareConstraints(
  tally: Tally,
  table: string,
  expected: readonly Constraint[],
  actual: readonly Constraint[],
  sameExpression: (e: Expression | undefined, a: Expression | undefined) => boolean,
): void {
  for (const e of expected) {
    const a = actual.find((c) => c.name === e.name);
    const object = `${table}.${e.name}`;
    if (!a) {
      tally.record('constraint', object, [{ aspect: 'missing', expected: e.kind }]);
      continue;
    }
    const columns = e.kind === 'check' ? [[...e.columns].sort(), [...a.columns].sort()] : [e.columns, a.columns];
    const aspects = [
      ...differ('kind', e.kind, a.kind),
      ...differ('columns', columns[0], columns[1]),
      ...(e.kind === 'check' && !sameExpression(e.expression, a.expression) ? [{ aspect: 'expression', expected: e.expression?.text ?? '', actual: a.expression?.text ?? '' }] : []),
      ...differ('deferrable', [e.deferrable, e.initiallyDeferred], [a.deferrable, a.initiallyDeferred]),
      ...differ('validated', e.validated, a.validated),
    ];
    if (e.references || a.references) {
      aspects.push(
        ...differ('references', e.references ? displayQualified(e.references.table) : '', a.references ? displayQualified(a.references.table) : ''),
        ...differ('referenced columns', e.references?.columns ?? [], a.references?.columns ?? []),
        ...differ('actions', [e.references?.onDelete, e.references?.onUpdate, e.references?.match], [a.references?.onDelete, a.references?.onUpdate, a.references?.match]),
      );
    }
    tally.record('constraint', object, aspects);
  }
  for (const a of actual) if (!expected.some((c) => c.name === a.name)) tally.record('constraint', `${table}.${a.name}`, [{ aspect: 'extra', actual: a.kind }]);
}
