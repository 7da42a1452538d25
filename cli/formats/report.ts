/** What every output format receives: the reports with paths as users should read them. */
import type { FileReport, ReportFinding } from '../lint-file';

export interface NamedReport extends FileReport {
  /** Path relative to the current directory, with `/` separators. */
  readonly name: string;
}

export interface FormatContext {
  readonly reports: readonly NamedReport[];
  readonly color: boolean;
  readonly toolVersion: string;
}

/** 1-based line and UTF-16 column, as editors and code-scanning tools count them. */
export function oneBased(f: ReportFinding): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: f.range.start.line + 1, column: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 };
}
