/**
 * Linting one file into a plain, serializable report with LSP-style positions (0-based lines, UTF-16
 * characters), so in-process runs and worker threads produce the same thing.
 */
import { lintText, type LintResult } from '../core/lint';
import type { Config } from '../core/config/config';
import type { Position } from '../core/parse/positions';
import type { LineIndex } from '../core/parse/positions';
import type { OffsetRange } from '../core/parse/positions';
import type { NewFile, Severity } from '../core/rules/types';
import { readSqlFile } from './input';

export interface ReportRange {
  readonly start: Position;
  readonly end: Position;
}

export interface ReportEdit {
  readonly range: ReportRange;
  readonly newText: string;
}

export interface ReportFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: ReportRange;
  readonly fixes: readonly { readonly title: string; readonly edits: readonly ReportEdit[]; readonly newFiles?: readonly NewFile[]; readonly preferred?: boolean }[];
}

export interface FileReport {
  /** As given to the linter (absolute). */
  readonly path: string;
  readonly findings: readonly ReportFinding[];
  /** Problems with the input itself (unreadable, binary, invalid UTF-8) and rules that failed. */
  readonly notes: readonly { readonly level: 'error' | 'warning'; readonly message: string }[];
  /** The lines findings start on (0-based line -> text), for code frames; only these cross thread boundaries. */
  readonly lines: Readonly<Record<number, string>>;
  readonly unreadable: boolean;
}

/** The CLI reads each file once, so it takes files far larger than the editor analyses on every keystroke. */
export const CLI_MAX_SOURCE_BYTES = 256 * 1024 * 1024;

/** Lints one file; a failure of the linter on it becomes a note on that file, so the other files are still reported. */
export function lintFile(path: string, config: Config, displayName: string): FileReport {
  try {
    return lintReadFile(path, config, displayName);
  } catch (e) {
    return failedReport(path, e);
  }
}

/** The report of a file the linter failed on: not analysed, which is exit 2 like unreadable input. */
export function failedReport(path: string, e: unknown): FileReport {
  const message = e instanceof Error ? e.message : String(e);
  return { path, findings: [], notes: [{ level: 'error', message: `internal error, not linted: ${message}` }], lines: {}, unreadable: true };
}

/** The text of a file to lint, or the report of a file that cannot be linted (unreadable, too large, binary). */
export function readForLint(path: string): { readonly text: string; readonly invalidUtf8: boolean } | FileReport {
  const read = readSqlFile(path, CLI_MAX_SOURCE_BYTES);
  if (read.kind === 'error') return { path, findings: [], notes: [{ level: 'error', message: `cannot read: ${read.message}` }], lines: {}, unreadable: true };
  if (read.kind === 'too-large') return { path, findings: [], notes: [{ level: 'error', message: `${(read.bytes / 1048576).toFixed(0)} MB: larger than ${CLI_MAX_SOURCE_BYTES / 1048576} MB, not linted` }], lines: {}, unreadable: true };
  if (read.kind === 'binary') return { path, findings: [], notes: [{ level: 'warning', message: 'binary file: not linted' }], lines: {}, unreadable: false };
  return read;
}

function lintReadFile(path: string, config: Config, displayName: string): FileReport {
  const read = readForLint(path);
  if ('findings' in read) return read;
  return reportOf(path, lintText(read.text, { config, fileName: displayName }), read.invalidUtf8);
}

/** A lint result as a report with line/character positions. */
export function reportOf(path: string, result: LintResult, invalidUtf8: boolean, extraNotes: readonly string[] = []): FileReport {
  const lines = result.document.lines;
  const range = (r: OffsetRange): ReportRange => ({ start: lines.positionAt(r.start), end: lines.positionAt(r.end) });
  const notes: { level: 'error' | 'warning'; message: string }[] = [];
  if (invalidUtf8) notes.push({ level: 'warning', message: 'not valid UTF-8: invalid bytes were read as U+FFFD' });
  for (const f of result.ruleFailures) notes.push({ level: 'warning', message: `rule ${f.ruleId} failed on this file: ${f.message}` });
  for (const n of extraNotes) notes.push({ level: 'warning', message: n });
  const findings = result.findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    range: range(f.range),
    fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits.map((e) => ({ range: range(e.range), newText: e.newText })), ...(x.newFiles?.length ? { newFiles: x.newFiles } : {}), ...(x.preferred ? { preferred: true } : {}) })),
  }));
  return { path, findings, notes, lines: linesOf(lines, findings), unreadable: false };
}

function linesOf(index: LineIndex, findings: readonly ReportFinding[]): Record<number, string> {
  const out: Record<number, string> = {};
  for (const f of findings) out[f.range.start.line] ??= index.lineText(f.range.start.line);
  return out;
}
