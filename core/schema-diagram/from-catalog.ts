/**
 * A catalog drawn as a graph: every table, view and enum outside the system schemas, partitions folded into their
 * parent, inheritance children kept as tables, foreign keys and views' reads as edges. Objects that belong to
 * extensions are left out (a database shows them; DDL never does).
 */
import type { CatalogView } from '../catalog/catalog';
import type { Column, Index, Relation } from '../catalog/model';
import { parseNameReference, qualifiedKey } from '../catalog/names';
import type { Config } from '../config/config';
import { indexShape } from '../semantics/cross-file-checks';
import { servesForeignKey } from '../rules/helpers/index-coverage';
import { diagramLocation, nodeId, type DiagramColumn, type DiagramEdge, type DiagramLocation, type DiagramNode, type SchemaGraph } from './graph';
import { tableFindings } from './table-findings';
import { viewSources } from './view-sources';

const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(['pg_catalog', 'information_schema', 'pg_toast']);

export interface GraphOptions {
  readonly source: SchemaGraph['source'];
  /** Rule settings for the badges (default: the rules' defaults). */
  readonly config?: Config;
  /** The schema files that created or changed each node (history.ts), by node id. */
  readonly history?: ReadonlyMap<string, readonly DiagramLocation[]>;
}

/** Keys a column set by its sorted names. */
const setKey = (columns: readonly string[]): string => [...columns].sort().join('\0');

/** Column sets that are unique over every row: primary key, UNIQUE constraints, unique indexes without a predicate. */
function uniqueSets(relation: Relation, indexes: readonly Index[]): Set<string> {
  const sets = new Set<string>();
  for (const c of relation.constraints) if ((c.kind === 'primary-key' || c.kind === 'unique') && c.columns.length > 0) sets.add(setKey(c.columns));
  for (const i of indexes) {
    if (!i.unique || i.predicate || i.keys.some((k) => k.column === undefined)) continue;
    sets.add(setKey(i.keys.map((k) => k.column!)));
  }
  return sets;
}

export function graphFromCatalog(catalog: CatalogView, options: GraphOptions): SchemaGraph {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const schemas = new Set<string>();
  const visible = (r: { readonly schema: string; readonly extension?: string }): boolean => !SYSTEM_SCHEMAS.has(r.schema) && !r.schema.startsWith('pg_temp') && r.extension === undefined;
  const enums = new Map<string, string>();
  for (const t of catalog.types()) {
    if (t.kind !== 'enum' || !visible(t)) continue;
    const id = nodeId(t.schema, t.name);
    enums.set(id, id);
    schemas.add(t.schema);
    nodes.push({ id, kind: 'enum', schema: t.schema, name: t.name, columns: [], labels: t.labels, badges: [], ...optional('location', diagramLocation(t)), ...optional('comment', t.comment), ...optional('history', options.history?.get(id)) });
  }
  const enumOf = (column: Column): string | undefined => {
    if (enums.size === 0) return undefined;
    const ref = parseNameReference(column.type.replace(/(\[\])+$/, ''));
    const t = ref ? catalog.resolveType(ref) : undefined;
    return t?.kind === 'enum' ? enums.get(nodeId(t.schema, t.name)) : undefined;
  };
  for (const relation of catalog.relations()) {
    if (!visible(relation) || relation.partitionOf) continue;
    const id = nodeId(relation.schema, relation.name);
    schemas.add(relation.schema);
    const indexes = catalog.indexesOf(relation);
    const unique = uniqueSets(relation, indexes);
    const primary = new Set(relation.constraints.find((c) => c.kind === 'primary-key')?.columns ?? []);
    // A partitioned table's box stands for its partitions: their keys are its keys.
    const partitionsOf = relation.kind === 'partitioned-table' ? catalog.childrenOf(relation).filter((p) => p.partitionOf) : [];
    const foreign = new Set([relation, ...partitionsOf].flatMap((r) => r.constraints).filter((c) => c.kind === 'foreign-key').flatMap((c) => c.columns));
    const leading = new Set(indexes.map((i) => i.keys[0]?.column).filter((c): c is string => c !== undefined));
    const columns: DiagramColumn[] = relation.columns.map((c) => ({
      name: c.name,
      type: c.type,
      notNull: c.notNull || primary.has(c.name),
      primaryKey: primary.has(c.name),
      foreignKey: foreign.has(c.name),
      unique: unique.has(setKey([c.name])),
      indexed: leading.has(c.name),
      ...optional('enumType', enumOf(c)),
      ...optional('default', c.default?.text),
      ...optional('comment', c.comment),
      ...optional('location', diagramLocation(c)),
    }));
    const partitions = relation.kind === 'partitioned-table' ? partitionsOf.map((p) => ({ name: p.schema === relation.schema ? p.name : `${p.schema}.${p.name}`, ...optional('bound', p.partitionBound) })) : undefined;
    nodes.push({
      id,
      kind: relation.kind,
      schema: relation.schema,
      name: relation.name,
      columns,
      badges: tableFindings(relation, catalog, options.config),
      ...optional('partitions', partitions),
      ...optional('partitioning', relation.partitioning ? `${relation.partitioning.strategy.toUpperCase()} (${relation.partitioning.key})` : undefined),
      ...optional('comment', relation.comment),
      ...optional('rowEstimate', relation.rowEstimate),
      ...optional('totalBytes', relation.totalBytes),
      ...optional('location', diagramLocation(relation)),
      ...optional('history', options.history?.get(id)),
    });
    const table = qualifiedKey(relation.schema, relation.name);
    // Keys declared on each partition (pg_dump of older schemas, pagila) stand for the parent's: drawn once from it.
    const drawn = new Set<string>();
    for (const { constraint: fk, owner } of [relation, ...partitionsOf].flatMap((r) => r.constraints.map((constraint) => ({ constraint, owner: r })))) {
      if (fk.kind !== 'foreign-key' || fk.inherited || !fk.references) continue;
      const key = `${fk.columns.join(',')}>${fk.references.table.schema}.${fk.references.table.name}(${fk.references.columns.join(',')})`;
      if (drawn.has(key)) continue;
      drawn.add(key);
      // A key to a partition is drawn to its parent (the node that stands for it).
      const target = catalog.relation(fk.references.table);
      const to = target?.partitionOf ?? fk.references.table;
      const toColumns = fk.references.columns.length > 0 ? fk.references.columns : (target?.constraints.find((c) => c.kind === 'primary-key')?.columns ?? []);
      edges.push({
        id: `${id}:${fk.name}`,
        kind: 'foreign-key',
        from: id,
        to: nodeId(to.schema, to.name),
        fromColumns: fk.columns,
        toColumns,
        name: fk.name,
        cardinality: unique.has(setKey(fk.columns)) ? 'one-to-one' : 'many-to-one',
        optional: fk.columns.some((name) => !columns.find((c) => c.name === name)?.notNull),
        // Served where the key lives: the table, or the partition that declares it.
        indexed: (owner === relation ? indexes : catalog.indexesOf(owner)).some((i) => servesForeignKey(indexShape(i), { table: owner === relation ? table : qualifiedKey(owner.schema, owner.name), columns: fk.columns })),
        onDelete: fk.references.onDelete,
        onUpdate: fk.references.onUpdate,
        validated: fk.validated,
        ...optional('location', diagramLocation(fk)),
      });
    }
    if (relation.kind === 'view' || relation.kind === 'materialized-view') {
      for (const source of viewSources(relation, catalog)) {
        const parent = source.partitionOf ?? source;
        const to = nodeId(parent.schema, parent.name);
        if (to !== id && !edges.some((e) => e.from === id && e.to === to)) edges.push({ id: `${id}->${to}`, kind: 'view-reads', from: id, to, fromColumns: [], toColumns: [] });
      }
    }
  }
  nodes.sort((a, b) => a.id.localeCompare(b.id));
  return { source: options.source, schemas: [...schemas].sort(schemaOrder), nodes, edges };
}

/** public first, then by name. */
function schemaOrder(a: string, b: string): number {
  return a === 'public' ? -1 : b === 'public' ? 1 : a.localeCompare(b);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
