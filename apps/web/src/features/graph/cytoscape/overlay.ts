import type { Core, EdgeSingular, NodeSingular, Position } from 'cytoscape';
import type { Palette } from '../palette.ts';
import { LOCK_ROOM } from './elements.ts';
import { EDGE_FONT_SIZE, LABEL_FONT } from './stylesheet.ts';

/**
 * A canvas above cytoscape's for what cytoscape cannot draw crisply without icon fonts: config
 * badges on nodes, health marks (shape, not only colour), mTLS locks on edges and the moving
 * traffic dots. Everything is computed from cytoscape's current positions at draw time.
 */
export interface OverlayOptions {
  palette: Palette;
  badges: boolean;
  security: boolean;
  animate: boolean;
}

/**
 * What the marks are drawn with: a canvas' 2D context on screen and in a PNG export, an SvgPen
 * (svgPen.ts) in an SVG export.
 */
export interface Pen {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  lineCap: CanvasLineCap;
  globalAlpha: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  beginPath(): void;
  closePath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, start: number, end: number, counterclockwise?: boolean): void;
  arcTo(x1: number, y1: number, x2: number, y2: number, r: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  fill(): void;
  stroke(): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
}

/** Model coordinates to the drawing's: `p * zoom + pan`, in a `width` x `height` drawing. */
export interface View {
  zoom: number;
  pan: Position;
  width: number;
  height: number;
}

/** On-screen sizes below which a decoration is skipped: it would only be noise. */
const MIN_ZOOM_BADGES = 0.6;
const MIN_ZOOM_LOCKS = 0.5;
const MIN_ZOOM_HEALTH = 0.4;
/** Model units between two traffic dots on an edge. */
const DOT_SPACING = 46;
/** From this many nodes the overlay pauses its marks during pans and zooms. */
const BIG_OVERLAY = 300;

export class GraphOverlay {
  private readonly ctx: CanvasRenderingContext2D;
  private frame = 0;
  private options: OverlayOptions;
  /** While a big graph pans or zooms, marks wait until it stops: frames matter more then. */
  private moving = false;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onViewport = () => {
    if (this.cy.nodes().length < BIG_OVERLAY) return;
    this.moving = true;
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.moving = false;
      this.draw(performance.now());
    }, 150);
  };
  private readonly onRender = () => {
    if (!this.options.animate) this.draw(performance.now());
  };
  /** Label widths by label and font size: measuring 1,500 labels every frame is not free. */
  private readonly widths = new Map<string, number>();
  /** The stylesheet's label scale: edge labels (and the locks placed in them) grow with it. */
  labelScale = 1;
  /** Where the last draw put each node's badges (screen pixels), for the test hook. */
  badgeBoxes: { node: string; x: number; y: number; w: number; h: number }[] = [];
  /** The edge label boxes of the last draw (screen pixels), measured while badges are drawn. */
  edgeLabelBoxes: Box[] = [];
  /** Milliseconds the last draw took, for the benchmark hook. */
  lastDrawMs = 0;

  constructor(
    private readonly cy: Core,
    private readonly canvas: HTMLCanvasElement,
    options: OverlayOptions,
  ) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas context');
    this.ctx = ctx;
    this.options = options;
    cy.on('render', this.onRender);
    cy.on('viewport', this.onViewport);
    this.update(options);
  }

  update(options: OverlayOptions): void {
    this.options = options;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (options.animate) this.loop();
    else this.draw(performance.now());
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.settleTimer);
    this.cy.off('render', this.onRender);
    this.cy.off('viewport', this.onViewport);
  }

  private loop = () => {
    this.frame = requestAnimationFrame((t) => {
      if (!document.hidden) this.draw(t);
      this.loop();
    });
  };

  private resize(): { width: number; height: number } {
    const dpr = window.devicePixelRatio || 1;
    const width = this.canvas.clientWidth;
    const height = this.canvas.clientHeight;
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
    }
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return { width, height };
  }

  draw(timeMs: number): void {
    const started = performance.now();
    const { width, height } = this.resize();
    this.ctx.clearRect(0, 0, width, height);
    if (!this.moving)
      this.paint(this.ctx, { zoom: this.cy.zoom(), pan: this.cy.pan(), width, height }, timeMs, false);
    this.lastDrawMs = performance.now() - started;
  }

  /**
   * The marks (no moving dots) onto an export of the whole graph, drawn at `view`: every mark the
   * display options show, however small the export's scale (the zoom thresholds are for the screen).
   */
  paintExport(pen: Pen, view: View): void {
    // The boxes describe the screen (the test hook reads them): an export leaves them as they were.
    const { badgeBoxes, edgeLabelBoxes } = this;
    this.paint(pen, view, 0, true);
    this.badgeBoxes = badgeBoxes;
    this.edgeLabelBoxes = edgeLabelBoxes;
  }

  private paint(ctx: Pen, view: View, timeMs: number, exporting: boolean): void {
    const { zoom, pan, width, height } = view;
    const toScreen = (p: Position): Position => ({ x: p.x * zoom + pan.x, y: p.y * zoom + pan.y });
    const onScreen = (p: Position, margin = 40) =>
      p.x > -margin && p.y > -margin && p.x < width + margin && p.y < height + margin;
    const { palette: p } = this.options;
    const shown = (min: number) => exporting || zoom >= min;

    const edges = this.cy.edges();
    if (this.options.animate && !exporting) {
      edges.forEach((edge) => this.drawDots(ctx, edge, timeMs, zoom, toScreen, onScreen));
    }
    if (this.options.security && shown(MIN_ZOOM_LOCKS)) {
      // The lock sits in the room the label leaves for it at the start of its first line.
      const fontPx = EDGE_FONT_SIZE * this.labelScale * zoom;
      ctx.font = `${fontPx}px ${LABEL_FONT}`;
      edges.forEach((edge) => {
        const mtls = edge.data('mtls') as string;
        if (mtls !== 'full' && mtls !== 'partial') return;
        const label = edge.data('label') as string;
        if (!label.startsWith(LOCK_ROOM)) return;
        const lines = label.split('\n');
        const first = this.widthOf(ctx, fontPx, lines[0] ?? '');
        const mid = toScreen(edge.midpoint());
        if (!onScreen(mid)) return;
        // Each line is centred; the first starts half its own width left of the midpoint.
        const x = mid.x - first / 2 + fontPx * 0.5;
        const y = mid.y - ((lines.length - 1) * fontPx) / 2;
        ctx.globalAlpha = edge.hasClass('dimmed') ? 0.25 : 1;
        drawLock(ctx, { x, y }, fontPx / 12, mtls === 'full' ? p.lock : p.lockPartial, mtls === 'partial');
      });
    }
    this.badgeBoxes = [];
    this.edgeLabelBoxes =
      this.options.badges && shown(MIN_ZOOM_BADGES)
        ? this.measureEdgeLabels(ctx, zoom, toScreen, onScreen, exporting)
        : [];
    if (shown(MIN_ZOOM_HEALTH)) {
      this.cy.nodes('.leaf').forEach((node) => {
        const center = toScreen(node.position());
        if (!onScreen(center)) return;
        ctx.globalAlpha = node.hasClass('dimmed') ? 0.25 : 1;
        this.drawNodeMarks(ctx, node, center, zoom, exporting);
      });
    }
    ctx.globalAlpha = 1;
  }

  /** A label line's width at a font size: measuring 1,500 labels every frame is not free. */
  private widthOf(ctx: Pen, fontPx: number, line: string): number {
    const key = `${fontPx.toFixed(2)}|${line}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      if (this.widths.size > 5000) this.widths.clear();
      width = ctx.measureText(line).width;
      this.widths.set(key, width);
    }
    return width;
  }

  private drawNodeMarks(
    ctx: Pen,
    node: NodeSingular,
    center: Position,
    zoom: number,
    exporting: boolean,
  ): void {
    const p = this.options.palette;
    const half = (node.width() * zoom) / 2;
    const health = node.data('health') as string;
    if (health === 'degraded' || health === 'failure') {
      const r = Math.max(5, 6.5 * Math.min(zoom, 1.4));
      const x = center.x + half * 0.78;
      const y = center.y - half * 0.78;
      ctx.beginPath();
      ctx.arc(x, y, r + 1.5, 0, Math.PI * 2);
      ctx.fillStyle = p.background;
      ctx.fill();
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.fillStyle = health === 'failure' ? p.health.failure : p.health.degraded;
      ctx.fill();
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = Math.max(1.4, r / 3.6);
      ctx.lineCap = 'round';
      ctx.beginPath();
      if (health === 'failure') {
        const k = r * 0.42;
        ctx.moveTo(x - k, y - k);
        ctx.lineTo(x + k, y + k);
        ctx.moveTo(x + k, y - k);
        ctx.lineTo(x - k, y + k);
      } else {
        ctx.moveTo(x, y - r * 0.5);
        ctx.lineTo(x, y + r * 0.12);
        ctx.moveTo(x, y + r * 0.48);
        ctx.lineTo(x, y + r * 0.5);
      }
      ctx.stroke();
    }
    const badges = node.data('badges') as string;
    if (!this.options.badges || !badges || (!exporting && zoom < MIN_ZOOM_BADGES)) return;
    const list = badges.split(',');
    const scale = Math.min(zoom, 1.3);
    const w = 19 * scale;
    const h = 12 * scale;
    const gap = 2 * scale;
    const total = list.length * w + (list.length - 1) * gap;
    const spot = badgeSpot(center, half, { w: total, h, margin: 4 * scale }, this.edgeLabelBoxes);
    this.badgeBoxes.push({ node: node.id(), x: spot.x, y: spot.y, w: total, h });
    let x = spot.x;
    const y = spot.y;
    ctx.font = `700 ${7.5 * scale}px ui-sans-serif, system-ui, "DejaVu Sans", sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const badge of list) {
      ctx.fillStyle = badge === 'NS' ? p.badgeWarnFill : p.badgeFill;
      roundRect(ctx, x, y, w, h, 3 * scale);
      ctx.fill();
      ctx.fillStyle = p.badgeText;
      ctx.fillText(badge, x + w / 2, y + h / 2 + 0.5);
      x += w + gap;
    }
  }

  /** Screen boxes of the edge labels drawn now, so node badges can keep clear of them. */
  private measureEdgeLabels(
    ctx: Pen,
    zoom: number,
    toScreen: (p: Position) => Position,
    onScreen: (p: Position, margin?: number) => boolean,
    exporting: boolean,
  ): Box[] {
    const fontPx = EDGE_FONT_SIZE * this.labelScale * zoom;
    // Below cytoscape's min-zoomed-font-size the labels are not drawn on screen: nothing to avoid.
    if (fontPx < 8 && !exporting) return [];
    ctx.font = `${fontPx}px ${LABEL_FONT}`;
    const boxes: Box[] = [];
    this.cy.edges().forEach((edge) => {
      const label = edge.data('label') as string | undefined;
      if (!label) return;
      const mid = toScreen(edge.midpoint());
      if (!onScreen(mid, 100)) return;
      const lines = label.split('\n');
      let width = 0;
      for (const line of lines) width = Math.max(width, this.widthOf(ctx, fontPx, line));
      const pad = 2 * this.labelScale * zoom;
      const height = lines.length * fontPx * 1.2;
      boxes.push({
        x: mid.x - width / 2 - pad,
        y: mid.y - height / 2 - pad,
        w: width + 2 * pad,
        h: height + 2 * pad,
      });
    });
    return boxes;
  }

  private drawDots(
    ctx: Pen,
    edge: EdgeSingular,
    timeMs: number,
    zoom: number,
    toScreen: (p: Position) => Position,
    onScreen: (p: Position, margin?: number) => boolean,
  ): void {
    const rate = edge.data('rate') as number;
    if (!(rate > 0)) return;
    const source = edge.sourceEndpoint();
    const target = edge.targetEndpoint();
    const length = Math.hypot(target.x - source.x, target.y - source.y);
    if (length < 1) return;
    if (!onScreen(toScreen(source), 400) && !onScreen(toScreen(target), 400)) return;
    const tcp = edge.data('protocol') === 'tcp';
    // Faster for busier edges, on a log scale so 1 rps and 1,000 rps both read as moving.
    const speed = 22 + 42 * Math.log10(1 + (tcp ? rate / 1000 : rate));
    const count = Math.max(1, Math.floor(length / DOT_SPACING));
    const errorShare = Math.min(1, ((edge.data('errPct') as number) || 0) / 100);
    const offset = ((timeMs / 1000) * speed) / length;
    const p = this.options.palette;
    const radius = Math.max(1.6, Math.min(3.6, 2.6 * zoom));
    ctx.globalAlpha = edge.hasClass('dimmed') ? 0.2 : 0.95;
    for (let i = 0; i < count; i++) {
      const t = (offset + i / count) % 1;
      const at = toScreen(pointAlong(edge, t));
      const isError = errorShare > 0 && (i * 0.618034) % 1 < errorShare;
      ctx.beginPath();
      if (tcp) ctx.rect(at.x - radius, at.y - radius, radius * 2, radius * 2);
      else ctx.arc(at.x, at.y, radius, 0, Math.PI * 2);
      ctx.fillStyle = isError ? p.health.failure : tcp ? p.edge.tcp : p.accent;
      ctx.fill();
    }
  }
}

/** A point at `t` (0..1) along the drawn edge, in model coordinates (straight or one-bend bezier). */
export function pointAlong(edge: EdgeSingular, t: number): Position {
  const s = edge.sourceEndpoint();
  const e = edge.targetEndpoint();
  const controls = edge.controlPoints?.();
  const c = controls && controls.length === 1 ? controls[0] : undefined;
  if (!c) return { x: s.x + (e.x - s.x) * t, y: s.y + (e.y - s.y) * t };
  const u = 1 - t;
  return {
    x: u * u * s.x + 2 * u * t * c.x + t * t * e.x,
    y: u * u * s.y + 2 * u * t * c.y + t * t * e.y,
  };
}

function drawLock(ctx: Pen, at: Position, scale: number, colour: string, outline: boolean): void {
  const w = 8 * scale;
  const h = 6.5 * scale;
  const x = at.x - w / 2;
  const y = at.y - h / 2 + 1.5 * scale;
  ctx.lineWidth = 1.5 * scale;
  ctx.strokeStyle = colour;
  ctx.beginPath();
  ctx.arc(at.x, y, w * 0.3, Math.PI, 0);
  ctx.stroke();
  roundRect(ctx, x, y, w, h, 1.5 * scale);
  if (outline) {
    ctx.stroke();
  } else {
    ctx.fillStyle = colour;
    ctx.fill();
  }
}

function roundRect(ctx: Pen, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Where a node's badge row goes (top-left corner, screen pixels): above the node unless an edge
 * label is there, then beside it (right, left), then above-right; the first spot clear of every
 * edge label wins, above the node when none is.
 */
export function badgeSpot(
  center: Position,
  halfNode: number,
  size: { w: number; h: number; margin: number },
  labels: readonly Box[],
): Position {
  const { w, h, margin } = size;
  const candidates: Position[] = [
    { x: center.x - w / 2, y: center.y - halfNode - h - margin },
    { x: center.x + halfNode + margin, y: center.y - halfNode - h / 2 },
    { x: center.x - halfNode - margin - w, y: center.y - halfNode - h / 2 },
    { x: center.x + halfNode * 0.2, y: center.y - halfNode - h - margin * 2 - h },
  ];
  return candidates.find((c) => !labels.some((l) => overlaps({ ...c, w, h }, l))) ?? candidates[0]!;
}
