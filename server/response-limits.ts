/**
 * Upper bounds on what one answer carries, so a large document (up to the 5 MB the server analyses) never
 * produces answers of tens of megabytes. What is cut is logged once per kind of answer for the session.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { fileNotice } from './diagnostics';
import type { Logger } from './guard';

export const RESPONSE_LIMITS = {
  /** Document symbols, children included. */
  documentSymbols: 10_000,
  /** VS Code's own default (editor.foldingMaximumRegions). */
  foldingRanges: 5_000,
  semanticTokens: 50_000,
  references: 10_000,
  /** A rename touching more places than this is refused rather than sent in part. */
  renameEdits: 10_000,
  completionItems: 1_000,
  codeActions: 500,
  workspaceSymbols: 5_000,
  /** Diagnostics published for one document (the most severe first), plus one notice saying how many there were. */
  diagnostics: 5_000,
  /** Characters of hover text (a table referenced by thousands lists them all). */
  hoverCharacters: 20_000,
} as const;

export type LimitedKind = keyof typeof RESPONSE_LIMITS;

export class ResponseLimits {
  private readonly logged = new Set<LimitedKind>();

  constructor(private readonly logger: Logger) {}

  /** The first items up to the limit for `kind` (logging the cut, once). */
  cap<T>(kind: LimitedKind, items: readonly T[], noun: string): T[] {
    const limit = RESPONSE_LIMITS[kind];
    if (items.length <= limit) return items as T[];
    this.cut(kind, items.length, noun);
    return items.slice(0, limit);
  }

  /** `text` up to the limit for `kind`, cut at a line end, with a last line saying so. */
  capText(kind: LimitedKind, text: string, noun: string): string {
    const limit = RESPONSE_LIMITS[kind];
    if (text.length <= limit) return text;
    this.cut(kind, text.length, noun);
    const lineEnd = text.lastIndexOf('\n', limit);
    return `${text.slice(0, lineEnd > 0 ? lineEnd : limit)}\n\n… (${(text.length - limit).toLocaleString('en-US')} more characters not shown)`;
  }

  /** At most RESPONSE_LIMITS.diagnostics, the most severe first, and a notice at the top when some were left out. */
  capDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
    const limit = RESPONSE_LIMITS.diagnostics;
    if (diagnostics.length <= limit) return [...diagnostics];
    this.cut('diagnostics', diagnostics.length, 'findings in one document');
    const kept = [...diagnostics].sort((a, b) => (a.severity ?? DiagnosticSeverity.Error) - (b.severity ?? DiagnosticSeverity.Error)).slice(0, limit);
    const message = `${diagnostics.length.toLocaleString('en-US')} findings in this file: the ${limit.toLocaleString('en-US')} most severe are shown (pg-architect lint lists them all).`;
    return [fileNotice('too-many-findings', message, DiagnosticSeverity.Information), ...kept];
  }

  /** Logs, once per kind, that an answer was cut to its limit (`total`: how many there were, if known). */
  cut(kind: LimitedKind, total: number | undefined, noun: string): void {
    if (this.logged.has(kind)) return;
    this.logged.add(kind);
    const limit = RESPONSE_LIMITS[kind].toLocaleString('en-US');
    const of = total === undefined ? 'more' : total.toLocaleString('en-US');
    this.logger.info(`${kind}: ${of} ${noun}, only the first ${limit} are sent (answers are bounded; said once).`);
  }
}
