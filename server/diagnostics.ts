/** Core findings -> LSP diagnostics: positions from the linted text (UTF-16, as LSP counts), severity, rule id and page. */
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/lint';
import type { OffsetRange } from '../core/parse/positions';
import type { Severity } from '../core/rules/types';
import { ruleDocHref } from './rule-docs';

export const DIAGNOSTIC_SOURCE = 'pg-architect';

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(document: TextDocument, range: OffsetRange): Range {
  return { start: document.positionAt(range.start), end: document.positionAt(range.end) };
}

/** `document` must be the version the finding was computed on. */
export function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  const href = ruleDocHref(finding.ruleId);
  return {
    range: toRange(document, finding.range),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
}

/** A whole-file notice (binary, too large, configuration problem) at the start of the file. */
export function fileNotice(code: string, message: string, severity: DiagnosticSeverity, range?: Range): Diagnostic {
  return { range: range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity, code, source: DIAGNOSTIC_SOURCE, message };
}
