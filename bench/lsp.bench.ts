// Language-server latency on the largest corpus dump: open -> diagnostics (fresh server, then warm), a
// one-character edit -> diagnostics (p50/p95; the server waits only after an expensive analysis, at most 150 ms), hover and completion
// (p50/p95), and the server's memory; the same edit figures for postgres-language-server when installed.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient } from '../test/helpers/lsp-client';
import { percentile } from './measure';
import { PEERS, installed } from './peers';
import type { BenchContext, BenchModule, BenchRow } from './types';

function largestDump(corpus: string): string | undefined {
  const dir = join(corpus, 'dumps');
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

function rssMiB(pid: number | undefined, field: 'VmHWM' | 'VmRSS' = 'VmHWM'): number {
  if (!pid) return NaN;
  try {
    const m = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

interface Latencies {
  /** Open -> the first diagnostics published (ours: the head's, for a large file). */
  readonly first: number[];
  /** Open -> the whole analysis (ours: the publish carrying the document's version). */
  readonly open: number[];
  readonly edit: number[];
}

/** Edits: insert one space right after a random line's first character, then wait for that version's diagnostics. */
export async function editLatencies(client: LspClient, uri: string, text: string, count: number): Promise<number[]> {
  const out: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < count; i++) {
    const line = Math.floor(((i * 7919) % lines.length) + 0);
    const t = performance.now();
    const doc = client.change(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }]);
    await client.waitForDiagnostics(uri, doc.version);
    out.push(performance.now() - t);
  }
  return out;
}

async function measureOurs(file: string, ctx: BenchContext): Promise<{ latencies: Latencies; hover: number[]; completion: number[]; rss: number; after100: number; after500: number; peak500: number }> {
  const text = readFileSync(file, 'utf8');
  const open: number[] = [];
  const first: number[] = [];
  for (let run = 0; run < Math.max(3, Math.min(ctx.runs, 5)); run++) {
    const client = await LspClient.start({ waitTimeoutMs: 120_000 });
    const uri = `file:///bench/cold-${run}.sql`;
    const t = performance.now();
    const firstPublished = client.nextDiagnostics(uri).then(() => performance.now() - t);
    client.open(uri, text);
    await client.waitForDiagnostics(uri);
    open.push(performance.now() - t);
    first.push(await firstPublished);
    await client.stop();
  }
  const client = await LspClient.start({ waitTimeoutMs: 120_000 });
  const uri = 'file:///bench/dump.sql';
  client.open(uri, text);
  await client.waitForDiagnostics(uri);
  const edit = await editLatencies(client, uri, text, 40);
  const hover: number[] = [];
  const completion: number[] = [];
  const canComplete = client.initializeResult.capabilities.completionProvider !== undefined;
  const lines = text.split('\n');
  for (let i = 0; i < 60; i++) {
    const line = (i * 104729) % lines.length;
    const position = { line, character: Math.min(3, lines[line].length) };
    let t = performance.now();
    await client.request('textDocument/hover', { textDocument: { uri }, position });
    hover.push(performance.now() - t);
    if (canComplete) {
      t = performance.now();
      await client.request('textDocument/completion', { textDocument: { uri }, position });
      completion.push(performance.now() - t);
    }
  }
  const rss = rssMiB(client.pid);
  // Issue 15's memory figure: what the server holds after 500 edits in all (and whether it keeps growing).
  const after100 = (await editLatencies(client, uri, client.document(uri).getText(), 60), rssMiB(client.pid, 'VmRSS'));
  await editLatencies(client, uri, client.document(uri).getText(), 400);
  const after500 = rssMiB(client.pid, 'VmRSS');
  const peak500 = rssMiB(client.pid);
  await client.stop();
  return { latencies: { first, open, edit }, hover, completion, rss, after100, after500, peak500 };
}

async function measurePeer(file: string): Promise<Latencies | undefined> {
  if (!installed(PEERS.postgresLanguageServer)) return undefined;
  const text = readFileSync(file, 'utf8');
  const open: number[] = [];
  const client = await LspClient.start({ command: [PEERS.postgresLanguageServer, 'lsp-proxy'], waitTimeoutMs: 60_000 });
  try {
    const uri = 'file:///bench/peer-dump.sql';
    const t = performance.now();
    client.open(uri, text);
    await client.nextDiagnostics(uri);
    open.push(performance.now() - t);
    const edit: number[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < 20; i++) {
      const line = (i * 7919) % lines.length;
      const t0 = performance.now();
      client.change(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }]);
      await client.nextDiagnostics(uri);
      edit.push(performance.now() - t0);
    }
    return { first: open, open, edit };
  } catch {
    return undefined;
  } finally {
    await client.kill();
  }
}

export const lspBench: BenchModule = {
  name: 'lsp',
  async run(ctx) {
    const file = largestDump(ctx.corpus);
    if (!file) {
      ctx.log('lsp: the corpus is absent; skipped');
      return [];
    }
    const name = file.split('/').pop()!;
    const lines = readFileSync(file, 'utf8').split('\n').length;
    const ours = await measureOurs(file, ctx);
    const peer = await measurePeer(file);
    const label = `LSP on ${name} (${lines.toLocaleString('en-US')} lines)`;
    const peerOf = (values: number[] | undefined, p: number) => (values && values.length > 0 ? { peer: { name: 'postgres-language-server', value: percentile(values, p) } } : {});
    const rows: BenchRow[] = [
      { benchmark: label, metric: 'open -> first diagnostics, fresh server (median)', unit: 'ms', ours: percentile(ours.latencies.first, 50), ...peerOf(peer?.first, 50), note: 'ours: the head of the file (its first 16,000 characters), then the whole' },
      { benchmark: label, metric: 'open -> all diagnostics, fresh server (median)', unit: 'ms', ours: percentile(ours.latencies.open, 50), ...peerOf(peer?.open, 50) },
      { benchmark: label, metric: 'edit -> diagnostics p50', unit: 'ms', ours: percentile(ours.latencies.edit, 50), ...peerOf(peer?.edit, 50), note: 'an edit after a pause is linted at once' },
      { benchmark: label, metric: 'edit -> diagnostics p95', unit: 'ms', ours: percentile(ours.latencies.edit, 95), ...peerOf(peer?.edit, 95) },
      { benchmark: label, metric: 'hover p50 / p95', unit: 'ms', ours: percentile(ours.hover, 50), note: `p95 ${percentile(ours.hover, 95).toFixed(1)} ms` },
      { benchmark: label, metric: 'server peak memory', unit: 'MiB', ours: ours.rss },
      { benchmark: label, metric: 'server memory after 500 edits (RSS)', unit: 'MiB', ours: ours.after500, note: `after 100 edits: ${ours.after100.toFixed(0)} MiB; peak over the 500: ${ours.peak500.toFixed(0)} MiB` },
    ];
    if (ours.completion.length > 0) rows.push({ benchmark: label, metric: 'completion p50 / p95', unit: 'ms', ours: percentile(ours.completion, 50), note: `p95 ${percentile(ours.completion, 95).toFixed(1)} ms` });
    return rows;
  },
};
