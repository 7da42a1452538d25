/**
 * SVG and PNG of what the panel shows: the same markup with the stylesheet embedded in the theme's current
 * colours (read from VS Code's variables), so the file looks the same outside the editor.
 */
import { standaloneDiagramCss } from '../../../core/schema-diagram/diagram-css';
import { THEMES } from '../../../core/explain/view/browser-theme';

/** VS Code's theme variables as they are now (high contrast included). */
export function currentThemeColours(): Record<string, string> {
  const style = getComputedStyle(document.documentElement);
  const out: Record<string, string> = {};
  for (const key of [...Object.keys(THEMES.light), 'contrastBorder']) {
    const value = style.getPropertyValue(`--vscode-${key}`).trim();
    if (value) out[key] = value;
  }
  return out;
}

export function standaloneSvg(markup: string): string {
  const css = standaloneDiagramCss(currentThemeColours()).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return markup.replace(/^(<svg[^>]*>)/, `$1<style>${css}</style>`);
}

/** What a PNG needs of each element's computed style, as presentation attributes (no stylesheet involved). */
const PRESENTATION = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'opacity', 'font-family', 'font-size', 'font-weight', 'text-decoration'] as const;

/**
 * The drawing with every colour and font written on its elements. An SVG drawn as an image from a blob: URL
 * inherits the panel's CSP, which refuses a <style> inside it; presentation attributes are not style, so the
 * PNG keeps the theme. The markup is laid out off-screen under the panel's stylesheet to read the styles.
 */
export function withPresentationAttributes(markup: string): string {
  const holder = document.createElement('div');
  holder.className = 'export-holder';
  holder.innerHTML = markup;
  document.body.append(holder);
  try {
    const svg = holder.querySelector('svg');
    if (!svg) return markup;
    const background = getComputedStyle(document.body).backgroundColor;
    for (const el of svg.querySelectorAll('*')) {
      if (el.closest('defs') && !el.closest('marker')) continue;
      const style = getComputedStyle(el);
      for (const property of PRESENTATION) {
        const value = style.getPropertyValue(property);
        if (value) el.setAttribute(property, value);
      }
    }
    // The background, as a first rectangle (the canvas is transparent otherwise).
    const [x, y, w, h] = (svg.getAttribute('viewBox') ?? '0 0 0 0').split(' ');
    svg.insertAdjacentHTML('afterbegin', `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${background}"/>`);
    return new XMLSerializer().serializeToString(svg);
  } finally {
    holder.remove();
  }
}

/** The SVG drawn onto a canvas: a data: URL of the PNG (scaled down when the drawing is huge). */
export async function pngOf(svg: string, width: number, height: number): Promise<string> {
  const scale = Math.min(2, Math.sqrt(64_000_000 / Math.max(1, width * height)));
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the drawing could not be rasterised'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    return canvas.toDataURL('image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}
