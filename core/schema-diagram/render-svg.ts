/**
 * The diagram as SVG markup, one renderer for the panel (which adds behaviour through the data attributes) and
 * for exports (CLI `--format svg`, the panel's SVG/PNG buttons, which embed the stylesheet with concrete colours).
 * All text is escaped; nothing but shapes and text. Classes carry meaning (kind, key, change, severity); colours
 * come from diagram-css.ts.
 */
import type { DiagramBadge, DiagramColumn, DiagramEdge, DiagramNode, SchemaGraph } from './graph';
import { extraLines, METRICS, shownColumns, type DiagramView, type Layout } from './layout';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Cuts text to fit `width` pixels at the renderer's character width. */
function fit(text: string, width: number): string {
  const max = Math.max(1, Math.floor(width / METRICS.char));
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

const SEVERITY_RANK: Record<DiagramBadge['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };

export function displayName(node: Pick<DiagramNode, 'schema' | 'name'>): string {
  return node.schema === 'public' ? node.name : `${node.schema}.${node.name}`;
}

function kindLabel(node: DiagramNode): string {
  switch (node.kind) {
    case 'view':
      return 'view';
    case 'materialized-view':
      return 'materialized view';
    case 'foreign-table':
      return 'foreign table';
    case 'enum':
      return 'enum';
    case 'partitioned-table':
      return 'partitioned';
    default:
      return '';
  }
}

export function columnTitle(c: DiagramColumn): string {
  const facts = [c.type, c.primaryKey ? 'primary key' : '', c.foreignKey ? 'foreign key' : '', c.unique && !c.primaryKey ? 'unique' : '', c.notNull ? 'NOT NULL' : 'nullable', c.indexed ? 'indexed' : '', c.default ? `default ${c.default}` : ''].filter(Boolean);
  const change = c.change ? ` (${c.change}${c.was ? `: ${c.was}` : ''})` : '';
  return `${c.name}: ${facts.join(', ')}${change}`;
}

const namesByGraph = new WeakMap<SchemaGraph, Map<string, string>>();

export function edgeTitle(e: DiagramEdge, graph: SchemaGraph): string {
  let names = namesByGraph.get(graph);
  if (!names) namesByGraph.set(graph, (names = new Map(graph.nodes.map((n) => [n.id, displayName(n)]))));
  const name = (id: string): string => names.get(id) ?? id;
  if (e.kind === 'view-reads') return `${name(e.from)} reads ${name(e.to)}`;
  const card = e.cardinality === 'one-to-one' ? 'one-to-one' : 'many-to-one';
  const index = e.indexed ? 'an index serves it' : 'no index serves it: deletes on the referenced table scan this one';
  const actions = [e.onDelete && e.onDelete !== 'no action' ? `ON DELETE ${e.onDelete.toUpperCase()}` : '', e.onUpdate && e.onUpdate !== 'no action' ? `ON UPDATE ${e.onUpdate.toUpperCase()}` : ''].filter(Boolean).join(' ');
  return `${e.name ?? 'foreign key'}: ${name(e.from)} (${e.fromColumns.join(', ')}) -> ${name(e.to)} (${e.toColumns.join(', ')}), ${card}${e.optional ? ', optional' : ''}${actions ? `, ${actions}` : ''}${e.validated === false ? ', NOT VALID' : ''}; ${index}${e.change ? ` (${e.change})` : ''}`;
}

function badgeMarkup(node: DiagramNode, right: number): string {
  if (node.badges.length === 0) return '';
  const worst = [...node.badges].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])[0];
  const title = node.badges.map((b) => `${b.ruleId}: ${b.message}`).join('\n');
  const cx = right - 12;
  return `<g class="badge ${worst.severity}" data-badges="${node.badges.length}"><circle cx="${cx}" cy="13" r="8"/><text x="${cx}" y="17" text-anchor="middle">${node.badges.length}</text><title>${escapeXml(title)}</title></g>`;
}

function rowMarkup(c: DiagramColumn, y: number, width: number): string {
  const marker = c.primaryKey ? 'PK' : c.foreignKey ? 'FK' : c.unique ? 'UQ' : c.indexed ? 'IX' : '';
  const classes = ['row', c.primaryKey ? 'pk' : '', c.foreignKey ? 'fk' : '', c.notNull ? 'not-null' : 'nullable', c.indexed ? 'indexed' : '', c.change ?? ''].filter(Boolean).join(' ');
  const nameWidth = width * 0.55;
  const typeText = fit(c.type === '' ? '' : c.type + (c.notNull || c.primaryKey ? '' : '?'), width - METRICS.padding - 30 - Math.min(nameWidth, c.name.length * METRICS.char) - 8);
  return (
    `<g class="${classes}" data-column="${escapeXml(c.name)}" transform="translate(0,${y})">` +
    `<rect class="row-bg" x="1" y="0" width="${width - 2}" height="${METRICS.row}"/>` +
    (marker ? `<text class="marker" x="${METRICS.padding}" y="13">${marker}</text>` : '') +
    `<text class="col-name" x="${METRICS.padding + 22}" y="13">${escapeXml(fit(c.name, nameWidth))}</text>` +
    `<text class="col-type" x="${width - METRICS.padding}" y="13" text-anchor="end">${escapeXml(typeText)}</text>` +
    `<title>${escapeXml(columnTitle(c))}</title></g>`
  );
}

/** One box: the title bar, the badge, a row per shown column. `outline`: the title alone (far zoomed out). */
export function nodeMarkup(node: DiagramNode, box: { x: number; y: number; width: number; height: number }, view: DiagramView, outline = false): string {
  const classes = ['node', node.kind, node.change ?? '', node.badges.length > 0 ? 'has-badges' : ''].filter(Boolean).join(' ');
  const kind = kindLabel(node);
  const title = displayName(node);
  const rows = shownColumns(node, view);
  const parts: string[] = [];
  parts.push(`<g class="${classes}" data-node="${escapeXml(node.id)}" transform="translate(${box.x.toFixed(1)},${box.y.toFixed(1)})">`);
  parts.push(`<rect class="box" width="${box.width}" height="${box.height}" rx="4"/>`);
  parts.push(`<rect class="title-bar" width="${box.width}" height="${METRICS.header}" rx="4"/>`);
  const badgeRoom = node.badges.length > 0 ? 24 : 0;
  const kindRoom = kind ? (kind.length + 1) * 6 : 0;
  parts.push(`<text class="title" x="${METRICS.padding}" y="17">${escapeXml(fit(title, box.width - METRICS.padding * 2 - badgeRoom - kindRoom))}</text>`);
  if (kind) parts.push(`<text class="kind" x="${box.width - METRICS.padding - badgeRoom}" y="17" text-anchor="end">${kind}</text>`);
  parts.push(badgeMarkup(node, box.width));
  const tip = [title + (kind ? ` (${kind})` : ''), node.comment ?? '', node.change ? `${node.change} in this comparison` : ''].filter(Boolean).join('\n');
  parts.push(`<title>${escapeXml(tip)}</title>`);
  if (outline) {
    parts.push('</g>');
    return parts.join('');
  }
  let y = METRICS.header;
  for (const c of rows) {
    parts.push(rowMarkup(c, y, box.width));
    y += METRICS.row;
  }
  for (const line of extraLines(node, view)) {
    parts.push(`<text class="extra" x="${METRICS.padding}" y="${y + 13}">${escapeXml(fit(line, box.width - METRICS.padding * 2))}</text>`);
    y += METRICS.row;
  }
  parts.push('</g>');
  return parts.join('');
}

export function edgeMarkup(e: DiagramEdge, points: readonly { x: number; y: number }[], graph: SchemaGraph): string {
  if (points.length < 2) return '';
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('');
  const classes = ['edge', e.kind, e.kind === 'foreign-key' && !e.indexed ? 'unindexed' : '', e.optional ? 'optional' : '', e.change ?? ''].filter(Boolean).join(' ');
  const start = e.kind === 'foreign-key' ? (e.cardinality === 'one-to-one' ? 'url(#pga-one)' : 'url(#pga-many)') : '';
  // The referenced end: exactly one parent, or zero or one when the key may be NULL (crow's foot notation).
  const end = e.kind === 'foreign-key' ? (e.optional ? 'url(#pga-zero-one)' : 'url(#pga-one)') : 'url(#pga-arrow)';
  return `<g class="${classes}" data-edge="${escapeXml(e.id)}" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}"><path class="hit" d="${d}"/><path class="line" d="${d}"${start ? ` marker-start="${start}"` : ''} marker-end="${end}"/><title>${escapeXml(edgeTitle(e, graph))}</title></g>`;
}

export const MARKERS =
  '<defs>' +
  '<marker id="pga-many" viewBox="0 0 12 12" refX="1" refY="6" markerWidth="12" markerHeight="12" orient="auto-start-reverse" markerUnits="userSpaceOnUse"><path class="marker-line" d="M12,6 L1,0 M12,6 L1,12 M12,6 L1,6" fill="none"/></marker>' +
  '<marker id="pga-one" viewBox="0 0 12 12" refX="11" refY="6" markerWidth="12" markerHeight="12" orient="auto-start-reverse" markerUnits="userSpaceOnUse"><path class="marker-line" d="M6,0 L6,12" fill="none"/></marker>' +
  '<marker id="pga-zero-one" viewBox="0 0 18 12" refX="17" refY="6" markerWidth="18" markerHeight="12" orient="auto-start-reverse" markerUnits="userSpaceOnUse"><circle class="marker-hollow" cx="5" cy="6" r="3.5"/><path class="marker-line" d="M13,0 L13,12" fill="none"/></marker>' +
  '<marker id="pga-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" orient="auto" markerUnits="userSpaceOnUse"><path class="marker-fill" d="M0,0 L10,5 L0,10 z"/></marker>' +
  '</defs>';

export function groupMarkup(schema: string, box: { x: number; y: number; width: number; height: number }): string {
  return `<g class="schema-group" data-schema="${escapeXml(schema)}"><rect x="${box.x.toFixed(1)}" y="${box.y.toFixed(1)}" width="${box.width.toFixed(1)}" height="${box.height.toFixed(1)}" rx="6"/><text x="${(box.x + 10).toFixed(1)}" y="${(box.y + 18).toFixed(1)}">${escapeXml(schema)}</text></g>`;
}

/** The <svg> element's opening tag for a drawing of this size. */
export function svgOpen(graph: SchemaGraph, layout: Layout, margin: number): string {
  const width = Math.ceil(layout.width + margin * 2);
  const height = Math.ceil(layout.height + margin * 2);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="pga-schema" width="${width}" height="${height}" viewBox="${-margin} ${-margin} ${width} ${height}" role="img" aria-label="${escapeXml(`Schema diagram: ${graph.source.label}`)}">`;
}

export interface RenderOptions {
  /** A stylesheet to embed (exports); the panel styles the markup from its own. */
  readonly style?: string;
  /** Margin around the drawing. */
  readonly margin?: number;
}

export function renderSvg(graph: SchemaGraph, layout: Layout, view: DiagramView, options: RenderOptions = {}): string {
  const margin = options.margin ?? 16;
  const out: string[] = [];
  out.push(svgOpen(graph, layout, margin));
  if (options.style) out.push(`<style>${options.style.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</style>`);
  out.push(MARKERS);
  out.push('<g class="viewport">');
  for (const [schema, box] of layout.groups) out.push(groupMarkup(schema, box));
  out.push('<g class="edges">');
  for (const e of graph.edges) {
    if (e.kind === 'view-reads' && !view.viewEdges) continue;
    const points = layout.edges.get(e.id);
    if (points) out.push(edgeMarkup(e, points, graph));
  }
  out.push('</g><g class="nodes">');
  for (const n of graph.nodes) {
    const box = layout.nodes.get(n.id);
    if (box) out.push(nodeMarkup(n, box, view));
  }
  out.push('</g></g></svg>');
  return out.join('');
}
