/**
 * The diagram's stylesheet, in VS Code's theme variables (the panel gets them from VS Code; exports embed them
 * with concrete values, browser-theme.ts). High-contrast themes set --vscode-contrastBorder: boxes and lines
 * use it when present. Changes of a comparison: added green, dropped red and struck, altered amber. No dashed
 * lines on edges or groups: a dash pattern along a line tens of thousands of pixels long costs a software
 * rasteriser hundreds of milliseconds per frame (measured in the panel while panning).
 */
import { THEMES } from '../explain/view/browser-theme';

export const DIAGRAM_CSS = `
.pga-schema { font-family: var(--vscode-editor-font-family, monospace); font-size: 12px; }
.pga-schema text { fill: var(--vscode-foreground); }
.pga-schema .schema-group rect { fill: var(--vscode-textBlockQuote-background); fill-opacity: 0.35; stroke: var(--vscode-contrastBorder, var(--vscode-editorWidget-border)); }
.pga-schema .schema-group text { fill: var(--vscode-descriptionForeground); font-weight: 600; }
.pga-schema .node .box { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-contrastBorder, var(--vscode-editorWidget-border)); }
.pga-schema .node .title-bar { fill: var(--vscode-textCodeBlock-background); stroke: var(--vscode-contrastBorder, var(--vscode-editorWidget-border)); }
.pga-schema .node .title { font-weight: 700; }
.pga-schema .node .kind, .pga-schema .node .extra, .pga-schema .row .col-type { fill: var(--vscode-descriptionForeground); }
.pga-schema .node.view .box, .pga-schema .node.materialized-view .box { stroke-dasharray: 5 3; }
.pga-schema .node.enum .title-bar { fill: var(--vscode-textBlockQuote-background); }
.pga-schema .row .row-bg { fill: transparent; }
.pga-schema .row .marker { font-size: 9px; font-weight: 700; fill: var(--vscode-charts-yellow); }
.pga-schema .row.fk .marker { fill: var(--vscode-textLink-foreground); }
.pga-schema .row.indexed:not(.pk):not(.fk) .marker { fill: var(--vscode-descriptionForeground); }
.pga-schema .row.pk .col-name { font-weight: 700; }
.pga-schema .badge circle { fill: var(--vscode-editorInfo-foreground); }
.pga-schema .badge.warning circle { fill: var(--vscode-charts-orange); }
.pga-schema .badge.error circle { fill: var(--vscode-errorForeground); }
.pga-schema .badge text { fill: #ffffff; font-size: 10px; font-weight: 700; }
.pga-schema .edge .line { fill: none; stroke: var(--vscode-descriptionForeground); stroke-width: 1.3; }
.pga-schema .edge .hit { fill: none; stroke: transparent; stroke-width: 10; }
.pga-schema .edge.view-reads .line { stroke-opacity: 0.45; }
.pga-schema .edge.unindexed .line { stroke: var(--vscode-charts-orange); }
.pga-schema .marker-line { stroke: var(--vscode-descriptionForeground); stroke-width: 1.3; }
.pga-schema .marker-fill { fill: var(--vscode-descriptionForeground); }
.pga-schema .marker-hollow { fill: var(--vscode-editor-background); stroke: var(--vscode-descriptionForeground); stroke-width: 1.3; }
.pga-schema .added > .box, .pga-schema .edge.added .line { stroke: var(--vscode-testing-iconPassed); stroke-width: 2.5; }
.pga-schema .dropped > .box, .pga-schema .edge.dropped .line { stroke: var(--vscode-errorForeground); stroke-width: 2.5; }
.pga-schema .dropped > .box { stroke-dasharray: 6 3; }
.pga-schema .altered > .box, .pga-schema .edge.altered .line { stroke: var(--vscode-charts-yellow); stroke-width: 2.5; }
.pga-schema .row.added .row-bg { fill: var(--vscode-testing-iconPassed); fill-opacity: 0.22; }
.pga-schema .row.dropped .row-bg { fill: var(--vscode-errorForeground); fill-opacity: 0.2; }
.pga-schema .row.dropped text { text-decoration: line-through; }
.pga-schema .row.altered .row-bg { fill: var(--vscode-charts-yellow); fill-opacity: 0.22; }
.pga-schema .node.dropped { opacity: 0.75; }
`;

/** The stylesheet with a theme's colours inlined as variables, for an SVG file that stands alone. */
export function standaloneDiagramCss(theme: 'light' | 'dark' | Record<string, string> = 'light'): string {
  const vars = typeof theme === 'string' ? THEMES[theme] : theme;
  return `svg.pga-schema {${Object.entries(vars).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ')}}\nsvg.pga-schema { background: var(--vscode-editor-background); }\n${DIAGRAM_CSS}`;
}
