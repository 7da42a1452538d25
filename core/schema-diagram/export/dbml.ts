/**
 * A schema graph as DBML (dbdiagram.io, dbdocs): tables with their columns' keys, NOT NULL, UNIQUE and
 * defaults, enums, foreign keys as Refs, table comments as Notes, one TableGroup per schema when there are
 * several. Written for both of @dbml/core's parsers (the current one and the legacy `dbml` one) where the names
 * allow: the legacy parser has no escapes for `"` in names.
 */
import type { DiagramColumn, DiagramEdge, DiagramNode, SchemaGraph } from '../graph';

/** The actions DBML's Ref settings know, as the graph spells them (PostgreSQL's). */
const REFERENTIAL_ACTIONS: ReadonlySet<string> = new Set(['cascade', 'restrict', 'set null', 'set default']);

export function toDbml(graph: SchemaGraph): string {
  const out: string[] = [`// ${oneLine(graph.source.label)} (${graph.source.kind}), exported by PostgreSQL Architect`, ''];
  // database_type tells dbdiagram.io which SQL to generate back.
  out.push(`Project ${quoteName(graph.source.label || 'schema')} {`, `  database_type: 'PostgreSQL'`, '}', '');

  const enums = new Map<string, DiagramNode>();
  for (const node of graph.nodes) {
    if (node.kind !== 'enum') continue;
    // DBML refuses an enum without values; PostgreSQL allows one (values added later by ALTER TYPE).
    if (!node.labels || node.labels.length === 0) {
      out.push(oneLine(`// enum ${node.id}: left out, it has no labels`), '');
      continue;
    }
    enums.set(node.id, node);
    out.push(`Enum ${qualified(node)} {`, ...node.labels.map((l) => `  ${quoteName(l)}`), '}', '');
  }

  // Views are left out: DBML has no views, and a view written as a Table would be created as a table by
  // dbdiagram.io's SQL export and dbml2sql, and drawn like one. A comment names each, with what it reads.
  const tables = new Map<string, DiagramNode>();
  for (const node of graph.nodes) {
    if (node.kind === 'enum') continue;
    if (node.kind === 'view' || node.kind === 'materialized-view') {
      const reads = graph.edges.filter((e) => e.kind === 'view-reads' && e.from === node.id).map((e) => e.to);
      out.push(oneLine(`// ${node.kind === 'view' ? 'view' : 'materialized view'} ${node.id}${reads.length > 0 ? ` (reads ${reads.join(', ')})` : ''}: left out, DBML has no views`), '');
      continue;
    }
    // DBML refuses a table without columns; PostgreSQL allows one.
    if (node.columns.length === 0) {
      out.push(oneLine(`// table ${node.id}: left out, it has no columns`), '');
      continue;
    }
    tables.set(node.id, node);
    out.push(...table(node, enums), '');
  }

  const seen = new Set<string>();
  const refs = graph.edges.filter((e) => e.kind === 'foreign-key').map((e) => ref(e, tables, seen));
  if (refs.length > 0) out.push(...refs, '');

  // Groups only help when there is more than one schema to tell apart.
  const bySchema = new Map<string, DiagramNode[]>();
  for (const node of tables.values()) bySchema.set(node.schema, [...(bySchema.get(node.schema) ?? []), node]);
  if (bySchema.size > 1) {
    // The graph's schema order (public first); a hand-made graph may not list every schema.
    for (const schema of [...graph.schemas, ...[...bySchema.keys()].filter((s) => !graph.schemas.includes(s))]) {
      const members = bySchema.get(schema);
      if (members) out.push(`TableGroup ${quoteName(schema)} {`, ...members.map((n) => `  ${qualified(n)}`), '}', '');
    }
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

function table(node: DiagramNode, enums: ReadonlyMap<string, DiagramNode>): string[] {
  const keys = node.columns.filter((c) => c.primaryKey);
  // A composite primary key is an index setting; a `pk` on each column would say the same but reads as several keys.
  const composite = keys.length > 1;
  const lines = [`Table ${qualified(node)} {`];
  for (const column of node.columns) lines.push(`  ${quoteName(column.name)} ${columnType(column, enums)}${settings(column, composite)}`);
  if (composite) lines.push('', '  indexes {', `    (${keys.map((c) => quoteName(c.name)).join(', ')}) [pk]`, '  }');
  const note = tableNote(node);
  if (note) lines.push('', `  Note: ${noteString(note)}`);
  lines.push('}');
  return lines;
}

/** The comment, and what DBML cannot say otherwise: a foreign table, a partitioned one and its partitions. */
function tableNote(node: DiagramNode): string | undefined {
  const parts: string[] = [];
  if (node.comment) parts.push(node.comment);
  if (node.kind === 'foreign-table') parts.push('Foreign table.');
  if (node.kind === 'partitioned-table') {
    const names = (node.partitions ?? []).map((p) => p.name);
    // Dozens of monthly partitions would drown the note: past ten, the count and the first and last.
    const partitions = names.length > 10 ? `${names.length} partitions, ${names[0]} to ${names[names.length - 1]}` : names.length > 0 ? `partitions: ${names.join(', ')}` : '';
    parts.push(`Partitioned${node.partitioning ? ` by ${node.partitioning}` : ''}${partitions ? `; ${partitions}` : ''}.`);
  }
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

function settings(column: DiagramColumn, compositeKey: boolean): string {
  const single = column.primaryKey && !compositeKey;
  const list: string[] = [];
  if (single) list.push('pk');
  // pk implies both; say them only where they add something.
  if (column.notNull && !single) list.push('not null');
  if (column.unique && !column.primaryKey) list.push('unique');
  // Defaults are SQL text, so they go in as expressions; a backtick cannot be escaped inside one.
  if (column.default !== undefined && !column.default.includes('`')) list.push(`default: \`${oneLine(column.default)}\``);
  if (column.comment) list.push(`note: ${noteString(column.comment)}`);
  return list.length > 0 ? ` [${list.join(', ')}]` : '';
}

/**
 * The column's type: an enum of the diagram by its DBML name (so dbdiagram.io links them), anything else as
 * PostgreSQL prints it, double-quoted unless it is a plain (optionally qualified) name with a type modifier
 * and one array suffix, the forms both parsers read bare. A type the catalog could not tell (empty) reads
 * `unknown`: DBML requires one.
 */
function columnType(column: DiagramColumn, enums: ReadonlyMap<string, DiagramNode>): string {
  const enumNode = column.enumType === undefined ? undefined : enums.get(column.enumType);
  if (enumNode) return qualified(enumNode) + (/(\[\])+$/.exec(column.type)?.[0] ?? '');
  const type = column.type.replace(/^public\./, '') || 'unknown';
  return /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?(\(\d+(,\d+)*\))?(\[\])?$/.test(type) ? type : quoteName(type);
}

/**
 * One foreign key as a Ref, or a comment saying why it is left out: DBML needs both tables and every column
 * to exist, and refuses a second Ref between the same columns (PostgreSQL allows duplicate keys).
 */
function ref(edge: DiagramEdge, tables: ReadonlyMap<string, DiagramNode>, seen: Set<string>): string {
  const from = tables.get(edge.from);
  const to = tables.get(edge.to);
  const label = oneLine(`foreign key ${edge.name ?? ''} ${edge.from} -> ${edge.to}`);
  if (!from || !to) return `// ${label}: left out, ${from ? edge.to : edge.from} is not a table of the export`;
  if (edge.toColumns.length === 0 || edge.toColumns.length !== edge.fromColumns.length) return `// ${label}: left out, its referenced columns are unknown`;
  const missing = [...edge.fromColumns.filter((c) => !from.columns.some((k) => k.name === c)), ...edge.toColumns.filter((c) => !to.columns.some((k) => k.name === c))];
  if (missing.length > 0) return `// ${label}: left out, no column ${missing.join(', ')}`;
  // Endpoints compared as the parsers do: table and column set, in either direction.
  const ends = [`${edge.from}\0${[...edge.fromColumns].sort().join('\0')}`, `${edge.to}\0${[...edge.toColumns].sort().join('\0')}`];
  if (ends[0] === ends[1]) return `// ${label}: left out, it references its own columns`;
  const key = ends.sort().join('\u0001');
  if (seen.has(key)) return `// ${label}: left out, another key joins the same columns`;
  seen.add(key);
  const actions = [
    edge.onDelete && REFERENTIAL_ACTIONS.has(edge.onDelete) ? `delete: ${edge.onDelete}` : '',
    edge.onUpdate && REFERENTIAL_ACTIONS.has(edge.onUpdate) ? `update: ${edge.onUpdate}` : '',
  ].filter((a) => a !== '');
  // `>` many-to-one, `-` one-to-one (the referencing columns are unique).
  const op = edge.cardinality === 'one-to-one' ? '-' : '>';
  return `Ref: ${endpoint(from, edge.fromColumns)} ${op} ${endpoint(to, edge.toColumns)}${actions.length > 0 ? ` [${actions.join(', ')}]` : ''}`;
}

function endpoint(node: DiagramNode, columns: readonly string[]): string {
  const names = columns.map(quoteName);
  return `${qualified(node)}.${names.length === 1 ? names[0] : `(${names.join(', ')})`}`;
}

/** `schema.name`, without `public.`: DBML's default schema is public too. */
function qualified(node: DiagramNode): string {
  return node.schema === 'public' ? quoteName(node.name) : `${quoteName(node.schema)}.${quoteName(node.name)}`;
}

/** A name bare when it is a plain ASCII identifier (what both parsers read unquoted), else double-quoted. */
function quoteName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * A note's string: single-quoted on one line; triple-quoted when it spans lines or holds a backslash, because
 * the legacy parser reads `\\` literally inside single quotes but both read escapes inside triple quotes.
 */
function noteString(note: string): string {
  const text = note.replace(/\r\n?/g, '\n');
  if (!/[\n\\]/.test(text)) return `'${text.replace(/'/g, "\\'")}'`;
  return `'''${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'''`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
