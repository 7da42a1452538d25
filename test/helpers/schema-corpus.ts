// The schema-aware checks over the shared corpus the way the editor runs them: a schema dump against the catalog of
// its own DDL; a migration folder as one workspace (core's migration order, each file against the catalog before
// and after it, the cross-file checks over the catalog after the last file, the per-file pair rules turned off for
// them). Used by test/corpus/schema-checks-corpus.test.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { orderMigrations } from '../../core/project/migration-order';
import { buildCatalog, WorkspaceCatalog } from '../../core/catalog/workspace-catalog';
import { lintDocument, type Finding } from '../../core/lint';
import { parseDocument } from '../../core/parse/document';
import { ALL_RULES } from '../../core/rules/registry';
import { CROSS_FILE_RULE_IDS, dynamicDdlNames } from '../../core/semantics/cross-file-checks';
import { schemaFindings } from '../../core/semantics/diagnostics';
import { SchemaLookup } from '../../core/semantics/lookup';

export const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');

export interface CorpusFinding {
  readonly file: string;
  readonly line: number;
  readonly ruleId: string;
  readonly message: string;
  /** The text the finding covers. */
  readonly text: string;
}

function located(file: string, text: string, f: Finding): CorpusFinding {
  const line = text.slice(0, f.range.start).split('\n').length;
  return { file, line, ruleId: f.ruleId, message: f.message, text: text.slice(f.range.start, f.range.end).slice(0, 120) };
}

/** Every dump: its schema findings against its own catalog. */
export function dumpFindings(): CorpusFinding[] {
  const dir = join(CORPUS, 'dumps');
  const out: CorpusFinding[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.sql')).sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    const lookup = new SchemaLookup([buildCatalog([{ path: name, text }]).catalog]);
    for (const f of schemaFindings(parseDocument(text, name), lookup)) out.push(located(`dumps/${name}`, text, f));
  }
  return out;
}

function filesUnder(root: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: relative(root, p).split('\\').join('/'), text: readFileSync(p, 'utf8') });
    }
  };
  walk(root);
  return out;
}

export interface MigrationFindings {
  /** Schema findings, cross-file ones included, of every file of every folder. */
  readonly findings: CorpusFinding[];
  /** What the per-file pair rules report on the same files (for comparison). */
  readonly perFile: CorpusFinding[];
}

/** Every migration folder as one workspace. */
export function migrationFindings(): MigrationFindings {
  const root = join(CORPUS, 'migrations');
  const findings: CorpusFinding[] = [];
  const perFile: CorpusFinding[] = [];
  const pairRules = ALL_RULES.filter((r) => CROSS_FILE_RULE_IDS.includes(r.meta.id));
  for (const project of readdirSync(root).sort()) {
    const inputs = filesUnder(join(root, project));
    const texts = new Map(inputs.map((f) => [f.path, f.text]));
    const files = orderMigrations(inputs).files.map((f) => ({ path: f.path, text: texts.get(f.path) ?? '' }));
    const workspace = new WorkspaceCatalog();
    workspace.setFiles(files);
    const order = files.map((f) => f.path);
    const opaque = new Set(files.flatMap((f) => dynamicDdlNames(parseDocument(f.text, f.path))));
    for (const file of files) {
      const document = parseDocument(file.text, file.path);
      const after = workspace.catalogAfter(file.path);
      const before = workspace.catalogBefore(file.path);
      const lookup = new SchemaLookup([after, before].filter((c) => c !== undefined));
      const name = `migrations/${project}/${file.path}`;
      for (const f of schemaFindings(document, lookup, { workspace: { catalog: workspace.catalog, file: file.path, files: order, opaque } })) {
        findings.push(located(name, file.text, f));
      }
      for (const f of lintDocument(document, { rules: pairRules, fileName: file.path }).findings) {
        if (CROSS_FILE_RULE_IDS.includes(f.ruleId)) perFile.push(located(name, file.text, f));
      }
    }
  }
  return { findings, perFile };
}

export const corpusAvailable = (): boolean => existsSync(join(CORPUS, 'dumps')) && existsSync(join(CORPUS, 'migrations'));
