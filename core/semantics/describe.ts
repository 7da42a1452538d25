/**
 * Markdown descriptions of schema objects for hovers: a table with its columns, keys, indexes, foreign keys
 * both ways, row estimate and size when read from a database; a column with its type, nullability, default,
 * constraints and the indexes that contain it.
 */
import type { CatalogView } from '../catalog/catalog';
import type { Column, Constraint, Index, Relation } from '../catalog/model';
import { displayQualified, quoteIdentifier } from '../catalog/names';
import type { ScopeItem } from './resolve';

const MAX_COLUMNS = 40;

const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;

function columnList(columns: readonly string[]): string {
  return columns.map(quoteIdentifier).join(', ');
}

function indexKeys(index: Index): string {
  return index.keys.map((k) => (k.column !== undefined ? quoteIdentifier(k.column) : `(${k.expression?.text ?? '?'})`) + (k.descending ? ' DESC' : '')).join(', ');
}

function indexLine(index: Index): string {
  const kind = index.primary ? 'primary key' : index.unique ? 'unique' : index.method !== 'btree' ? index.method : '';
  const include = index.include.length > 0 ? ` INCLUDE (${columnList(index.include)})` : '';
  const where = index.predicate ? ` WHERE ${index.predicate.text}` : '';
  return `- ${code(index.name)}${kind ? ` (${kind})` : ''}: ${code(`(${indexKeys(index)})${include}${where}`)}${index.valid ? '' : ' — invalid'}`;
}

function foreignKeyLine(from: { schema: string; name: string }, c: Constraint, outgoing: boolean): string {
  const ref = c.references;
  if (!ref) return '';
  const target = `${displayQualified(ref.table)}${ref.columns.length > 0 ? ` (${columnList(ref.columns)})` : ''}`;
  const actions = [ref.onDelete !== 'no action' ? `ON DELETE ${ref.onDelete.toUpperCase()}` : '', ref.onUpdate !== 'no action' ? `ON UPDATE ${ref.onUpdate.toUpperCase()}` : ''].filter(Boolean).join(' ');
  if (outgoing) return `- (${columnList(c.columns)}) → ${target}${actions ? ` ${actions}` : ''}${c.validated ? '' : ' (NOT VALID)'}`;
  return `- ${displayQualified(from)} (${columnList(c.columns)})${actions ? ` ${actions}` : ''}`;
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

function columnType(c: Column): string {
  const parts = [c.type || '(unknown type)'];
  if (c.notNull) parts.push('NOT NULL');
  if (c.identity) parts.push(`GENERATED ${c.identity.toUpperCase()} AS IDENTITY`);
  if (c.generated) parts.push(`GENERATED ALWAYS AS (${c.generatedExpression?.text ?? '…'}) ${c.generated.toUpperCase()}`);
  else if (c.default) parts.push(`DEFAULT ${c.default.text}`);
  return parts.join(' ');
}

/** `database`: the connection the relation's record was read from, when it was. */
export function describeRelation(relation: Relation, catalog: CatalogView | undefined, database?: string): string {
  const name = { schema: relation.schema, name: relation.name };
  const kind = relation.kind === 'partitioned-table' ? 'partitioned table' : relation.kind.replace('-', ' ');
  const persistence = relation.persistence === 'permanent' ? '' : `${relation.persistence} `;
  const out: string[] = [`**${persistence}${kind}** ${code(displayQualified(name))}`];
  if (relation.comment) out.push(relation.comment);
  const stats: string[] = [];
  if (relation.rowEstimate !== undefined && relation.rowEstimate >= 0) stats.push(`~${Math.round(relation.rowEstimate).toLocaleString('en-US')} rows`);
  if (relation.totalBytes !== undefined) stats.push(formatBytes(relation.totalBytes));
  if (database !== undefined) stats.push(`from database ${code(database)}`);
  if (stats.length > 0) out.push(stats.join(', '));
  const pk = relation.constraints.find((c) => c.kind === 'primary-key');
  const keyColumns = new Set(pk?.columns ?? []);
  const rows = relation.columns.slice(0, MAX_COLUMNS).map((c) => `| ${keyColumns.has(c.name) ? '🔑 ' : ''}${quoteIdentifier(c.name)} | ${code(columnType(c))} |`);
  if (rows.length > 0) {
    out.push(['| column | type |', '|---|---|', ...rows].join('\n') + (relation.columns.length > MAX_COLUMNS ? `\n\n… and ${relation.columns.length - MAX_COLUMNS} more columns` : ''));
  }
  if (pk) out.push(`**Primary key:** (${columnList(pk.columns)})`);
  for (const u of relation.constraints.filter((c) => c.kind === 'unique')) out.push(`**Unique:** ${code(u.name)} (${columnList(u.columns)})`);
  if (relation.partitioning) out.push(`**Partitioned by** ${code(`${relation.partitioning.strategy.toUpperCase()} (${relation.partitioning.key})`)}`);
  if (relation.partitionOf) out.push(`**Partition of** ${code(displayQualified(relation.partitionOf))} ${relation.partitionBound ?? ''}`);
  if (catalog) {
    const indexes = catalog.indexesOf(name);
    if (indexes.length > 0) out.push(`**Indexes:**\n${indexes.map(indexLine).join('\n')}`);
    const fks = catalog.foreignKeysOf(name);
    if (fks.length > 0) out.push(`**Foreign keys:**\n${fks.map((l) => foreignKeyLine(l.table, l.constraint, true)).join('\n')}`);
    const incoming = catalog.referencedBy(name);
    if (incoming.length > 0) out.push(`**Referenced by:**\n${incoming.map((l) => foreignKeyLine(l.table, l.constraint, false)).join('\n')}`);
  }
  if (relation.rowSecurity) out.push('Row level security is enabled.');
  return out.join('\n\n');
}

export function describeColumn(relation: Relation, column: Column, catalog: CatalogView | undefined, database?: string): string {
  const name = { schema: relation.schema, name: relation.name };
  const out: string[] = [`**column** ${code(`${displayQualified(name)}.${quoteIdentifier(column.name)}`)}`];
  if (column.comment) out.push(column.comment);
  out.push(`${code(column.type || '(unknown type)')} — ${column.notNull ? 'NOT NULL' : 'nullable'}`);
  if (column.identity) out.push(`Identity: GENERATED ${column.identity.toUpperCase()} AS IDENTITY`);
  if (column.generated) out.push(`Generated: ${code(column.generatedExpression?.text ?? '…')} ${column.generated.toUpperCase()}`);
  else if (column.default) out.push(`Default: ${code(column.default.text)}`);
  if (column.inherited) out.push('Inherited from a parent table.');
  const constraints = relation.constraints.filter((c) => c.columns.includes(column.name));
  const lines = constraints.map((c) => {
    switch (c.kind) {
      case 'primary-key':
        return `- primary key ${code(c.name)} (${columnList(c.columns)})`;
      case 'unique':
        return `- unique ${code(c.name)} (${columnList(c.columns)})`;
      case 'check':
        return `- check ${code(c.name)}: ${code(c.expression?.text ?? '')}`;
      case 'foreign-key':
        return `- foreign key ${code(c.name)} → ${c.references ? `${displayQualified(c.references.table)}${c.references.columns.length > 0 ? ` (${columnList(c.references.columns)})` : ''}` : ''}`;
      default:
        return `- ${c.kind} ${code(c.name)}`;
    }
  });
  if (lines.length > 0) out.push(`**Constraints:**\n${lines.join('\n')}`);
  if (catalog) {
    const indexes = catalog.indexesOf(name).filter((i) => i.keys.some((k) => k.column === column.name || (k.expression && new RegExp(`\\b${column.name.replace(/[^\w]/g, '\\$&')}\\b`).test(k.expression.text))) || i.include.includes(column.name));
    if (indexes.length > 0) {
      out.push(`**Indexes containing it${database !== undefined ? ` (database ${code(database)})` : ''}:**\n${indexes.map((i) => {
        const position = i.keys.findIndex((k) => k.column === column.name);
        const where = position === 0 ? 'leading column' : position > 0 ? `column ${position + 1}` : i.include.includes(column.name) ? 'included' : 'in an expression';
        return `${indexLine(i)} — ${where}`;
      }).join('\n')}`);
    } else out.push(`No index contains this column${database !== undefined ? ` in database ${code(database)}` : ''}.`);
    const referencing = catalog.referencedBy(name).filter((l) => l.constraint.references?.columns.includes(column.name));
    if (referencing.length > 0) out.push(`**Referenced by:**\n${referencing.map((l) => foreignKeyLine(l.table, l.constraint, false)).join('\n')}`);
  }
  return out.join('\n\n');
}

export function describeCte(item: ScopeItem): string {
  const columns = item.columns.map((c) => `${quoteIdentifier(c.name)}${c.type ? ` ${c.type}` : ''}`).join(', ');
  return `**common table expression** ${code(item.name)}${columns ? `\n\n(${columns}${item.complete ? '' : ', …'})` : ''}`;
}
