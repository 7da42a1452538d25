/**
 * The schema diagram panel's HTML: the plan viewer's strict policy (client/plan-panel/html.ts), plus a blob: worker
 * for the layout and blob: images for the PNG export. No vscode import, so the Chromium tests load exactly this page.
 */
import { panelHtml, type ViewerHtmlOptions } from '../plan-panel/html';

export function schemaDiagramHtml(options: ViewerHtmlOptions): string {
  return panelHtml({ ...options, title: 'Schema', workers: true });
}
