/**
 * Explain for editors other than VS Code (workspace/executeCommand `pgArchitect.server.explain`): the statement at a
 * position EXPLAINed on the embedded PostgreSQL holding the project's schema, analysed, optionally with the index
 * advisor's verdicts; answered with the text report (as the CLI prints it) and a file holding the plan viewer as a
 * page for a browser. The embedded database of each project stays open between commands, in its own data directory
 * (the VS Code panel and the CLI keep theirs), and its schema is brought up to date before each run.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Position } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatAdviceText } from '../core/advisor/indexes/report';
import type { Config } from '../core/config/config';
import { cacheBase, embeddedCacheFolder } from '../core/db/embedded-cache';
import { openEmbedded, syncSchema, type EmbeddedDatabase } from '../core/db/embedded';
import { embeddedOpener } from '../core/db/pglite-worker-session';
import { planNotes } from '../core/db/explain-runner';
import { explainStatement } from '../core/db/explain-statement';
import { schemaFilesOf } from '../core/db/workspace-schema';
import { formatPlanText } from '../core/explain/format';
import { buildPlanView, viewInsight, type ViewInsight } from '../core/explain/view';
import { standalonePlanPage } from '../core/explain/view/standalone';
import { adviceView } from '../core/explain/view/advice';
import { parseDocument } from '../core/parse/document';

export const EXPLAIN_COMMAND = 'pgArchitect.server.explain';
/** Plan pages kept in the cache folder (the newest; older ones are removed when a new one is written). */
export const KEPT_PLAN_PAGES = 20;

export interface ExplainCommandArguments {
  readonly uri: string;
  /** Where the statement is (default: the document's first explainable statement). */
  readonly position?: Position;
  readonly analyze?: boolean;
  /** Also run the index advisor (its verified index replaces the plan's own guess in the insights). */
  readonly advise?: boolean;
  /** Values for $1, $2, ...; without them a generic plan. */
  readonly parameters?: readonly string[];
  /** Confirms EXPLAIN ANALYZE of a statement that changes data (still rolled back). */
  readonly allowDataChanges?: boolean;
}

export type ExplainCommandResult =
  | {
      readonly database: string;
      readonly statement: string;
      /** The analysis as the CLI prints it: the plan tree, timings, insights. */
      readonly text: string;
      readonly insights: readonly ViewInsight[];
      /** The index advisor's advice as text, with advise. */
      readonly advice?: string;
      /** The plan viewer as a page for a browser, and its file: URL; absent when the viewer bundle is not installed. */
      readonly htmlPath?: string;
      readonly htmlUri?: string;
    }
  | { readonly error: string };

export interface ExplainHost {
  /** The document's text: the editor's copy when it is open, else the file. */
  readonly text: (uri: string) => string | undefined;
  /** The project folder of a document and its configuration. */
  readonly project: (uri: string) => Promise<{ readonly folder: string; readonly config: Config }>;
}

/** Reads an argument object the client sent (anything may arrive over the wire). */
export function explainArguments(raw: unknown): ExplainCommandArguments | undefined {
  const a = (Array.isArray(raw) ? raw[0] : raw) as Partial<ExplainCommandArguments> | undefined;
  if (!a || typeof a !== 'object' || typeof a.uri !== 'string') return undefined;
  const position = a.position && typeof a.position.line === 'number' && typeof a.position.character === 'number' ? { line: a.position.line, character: a.position.character } : undefined;
  const parameters = Array.isArray(a.parameters) ? a.parameters.map(String) : undefined;
  return { uri: a.uri, ...(position ? { position } : {}), analyze: a.analyze === true, advise: a.advise === true, allowDataChanges: a.allowDataChanges === true, ...(parameters ? { parameters } : {}) };
}

export class ServerExplain {
  private readonly databases = new Map<string, Promise<EmbeddedDatabase>>();

  constructor(private readonly host: ExplainHost) {}

  async run(args: ExplainCommandArguments): Promise<ExplainCommandResult> {
    const text = this.host.text(args.uri);
    if (text === undefined) return { error: `Cannot read ${args.uri}.` };
    const document = TextDocument.create(args.uri, 'sql', 0, text);
    const at = args.position ? document.offsetAt(args.position) : 0;
    const parsed = parseDocument(text, args.uri);
    const statement = parsed.statements.find((s) => at >= s.start && at <= s.end) ?? parsed.statements.find((s) => s.start >= at);
    if (!statement) return { error: 'No statement at that position.' };
    const { folder, config } = await this.host.project(args.uri);
    const db = await this.database(folder, config);
    const explained = await explainStatement(db.session, {
      sql: statement.parsedText,
      analyze: args.analyze === true,
      allowDataChanges: args.allowDataChanges === true,
      parameters: args.parameters ?? [],
      emptyTables: !db.statisticsImported,
      advise: args.advise === true,
      timeoutMs: 60_000,
    });
    if (!('analysis' in explained)) {
      const o = explained.outcome;
      return { error: 'failure' in o ? o.failure.message : o.refused + (o.needs === 'confirmation' ? ' Pass allowDataChanges: true to confirm.' : o.needs === 'parameters' ? ' Pass parameters.' : '') };
    }
    const { outcome, analysis, advice } = explained;
    const origin = db.statisticsImported
      ? 'Plan from the embedded PostgreSQL with statistics imported from a server.'
      : 'Plan from the embedded PostgreSQL holding your schema with empty tables: the planner\'s choices reflect empty tables, not production.';
    const note = planNotes(origin, outcome).join(' ');
    const report = formatPlanText(analysis, { width: 120 });
    const adviceText = advice ? formatAdviceText([{ line: document.positionAt(statement.start).line + 1, advice }], db.session.label, false).split('\n').slice(1).join('\n') : undefined;
    const label = `${analysis.plan.analyzed ? 'EXPLAIN ANALYZE' : 'EXPLAIN'} ${new Date().toLocaleTimeString('en-GB')}`;
    const view = buildPlanView(analysis, { query: statement.parsedText, raw: outcome.json, text: report });
    const page = this.writePage(args.uri, label, db.session.label, note, view, advice ? adviceView(advice) : undefined);
    return {
      database: db.session.label,
      statement: statement.parsedText,
      text: `${note}\n\n${report}${adviceText ? `\nIndex advisor:\n${adviceText}` : ''}`,
      insights: analysis.insights.map(viewInsight),
      ...(adviceText ? { advice: adviceText } : {}),
      ...page,
    };
  }

  async dispose(): Promise<void> {
    const open = [...this.databases.values()];
    this.databases.clear();
    await Promise.all(open.map((p) => p.then((db) => db.session.close()).catch(() => undefined)));
  }

  /** The project's embedded database, its schema synced with the files as they are now. */
  private async database(folder: string, config: Config): Promise<EmbeddedDatabase> {
    const files = schemaFilesOf([folder], config).files;
    let pending = this.databases.get(folder);
    if (!pending) {
      // Not the VS Code panel's nor the CLI's directory: two PGlite instances must never share one.
      // In a worker: PostgreSQL's start and statements would hold every request of the server meanwhile.
      pending = openEmbedded(embeddedCacheFolder(`${folder}\nlanguage-server`).dir, files, embeddedOpener(__dirname));
      this.databases.set(folder, pending);
      pending.catch(() => this.databases.delete(folder));
      return pending;
    }
    const db = await pending;
    return { ...db, ...(await syncSchema(db.session, files)) };
  }

  private writePage(uri: string, label: string, database: string, note: string, view: ReturnType<typeof buildPlanView>, advice: Parameters<typeof standalonePlanPage>[0]['advice']): { htmlPath?: string; htmlUri?: string } {
    const script = join(__dirname, 'webview.js');
    const style = join(__dirname, 'webview.css');
    if (!existsSync(script) || !existsSync(style)) return {};
    const dir = join(cacheBase(), 'plans');
    mkdirSync(dir, { recursive: true });
    const name = `${basename(uri).replace(/\.\w+$/, '').replace(/[^\w.-]+/g, '_') || 'query'}-${Date.now().toString(36)}.html`;
    const htmlPath = join(dir, name);
    writeFileSync(htmlPath, standalonePlanPage({ view, label, database, note, scriptUrl: pathToFileURL(script).href, styleUrl: pathToFileURL(style).href, ...(advice ? { advice } : {}) }));
    prunePages(dir);
    return { htmlPath, htmlUri: pathToFileURL(htmlPath).href };
  }
}

/** Keeps the newest KEPT_PLAN_PAGES pages of the folder: every explain writes one. */
function prunePages(dir: string): void {
  try {
    const pages = readdirSync(dir)
      .filter((f) => f.endsWith('.html'))
      .map((f) => ({ path: join(dir, f), at: statSync(join(dir, f)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const old of pages.slice(KEPT_PLAN_PAGES)) rmSync(old.path, { force: true });
  } catch {
    // A page left behind is no reason to fail an explain.
  }
}
