/**
 * `pg-architect schema [folder | files...]`: the project's schema (after its last migration, or at a point of its
 * history, or two points compared) as Mermaid, DBML, SVG or JSON, for docs and CI. A folder is read as a project
 * (its migration tool's order); files are applied in the order given (a dump, a few migrations).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { initParser } from '../../core/parse/parser';
import { loadProject } from '../../core/project/load';
import { changeCounts } from '../../core/schema-diagram/compare';
import { standaloneDiagramCss } from '../../core/schema-diagram/diagram-css';
import { toDbml } from '../../core/schema-diagram/export/dbml';
import { toMermaid } from '../../core/schema-diagram/export/mermaid';
import type { SchemaGraph } from '../../core/schema-diagram/graph';
import { focusOn } from '../../core/schema-diagram/neighbourhood';
import { layoutGraph, type DiagramView } from '../../core/schema-diagram/layout';
import { compareSchemaPoints, filesSchemaGraph, parseSchemaPoint, projectSchemaGraph } from '../../core/schema-diagram/project-graph';
import { renderSvg } from '../../core/schema-diagram/render-svg';
import { optionHelp, parseArgs, type OptionSpec } from '../args';
import { configOrProblems, EXIT, type Command } from './command';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', value: true, choices: ['mermaid', 'dbml', 'svg', 'json'], description: 'output format (default mermaid)' },
  { name: 'at', value: true, description: 'the schema right after this migration (its path), or start / end (default end)' },
  { name: 'compare', value: true, description: 'FROM..TO: two points of the history (paths, start, end); the second marked with what changed' },
  { name: 'focus', value: true, description: 'only this table (schema.name or name) and its neighbours' },
  { name: 'hops', value: true, description: 'with --focus: how far neighbours reach, 1 to 3 (default 1)' },
  { name: 'schema', value: true, description: 'only this schema (repeatable as a comma-separated list)' },
  { name: 'keys-only', description: 'svg: only key columns in each table' },
  { name: 'view-edges', description: 'svg: draw which tables each view reads' },
  { name: 'theme', value: true, choices: ['light', 'dark'], description: 'svg colours (default light)' },
  { name: 'output', value: true, description: 'write to this file instead of standard output' },
  { name: 'help', description: 'show this help' },
];

export const schemaCommand: Command = {
  summary: 'the schema as a diagram: Mermaid, DBML, SVG or JSON, at any point of the migration history or compared',
  help: `Usage: pg-architect schema [folder | files...] [options]\n\nA folder (default the current one) is read as a project: its schema files in their migration order. Files are applied in the order given.\n\nOptions:\n${optionHelp(OPTIONS)}`,
  async run(argv) {
    const parsed = parseArgs(argv, OPTIONS);
    if (!parsed.ok) return usage(parsed.error);
    const { options, positionals } = parsed.args;
    if (options.has('help')) {
      process.stdout.write(this.help + '\n');
      return EXIT.ok;
    }
    const kinds = positionals.map((p) => {
      try {
        return statSync(p).isDirectory() ? 'folder' : 'file';
      } catch {
        return 'missing';
      }
    });
    const missing = positionals.find((_, i) => kinds[i] === 'missing');
    if (missing !== undefined) return usage(`${missing}: no such file or folder`);
    if (kinds.includes('folder') && positionals.length > 1) return usage('give one folder, or files');
    const hops = Number(options.get('hops') ?? 1);
    if (!Number.isInteger(hops) || hops < 1 || hops > 3) return usage('--hops must be 1, 2 or 3');
    await initParser();
    let graph: SchemaGraph | { readonly error: string };
    if (positionals.length > 0 && kinds.every((k) => k === 'file')) {
      if (options.has('at') || options.has('compare')) return usage('--at and --compare need a project folder');
      const files: { path: string; text: string }[] = [];
      for (const p of positionals) {
        const text = readText(p);
        if (typeof text !== 'string') return usage(text.error);
        files.push({ path: relative(process.cwd(), resolve(p)).split('\\').join('/'), text });
      }
      graph = filesSchemaGraph(files);
    } else {
      const root = resolve(positionals[0] ?? '.');
      const loaded = configOrProblems('schema', root);
      if (!loaded) return EXIT.usage;
      const { project } = loadProject(root, loaded.config);
      if (project.schemaOrder().length === 0) return usage(`${positionals[0] ?? '.'} has no migrations or schema files`);
      const point = (text: string) => {
        const p = parseSchemaPoint(text, project);
        return 'error' in p || p.kind !== 'database' ? p : { error: 'database: use the editor, connected (the CLI reads migrations)' };
      };
      const compare = options.get('compare');
      if (typeof compare === 'string') {
        const [from, to] = compare.split('..');
        if (!from || !to) return usage('--compare takes FROM..TO');
        const a = point(from);
        const b = point(to);
        if ('error' in a) return usage(a.error);
        if ('error' in b) return usage(b.error);
        graph = compareSchemaPoints(project, a, b);
      } else {
        const at = point(String(options.get('at') ?? 'end'));
        if ('error' in at) return usage(at.error);
        graph = projectSchemaGraph(project, at);
      }
    }
    if ('error' in graph) return usage(graph.error);
    const schemas = options.get('schema');
    if (typeof schemas === 'string') {
      const wanted = new Set(schemas.split(',').map((s) => s.trim()));
      graph = { ...graph, schemas: graph.schemas.filter((s) => wanted.has(s)), nodes: graph.nodes.filter((n) => wanted.has(n.schema)) };
    }
    const focus = options.get('focus');
    if (typeof focus === 'string') {
      const focused = focusOn(graph, focus, hops);
      if ('error' in focused) return usage(focused.error);
      graph = focused;
    }
    const view: DiagramView = { keysOnly: options.has('keys-only'), viewEdges: options.has('view-edges') };
    let out: string;
    switch (options.get('format') ?? 'mermaid') {
      case 'json':
        out = `${JSON.stringify(graph, null, 2)}\n`;
        break;
      case 'dbml':
        out = toDbml(graph);
        break;
      case 'svg': {
        // Loaded here only: ELK is large, and every other command starts without it.
        const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
        const layout = await layoutGraph(graph, view, new ELK());
        out = `${renderSvg(graph, layout, view, { style: standaloneDiagramCss(options.get('theme') === 'dark' ? 'dark' : 'light') })}\n`;
        break;
      }
      default:
        out = toMermaid(graph);
    }
    const output = options.get('output');
    if (typeof output === 'string') writeFileSync(output, out);
    else process.stdout.write(out);
    if (graph.compared) {
      const c = changeCounts(graph);
      process.stderr.write(`${graph.compared.from} -> ${graph.compared.to}: ${c.added} added, ${c.altered} altered, ${c.dropped} dropped\n`);
    }
    return EXIT.ok;
  },
};

function readText(path: string): string | { readonly error: string } {
  try {
    const buffer = readFileSync(path);
    if (buffer.includes(0)) return { error: `${path}: a binary file, not SQL` };
    return buffer.toString('utf8');
  } catch (e) {
    return { error: `${path}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function usage(message: string): number {
  process.stderr.write(`pg-architect schema: ${message}\nRun "pg-architect schema --help" for usage.\n`);
  return EXIT.usage;
}
