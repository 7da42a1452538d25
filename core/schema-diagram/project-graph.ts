/**
 * The one entry to the schema diagram for every host (the language server, the CLI): the project's schema at a
 * point of its migration history, the connected database's, or two of those compared. Points are the empty
 * start, a schema file (the schema right after it), the end of the history, or the database.
 */
import type { CatalogView } from '../catalog/catalog';
import { Catalog } from '../catalog/catalog';
import { WorkspaceCatalog } from '../catalog/workspace-catalog';
import type { Config } from '../config/config';
import type { Project } from '../project/project';
import { compareGraphs } from './compare';
import { graphFromCatalog } from './from-catalog';
import type { DiagramLocation, SchemaGraph } from './graph';
import { schemaHistory } from './history';

export type SchemaPoint = { readonly kind: 'start' } | { readonly kind: 'end' } | { readonly kind: 'after'; readonly file: string } | { readonly kind: 'database' };

/** A point as text: `start`, `end`, `database`, or a schema file's id or path (the schema right after it). */
export function parseSchemaPoint(text: string, project: Project): SchemaPoint | { readonly error: string } {
  if (text === 'start' || text === 'end' || text === 'database') return { kind: text };
  const order = project.schemaOrder();
  const id = order.find((f) => f === text || project.pathOf(f) === text) ?? order.find((f) => (project.pathOf(f) ?? f).endsWith(`/${text}`));
  if (id) return { kind: 'after', file: id };
  return { error: `${text}: not a schema file of the project (give start, end, database, or one of its ${order.length} schema files)` };
}

/** The points a user can pick, in history order, with a label each. */
export function schemaPoints(project: Project): { readonly point: SchemaPoint; readonly label: string }[] {
  const files = project.schemaOrder().map((file) => ({ point: { kind: 'after', file } as SchemaPoint, label: `after ${project.pathOf(file) ?? file}` }));
  return [{ point: { kind: 'start' }, label: 'empty (before the first migration)' }, ...files, { point: { kind: 'end' }, label: 'after the last migration' }, ...(project.databaseSnapshot ? [{ point: { kind: 'database' } as SchemaPoint, label: `database ${project.databaseSnapshot.name}` }] : [])];
}

function labelOf(point: SchemaPoint, project: Project): string {
  switch (point.kind) {
    case 'start':
      return 'empty schema';
    case 'end':
      return 'after the last migration';
    case 'database':
      return project.databaseSnapshot ? `database ${project.databaseSnapshot.name}` : 'database';
    case 'after':
      return `after ${project.pathOf(point.file) ?? point.file}`;
  }
}

/** Objects' histories per build (the walk applies every schema file once). */
const histories = new WeakMap<Project, { readonly generation: number; readonly byFile: Map<string, Map<string, DiagramLocation[]>> }>();

/** History up to and including `last` (undefined: all of it). */
function historyUpTo(project: Project, last: string | undefined): Map<string, DiagramLocation[]> {
  let cached = histories.get(project);
  if (!cached || cached.generation !== project.generation) histories.set(project, (cached = { generation: project.generation, byFile: new Map() }));
  const key = last ?? '\0end';
  let hit = cached.byFile.get(key);
  if (!hit) {
    const steps = project.schemaSteps();
    const upTo = function* () {
      for (const step of steps) {
        yield step;
        if (step.file === last) return;
      }
    };
    hit = schemaHistory(upTo());
    cached.byFile.set(key, hit);
  }
  return hit;
}

function catalogAt(point: SchemaPoint, project: Project): CatalogView | { readonly error: string } {
  switch (point.kind) {
    case 'start':
      return new Catalog('ddl');
    case 'end':
      return project.catalog;
    case 'database':
      return project.databaseSnapshot?.catalog ?? { error: 'no database connected' };
    case 'after':
      return project.catalogAfter(point.file) ?? { error: `${project.pathOf(point.file) ?? point.file} is not applied` };
  }
}

/**
 * The project's schema at a point. `build` (default): bring the catalog up to date first (the CLI); the language
 * server builds in the background and asks for what its last build holds.
 */
export function projectSchemaGraph(project: Project, point: SchemaPoint = { kind: 'end' }, options: { readonly build?: boolean } = {}): SchemaGraph | { readonly error: string } {
  if (options.build !== false && project.catalogOutdated()) project.buildCatalog();
  const catalog = catalogAt(point, project);
  if ('error' in catalog) return catalog;
  const history = point.kind === 'end' ? historyUpTo(project, undefined) : point.kind === 'after' ? historyUpTo(project, point.file) : undefined;
  const source = { kind: point.kind === 'database' ? 'database' : 'workspace', label: labelOf(point, project) } as const;
  return graphFromCatalog(catalog, { source, config: project.config, ...(history ? { history } : {}) });
}

/** Two points compared: the second as it is, marked with what changed since the first. */
export function compareSchemaPoints(project: Project, from: SchemaPoint, to: SchemaPoint, options: { readonly build?: boolean } = {}): SchemaGraph | { readonly error: string } {
  const before = projectSchemaGraph(project, from, options);
  if ('error' in before) return before;
  const after = projectSchemaGraph(project, to, options);
  if ('error' in after) return after;
  return compareGraphs(before, after);
}

/** SQL files outside a project (a dump, a list of migrations) applied in the order given, with their history. */
export function filesSchemaGraph(files: readonly { readonly path: string; readonly text: string }[], config?: Config): SchemaGraph {
  const workspace = new WorkspaceCatalog();
  workspace.setFiles(files);
  const steps = function* () {
    for (const f of files) {
      const before = workspace.catalogBefore(f.path);
      const after = workspace.catalogAfter(f.path);
      if (before && after) yield { file: f.path, text: f.text, before, after };
    }
  };
  const label = files.length === 1 ? files[0].path : `${files.length} files`;
  return graphFromCatalog(workspace.catalog, { source: { kind: 'workspace', label }, history: schemaHistory(steps()), ...(config ? { config } : {}) });
}
