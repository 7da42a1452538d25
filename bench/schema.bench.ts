// Schema-aware LSP latency on a large schema: the largest corpus dump as the workspace's schema file, then
// completion (columns after an alias, tables after FROM) and identifier hover (a table, a column) in a query
// file of that workspace, and hover on table names inside the dump itself (p50/p95 each); plus the time until
// the first schema-aware answer (the workspace catalog's first build).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, Hover, Position } from 'vscode-languageserver-protocol/node';
import { buildCatalog } from '../core/catalog/workspace-catalog';
import { quoteIdentifier } from '../core/catalog/names';
import { LspClient } from '../test/helpers/lsp-client';
import { percentile } from './measure';
import type { BenchModule, BenchRow } from './types';

const SAMPLES = 60;

function largestDump(corpus: string): string | undefined {
  const dir = join(corpus, 'dumps');
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

async function timed(samples: number, request: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await request(i);
    out.push(performance.now() - t);
  }
  return out;
}

export const schemaBench: BenchModule = {
  name: 'lsp-schema',
  async run(ctx) {
    const file = largestDump(ctx.corpus);
    if (!file) {
      ctx.log('lsp-schema: the corpus is absent; skipped');
      return [];
    }
    const dumpText = readFileSync(file, 'utf8');
    const { catalog } = buildCatalog([{ path: file, text: dumpText }]);
    const tables = catalog.relations().filter((r) => r.kind === 'table' || r.kind === 'partitioned-table');
    if (tables.length === 0) return [];
    // The widest table: the most columns to list and describe.
    const wide = [...tables].sort((a, b) => b.columns.length - a.columns.length)[0];
    const column = wide.columns[Math.floor(wide.columns.length / 2)];
    const tableName = `${quoteIdentifier(wide.schema)}.${quoteIdentifier(wide.name)}`;

    const dir = mkdtempSync(join(tmpdir(), 'pg-architect-bench-schema-'));
    try {
      mkdirSync(join(dir, 'db'));
      writeFileSync(join(dir, 'db', 'structure.sql'), dumpText);
      const queryText = [
        `SELECT t. FROM ${tableName} t;`,
        `SELECT * FROM ;`,
        `SELECT t.${quoteIdentifier(column.name)} FROM ${tableName} t WHERE t.${quoteIdentifier(column.name)} IS NOT NULL;`,
        '',
      ].join('\n');
      const lines = queryText.split('\n');
      const aliasAt: Position = { line: 0, character: 'SELECT t.'.length };
      const fromAt: Position = { line: 1, character: 'SELECT * FROM '.length };
      const tableAt: Position = { line: 2, character: lines[2].indexOf(tableName) + tableName.length - 1 };
      const columnAt: Position = { line: 2, character: 'SELECT t.'.length + 1 };

      const started = performance.now();
      const client = await LspClient.start({ workspaceFolders: [dir], waitTimeoutMs: 120_000 });
      try {
        const uri = pathToFileURL(join(dir, 'queries.sql')).href;
        client.open(uri, queryText);
        const complete = (position: Position): Promise<CompletionList | CompletionItem[] | null> =>
          client.request('textDocument/completion', { textDocument: { uri }, position });
        const hover = (position: Position, at = uri): Promise<Hover | null> => client.request('textDocument/hover', { textDocument: { uri: at }, position });
        const first = await complete(aliasAt);
        const firstAnswer = performance.now() - started;
        const firstCount = Array.isArray(first) ? first.length : (first?.items.length ?? 0);
        if (firstCount < wide.columns.length) ctx.log(`lsp-schema: expected ${wide.columns.length} columns of ${tableName}, got ${firstCount}`);
        await client.waitForDiagnostics(uri);

        const aliasCompletion = await timed(SAMPLES, () => complete(aliasAt));
        const fromCompletion = await timed(SAMPLES, () => complete(fromAt));
        const tableHover = await timed(SAMPLES, () => hover(tableAt));
        const columnHover = await timed(SAMPLES, () => hover(columnAt));

        // Hover on the table names of the dump's own ALTER TABLE / CREATE INDEX statements, in the open dump.
        const dumpUri = pathToFileURL(join(dir, 'db', 'structure.sql')).href;
        client.open(dumpUri, dumpText);
        await client.waitForDiagnostics(dumpUri);
        const dumpLines = dumpText.split('\n');
        const targets: Position[] = [];
        dumpLines.forEach((line, i) => {
          const m = /^(?:ALTER TABLE(?: IF EXISTS)?(?: ONLY)? |CREATE (?:UNIQUE )?INDEX \S+ ON (?:ONLY )?)(\S+)/.exec(line);
          if (m) targets.push({ line: i, character: line.indexOf(m[1]) + m[1].length - 1 });
        });
        let identified = 0;
        const dumpHover =
          targets.length > 0
            ? await timed(SAMPLES, async (i) => {
                const h = await hover(targets[(i * 7919) % targets.length], dumpUri);
                const value = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
                if (/^\*\*(partitioned )?table\*\*/.test(value)) identified++;
              })
            : [];

        const label = `LSP schema features, ${file.split('/').pop()} as the workspace schema (${tables.length} tables)`;
        const row = (metric: string, values: number[], note = ''): BenchRow => ({
          benchmark: label,
          metric: `${metric} p50 / p95`,
          unit: 'ms',
          ours: percentile(values, 50),
          note: `p95 ${percentile(values, 95).toFixed(1)} ms${note ? `; ${note}` : ''}`,
        });
        const rows: BenchRow[] = [
          { benchmark: label, metric: 'start -> first column completion (workspace catalog built)', unit: 'ms', ours: firstAnswer },
          row('completion: columns after alias', aliasCompletion, `${wide.columns.length} columns of ${wide.name}`),
          row('completion: tables after FROM', fromCompletion),
          row('hover: table name', tableHover),
          row('hover: column name', columnHover),
        ];
        if (dumpHover.length > 0) rows.push(row('hover: table names inside the dump', dumpHover, `${dumpLines.length.toLocaleString('en-US')} lines open; ${identified}/${dumpHover.length} described a table`));
        return rows;
      } finally {
        await client.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
