/**
 * VS Code's default light and dark themes' colours, as VS Code injects them into webviews (a subset: the ones the
 * plan viewer's stylesheet and its controls read). The viewer opened outside VS Code (a browser, from another
 * editor's explain command) gets them from here, and so do the Chromium tests.
 */
export const THEMES: Record<'light' | 'dark', Record<string, string>> = {
  light: {
    'editor-background': '#ffffff', foreground: '#3b3b3b', descriptionForeground: '#717171', 'editorWidget-background': '#f8f8f8',
    'editorWidget-border': '#c8c8c8', 'panel-border': '#e5e5e5', 'charts-yellow': '#bf8803', 'charts-orange': '#d18616', 'charts-red': '#e51400',
    errorForeground: '#e51400', 'textLink-foreground': '#005fb8', focusBorder: '#005fb8', 'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b',
    'list-hoverBackground': '#f2f2f2', 'list-activeSelectionBackground': '#e8e8e8', 'list-activeSelectionForeground': '#000000',
    'textCodeBlock-background': '#f3f3f3', 'textBlockQuote-background': '#f8f8f8', 'editorInfo-foreground': '#1a85ff',
    'font-family': 'system-ui, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace', 'editor-font-size': '12px',
    'testing-iconPassed': '#388a34', 'button-background': '#005fb8', 'button-foreground': '#ffffff', 'dropdown-background': '#ffffff', 'dropdown-foreground': '#3b3b3b', 'dropdown-border': '#cecece',
    'panelTitle-activeForeground': '#3b3b3b', 'panelTitle-activeBorder': '#005fb8', 'panelTitle-inactiveForeground': '#717171',
    'settings-dropdownBackground': '#ffffff', 'settings-dropdownForeground': '#3b3b3b', 'settings-dropdownBorder': '#cecece', 'settings-dropdownListBorder': '#c8c8c8',
    'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc', 'button-hoverBackground': '#0258a8',
    'editorGroup-border': '#e5e5e5', 'panel-background': '#f8f8f8', 'widget-shadow': '#00000029', 'editor-findMatchHighlightBackground': '#ea5c0055',
  },
  dark: {
    'editor-background': '#1f1f1f', foreground: '#cccccc', descriptionForeground: '#9d9d9d', 'editorWidget-background': '#202020',
    'editorWidget-border': '#454545', 'panel-border': '#2b2b2b', 'charts-yellow': '#cca700', 'charts-orange': '#d18616', 'charts-red': '#f14c4c',
    errorForeground: '#f85149', 'textLink-foreground': '#4daafc', focusBorder: '#0078d4', 'badge-background': '#616161', 'badge-foreground': '#f8f8f8',
    'list-hoverBackground': '#2a2d2e', 'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff',
    'textCodeBlock-background': '#2b2b2b', 'textBlockQuote-background': '#2b2b2b', 'editorInfo-foreground': '#3794ff',
    'font-family': 'system-ui, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace', 'editor-font-size': '12px',
    'testing-iconPassed': '#73c991', 'button-background': '#0078d4', 'button-foreground': '#ffffff', 'dropdown-background': '#313131', 'dropdown-foreground': '#cccccc', 'dropdown-border': '#3c3c3c',
    'panelTitle-activeForeground': '#e7e7e7', 'panelTitle-activeBorder': '#0078d4', 'panelTitle-inactiveForeground': '#9d9d9d',
    'settings-dropdownBackground': '#313131', 'settings-dropdownForeground': '#cccccc', 'settings-dropdownBorder': '#3c3c3c', 'settings-dropdownListBorder': '#454545',
    'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c', 'button-hoverBackground': '#026ec1',
    'editorGroup-border': '#ffffff17', 'panel-background': '#181818', 'widget-shadow': '#0000005c', 'editor-findMatchHighlightBackground': '#623315',
  },
};


/** The theme as CSS custom properties on :root. */
export function themeCss(theme: 'light' | 'dark'): string {
  return `:root {\n${Object.entries(THEMES[theme]).map(([k, v]) => `  --vscode-${k}: ${v};`).join('\n')}\n}\n`;
}
