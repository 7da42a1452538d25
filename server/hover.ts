/**
 * Hover: on a finding, what its rule is about (summary, why, what instead, page); elsewhere, what the statement
 * under the cursor locks, blocks and rewrites (core's statement hover).
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { statementAt, statementHover } from '../core/hover/statement-hover';
import type { Analysis } from './analyzer';
import { toRange } from './diagnostics';
import { ruleHoverMarkdown } from './rule-docs';

/** `document` must be at `analysis.version`. */
export function hover(analysis: Analysis, document: TextDocument, position: Position): Hover | null {
  const result = analysis.result;
  if (!result) return null;
  const offset = document.offsetAt(position);
  const under = result.findings.filter((f) => f.range.start <= offset && (offset < f.range.end || f.range.start === f.range.end));
  const sections: string[] = [];
  for (const id of new Set(under.map((f) => f.ruleId))) {
    const markdown = ruleHoverMarkdown(id);
    if (markdown) sections.push(markdown);
  }
  if (sections.length > 0) {
    return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: toRange(document, under[0].range) };
  }
  const markdown = statementHover(result.document, offset, analysis.config);
  if (!markdown) return null;
  const statement = statementAt(result.document, offset);
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, ...(statement ? { range: toRange(document, statement.range) } : {}) };
}
