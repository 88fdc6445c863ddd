import type { Pen } from './overlay.ts';

/**
 * The overlay's marks as SVG: the few 2D-canvas calls the overlay makes (paths of lines, arcs and
 * rectangles, fill, stroke, text) written as SVG elements, so an SVG export carries the badges,
 * health marks and locks as vectors, where they sit on screen. Text is measured by `measure`
 * (a canvas' measureText in the browser) so badges keep clear of edge labels as on screen.
 */
export class SvgPen implements Pen {
  fillStyle: Pen['fillStyle'] = '#000000';
  strokeStyle: Pen['strokeStyle'] = '#000000';
  lineWidth = 1;
  lineCap: CanvasLineCap = 'butt';
  globalAlpha = 1;
  font = '10px sans-serif';
  textAlign: CanvasTextAlign = 'start';
  textBaseline: CanvasTextBaseline = 'alphabetic';

  private readonly parts: string[] = [];
  private path = '';
  /** The path's current point (undefined: none yet), for arcs and arcTo. */
  private at: { x: number; y: number } | undefined;
  private start: { x: number; y: number } | undefined;

  constructor(private readonly measure: (font: string, text: string) => number) {}

  beginPath(): void {
    this.path = '';
    this.at = undefined;
    this.start = undefined;
  }

  closePath(): void {
    if (!this.path) return;
    this.path += 'Z';
    this.at = this.start;
  }

  moveTo(x: number, y: number): void {
    this.path += `M${n(x)} ${n(y)}`;
    this.at = { x, y };
    this.start = { x, y };
  }

  lineTo(x: number, y: number): void {
    if (!this.at) return this.moveTo(x, y);
    this.path += `L${n(x)} ${n(y)}`;
    this.at = { x, y };
  }

  rect(x: number, y: number, w: number, h: number): void {
    this.moveTo(x, y);
    this.path += `h${n(w)}v${n(h)}h${n(-w)}Z`;
  }

  /** As the canvas draws it: a line to the arc's start, then the arc (clockwise unless asked). */
  arc(x: number, y: number, r: number, start: number, end: number, counterclockwise = false): void {
    const point = (a: number) => ({ x: x + r * Math.cos(a), y: y + r * Math.sin(a) });
    let sweep = counterclockwise ? start - end : end - start;
    const full = sweep >= 2 * Math.PI;
    sweep = full ? 2 * Math.PI : ((sweep % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    const from = point(start);
    if (this.at) this.lineTo(from.x, from.y);
    else this.moveTo(from.x, from.y);
    const flag = counterclockwise ? 0 : 1;
    if (full) {
      // SVG cannot draw a whole circle as one arc: two halves.
      const half = point(start + (counterclockwise ? -Math.PI : Math.PI));
      this.path += `A${n(r)} ${n(r)} 0 0 ${flag} ${n(half.x)} ${n(half.y)}A${n(r)} ${n(r)} 0 0 ${flag} ${n(from.x)} ${n(from.y)}`;
      this.at = from;
      return;
    }
    const to = point(counterclockwise ? start - sweep : start + sweep);
    this.path += `A${n(r)} ${n(r)} 0 ${sweep > Math.PI ? 1 : 0} ${flag} ${n(to.x)} ${n(to.y)}`;
    this.at = to;
  }

  /** The rounded corner at (x1, y1) toward (x2, y2): a line to its start and a circular arc. */
  arcTo(x1: number, y1: number, x2: number, y2: number, r: number): void {
    const from = this.at;
    if (!from) return this.moveTo(x1, y1);
    const u = unit(from.x - x1, from.y - y1);
    const v = unit(x2 - x1, y2 - y1);
    const cos = u.x * v.x + u.y * v.y;
    if (!u.len || !v.len || Math.abs(cos) > 0.9999 || r === 0) return this.lineTo(x1, y1);
    // The tangent points lie r / tan(angle / 2) from the corner along each side.
    const d = r / Math.tan(Math.acos(cos) / 2);
    const t1 = { x: x1 + u.x * d, y: y1 + u.y * d };
    const t2 = { x: x1 + v.x * d, y: y1 + v.y * d };
    this.lineTo(t1.x, t1.y);
    const cross = u.x * v.y - u.y * v.x;
    this.path += `A${n(r)} ${n(r)} 0 0 ${cross > 0 ? 0 : 1} ${n(t2.x)} ${n(t2.y)}`;
    this.at = t2;
  }

  fill(): void {
    if (this.path)
      this.parts.push(`<path d="${this.path}" fill="${colour(this.fillStyle)}"${this.alpha()}/>`);
  }

  stroke(): void {
    if (!this.path) return;
    this.parts.push(
      `<path d="${this.path}" fill="none" stroke="${colour(this.strokeStyle)}" stroke-width="${n(this.lineWidth)}" stroke-linecap="${this.lineCap}"${this.alpha()}/>`,
    );
  }

  fillText(text: string, x: number, y: number): void {
    const anchor = { center: 'middle', end: 'end', right: 'end' }[this.textAlign as string] ?? 'start';
    const baseline =
      { middle: 'central', top: 'text-before-edge', hanging: 'hanging', bottom: 'text-after-edge' }[
        this.textBaseline as string
      ] ?? 'alphabetic';
    this.parts.push(
      `<text x="${n(x)}" y="${n(y)}" style="font: ${escapeXml(this.font)}" text-anchor="${anchor}" dominant-baseline="${baseline}" fill="${colour(this.fillStyle)}"${this.alpha()}>${escapeXml(text)}</text>`,
    );
  }

  measureText(text: string): { width: number } {
    return { width: this.measure(this.font, text) };
  }

  /** The marks as one SVG group (empty when nothing was drawn). */
  toString(): string {
    return `<g class="sextant-marks">${this.parts.join('')}</g>`;
  }

  private alpha(): string {
    return this.globalAlpha < 1 ? ` opacity="${n(this.globalAlpha)}"` : '';
  }
}

/** Short numbers: two decimals are far below a pixel. */
const n = (v: number): string => String(Math.round(v * 100) / 100);

function unit(x: number, y: number): { x: number; y: number; len: number } {
  const len = Math.hypot(x, y);
  return len ? { x: x / len, y: y / len, len } : { x: 0, y: 0, len: 0 };
}

const colour = (style: Pen['fillStyle']): string =>
  typeof style === 'string' ? escapeXml(style) : '#000000';

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Puts the marks into an SVG document, last, so they draw above the graph as on screen. */
export function withMarks(svg: string, marks: SvgPen): string {
  const end = svg.lastIndexOf('</svg>');
  return end < 0 ? svg : `${svg.slice(0, end)}${marks.toString()}${svg.slice(end)}`;
}
