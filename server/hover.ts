/**
 * Hover: what the statement under the cursor locks, blocks and rewrites (core's statement hover), then, on a
 * finding, one line per rule with a link to its page.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { statementAt, statementHover } from '../core/hover/statement-hover';
import type { Analysis } from './analyzer';
import { toRange } from './diagnostics';
import { ruleHoverMarkdown } from './rule-docs';
import { wordHover } from '../core/hover/word-hover';

/** Word hover scans the statement's tokens: not over statements this long. */
const MAX_WORD_HOVER_STATEMENT = 100_000;

/** `document` must be at `analysis.version`. */
export function hover(analysis: Analysis, document: TextDocument, position: Position): Hover | null {
  const result = analysis.result;
  if (!result) return null;
  const offset = document.offsetAt(position);
  const under = result.findings.filter((f) => f.range.start <= offset && (offset < f.range.end || f.range.start === f.range.end));
  const sections: string[] = [];
  // One line per rule found here, with a link to its page.
  const findings = [...new Set(under.map((f) => f.ruleId))].flatMap((id) => ruleHoverMarkdown(id) ?? []);
  if (findings.length > 0) sections.push(findings.join('\n\n'));
  // The statement's lock explanation first (short, and what every finding here is about), then each rule.
  const statementMarkdown = statementHover(result.document, offset, analysis.config, { role: result.role, sections: result.sections });
  if (statementMarkdown) sections.unshift(statementMarkdown);
  const statement = statementAt(result.document, offset);
  // A keyword, type, built-in function or operator under the cursor: what it is, with its documentation page.
  const word = statement && statement.end - statement.start <= MAX_WORD_HOVER_STATEMENT ? wordHover(result.document.text, offset, analysis.config.postgresVersion) : undefined;
  if (word) sections.push(word.markdown);
  if (sections.length === 0) return null;
  const range = under.length > 0 ? under[0].range : statement?.range;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, ...(range ? { range: toRange(document, range) } : {}) };
}
