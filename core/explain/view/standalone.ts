/**
 * The plan viewer as a page of its own, for a browser: what other editors' explain command hands the user
 * (server/explain-command.ts). The same bundle the VS Code panel runs (dist/webview.js), given what VS Code gives a
 * webview: its theme's colours (light, or dark when the browser prefers it), `acquireVsCodeApi` (here a shim that
 * answers the viewer's "ready" with the plan, and copies to the clipboard what the panel would hand the editor), and
 * the plan itself as JSON data. Strict CSP: nothing but the nonce'd scripts runs, nothing is fetched from a network.
 */
import { randomBytes } from 'node:crypto';
import { themeCss } from './browser-theme';
import type { PlanView, ViewInsight } from './model';
import type { ViewIndexAdvice } from './advice';

export interface StandalonePlan {
  readonly view: PlanView;
  /** "EXPLAIN ANALYZE 10:42:07". */
  readonly label: string;
  /** Where the plan comes from ("embedded PostgreSQL (PGlite)"). */
  readonly database: string;
  readonly note?: string;
  /** URLs of the viewer's bundle and stylesheet (file: URLs next to the language server). */
  readonly scriptUrl: string;
  readonly styleUrl: string;
  /** The index advisor's section, as the panel shows it (PlanViewer's indexAdvice message). */
  readonly advice?: ViewIndexAdvice & { readonly insights?: readonly ViewInsight[] };
}

const attr = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** JSON inside a <script type="application/json"> block: `<` escaped, so no `</script>` can end it. */
const dataJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** The shim run before the bundle: the theme class, acquireVsCodeApi, and the plan posted once the viewer is ready. */
const BOOT = `(function () {
  var dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
  document.body.classList.add(dark ? 'vscode-dark' : 'vscode-light');
  var data = JSON.parse(document.getElementById('pg-architect-plan').textContent);
  var state;
  var copy = function (s) { if (navigator.clipboard) navigator.clipboard.writeText(s).catch(function () {}); };
  window.acquireVsCodeApi = function () {
    return {
      postMessage: function (m) {
        if (!m) return;
        if (m.type === 'ready') {
          window.postMessage(data.show, '*');
          if (data.advice) window.postMessage(data.advice, '*');
        } else if (m.type === 'copy') copy(m.what === 'json' ? data.show.view.raw : data.show.view.text);
        else if (m.type === 'insertSql') copy(m.sql);
      },
      getState: function () { return state; },
      setState: function (s) { state = s; }
    };
  };
})();`;

export function standalonePlanPage(plan: StandalonePlan): string {
  const nonce = randomBytes(18).toString('base64');
  const run = { id: 'standalone', label: plan.label, database: plan.database, note: plan.note ?? null, linked: false, canAdviseIndexes: plan.advice !== undefined };
  const show = { type: 'show', run, view: plan.view, history: [run] };
  const advice = plan.advice ? { type: 'indexAdvice', runId: run.id, ...plan.advice } : undefined;
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src 'nonce-${nonce}' file:`, 'img-src data:', 'font-src file: data:'].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${text(`Plan: ${plan.label} · ${plan.database}`)}</title>
<style nonce="${attr(nonce)}">
${themeCss('light')}@media (prefers-color-scheme: dark) {
${themeCss('dark')}}
html, body { background: var(--vscode-editor-background); color: var(--vscode-foreground); }
</style>
<link rel="stylesheet" href="${attr(plan.styleUrl)}">
</head>
<body>
<script type="application/json" id="pg-architect-plan">${dataJson({ show, ...(advice ? { advice } : {}) })}</script>
<script nonce="${attr(nonce)}">${BOOT}</script>
<script nonce="${attr(nonce)}" src="${attr(plan.scriptUrl)}"></script>
</body>
</html>
`;
}
