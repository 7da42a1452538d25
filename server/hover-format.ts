/**
 * Hover text in the format the client reads: Markdown, unless the client says it shows plain text only
 * (`textDocument.hover.contentFormat: ['plaintext']`, e.g. Emacs eglot without markdown-mode), where emphasis,
 * code marks and link targets would show as raw punctuation.
 */
import { MarkupKind, type MarkupContent } from 'vscode-languageserver/node';

/** Markdown as readable plain text: links show their text and address, code and emphasis marks go, rules become lines. */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/^```\w*\n?/gm, '')
    .replace(/^---$/gm, '────────')
    .replace(/\[([^\]]+)\]\(([^)]*)\)/g, (_m, text: string, target: string) => (target ? `${text} <${target}>` : text))
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
    .replace(/[ \t]+$/gm, '');
}

export function hoverContent(markdown: string, contentFormat: readonly string[] | undefined): MarkupContent {
  const plainOnly = contentFormat !== undefined && contentFormat.length > 0 && !contentFormat.includes(MarkupKind.Markdown);
  return plainOnly ? { kind: MarkupKind.PlainText, value: markdownToPlainText(markdown) } : { kind: MarkupKind.Markdown, value: markdown };
}
