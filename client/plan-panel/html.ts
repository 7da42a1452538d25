/**
 * The viewer's HTML: a strict Content-Security-Policy (no inline script, no inline style, no remote resource,
 * no eval; only our bundled script, with a fresh nonce, and our stylesheet). No vscode import, so the
 * Chromium tests load exactly this page.
 */
import { randomBytes } from 'node:crypto';

export interface ViewerHtmlOptions {
  /** The webview's resource origin (webview.cspSource). */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly nonce?: string;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

const attr = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A panel's page under the strict policy. `workers`: a blob: worker may run (the schema diagram's layout) and blob:
 * images load (its PNG export); nothing else is allowed beyond the bundle and its stylesheet.
 */
export function panelHtml(options: ViewerHtmlOptions & { readonly title: string; readonly workers?: boolean }): string {
  const nonce = options.nonce ?? newNonce();
  const csp = [
    "default-src 'none'",
    `style-src ${options.cspSource}`,
    `img-src ${options.cspSource} data:${options.workers ? ' blob:' : ''}`,
    `font-src ${options.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    ...(options.workers ? ['worker-src blob:'] : []),
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(options.styleUri)}">
<title>${attr(options.title)}</title>
</head>
<body>
<script nonce="${attr(nonce)}" src="${attr(options.scriptUri)}"></script>
</body>
</html>`;
}

export function planViewerHtml(options: ViewerHtmlOptions): string {
  return panelHtml({ ...options, title: 'Plan' });
}
