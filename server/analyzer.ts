/**
 * Linting open documents through core's one analysis (analyzeFile: parses are cached by statement text and the
 * nodes each rule visits are listed once per parse, so an edit re-parses and re-walks only the statements it
 * touched), one run at a time per document. A change is linted on the next turn of the event loop (changes that
 * arrive together are one run), unless the document's recent analyses were all expensive and one just ended: then
 * the server first stays idle about as long as one takes (edit-delay.ts), so fast typing in a large file does not
 * keep the server busy. The latest analysis of each document is kept with the version it was computed on; code actions and
 * hover read it instead of analysing again, and never use one whose version the document has moved past. A large
 * document's first analysis publishes its head's findings first (publishHead), then the whole. Analyses run in
 * slices (analysis-slices.ts): other requests are answered in between, and one whose document changed is dropped.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, LintResult } from '../core/lint';
import { parseDocumentSteps, type SqlDocument } from '../core/parse/document';
import { analyzeFileSteps, type FileAnalysis } from '../core/project/analyze';
import type { Steps } from '../core/runtime/steps';
import { runInSlices } from './analysis-slices';
import { editDelay, withCost, type AnalysisCost } from './edit-delay';
import type { Config } from '../core/config/config';
import type { ConfigStore } from './config-store';
import { fileNotice, toDiagnostic } from './diagnostics';
import { describeError, type Logger } from './guard';
import { inputProblem } from './input-guard';
import type { DocumentSchema } from './workspace-index';

export { DEBOUNCE_MS } from './edit-delay';

/** A document larger than this gets its head's findings first, then the whole analysis (LintOptions.head). */
export const HEAD_FIRST_LENGTH = 100_000;
/** The head: statements that end within these first characters (the part a file opens at, with room to scroll). */
export const HEAD_LENGTH = 16_000;

export interface Analysis {
  readonly uri: string;
  readonly version: number;
  /** Undefined when the document was not linted (excluded, binary, too large, internal error). */
  readonly result: FileAnalysis | undefined;
  readonly config: Config;
  /** For a lint result: one per finding, in the same order. */
  readonly diagnostics: readonly Diagnostic[];
  /** The catalog the document was checked against (schema-aware findings, hover, completion). */
  readonly schema?: DocumentSchema;
}

export interface AnalyzerHost {
  readonly logger: Logger;
  readonly configs: ConfigStore;
  /** Resolves once the parser is loaded; nothing is linted before. */
  readonly parserReady: Promise<void>;
  /** Resolves once the document's project is known (its files and settings); absent: nothing to wait for. */
  projectKnown?(): Promise<void>;
  document(uri: string): TextDocument | undefined;
  /** The analysis of a document against its project, in steps (absent: the document is analysed on its own). */
  analyze?(uri: string, version: number, document: SqlDocument, config: Config, fileName: string, head?: number): Steps<FileAnalysis>;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
}

export class Analyzer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly latestAnalyses = new Map<string, Analysis>();
  private readonly running = new Map<string, Promise<Analysis | undefined>>();
  /** Rule failures already logged per document, so a failing rule is not logged on every keystroke. */
  private readonly loggedFailures = new Map<string, Set<string>>();
  /** Each document's last few analyses after an edit: how long each took and when it ended (ms). */
  private readonly costs = new Map<string, readonly AnalysisCost[]>();
  /** When each document's last change was scheduled (performance.now()). */
  private readonly changes = new Map<string, number>();

  constructor(private readonly host: AnalyzerHost) {}

  /**
   * Lints the document after `delay` ms (default: at once, unless an expensive analysis of it just ended); a newer
   * call for the same document replaces this one.
   */
  schedule(uri: string, delay = this.delayFor(uri)): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.run(uri).catch((e: unknown) => this.host.logger.error(`Linting ${uri} failed: ${describeError(e)}`));
      }, delay),
    );
  }

  /** The analysis of the document's current version: the stored one, or computed now if one is due. */
  async current(uri: string): Promise<Analysis | undefined> {
    const document = this.host.document(uri);
    if (!document) return undefined;
    const stored = this.latestAnalyses.get(uri);
    if (stored?.version === document.version && !this.timers.has(uri) && !this.running.has(uri)) return stored;
    // A lint is due (scheduled, or nothing for this version yet): run it now; otherwise one is under way.
    const due = this.timers.has(uri) || !this.running.has(uri);
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    const analysis = due ? await this.run(uri) : await this.running.get(uri);
    return analysis?.version === this.host.document(uri)?.version ? analysis : undefined;
  }

  private delayFor(uri: string): number {
    // An open's analysis is not counted (it parses every statement, an edit only what changed).
    const now = performance.now();
    const previousChange = this.changes.get(uri);
    this.changes.set(uri, now);
    return editDelay(this.costs.get(uri) ?? [], now, previousChange);
  }

  /** The latest analysis of a document, whatever its version (for answers that may lag a keystroke). */
  latest(uri: string): Analysis | undefined {
    return this.latestAnalyses.get(uri);
  }

  /** The document was closed: drop its state and its diagnostics. */
  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.latestAnalyses.delete(uri);
    this.loggedFailures.delete(uri);
    this.costs.delete(uri);
    this.changes.delete(uri);
    this.host.publish(uri, undefined, []);
  }

  /** Runs after any run already under way for the document, so results arrive in order. */
  private run(uri: string): Promise<Analysis | undefined> {
    const previous = this.running.get(uri) ?? Promise.resolve(undefined);
    const next = previous.then(
      () => this.analyze(uri),
      () => this.analyze(uri),
    );
    this.running.set(uri, next);
    const clear = (): void => {
      if (this.running.get(uri) === next) this.running.delete(uri);
    };
    next.then(clear, clear);
    return next;
  }

  private async analyze(uri: string): Promise<Analysis | undefined> {
    await this.host.parserReady;
    await this.host.projectKnown?.();
    const { config, included, fileName } = await this.host.configs.forDocument(uri);
    // Read the document after the waits: it is the version linted and converted below, in one synchronous step.
    let document = this.host.document(uri);
    if (!document) return undefined;
    let parsed: { readonly version: number; readonly document: SqlDocument } | undefined;
    if (included && !this.latestAnalyses.has(uri)) {
      parsed = await this.publishHead(document, config, fileName);
      if (parsed) {
        // Let the head's diagnostics go out before the whole analysis takes the thread.
        await new Promise((resolve) => setImmediate(resolve));
        document = this.host.document(uri);
        if (!document) return undefined;
      }
    }
    const started = performance.now();
    const analysis = included ? await this.lint(document, config, fileName, parsed?.version === document.version ? parsed.document : undefined) : { uri, version: document.version, result: undefined, config, diagnostics: [] };
    // Dropped: the document changed while it ran; the change's own analysis follows.
    if (!analysis) return undefined;
    const ended = performance.now();
    if (this.latestAnalyses.has(uri)) this.costs.set(uri, withCost(this.costs.get(uri), { took: ended - started, ended }));
    this.latestAnalyses.set(uri, analysis);
    this.host.publish(uri, analysis.version, [...analysis.diagnostics]);
    return analysis;
  }

  /**
   * A large document's first analysis: the findings of its head (the statements of its first HEAD_LENGTH
   * characters) are published first, without a version (they are not the version's whole analysis; each is one the
   * whole analysis gives too). Returns the parsed document for the whole analysis; undefined when nothing was sent.
   */
  private async publishHead(document: TextDocument, config: Config, fileName: string): Promise<{ readonly version: number; readonly document: SqlDocument } | undefined> {
    const text = document.getText();
    if (text.length <= HEAD_FIRST_LENGTH || inputProblem(text)) return undefined;
    const { uri, version } = document;
    const stale = (): boolean => this.host.document(uri)?.version !== version;
    try {
      const parsed = await runInSlices(parseDocumentSteps(text, uri), stale);
      const head = parsed && (await runInSlices(this.analyzeParsed(document, parsed, config, fileName, HEAD_LENGTH), stale));
      if (!parsed || !head) return undefined;
      this.host.publish(uri, undefined, head.findings.map((f) => toDiagnostic(document, f)));
      return { version, document: parsed };
    } catch (e) {
      this.host.logger.error(`Linting the head of ${document.uri} failed: ${describeError(e)}`);
      return undefined;
    }
  }

  /** The document's analysis; undefined when it changed meanwhile (the analysis was dropped). */
  private async lint(document: TextDocument, config: Config, fileName: string, parsedAlready?: SqlDocument): Promise<Analysis | undefined> {
    const { uri, version } = document;
    const stale = (): boolean => this.host.document(uri)?.version !== version;
    const text = document.getText();
    const skip = inputProblem(text);
    if (skip) {
      const code = skip.kind === 'binary' ? 'binary-file' : 'file-too-large';
      return { uri, version, result: undefined, config, diagnostics: [fileNotice(code, skip.message, DiagnosticSeverity.Information)] };
    }
    let analysis: FileAnalysis;
    try {
      // From the last analysis's document: only the statements around the edit are split and parsed again.
      const parsed = parsedAlready ?? (await runInSlices(parseDocumentSteps(text, uri, this.latestAnalyses.get(uri)?.result?.document), stale));
      const analysed = parsed && (await runInSlices(this.analyzeParsed(document, parsed, config, fileName), stale));
      if (!analysed) return undefined;
      analysis = analysed;
    } catch (e) {
      this.host.logger.error(`Linting ${uri} failed: ${describeError(e)}`);
      const notice = fileNotice('internal-error', 'pg-architect could not analyse this file (see the PostgreSQL Architect output).', DiagnosticSeverity.Information);
      return { uri, version, result: undefined, config, diagnostics: [notice] };
    }
    this.logFailures(uri, analysis);
    if (analysis.schemaFailure) this.host.logger.error(`Schema checks of ${uri} failed: ${analysis.schemaFailure}`);
    const diagnostics = await runInSlices(diagnosticsOf(document, analysis.findings), stale);
    if (!diagnostics) return undefined;
    return { uri, version, result: analysis, config, diagnostics, ...(analysis.schema ? { schema: analysis.schema } : {}) };
  }

  /** The one analysis core gives the CLI too (core/project/analyze.ts), against the project holding the file. */
  private analyzeParsed(document: TextDocument, parsed: SqlDocument, config: Config, fileName: string, head?: number): Steps<FileAnalysis> {
    const { uri, version } = document;
    if (this.host.analyze) return this.host.analyze(uri, version, parsed, config, fileName, head);
    return analyzeFileSteps(undefined, uri, { text: parsed.text, document: parsed, config, fileName, incremental: true, ...(head !== undefined ? { head } : {}) });
  }

  private logFailures(uri: string, result: LintResult): void {
    if (result.ruleFailures.length === 0) return;
    let logged = this.loggedFailures.get(uri);
    if (!logged) this.loggedFailures.set(uri, (logged = new Set()));
    for (const f of result.ruleFailures) {
      const key = `${f.ruleId}\0${f.message}`;
      if (logged.has(key)) continue;
      logged.add(key);
      this.host.logger.error(`Rule ${f.ruleId} failed on ${uri}: ${f.stack ?? f.message}`);
    }
  }
}

const DIAGNOSTICS_PER_STEP = 512;

/** The findings as LSP diagnostics, pausing every few hundred (a large dump has tens of thousands). */
function* diagnosticsOf(document: TextDocument, findings: readonly Finding[]): Steps<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  for (const [i, f] of findings.entries()) {
    if (i % DIAGNOSTICS_PER_STEP === DIAGNOSTICS_PER_STEP - 1) yield;
    diagnostics.push(toDiagnostic(document, f));
  }
  return diagnostics;
}
