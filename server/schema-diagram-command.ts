/**
 * The schema diagram's data over LSP (workspace/executeCommand `pgArchitect.server.schemaDiagram`): the graph of
 * the project holding `uri` at a point of its history, or two points compared, with the points a user can pick.
 * VS Code's panel draws it; other editors can export it. Core builds it (core/schema-diagram/project-graph.ts).
 */
import type { Project } from '../core/project/project';
import type { SchemaGraph } from '../core/schema-diagram/graph';
import { compareSchemaPoints, parseSchemaPoint, projectSchemaGraph, schemaPoints, type SchemaPoint } from '../core/schema-diagram/project-graph';

export const SCHEMA_DIAGRAM_COMMAND = 'pgArchitect.server.schemaDiagram';

export interface SchemaDiagramArguments {
  /** A document of the project (default: the first workspace folder's). */
  readonly uri?: string;
  /** `end` (default), `start`, `database`, or a schema file's id or path. */
  readonly at?: string;
  /** Compare `from` with `at`. */
  readonly from?: string;
}

export type SchemaDiagramResult =
  | { readonly graph: SchemaGraph; readonly points: readonly { readonly value: string; readonly label: string }[] }
  | { readonly error: string };

export function schemaDiagramArguments(args: readonly unknown[] | undefined): SchemaDiagramArguments | undefined {
  const value = args?.[0] ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  for (const key of ['uri', 'at', 'from']) if (v[key] !== undefined && typeof v[key] !== 'string') return undefined;
  return { ...(typeof v.uri === 'string' ? { uri: v.uri } : {}), ...(typeof v.at === 'string' ? { at: v.at } : {}), ...(typeof v.from === 'string' ? { from: v.from } : {}) };
}

function pointValue(point: SchemaPoint): string {
  return point.kind === 'after' ? point.file : point.kind;
}

export function schemaDiagram(project: Project | undefined, args: SchemaDiagramArguments): SchemaDiagramResult {
  if (!project) return { error: 'Open a folder: the schema diagram draws the schema its migrations or DDL files build.' };
  const points = schemaPoints(project).map((p) => ({ value: pointValue(p.point), label: p.label }));
  if (project.schemaOrder().length === 0 && !project.databaseSnapshot) return { error: 'This folder has no migrations or schema files (and no database is connected): nothing to draw.' };
  // Without schema files, the connected database is what there is to draw.
  const at = parseSchemaPoint(args.at ?? (project.schemaOrder().length === 0 ? 'database' : 'end'), project);
  if ('error' in at) return at;
  let graph: SchemaGraph | { readonly error: string };
  if (args.from !== undefined) {
    const from = parseSchemaPoint(args.from, project);
    if ('error' in from) return from;
    graph = compareSchemaPoints(project, from, at, { build: false });
  } else graph = projectSchemaGraph(project, at, { build: false });
  return 'error' in graph ? graph : { graph, points };
}
