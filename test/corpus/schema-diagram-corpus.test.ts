// The schema diagram over real schemas: every dump drawn (its badges the very findings the schema rules report on
// the same file, its DBML read back by @dbml/core, its Mermaid valid line by line, its ELK layout free of
// overlaps) and every migration folder read as a project (the schema after its last migration, each table's
// history, and the history compared from its start).
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import { buildCatalog } from '../../core/catalog/workspace-catalog';
import { DEFAULT_CONFIG } from '../../core/config/config';
import { lintDocument } from '../../core/lint';
import { parseDocument } from '../../core/parse/document';
import { initParser } from '../../core/parse/parser';
import { loadProject } from '../../core/project/load';
import { changeCounts } from '../../core/schema-diagram/compare';
import { toDbml } from '../../core/schema-diagram/export/dbml';
import { toMermaid } from '../../core/schema-diagram/export/mermaid';
import { graphFromCatalog } from '../../core/schema-diagram/from-catalog';
import { layoutGraph } from '../../core/schema-diagram/layout';
import { compareSchemaPoints, projectSchemaGraph } from '../../core/schema-diagram/project-graph';
import { expectedRefs, expectedRelationships, readDbml, readMermaid, tablesOf } from '../helpers/diagram-formats';
import { skipOrFail } from '../helpers/requirements';
import { CORPUS, corpusAvailable } from '../helpers/schema-corpus';

const BADGE_RULES = ['foreign-key-missing-index', 'redundant-index', 'require-primary-key'];

describe('corpus: the schema diagram over real schemas', function () {
  this.timeout(300_000);
  before(async function () {
    if (!corpusAvailable()) skipOrFail(this, `the shared corpus is not at ${CORPUS}`);
    await initParser();
  });

  it('dumps: badges are the rules\' findings; DBML, Mermaid and the layout hold for every one', async () => {
    const elk = new ELK();
    const dir = join(CORPUS, 'dumps');
    let tables = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
      const text = readFileSync(join(dir, file), 'utf8');
      const { catalog } = buildCatalog([{ path: file, text }]);
      const graph = graphFromCatalog(catalog, { source: { kind: 'workspace', label: file } });
      tables += tablesOf(graph).length;
      // Names as written differ (public. or not); what is reported, about which objects, must not.
      const normal = (s: string): string => s.replace(/\bpublic\./g, '');
      const badges = graph.nodes.flatMap((n) => n.badges.map((b) => normal(`${b.ruleId}: ${b.message}`))).sort();
      // Partitions' own redundant indexes are judged on the parent in the workspace checks the diagram follows.
      const partitions = new Set(catalog.relations().filter((r) => r.partitionOf).map((r) => r.name));
      const findings = lintDocument(parseDocument(text, file), { config: DEFAULT_CONFIG })
        .findings.filter((f) => BADGE_RULES.includes(f.ruleId))
        .filter((f) => !(f.ruleId === 'redundant-index' && [...partitions].some((p) => f.message.includes(` on ${p} `) || f.message.includes(` on public.${p} `))))
        .map((f) => normal(`${f.ruleId}: ${f.message}`))
        .sort();
      assert.deepEqual(badges, findings, file);

      const dbmlText = toDbml(graph);
      const dbml = readDbml(dbmlText, 'dbmlv2');
      assert.equal(dbml.tables.size, tablesOf(graph).filter((n) => n.columns.length > 0).length, `${file}: a DBML table per table`);
      // Every key is a Ref, but for those the export says it left out (and why).
      const leftOut = (dbmlText.match(/^\/\/ foreign key .*: left out/gm) ?? []).length;
      const known = new Set(graph.nodes.map((n) => n.id));
      const expected = expectedRefs({ ...graph, edges: graph.edges.filter((e) => known.has(e.to)) });
      assert.equal(dbml.refs.length + leftOut, expected.length, `${file}: refs`);
      assert.deepEqual(dbml.refs.filter((r) => !expected.includes(r)), [], `${file}: refs as the keys are`);
      const mermaid = readMermaid(toMermaid(graph));
      assert.deepEqual(mermaid.relationships, expectedRelationships(graph, mermaid), `${file}: a relationship per key and read`);

      const layout = await layoutGraph(graph, {}, elk);
      assert.equal(layout.nodes.size, graph.nodes.length, `${file}: every node placed`);
      const boxes = [...layout.nodes.values()].sort((a, b) => a.x - b.x);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length && boxes[j].x < boxes[i].x + boxes[i].width; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          assert.ok(!(a.y < b.y + b.height && b.y < a.y + a.height), `${file}: boxes overlap`);
        }
      }
    }
    console.log(`      ${tables} tables drawn from the dumps`);
  });

  it('migration folders: the schema after the last migration, each table\'s history, the history compared', () => {
    const root = join(CORPUS, 'migrations');
    for (const name of readdirSync(root).sort()) {
      const { project } = loadProject(join(root, name), DEFAULT_CONFIG);
      const graph = projectSchemaGraph(project);
      assert.ok(!('error' in graph), `${name}: ${'error' in graph ? graph.error : ''}`);
      const tables = tablesOf(graph);
      assert.ok(tables.length > 0, `${name}: has tables`);
      const files = new Set(project.schemaOrder());
      for (const t of tables) {
        assert.ok(t.history && t.history.length > 0, `${name}: ${t.id} has a history`);
        for (const l of t.history) assert.ok(files.has(l.file), `${name}: ${t.id} history names a schema file (${l.file})`);
      }
      const all = compareSchemaPoints(project, { kind: 'start' }, { kind: 'end' });
      assert.ok(!('error' in all));
      assert.deepEqual(changeCounts(all), { added: graph.nodes.length, altered: 0, dropped: 0 }, `${name}: from nothing, everything is added`);
      // Halfway through the history: the second half changed something.
      const order = project.schemaOrder();
      const half = compareSchemaPoints(project, { kind: 'after', file: order[Math.floor(order.length / 2)] }, { kind: 'end' });
      assert.ok(!('error' in half));
      const c = changeCounts(half);
      console.log(`      ${name}: ${tables.length} tables, ${order.length} schema files; second half: ${c.added} added, ${c.altered} altered, ${c.dropped} dropped`);
    }
  });
});
