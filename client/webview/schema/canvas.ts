/**
 * Pan and zoom over the drawing: the <svg> fills the canvas and its viewport group carries the transform, so a
 * frame repaints only what is in view (drawing.ts keeps just that in the DOM; a drawing-sized SVG layer would be
 * tens of thousands of pixels wide). Wheel zooms at the pointer, drag pans, Fit shows everything at a readable
 * minimum, and a node can be centred.
 */
export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

const MIN_ZOOM = 0.05;
const MAX_ZOOM = 3;

export class Canvas {
  private svg: SVGSVGElement | undefined;
  private viewport: SVGGElement | undefined;
  /** The drawing's size and margin (drawing coordinates start at -margin). */
  private size = { width: 0, height: 0, margin: 0 };
  /** The user panned or zoomed since the last show(): a new arrangement keeps their place. */
  moved = false;
  readonly transform: ViewTransform = { x: 0, y: 0, k: 1 };
  private drag: { x: number; y: number; moved: boolean } | undefined;
  /** True right after a drag ended: the click that follows is not a selection. */
  dragged = false;
  /** Called after every change of the transform (the drawing brings what came into view). */
  onChange: () => void = () => undefined;

  constructor(readonly element: HTMLElement) {
    element.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    element.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      this.drag = { x: e.clientX, y: e.clientY, moved: false };
      this.dragged = false;
    });
    window.addEventListener('pointermove', (e) => {
      if (!this.drag) return;
      const dx = e.clientX - this.drag.x;
      const dy = e.clientY - this.drag.y;
      if (!this.drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      this.drag.moved = true;
      this.moved = true;
      this.element.classList.add('panning');
      this.panBy(dx, dy);
      this.drag.x = e.clientX;
      this.drag.y = e.clientY;
    });
    window.addEventListener('pointerup', () => {
      if (this.drag?.moved) this.dragged = true;
      this.drag = undefined;
      this.element.classList.remove('panning');
    });
  }

  /** Puts a new drawing in (the view stays until fit or centre is asked for). */
  show(svg: SVGSVGElement, size: { width: number; height: number; margin: number }): void {
    this.svg = svg;
    this.viewport = svg.querySelector<SVGGElement>('g.viewport') ?? undefined;
    this.size = size;
    svg.setAttribute('width', '100%');
    svg.setAttribute('height', '100%');
    svg.removeAttribute('viewBox');
    this.apply();
  }

  /** The point of the drawing at the middle of the canvas. */
  centrePoint(): { x: number; y: number } {
    const { x, y, k } = this.transform;
    return { x: (this.element.clientWidth / 2 - x) / k - this.size.margin, y: (this.element.clientHeight / 2 - y) / k - this.size.margin };
  }

  panBy(dx: number, dy: number): void {
    this.transform.x += dx;
    this.transform.y += dy;
    this.apply();
  }

  zoomAt(factor: number, cx: number, cy: number): void {
    const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.transform.k * factor));
    const ratio = k / this.transform.k;
    this.transform.x = cx - (cx - this.transform.x) * ratio;
    this.transform.y = cy - (cy - this.transform.y) * ratio;
    this.transform.k = k;
    this.apply();
  }

  zoomBy(factor: number): void {
    this.moved = true;
    this.zoomAt(factor, this.element.clientWidth / 2, this.element.clientHeight / 2);
  }

  /** Everything in view, but never smaller than `minimum` (a big schema opens readable at its top left). */
  fit(minimum = 0.35): void {
    if (!this.svg) return;
    const w = this.size.width + this.size.margin * 2;
    const h = this.size.height + this.size.margin * 2;
    const k = Math.min(1, Math.max(minimum, Math.min(this.element.clientWidth / w, this.element.clientHeight / h)));
    this.transform.k = k;
    this.transform.x = Math.max(0, (this.element.clientWidth - w * k) / 2);
    this.transform.y = Math.max(0, (this.element.clientHeight - h * k) / 2);
    this.apply();
  }

  /** Centres a box given in drawing coordinates (the SVG's own, margin included). */
  centre(box: { x: number; y: number; width: number; height: number }, margin: number): void {
    const k = Math.max(this.transform.k, 0.6);
    this.transform.k = k;
    this.transform.x = this.element.clientWidth / 2 - (box.x + margin + box.width / 2) * k;
    this.transform.y = this.element.clientHeight / 2 - (box.y + margin + box.height / 2) * k;
    this.apply();
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const rect = this.element.getBoundingClientRect();
    // Pinch and ctrl+wheel zoom; a plain wheel zooms too (there is no page to scroll), shift+wheel pans.
    this.moved = true;
    if (e.shiftKey) this.panBy(-e.deltaY, 0);
    else this.zoomAt(Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015)), e.clientX - rect.left, e.clientY - rect.top);
  }

  private apply(): void {
    if (!this.viewport) return;
    const { x, y, k } = this.transform;
    const m = this.size.margin * k;
    this.viewport.setAttribute('transform', `translate(${(x + m).toFixed(2)},${(y + m).toFixed(2)}) scale(${k.toFixed(4)})`);
    this.element.dataset.zoom = this.transform.k.toFixed(3);
    this.onChange();
  }
}
