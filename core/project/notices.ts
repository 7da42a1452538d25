/**
 * What a user should know about how the project was read, said once per project: migrations of more than one
 * tool in one tree, migrations whose tool is not known (read as psql runs files), a dump beside migrations, and
 * schemas whose history is partial.
 */
import type { FileRole } from './classify';
import type { PartialHistory } from './completeness';
import { MIGRATION_TOOLS, type MigrationToolId } from './tools';

export interface ProjectNotice {
  readonly kind: 'several-tools' | 'unknown-tool' | 'dump-and-migrations' | 'partial-history';
  readonly message: string;
}

export interface NoticeInput {
  /** Schema files in order: path and role. */
  readonly schemaFiles: readonly { readonly path: string; readonly role: FileRole | undefined }[];
  readonly partial: ReadonlyMap<string, PartialHistory>;
  /** A file's path for messages. */
  readonly pathOf: (id: string) => string;
}

function folderOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '.' : path.slice(0, at);
}

export function projectNotices(input: NoticeInput): ProjectNotice[] {
  const notices: ProjectNotice[] = [];
  const byTool = new Map<MigrationToolId, { folders: Set<string>; count: number }>();
  let dumps = 0;
  for (const f of input.schemaFiles) {
    if (f.role?.kind === 'schema-dump') dumps++;
    const tool = f.role?.kind === 'migration' ? f.role.tool : undefined;
    if (!tool) continue;
    const entry = byTool.get(tool) ?? { folders: new Set<string>(), count: 0 };
    entry.count++;
    // Prisma and Hasura keep one folder per migration: name their parent.
    entry.folders.add(tool === 'prisma' || tool === 'hasura' ? folderOf(folderOf(f.path)) : folderOf(f.path));
    byTool.set(tool, entry);
  }
  const describe = (tool: MigrationToolId, e: { folders: Set<string>; count: number }): string => `${MIGRATION_TOOLS[tool].name} in ${[...e.folders].join(', ')} (${e.count} file${e.count === 1 ? '' : 's'})`;
  if (byTool.size > 1) {
    notices.push({
      kind: 'several-tools',
      message: `Migrations of ${byTool.size} tools: ${[...byTool].map(([t, e]) => describe(t, e)).join('; ')}. Each folder applies in its own order, folders one after another in path order; set schemaFiles in pg-architect.json to choose.`,
    });
  }
  const unknown = byTool.get('numbered');
  if (unknown) {
    notices.push({
      kind: 'unknown-tool',
      message: `The migrations in ${[...unknown.folders].join(', ')} are numbered files of a tool pg-architect does not recognise: each file is read as psql runs it, statement by statement. If your tool runs each file in a transaction, set "assumeInTransaction": true.`,
    });
  }
  if (dumps > 0 && byTool.size > 0) {
    notices.push({ kind: 'dump-and-migrations', message: `A schema dump and ${[...byTool.values()].reduce((n, e) => n + e.count, 0)} migrations both build the schema; they apply in path order. Exclude one of them (exclude in pg-architect.json) if the dump is the migrations' result.` });
  }
  for (const p of input.partial.values()) {
    notices.push({
      kind: 'partial-history',
      message: `The history of schema ${p.schema} is partial: ${input.pathOf(p.file)} uses ${p.table}, which no file creates. Unknown names in ${p.schema} are not reported.`,
    });
  }
  return notices;
}
