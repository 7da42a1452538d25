/**
 * Hovers link each finding to its rule's page (docs/rules/<id>.md). Opened as a file that would show raw
 * Markdown; rewritten here to open VS Code's rendered preview, the one command such hovers may run.
 */
import * as vscode from 'vscode';

const RULE_PAGE = /\]\((file:\/\/[^)\s]*\/docs\/rules\/[^)\s]+\.md)\)/g;
const PREVIEW = 'markdown.showPreview';

/** The hover with its rule-page links opening the rendered page. */
export function renderedRuleLinks(hover: vscode.Hover | null | undefined): vscode.Hover | null | undefined {
  if (!hover) return hover;
  let changed = false;
  const contents = hover.contents.map((c) => {
    const value = typeof c === 'string' ? c : 'value' in c ? c.value : undefined;
    if (value === undefined || !RULE_PAGE.test(value)) return c;
    RULE_PAGE.lastIndex = 0;
    changed = true;
    const rewritten = value.replace(RULE_PAGE, (_all, href: string) => `](command:${PREVIEW}?${encodeURIComponent(JSON.stringify([vscode.Uri.parse(href)]))})`);
    const markdown = new vscode.MarkdownString(rewritten);
    markdown.isTrusted = { enabledCommands: [PREVIEW] };
    return markdown;
  });
  return changed ? new vscode.Hover(contents, hover.range) : hover;
}
