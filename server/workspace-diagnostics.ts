/**
 * Diagnostics for the workspace's files that are not open, as TypeScript's project diagnostics do: after each
 * workspace catalog build, every SQL file of the workspace is analysed from disk by the same engine as an open
 * document (core's analyzeFile) and its findings published, in the background, a few files per event-loop turn,
 * a newer pass replacing an older one. Off with `pgArchitect.workspaceDiagnostics` (for very large trees);
 * `Lint Workspace` runs a pass on demand and reports what it found.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument } from '../core/parse/document';
import type { ConfigStore } from './config-store';
import { fileNotice, toDiagnostic } from './diagnostics';
import { describeError, type Logger } from './guard';
import { inputProblem } from './input-guard';
import type { WorkspaceIndex } from './workspace-index';

/** Files analysed per event-loop turn: requests and keystrokes run in between. */
const FILES_PER_TURN = 4;

export interface WorkspaceDiagnosticsHost {
  readonly logger: Logger;
  readonly configs: ConfigStore;
  readonly index: WorkspaceIndex;
  /** Whether the editor has the file open (open documents are the Analyzer's). */
  isOpen(uri: string): boolean;
  publish(uri: string, diagnostics: Diagnostic[]): void;
}

export interface WorkspaceLintSummary {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly others: number;
}

export class WorkspaceDiagnostics {
  private generation = 0;
  /** Files that got diagnostics from a pass: cleared when a later pass leaves them out. */
  private published = new Set<string>();

  constructor(private readonly host: WorkspaceDiagnosticsHost) {}

  /** A new pass (after a catalog build or a configuration change), when the setting allows it. */
  async refresh(): Promise<void> {
    if (!(await this.host.configs.workspaceDiagnostics())) {
      this.clear();
      return;
    }
    await this.run();
  }

  /** Analyses every workspace file that is not open and publishes its findings; resolves with what it found. */
  async run(): Promise<WorkspaceLintSummary | undefined> {
    const generation = ++this.generation;
    const summary = { files: 0, errors: 0, warnings: 0, others: 0 };
    const seen = new Set<string>();
    const files = this.host.index.files();
    for (let i = 0; i < files.length; i++) {
      if (generation !== this.generation) return undefined;
      if (i % FILES_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const uri = files[i];
      if (this.host.isOpen(uri)) continue;
      const diagnostics = await this.analyze(uri);
      if (generation !== this.generation) return undefined;
      if (!diagnostics) continue;
      summary.files++;
      for (const d of diagnostics) {
        if (d.severity === DiagnosticSeverity.Error) summary.errors++;
        else if (d.severity === DiagnosticSeverity.Warning) summary.warnings++;
        else summary.others++;
      }
      seen.add(uri);
      if (diagnostics.length > 0 || this.published.has(uri)) this.host.publish(uri, diagnostics);
    }
    for (const uri of this.published) if (!seen.has(uri) && !this.host.isOpen(uri)) this.host.publish(uri, []);
    this.published = new Set([...seen]);
    return summary;
  }

  /** A document was closed: its file goes back to the workspace's diagnostics (from disk). */
  async closed(uri: string): Promise<void> {
    if (!(await this.host.configs.workspaceDiagnostics())) return;
    const diagnostics = await this.analyze(uri);
    if (diagnostics && !this.host.isOpen(uri)) {
      this.host.publish(uri, diagnostics);
      this.published.add(uri);
    }
  }

  /** Clears what earlier passes published (the setting was turned off). */
  clear(): void {
    this.generation++;
    for (const uri of this.published) if (!this.host.isOpen(uri)) this.host.publish(uri, []);
    this.published.clear();
  }

  private async analyze(uri: string): Promise<Diagnostic[] | undefined> {
    const text = this.host.index.text(uri);
    if (text === undefined) return undefined;
    const { config, included, fileName } = await this.host.configs.forDocument(uri);
    if (!included) return undefined;
    const problem = inputProblem(text);
    if (problem) return [fileNotice(problem.kind === 'binary' ? 'binary-file' : 'file-too-large', problem.message, DiagnosticSeverity.Information)];
    try {
      const document = TextDocument.create(uri, 'sql', 0, text);
      const analysis = this.host.index.analyzeOnDisk(uri, parseDocument(text, uri), config, fileName);
      return analysis.findings.map((f) => toDiagnostic(document, f));
    } catch (e) {
      this.host.logger.error(`Linting ${uri} from disk failed: ${describeError(e)}`);
      return undefined;
    }
  }
}
