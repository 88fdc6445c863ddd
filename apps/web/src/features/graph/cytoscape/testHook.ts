import { overlaps, type GraphOverlay } from './overlay.ts';
import type { Core } from 'cytoscape';
import { CURSOR_CLASS } from './stylesheet.ts';

/**
 * `window.__sextant.graph`: a small, documented window into the drawing for e2e tests and the
 * benchmark (see README.md). It reads cytoscape; it never changes what the user sees, except
 * `measureFrames`, which pans and zooms to time frames.
 */
export interface GraphTestHook {
  /** Counts drawings whose layout finished (1 after the first graph is on screen). */
  version: number;
  /** True while a layout is being computed. */
  layingOut: boolean;
  /** performance.now() when the latest layout was first painted. */
  drawnAt: number;
  /** Milliseconds of the latest layout (in the worker) and of applying it to cytoscape. */
  layoutMs: number;
  applyMs: number;
  /** Set when a boxed dagre layout failed and the nodes were laid out without boxes. */
  layoutFallback: string | undefined;
  /** Refreshes that added or removed elements and were patched in (no layout), and the last one's cost (ms). */
  patches: number;
  patchMs: number;
  /** Leaf positions in model coordinates (what a saved layout keeps). */
  modelPositions(): Record<string, { x: number; y: number }>;
  /** What draws the graph: cytoscape's WebGL renderer (big graphs, where available) or its 2D canvas. */
  renderer: 'webgl' | 'canvas';
  zoom(): number;
  /** Whether a zoom/pan animation is running (read the zoom once it is not). */
  animating(): boolean;
  nodes(): HookNode[];
  edges(): HookEdge[];
  /** Ids of the elements highlighted by Find. */
  found(): string[];
  /** The on-screen font size of node labels now (px). */
  nodeLabelPx(): number;
  /** How many node badge rows the last overlay draw put over an edge label, and how many it drew. */
  badgeCollisions(): { badges: number; overlapping: number };
  /** Ids of the elements Find dimmed (everything it did not match). */
  dimmed(): string[];
  selected(): string | undefined;
  /** Id of the node or edge drawn with the keyboard cursor (only while the canvas is worked from the keyboard). */
  cursor(): string | undefined;
  /** Pans and zooms for `durationMs`, returning frame times (ms). */
  measureFrames(durationMs: number): Promise<FrameStats>;
  /** Frame times (ms) over `durationMs` while something else (the benchmark's mouse) moves the view. */
  recordFrames(durationMs: number): Promise<FrameStats>;
}

export interface HookNode {
  id: string;
  /** "reviews v2", "productpage" (service), "unknown", "www.googleapis.com". */
  name: string;
  /** The text drawn under the node. */
  label: string;
  shape: string;
  health: string;
  badges: string[];
  parent: string | undefined;
  /** Centre in page (client) coordinates: `page.mouse.click(x, y)` clicks it. */
  x: number;
  y: number;
  /** Whether the centre is inside the visible canvas. */
  visible: boolean;
}

export interface HookEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  protocol: string;
  rate: number;
  mtls: string;
  health: string;
  /** A point on the edge line in client coordinates, away from the arrowhead. */
  x: number;
  y: number;
  visible: boolean;
}

export interface FrameStats {
  frames: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

declare global {
  interface Window {
    __sextant?: { graph?: GraphTestHook };
  }
}

export function createTestHook(cy: Core, container: HTMLElement, overlay: GraphOverlay): GraphTestHook {
  const client = (p: { x: number; y: number }) => {
    const rect = container.getBoundingClientRect();
    const x = rect.left + p.x;
    const y = rect.top + p.y;
    return { x, y, visible: p.x >= 0 && p.y >= 0 && p.x <= rect.width && p.y <= rect.height };
  };
  return {
    version: 0,
    layingOut: false,
    drawnAt: 0,
    layoutMs: 0,
    applyMs: 0,
    layoutFallback: undefined,
    renderer: 'canvas',
    patches: 0,
    patchMs: 0,
    modelPositions: () => {
      const out: Record<string, { x: number; y: number }> = {};
      cy.nodes('.leaf').forEach((n) => {
        out[n.id()] = { ...n.position() };
      });
      return out;
    },
    zoom: () => cy.zoom(),
    animating: () => cy.animated(),
    nodes: () =>
      cy.nodes('.leaf').map((n) => ({
        id: n.id(),
        name: n.data('name') as string,
        label: n.data('label') as string,
        shape: n.data('shape') as string,
        health: n.data('health') as string,
        badges: ((n.data('badges') as string) || '').split(',').filter(Boolean),
        parent: (n.data('parent') as string | undefined) ?? undefined,
        ...client(n.renderedPosition()),
      })),
    edges: () =>
      cy.edges().map((e) => {
        // 40% along the line: on the edge, clear of the label box in the middle and the arrow.
        const s = e.renderedSourceEndpoint();
        const t = e.renderedTargetEndpoint();
        const at = { x: s.x + (t.x - s.x) * 0.4, y: s.y + (t.y - s.y) * 0.4 };
        return {
          id: e.id(),
          source: e.source().id(),
          target: e.target().id(),
          label: (e.data('label') as string).trim(),
          protocol: e.data('protocol') as string,
          rate: e.data('rate') as number,
          mtls: e.data('mtls') as string,
          health: e.data('health') as string,
          ...client(at),
        };
      }),
    found: () => cy.elements('.found').map((e) => e.id()),
    dimmed: () => cy.elements('.dimmed').map((e) => e.id()),
    nodeLabelPx: () => parseFloat(String(cy.nodes('.leaf').first().style('font-size'))) * cy.zoom(),
    badgeCollisions: () => ({
      badges: overlay.badgeBoxes.length,
      overlapping: overlay.badgeBoxes.filter((b) => overlay.edgeLabelBoxes.some((l) => overlaps(b, l)))
        .length,
    }),
    selected: () => cy.elements('.selected').first().id() || undefined,
    cursor: () => cy.elements(`.${CURSOR_CLASS}`).first().id() || undefined,
    measureFrames: (durationMs) => measureFrames(cy, durationMs),
    recordFrames: (durationMs) => measureFrames(cy, durationMs, false),
  };
}

function measureFrames(cy: Core, durationMs: number, move = true): Promise<FrameStats> {
  return new Promise((resolve) => {
    const deltas: number[] = [];
    const start = performance.now();
    let last = start;
    const step = (now: number) => {
      deltas.push(now - last);
      last = now;
      const t = (now - start) / 1000;
      // A slow figure-eight pan with a gentle zoom: every frame re-renders the whole graph.
      if (move)
        cy.viewport({
          zoom: cy.zoom() * (1 + 0.004 * Math.sin(t * 2)),
          pan: { x: cy.pan().x + 3 * Math.cos(t * 1.5), y: cy.pan().y + 2 * Math.sin(t * 3) },
        });
      if (now - start < durationMs) requestAnimationFrame(step);
      else {
        const sorted = deltas.slice(1).sort((a, b) => a - b);
        const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
        resolve({
          frames: sorted.length,
          meanMs: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
          p50Ms: pick(0.5),
          p95Ms: pick(0.95),
          maxMs: sorted[sorted.length - 1] ?? 0,
        });
      }
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(step);
    });
  });
}
