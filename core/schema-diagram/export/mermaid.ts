/**
 * A schema graph as a Mermaid `erDiagram`: one entity per table, view and enum, foreign keys as crow's-foot
 * relationships, views' reads as dotted ones. Written for the Mermaid grammar as old as 10.5 (entity aliases),
 * so the text renders in GitHub, GitLab and editors that lag behind the newest Mermaid.
 */
import type { DiagramColumn, DiagramEdge, DiagramNode, SchemaGraph } from '../graph';

/**
 * Words the erDiagram lexer reads as something else than a name (case-insensitively): cardinality words, the
 * relationship words, statement keywords. `direction` is there because a line holding `direction` then `TB` (even
 * across a line break) is read as a direction statement.
 */
const RESERVED: ReadonlySet<string> = new Set([
  'erdiagram', 'one', 'only', 'zero', 'many', 'more', 'or', 'to', 'optionally', 'u', 'end', 'class', 'classdef', 'style',
  'subgraph', 'direction', 'title', 'acctitle', 'accdescr',
]);

/** What an attribute's type and name may be in every Mermaid version (later ones allow more). */
const ATTRIBUTE_WORD = /^[A-Za-z_][A-Za-z0-9\-_[\]()]*$/;

export function toMermaid(graph: SchemaGraph): string {
  const ids = entityIds(graph.nodes);
  const lines: string[] = ['erDiagram'];
  if (graph.source.label) lines.push(`  %% ${quotable(graph.source.label)} (${graph.source.kind})`);
  for (const node of graph.nodes) lines.push(...entity(node, ids.get(node.id)!));
  for (const edge of graph.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    // Mermaid would invent an empty entity for a name it never saw; say what is missing instead.
    if (from === undefined || to === undefined) {
      lines.push(`  %% ${quotable(`${edge.from} -> ${edge.to}: ${from === undefined ? edge.from : edge.to} is not in the diagram`)}`);
      continue;
    }
    lines.push(`  ${from} ${relationship(edge)} ${to} : "${quotable(edgeLabel(edge))}"`);
  }
  return lines.join('\n') + '\n';
}

/** The crow's-foot token, the `from` side (the referencing table or the view) first. */
function relationship(edge: DiagramEdge): string {
  // A view's rows relate to its sources' rows in no fixed way: many to many, dotted (non-identifying).
  if (edge.kind === 'view-reads') return '}o..o{';
  // The referencing side has zero or more rows per parent (at most one when its key columns are unique); the
  // parent side is exactly one, or zero or one when a key column may be NULL.
  const child = edge.cardinality === 'one-to-one' ? '|o' : '}o';
  const parent = edge.optional ? 'o|' : '||';
  return `${child}--${parent}`;
}

function edgeLabel(edge: DiagramEdge): string {
  return edge.kind === 'view-reads' ? 'reads' : edge.fromColumns.join(', ');
}

function entity(node: DiagramNode, id: string): string[] {
  const label = displayName(node) + kindSuffix(node);
  // The alias form shows the label while relationships use the plain id; without it the id is the label.
  const head = label === id ? id : `${id}["${entityLabel(label)}"]`;
  const lines: string[] = [];
  if (node.comment) lines.push(`  %% ${quotable(`${displayName(node)}: ${node.comment}`)}`);
  const attributes = node.kind === 'enum' ? (node.labels ?? []).map(enumAttribute) : node.columns.map(columnAttribute);
  if (attributes.length === 0) return [...lines, `  ${head}`];
  return [...lines, `  ${head} {`, ...attributes.map((a) => `    ${a}`), '  }'];
}

/** `schema.name`, the schema left out for public (the schema most diagrams are about). */
function displayName(node: { readonly schema: string; readonly name: string }): string {
  return node.schema === 'public' ? node.name : `${node.schema}.${node.name}`;
}

function kindSuffix(node: DiagramNode): string {
  switch (node.kind) {
    case 'view': return ' (view)';
    case 'materialized-view': return ' (materialized view)';
    case 'foreign-table': return ' (foreign table)';
    case 'partitioned-table': return ' (partitioned)';
    case 'enum': return ' (enum)';
    case 'table': return '';
  }
}

function columnAttribute(column: DiagramColumn): string {
  const name = attributeWord(column.name);
  const keys = [column.primaryKey && 'PK', column.foreignKey && 'FK', column.unique && !column.primaryKey && 'UK'].filter((k): k is string => typeof k === 'string');
  // The comment slot keeps the real name when the attribute word had to change it, else the column's comment.
  // A type's spaces turned `_` read well enough to leave the slot empty for them.
  const comment = name !== column.name ? `"${quotable(column.name)}"` : column.comment ? `"${quotable(column.comment.replace(/\s+/g, ' '))}"` : '';
  return [attributeType(column.type), name, keys.join(', '), comment].filter((s) => s !== '').join(' ');
}

/** An enum's label as an attribute `label <name>`, with the label itself as comment when the name had to change. */
function enumAttribute(label: string): string {
  const name = attributeWord(label);
  return name === label ? `label ${name}` : `label ${name} "${quotable(label)}"`;
}

/**
 * A type in attribute-word form: `public.` dropped (types print it even when it is on the search_path), quotes
 * dropped, and every run of other characters (spaces, commas, dots) turned into `_`: `timestamp(3)_with_time_zone`,
 * `numeric(10_2)`. A view column whose type is unknown reads `unknown`.
 */
function attributeType(type: string): string {
  return guardWord(wordOf(type.replace(/^public\./, '').replace(/"/g, ''), /[^A-Za-z0-9\-_[\]()]+/g), 'unknown');
}

/** A column name or enum label in attribute-word form: what is not a letter, digit, `_` or `-` becomes `_`. */
function attributeWord(text: string): string {
  return guardWord(wordOf(text, /[^A-Za-z0-9_-]+/g), '_');
}

/**
 * Runs of `invalid` characters turned into `_`, those at either end dropped: Mermaid reads labels as Markdown,
 * and a name ending in an `_` it did not have (`_100_` from `100%`) would come out in italics.
 */
function wordOf(text: string, invalid: RegExp): string {
  return text.split(invalid).filter((part) => part !== '').join('_');
}

function guardWord(word: string, empty: string): string {
  if (word === '') return empty;
  // A leading digit or `-` is not allowed; a leading PK/FK/UK (as a whole word) is read as a key marker.
  const safe = /^[A-Za-z_]/.test(word) ? word : `_${word}`;
  const guarded = /^(pk|fk|uk)(?![A-Za-z0-9_])/i.test(safe) ? `_${safe}` : safe;
  return ATTRIBUTE_WORD.test(guarded) ? guarded : empty;
}

/**
 * Entity ids: the display name with every run of characters other than letters, digits and `_` turned into `_`
 * (`sales.orders` -> `sales_orders`), kept off the lexer's reserved words and leading digits, and made unique with
 * a numeric suffix. The label carries the real name.
 */
function entityIds(nodes: readonly DiagramNode[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const node of nodes) {
    let base = wordOf(displayName(node), /[^A-Za-z0-9_]+/g) || 'entity';
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
    if (RESERVED.has(base.toLowerCase())) base = `${base}_`;
    let id = base;
    for (let n = 2; taken.has(id.toLowerCase()); n++) id = `${base}_${n}`;
    // Compared without case: the lexer is case-insensitive for keywords, and two ids differing only by case confuse readers.
    taken.add(id.toLowerCase());
    ids.set(node.id, id);
  }
  return ids;
}

/**
 * An entity label in double quotes may not hold `"`, `%`, `\` or line breaks (the lexer's rule): `'`, `pct` and
 * `/` stand in for them (ASCII, so every font has them).
 */
function entityLabel(text: string): string {
  return quotable(text).replace(/%/g, 'pct').replace(/\\/g, '/');
}

/**
 * Text for a quoted comment or relationship label, or a `%%` comment: on one line, no `"`, and no `%%` (Mermaid
 * looks for `%%{...}%%` configuration directives anywhere in the text, quoted, commented or not, and a comment
 * from the database must not become one).
 */
function quotable(text: string): string {
  return oneLine(text).replace(/"/g, "'").replace(/%(?=%)/g, '% ');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
