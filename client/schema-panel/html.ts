/**
 * The schema diagram panel's HTML: the plan viewer's strict policy (no inline script or style, nothing remote,
 * no eval; our bundle with a fresh nonce), plus `worker-src blob:` for the layout worker and `img-src blob:`
 * for drawing the PNG export. No vscode import, so the Chromium tests load exactly this page.
 */
import { newNonce } from '../plan-panel/html';

export interface SchemaHtmlOptions {
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly nonce?: string;
}

const attr = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function schemaDiagramHtml(options: SchemaHtmlOptions): string {
  const nonce = options.nonce ?? newNonce();
  const csp = [
    "default-src 'none'",
    `style-src ${options.cspSource}`,
    `img-src ${options.cspSource} data: blob:`,
    `font-src ${options.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    'worker-src blob:',
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(options.styleUri)}">
<title>Schema</title>
</head>
<body>
<script nonce="${attr(nonce)}" src="${attr(options.scriptUri)}"></script>
</body>
</html>`;
}
