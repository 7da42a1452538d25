// Readers of the diagram's export formats for tests: DBML read back by @dbml/core's parsers, Mermaid erDiagram
// checked line by line against the grammar; and what a graph's keys must read as in each.
import { strict as assert } from 'node:assert';
import { Parser } from '@dbml/core';
import type { DiagramEdge, DiagramNode, SchemaGraph } from '../../core/schema-diagram/graph';

export const foreignKeys = (graph: SchemaGraph): DiagramEdge[] => graph.edges.filter((e) => e.kind === 'foreign-key');
export const displayName = (n: { readonly schema: string; readonly name: string }): string => (n.schema === 'public' ? n.name : `${n.schema}.${n.name}`);

// ---------------------------------------------------------------------------------------------------------------
// DBML, read back by @dbml/core: `dbmlv2` is the current parser (@dbml/parse, what dbdiagram.io runs), `dbml` the
// legacy one that older tools still use.

export type DbmlFormat = 'dbml' | 'dbmlv2';

export interface DbmlModel {
  /** `schema.table` -> its fields as `name type [pk] [not null] [unique]`. */
  readonly tables: Map<string, string[]>;
  readonly tableNotes: Map<string, string>;
  /** `schema.table` -> the columns of its composite primary key. */
  readonly compositeKeys: Map<string, string[]>;
  readonly enums: Map<string, string[]>;
  /** `schema.table(a, b) *-1 schema.table(c, d)`, sorted. */
  readonly refs: string[];
  readonly groups: Map<string, string[]>;
}

/** A field's type as written: the legacy parser keeps a qualified type's schema apart, the current one in the name. */
function typeName(type: unknown): string {
  const { type_name: name, schemaName: schema } = type as { type_name?: unknown; schemaName?: unknown };
  return typeof schema === 'string' && !String(name).startsWith(`${schema}.`) ? `${schema}.${String(name)}` : String(name);
}

export function readDbml(text: string, format: DbmlFormat): DbmlModel {
  let database: ReturnType<typeof Parser.parse>;
  try {
    database = Parser.parse(text, format);
  } catch (error) {
    assert.fail(`@dbml/core (${format}) refused the export: ${JSON.stringify(error, null, 1).slice(0, 2000)}\n${text.slice(0, 4000)}`);
  }
  const model: DbmlModel = { tables: new Map(), tableNotes: new Map(), compositeKeys: new Map(), enums: new Map(), refs: [], groups: new Map() };
  for (const schema of database.schemas) {
    for (const table of schema.tables) {
      const key = `${schema.name}.${table.name}`;
      model.tables.set(key, table.fields.map((f) => [f.name, typeName(f.type), f.pk ? 'pk' : '', f.not_null ? 'not null' : '', f.unique ? 'unique' : ''].filter((s) => s !== '').join(' ')));
      if (table.note) model.tableNotes.set(key, table.note);
      const pk = table.indexes.find((i) => i.pk);
      if (pk) model.compositeKeys.set(key, pk.columns.map((c) => String(c.value)));
    }
    for (const e of schema.enums) model.enums.set(`${schema.name}.${e.name}`, e.values.map((v) => v.name));
    for (const r of schema.refs) {
      const [a, b] = r.endpoints.map((p) => ({ at: `${p.schemaName ?? 'public'}.${p.tableName}(${p.fieldNames.join(', ')})`, relation: String(p.relation) }));
      model.refs.push(`${a.at} ${a.relation}-${b.relation} ${b.at}`);
    }
    for (const g of schema.tableGroups) model.groups.set(g.name, g.tables.map((t) => `${t.schema.name}.${t.name}`));
  }
  model.refs.sort();
  return model;
}

/** What the refs of a graph's foreign keys must read as: the referencing side many (`*`) unless one-to-one. */
export function expectedRefs(graph: SchemaGraph): string[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const at = (id: string, columns: readonly string[]): string => `${byId.get(id)!.schema}.${byId.get(id)!.name}(${columns.join(', ')})`;
  return foreignKeys(graph).map((e) => `${at(e.from, e.fromColumns)} ${e.cardinality === 'one-to-one' ? '1' : '*'}-1 ${at(e.to, e.toColumns)}`).sort();
}

export function tablesOf(graph: SchemaGraph): DiagramNode[] {
  return graph.nodes.filter((n) => n.kind === 'table' || n.kind === 'partitioned-table' || n.kind === 'foreign-table');
}


// ---------------------------------------------------------------------------------------------------------------
// Mermaid: the erDiagram grammar (jison) of Mermaid 10.5 and later, line by line. Attribute words are the older,
// stricter form; entity ids avoid what the lexer reads as keywords (case-insensitively).

const ID = String.raw`[A-Za-z_][A-Za-z0-9_]*`;
const LABEL = String.raw`"[^"%\\\r\n]+"`;
const ATTRIBUTE_WORD = /^[A-Za-z_][A-Za-z0-9\-_[\]()]*$/;
const KEYWORD_IDS = new Set(['erdiagram', 'one', 'only', 'zero', 'many', 'more', 'or', 'to', 'optionally', 'u', 'end', 'class', 'classdef', 'style', 'subgraph', 'direction', 'title', 'acctitle', 'accdescr']);
const ENTITY = new RegExp(String.raw`^  (${ID})(?:\[(${LABEL})\])?( \{)?$`);
/** Quoted text: no `"`, and no `%%` (which could start a `%%{...}%%` directive). */
const QUOTED = String.raw`"(?:[^"%]|%(?!%))*"`;
const ATTRIBUTE = new RegExp(String.raw`^ {4}(\S+) (\S+)( (?:PK|FK|UK)(?:, (?:PK|FK|UK))*)?( ${QUOTED})?$`);
const RELATIONSHIP = new RegExp(String.raw`^  (${ID}) (\|o|\|\||\}o|\}\|)(--|\.\.)(o\||\|\||o\{|\|\{) (${ID}) : (${QUOTED})$`);

export interface MermaidModel {
  /** Entity label (the id when there is no alias) -> id. */
  readonly entities: Map<string, string>;
  /** Entity id -> its attribute lines. */
  readonly attributes: Map<string, string[]>;
  /** `from token to "label"`. */
  readonly relationships: string[];
}

export function readMermaid(text: string): MermaidModel {
  const lines = text.split('\n');
  assert.equal(lines[0], 'erDiagram');
  assert.equal(lines.at(-1), '', 'ends with a newline');
  const model: MermaidModel = { entities: new Map(), attributes: new Map(), relationships: [] };
  let open: string | undefined;
  for (const line of lines.slice(1, -1)) {
    if (open !== undefined) {
      if (line === '  }') {
        open = undefined;
        continue;
      }
      const m = ATTRIBUTE.exec(line);
      assert.ok(m, `attribute line: ${JSON.stringify(line)}`);
      for (const word of [m[1], m[2]]) {
        assert.match(word, ATTRIBUTE_WORD, `attribute word in ${JSON.stringify(line)}`);
        assert.doesNotMatch(word, /^(pk|fk|uk)(?![A-Za-z0-9_])/i, `attribute word read as a key: ${JSON.stringify(line)}`);
      }
      model.attributes.get(open)!.push(line.trim());
      continue;
    }
    if (line.startsWith('  %% ') && !line.slice(4).includes('%%')) continue;
    const entity = ENTITY.exec(line);
    if (entity) {
      const [, id, label, block] = entity;
      assert.ok(!KEYWORD_IDS.has(id.toLowerCase()), `entity id is a keyword: ${id}`);
      const name = label ? label.slice(1, -1) : id;
      assert.ok(!model.entities.has(name), `entity twice: ${name}`);
      assert.ok(![...model.entities.values()].some((other) => other.toLowerCase() === id.toLowerCase()), `entity id twice: ${id}`);
      model.entities.set(name, id);
      model.attributes.set(id, []);
      if (block) open = id;
      continue;
    }
    const rel = RELATIONSHIP.exec(line);
    assert.ok(rel, `erDiagram line: ${JSON.stringify(line)}`);
    const [, from, left, kind, right, to, label] = rel;
    assert.ok(model.attributes.has(from) && model.attributes.has(to), `relationship between declared entities: ${line}`);
    model.relationships.push(`${from} ${left}${kind}${right} ${to} ${label}`);
  }
  assert.equal(open, undefined, 'every entity block closed');
  return model;
}

/** The label the export gives a node: its name, its kind, and stand-ins for what a quoted label cannot hold. */
export function entityLabel(node: DiagramNode): string {
  const suffix = { table: '', 'partitioned-table': ' (partitioned)', view: ' (view)', 'materialized-view': ' (materialized view)', 'foreign-table': ' (foreign table)', enum: ' (enum)' }[node.kind];
  return (displayName(node) + suffix).replace(/"/g, "'").replace(/%/g, 'pct').replace(/\\/g, '/');
}

/** The relationship lines a graph must produce, with the ids the export gave its entities. */
export function expectedRelationships(graph: SchemaGraph, model: MermaidModel): string[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const id = (nodeId: string): string => model.entities.get(entityLabel(byId.get(nodeId)!))!;
  return graph.edges.filter((e) => byId.has(e.from) && byId.has(e.to)).map((e) => {
    const token = e.kind === 'view-reads' ? '}o..o{' : `${e.cardinality === 'one-to-one' ? '|o' : '}o'}--${e.optional ? 'o|' : '||'}`;
    return `${id(e.from)} ${token} ${id(e.to)} "${e.kind === 'view-reads' ? 'reads' : e.fromColumns.join(', ')}"`;
  });
}
