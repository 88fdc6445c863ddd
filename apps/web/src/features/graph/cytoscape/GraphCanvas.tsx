import cytoscape, { type Core, type EventObject, type NodeSingular } from 'cytoscape';
import svg from 'cytoscape-svg';
import {
  useEffect,
  useId,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type Ref,
} from 'react';
import {
  cycle,
  describeElement,
  graphNav,
  keyAction,
  keyboardHelpText,
  type Direction,
  type GraphNav,
  type KeyAction,
} from '../model/graphKeyboard.ts';
import type { GraphView } from '../model/graphView.ts';
import { placeNewNodes } from '../model/placement.ts';
import { coverage, type Positions } from '../model/savedLayout.ts';
import type { LayoutStore } from '../layoutStore.ts';
import type { Palette } from '../palette.ts';
import type { LayoutName } from '../urlState.ts';
import { layoutRequest, structureKey, toElements } from './elements.ts';
import { markCursor, renderedCentre, reveal, stepFrom } from './keyboardCursor.ts';
import { LayoutClient } from './layoutClient.ts';
import { GraphOverlay, type View } from './overlay.ts';
import { SvgPen, withMarks } from './svgPen.ts';
import { labelScale, MAX_LABEL_SCALE } from './labelScale.ts';
import { CURSOR_CLASS, MIN_LABEL_PX, NODE_LABEL_PX, NODE_SIZE, stylesheet } from './stylesheet.ts';
import { createTestHook, type GraphTestHook } from './testHook.ts';

export interface GraphCanvasController {
  fit(): void;
  zoomIn(): void;
  zoomOut(): void;
  /** Forgets the saved positions of this view and lays it out anew. */
  resetLayout(): void;
  /** Leaf positions now (model coordinates). */
  positions(): Positions;
  /** Moves the nodes a layout file names there; the others stay. Returns how many moved. */
  restorePositions(positions: Positions): number;
  /** The whole graph as a PNG, with the overlay's marks (badges, health, locks) as on screen. */
  png(): Promise<Blob>;
  /** The whole graph as an SVG document, the overlay's marks as vectors. */
  svg(): string;
}

export interface GraphCanvasProps {
  view: GraphView;
  layout: LayoutName;
  /**
   * The view the drawing belongs to (savedLayout.ts viewKey): within one view a refresh patches the
   * drawing and positions are kept; a new view is laid out (or takes its saved positions).
   */
  viewKey: string;
  layoutStore: LayoutStore;
  palette: Palette;
  selected: string | undefined;
  /** Ids Find matched; when `findActive`, everything else is dimmed. */
  found: ReadonlySet<string>;
  findActive: boolean;
  showBadges: boolean;
  showSecurity: boolean;
  animate: boolean;
  /** A node or edge id, or undefined for a click on empty space. */
  onSelect: (id: string | undefined) => void;
  /** Accessible name of the drawing (the keys are its description). */
  ariaLabel: string;
  /** `?` pressed on the canvas: show or hide the keyboard help. */
  onHelp?: () => void;
  controllerRef?: Ref<GraphCanvasController>;
}

let svgRegistered = false;
/** PNG exports: twice the model's size, at most this many pixels a side. */
const EXPORT_SCALE = 2;
const EXPORT_MAX_PX = 8000;

/**
 * Where a whole-graph export draws the model at `scale` (cytoscape's `full: true`: the elements'
 * bounding box from the top-left corner), so the overlay's marks land on what it drew.
 */
function exportView(bb: { x1: number; y1: number; w: number; h: number }, scale: number): View {
  return {
    zoom: scale,
    pan: { x: -bb.x1 * scale, y: -bb.y1 * scale },
    width: Math.ceil(bb.w * scale),
    height: Math.ceil(bb.h * scale),
  };
}

/** cytoscape's PNG of the whole graph with the overlay's marks drawn over it at `view`. */
async function withOverlayMarks(graph: Blob, overlay: GraphOverlay, view: View): Promise<Blob> {
  const image = await createImageBitmap(graph);
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return graph;
  ctx.drawImage(image, 0, 0);
  image.close();
  overlay.paintExport(ctx, view);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))),
      'image/png',
    ),
  );
}

/** Text widths for an SvgPen, from a canvas like the screen's (the same fonts). */
function measureWith(): (font: string, text: string) => number {
  const ctx = document.createElement('canvas').getContext('2d');
  return (font, text) => {
    if (!ctx) return text.length * 6;
    ctx.font = font;
    return ctx.measureText(text).width;
  };
}

function registerSvg(): void {
  if (svgRegistered) return;
  cytoscape.use(svg);
  svgRegistered = true;
}

/** Graphs at least this big trade some polish for frame rate while panning. */
const BIG_GRAPH = 400;

/**
 * A big graph zoomed out so far that no label would be drawn (below 7 px on screen even at the
 * largest label scale): straight edges without arrows or labels are drawn instead, which is what
 * the eye can tell apart at that size anyway, at a fraction of the cost per frame.
 */
function farZoom(cy: Core): number | undefined {
  const zoom = cy.zoom();
  if (cy.nodes().length < BIG_GRAPH || NODE_LABEL_PX * MAX_LABEL_SCALE * zoom >= MIN_LABEL_PX)
    return undefined;
  // In half-octave steps: the namespace names are resized a few times per zoom gesture, not every frame.
  return 2 ** (Math.round(Math.log2(zoom) * 2) / 2);
}
const MAX_FIT_ZOOM = 1.6;

/**
 * The one React component that owns a cytoscape instance. Data refreshes update elements in place;
 * only a change of structure (elements added or removed) or of layout runs a new layout, in a worker.
 */
export function GraphCanvas(props: GraphCanvasProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const state = useRef<CanvasState | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const nav = useMemo(() => graphNav(props.view), [props.view]);
  const [cursor, setCursor] = useState<Cursor | undefined>(undefined);
  /** The canvas has focus and the user works it from the keyboard: the cursor is drawn. */
  const [keyboard, setKeyboard] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const helpId = useId();

  // Create once.
  useEffect(() => {
    const container = containerRef.current;
    const canvas = overlayRef.current;
    if (!container || !canvas) return;
    const big = latest.current.view.nodes.length >= BIG_GRAPH;
    const webgl = big && webgl2Available();
    const cy = cytoscape({
      container,
      style: stylesheet(latest.current.palette),
      minZoom: 0.03,
      maxZoom: 4,
      boxSelectionEnabled: false,
      autoungrabify: false,
      selectionType: 'single',
      textureOnViewport: big,
      hideEdgesOnViewport: big,
      pixelRatio: big ? 1 : 'auto',
      // Big graphs draw through WebGL (instanced shapes, labels from a texture atlas): the 2D canvas
      // spends most of a frame re-walking compound parents and style caches per element.
      webgl,
    });
    if (webgl) emitRenderEvents(cy);
    const overlay = new GraphOverlay(cy, canvas, overlayOptions(latest.current));
    const hook = createTestHook(cy, container, overlay);
    hook.renderer = webgl ? 'webgl' : 'canvas';
    window.__sextant = { ...window.__sextant, graph: hook };
    state.current = {
      cy,
      overlay,
      layouts: new LayoutClient(),
      hook,
      structure: '',
      layoutName: undefined,
      generation: 0,
      cursorMark: undefined,
      labelScale: 1,
      far: undefined,
      viewKey: undefined,
      remembered: new Map(),
      saveTimer: undefined,
      hovered: undefined,
    };
    // Labels keep a readable size on screen as the view zooms out (up to a cap); restyled in steps.
    cy.on('zoom', () => {
      const s = state.current;
      if (!s) return;
      const scale = labelScale(cy.zoom(), NODE_LABEL_PX);
      const far = farZoom(cy);
      if (scale === s.labelScale && far === s.far) return;
      s.labelScale = scale;
      s.far = far;
      s.overlay.labelScale = scale;
      cy.style(stylesheet(latest.current.palette, scale, far));
    });
    // Level of detail: zoomed out, labels too small to read are not drawn (min-zoomed-font-size);
    // the node under the pointer and the selection still show theirs at a readable size.
    cy.on('zoom', () => {
      const s = state.current;
      if (!s) return;
      if (s.hovered) emphasiseLabel(cy.getElementById(s.hovered));
      cy.nodes('.leaf.selected').forEach(emphasiseLabel);
    });
    cy.on('mouseover', 'node.leaf', (event: EventObject) => {
      const s = state.current;
      if (!s) return;
      s.hovered = (event.target as NodeSingular).id();
      emphasiseLabel(event.target as NodeSingular);
    });
    cy.on('mouseout', 'node.leaf', (event: EventObject) => {
      const s = state.current;
      const node = event.target as NodeSingular;
      if (s?.hovered === node.id()) s.hovered = undefined;
      if (!node.hasClass('selected')) plainLabel(node);
    });
    // A node dragged by hand keeps its place: saved with the view's layout.
    cy.on('dragfree', 'node', () => {
      if (state.current) scheduleSave(state.current, latest.current);
    });

    cy.on('tap', (event: EventObject) => {
      const target = event.target as Core | cytoscape.SingularElementArgument;
      if (target === cy || (target as cytoscape.SingularElementArgument).hasClass?.('box')) {
        latest.current.onSelect(undefined);
      } else {
        const el = target as cytoscape.SingularElementArgument;
        // Keys carry on from what was clicked.
        setCursor(el.isEdge() ? { id: el.id(), anchor: el.source().id() } : { id: el.id() });
        latest.current.onSelect(el.id());
      }
    });
    cy.on('mouseover', 'node.leaf, edge', () => (container.style.cursor = 'pointer'));
    cy.on('mouseout', 'node.leaf, edge', () => (container.style.cursor = ''));

    return () => {
      const s = state.current;
      if (s?.saveTimer) {
        clearTimeout(s.saveTimer);
        savePositions(s, latest.current);
      }
      overlay.dispose();
      state.current?.layouts.dispose();
      cy.destroy();
      if (window.__sextant?.graph === hook) delete window.__sextant.graph;
      state.current = null;
    };
  }, []);

  // Data and structure.
  useEffect(() => {
    const s = state.current;
    if (!s) return;
    const { view, layout, viewKey } = props;
    const structure = structureKey(view);
    const sameView = viewKey === s.viewKey && layout === s.layoutName;
    if (sameView && structure === s.structure) {
      updateInPlace(s.cy, view, props.showSecurity);
      applyMarks(s, latest.current);
      return;
    }
    // A refresh (or Hide) that adds or drops elements: patch the drawing, keep every position.
    if (sameView && s.structure && !s.hook.layingOut) {
      patchElements(s, latest.current);
      return;
    }
    drawView(s, () => latest.current);
  }, [props.view, props.layout, props.viewKey]);

  // Selection and find.
  useEffect(() => {
    if (state.current) applyMarks(state.current, props);
  }, [props.selected, props.found, props.findActive]);

  // The keyboard cursor: two elements touched per move, whatever the size of the graph.
  const drawn = keyboard ? cursor?.id : undefined;
  useEffect(() => {
    const s = state.current;
    if (!s) return;
    markCursor(s.cy, s.cursorMark, drawn);
    s.cursorMark = drawn;
  }, [drawn]);

  // What the cursor was on may be gone after a refresh (hidden, idle, relaid out).
  useEffect(() => {
    setCursor((c) => {
      if (!c || nav.nodes.has(c.id) || nav.edges.has(c.id)) return c;
      return c.anchor && nav.nodes.has(c.anchor) ? { id: c.anchor } : undefined;
    });
  }, [nav]);

  // Looks.
  useEffect(() => {
    const s = state.current;
    if (!s) return;
    s.cy.style(stylesheet(props.palette, s.labelScale, s.far));
    if (s.structure) updateInPlace(s.cy, props.view, props.showSecurity);
    s.overlay.update(overlayOptions(props));
  }, [props.palette, props.showBadges, props.showSecurity, props.animate]);

  // Keep the drawing the size of its box.
  useEffect(() => {
    const container = containerRef.current;
    if (!container || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      state.current?.cy.resize();
      state.current?.overlay.draw(performance.now());
    });
    observer.observe(container);
    return () => observer.disconnect();
  }, []);

  useImperativeHandle(props.controllerRef, () => ({
    fit: () => state.current && fit(state.current.cy),
    zoomIn: () => state.current && zoomBy(state.current.cy, 1.25),
    zoomOut: () => state.current && zoomBy(state.current.cy, 0.8),
    resetLayout: () => {
      const s = state.current;
      if (!s) return;
      clearTimeout(s.saveTimer);
      s.saveTimer = undefined;
      props.layoutStore.remove(props.viewKey);
      s.remembered.clear();
      startLayout(s, () => latest.current);
    },
    positions: () => (state.current ? leafPositions(state.current.cy) : {}),
    restorePositions: (positions) => {
      const s = state.current;
      if (!s) return 0;
      let moved = 0;
      s.cy.batch(() => {
        s.cy.nodes('.leaf').forEach((n) => {
          const p = positions[n.id()];
          if (!p) return;
          n.position({ x: p.x, y: p.y });
          moved++;
        });
      });
      for (const [id, p] of Object.entries(positions)) s.remembered.set(id, p);
      fit(s.cy);
      savePositions(s, latest.current);
      return moved;
    },
    png: async () => {
      const s = state.current;
      if (!s) throw new Error('no graph drawn');
      // Scale 2, less where that would pass 8,000 px (cytoscape ignores maxWidth once a scale is given).
      const bb = s.cy.elements().boundingBox();
      const scale = Math.min(
        EXPORT_SCALE,
        EXPORT_MAX_PX / Math.max(1, bb.w),
        EXPORT_MAX_PX / Math.max(1, bb.h),
      );
      const graph = await s.cy.png({
        output: 'blob-promise',
        full: true,
        scale,
        // A number here keeps cytoscape from multiplying the scale by the screen's pixel ratio.
        maxWidth: EXPORT_MAX_PX,
        bg: latest.current.palette.background,
      });
      return withOverlayMarks(graph, s.overlay, exportView(bb, scale));
    },
    svg: () => {
      const s = state.current;
      if (!s) throw new Error('no graph drawn');
      registerSvg();
      const bb = s.cy.elements().boundingBox();
      const palette = latest.current.palette;
      s.cy.style(stylesheet(palette, s.labelScale, s.far, true));
      let svg: string;
      try {
        svg = (s.cy as unknown as { svg(o: object): string }).svg({
          full: true,
          scale: 1,
          // As for the PNG: model units, whatever the screen's pixel ratio.
          maxWidth: Number.MAX_SAFE_INTEGER,
          bg: palette.background,
        });
      } finally {
        s.cy.style(stylesheet(palette, s.labelScale, s.far));
      }
      const marks = new SvgPen(measureWith());
      s.overlay.paintExport(marks, exportView(bb, 1));
      return withMarks(svg, marks);
    },
  }));

  /** Where keys start: the selection, else the first node by name. */
  const start = (): Cursor | undefined => {
    const selected = props.selected;
    if (selected && nav.nodes.has(selected)) return { id: selected };
    const edge = selected ? nav.edges.get(selected) : undefined;
    if (edge) return { id: edge.id, anchor: edge.source };
    const first = nav.order[0];
    return first ? { id: first } : undefined;
  };

  const moveTo = (next: Cursor | undefined) => {
    if (!next) return;
    setCursor(next);
    setAnnouncement(announce(nav, next, props.selected));
    if (state.current) reveal(state.current.cy, next.id);
  };

  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    // Focus from Tab shows the cursor; focus from a click does not (mouse users have the pointer).
    if (e.target !== e.currentTarget || !e.currentTarget.matches(':focus-visible')) return;
    setKeyboard(true);
    if (cursor) setAnnouncement(announce(nav, cursor, props.selected));
    else moveTo(start());
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const action = keyAction(e);
    const s = state.current;
    if (!action || !s) return;
    e.preventDefault();
    setKeyboard(true);
    runAction(action, s.cy);
  };

  const runAction = (action: KeyAction, cy: Core) => {
    const current = cursor && (nav.nodes.has(cursor.id) || nav.edges.has(cursor.id)) ? cursor : undefined;
    // On an edge, node moves start from the node whose edges are being walked.
    const node = current ? (nav.nodes.has(current.id) ? current.id : current.anchor) : undefined;
    const name = (id: string | undefined) => (id && nav.nodes.get(id)?.name) || 'this node';
    switch (action.kind) {
      case 'move': {
        if (!node) return moveTo(start());
        const next = stepFrom(cy, node, action.direction);
        if (next) moveTo({ id: next });
        else setAnnouncement(`No node ${DIRECTION_TEXT[action.direction]} ${name(node)}`);
        return;
      }
      case 'cycle':
        return moveTo(asNode(cycle(nav.order, node, action.step)));
      case 'first':
        return moveTo(asNode(nav.order[0]));
      case 'last':
        return moveTo(asNode(nav.order[nav.order.length - 1]));
      case 'edge': {
        const from = node ?? start()?.id;
        if (!from) return;
        const edges = nav.edgesOf.get(from) ?? [];
        const onEdge = current && current.id !== from ? current.id : undefined;
        const next = cycle(edges, onEdge, action.step);
        if (next) moveTo({ id: next, anchor: from });
        else setAnnouncement(`${name(from)} has no edges`);
        return;
      }
      case 'select':
        if (!current) return moveTo(start());
        props.onSelect(current.id);
        setAnnouncement(announce(nav, current, current.id));
        return;
      case 'clear': {
        props.onSelect(undefined);
        const back = current?.anchor && current.id !== current.anchor ? { id: current.anchor } : current;
        if (back) {
          setCursor(back);
          setAnnouncement(`Selection cleared. ${announce(nav, back, undefined)}`);
        } else setAnnouncement('Selection cleared');
        return;
      }
      case 'zoomIn':
        return zoomBy(cy, 1.25, renderedCentre(cy, current?.id));
      case 'zoomOut':
        return zoomBy(cy, 0.8, renderedCentre(cy, current?.id));
      case 'fit':
        return fit(cy);
      case 'help':
        return props.onHelp?.();
    }
  };

  return (
    <div className={keyboard ? 'graph-canvas graph-canvas--keyboard' : 'graph-canvas'}>
      <div
        ref={containerRef}
        className="graph-canvas__cy"
        role="application"
        aria-roledescription="traffic graph"
        aria-label={props.ariaLabel}
        aria-describedby={helpId}
        tabIndex={0}
        onFocus={onFocus}
        onBlur={() => setKeyboard(false)}
        onKeyDown={onKeyDown}
      />
      <canvas ref={overlayRef} className="graph-canvas__overlay" aria-hidden="true" />
      <p id={helpId} className="visually-hidden">
        {keyboardHelpText()}
      </p>
      <div className={keyboard && announcement ? 'graph-cursor' : 'graph-cursor visually-hidden'}>
        <p className="graph-cursor__text" role="status" aria-label="Graph cursor" aria-atomic="true">
          {announcement}
        </p>
        <p className="graph-cursor__hint" aria-hidden="true">
          <kbd>Enter</kbd> details · <kbd>E</kbd> edges · <kbd>?</kbd> keys
        </p>
      </div>
    </div>
  );
}

/** A node id, or an edge id with the node whose edges E is walking. */
interface Cursor {
  id: string;
  anchor?: string | undefined;
}

const DIRECTION_TEXT: Record<Direction, string> = {
  up: 'above',
  down: 'below',
  left: 'left of',
  right: 'right of',
};

function asNode(id: string | undefined): Cursor | undefined {
  return id ? { id } : undefined;
}

function announce(nav: GraphNav, cursor: Cursor, selected: string | undefined): string {
  return describeElement(nav, cursor.id, { anchor: cursor.anchor, selected: cursor.id === selected });
}

interface CanvasState {
  cy: Core;
  overlay: GraphOverlay;
  layouts: LayoutClient;
  hook: GraphTestHook;
  /** Structure and layout currently drawn. */
  structure: string;
  layoutName: LayoutName | undefined;
  /** Bumped by every layout started; an answer for an older one is dropped. */
  generation: number;
  /** Element drawn with the keyboard cursor's class. */
  cursorMark: string | undefined;
  /** The label scale the stylesheet was built with (labelScale.ts). */
  labelScale: number;
  /** The far zoom step the stylesheet was built for (farZoom), undefined near. */
  far: number | undefined;
  /** The view drawn (viewKey prop); undefined before the first drawing. */
  viewKey: string | undefined;
  /** Every position a node of this view had, so a node hidden and shown again returns to its place. */
  remembered: Map<string, { x: number; y: number }>;
  saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** The node under the pointer. */
  hovered: string | undefined;
}

/** A saved layout that knows at least this share of the nodes is used instead of a new layout. */
const SAVED_LAYOUT_COVERAGE = 0.5;

/** A new view: its saved positions when the browser has them, else a layout in the worker. */
function drawView(s: CanvasState, props: () => GraphCanvasProps): void {
  const current = props();
  const saved = current.layoutStore.load(current.viewKey);
  if (
    saved &&
    saved.layout === current.layout &&
    coverage(
      current.view.nodes.map((n) => n.id),
      saved.positions,
    ) >= SAVED_LAYOUT_COVERAGE
  ) {
    ++s.generation; // a layout still running for an older view is dropped
    s.remembered = new Map(Object.entries(saved.positions));
    show(s, current, saved.positions, { layoutMs: 0, fallback: undefined });
    return;
  }
  s.remembered = new Map();
  startLayout(s, props);
}

/** Swaps in the view's elements at `positions` (others placed near their neighbours), fits, saves. */
function show(
  s: CanvasState,
  current: GraphCanvasProps,
  positions: Positions,
  timing: { layoutMs: number; fallback: string | undefined },
): void {
  const started = performance.now();
  s.cy.batch(() => {
    replaceElements(s.cy, current.view, current.showSecurity);
    const missing: string[] = [];
    s.cy.nodes('.leaf').forEach((n) => {
      const p = positions[n.id()];
      if (p) n.position({ x: p.x, y: p.y });
      else missing.push(n.id());
    });
    if (missing.length) placeMissing(s.cy, current.view, missing, positions);
  });
  if (s.cy.nodes().length >= BIG_GRAPH) fitPositions(s.cy, s.cy.nodes('.leaf'));
  else fit(s.cy);
  applyMarks(s, current);
  s.structure = structureKey(current.view);
  s.layoutName = current.layout;
  s.viewKey = current.viewKey;
  s.hook.layoutMs = timing.layoutMs;
  s.hook.layoutFallback = timing.fallback;
  scheduleSave(s, current);
  s.cy.one('render', () => {
    s.hook.applyMs = performance.now() - started;
    s.hook.drawnAt = performance.now();
    s.hook.layingOut = false;
    s.hook.version++;
  });
}

/** Same view, other elements (a refresh, Hide): remove and add, nothing already drawn moves. */
function patchElements(s: CanvasState, current: GraphCanvasProps): void {
  const started = performance.now();
  const before = leafPositions(s.cy);
  for (const [id, p] of Object.entries(before)) s.remembered.set(id, p);
  s.cy.batch(() => {
    replaceElements(s.cy, current.view, current.showSecurity);
    const known: Positions = {};
    const missing: string[] = [];
    s.cy.nodes('.leaf').forEach((n) => {
      const p = before[n.id()] ?? s.remembered.get(n.id());
      if (!p) {
        missing.push(n.id());
        return;
      }
      known[n.id()] = p;
      if (!before[n.id()]) n.position({ x: p.x, y: p.y });
    });
    if (missing.length) placeMissing(s.cy, current.view, missing, known);
  });
  applyMarks(s, current);
  s.structure = structureKey(current.view);
  s.hook.patches++;
  s.hook.patchMs = performance.now() - started;
  scheduleSave(s, current);
  s.cy.one('render', () => {
    s.hook.version++;
  });
}

function placeMissing(cy: Core, view: GraphView, missing: string[], known: Positions): void {
  const placed = placeNewNodes({
    newIds: missing,
    known,
    edges: view.edges,
    parentOf: new Map(view.nodes.map((n) => [n.id, n.parent])),
  });
  for (const [id, p] of Object.entries(placed)) cy.getElementById(id).position(p);
}

function leafPositions(cy: Core): Positions {
  const out: Positions = {};
  cy.nodes('.leaf').forEach((n) => {
    const p = n.position();
    out[n.id()] = { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
  });
  return out;
}

function scheduleSave(s: CanvasState, current: GraphCanvasProps): void {
  clearTimeout(s.saveTimer);
  s.saveTimer = setTimeout(() => savePositions(s, current), 400);
}

function savePositions(s: CanvasState, current: GraphCanvasProps): void {
  s.saveTimer = undefined;
  if (s.cy.destroyed() || !s.viewKey || !s.layoutName) return;
  current.layoutStore.save(s.viewKey, {
    layout: s.layoutName,
    positions: leafPositions(s.cy),
    savedAt: Date.now(),
  });
}

/** The on-screen size a shown label gets when the zoom would make it too small to read (px). */
const EMPHASIS_LABEL_PX = 12;

/** Draws a node's label readable at the current zoom (pointer or selection on a zoomed-out graph). */
function emphasiseLabel(node: NodeSingular): void {
  if (node.empty() || node.removed()) return;
  const zoom = node.cy().zoom();
  if (NODE_LABEL_PX * zoom >= EMPHASIS_LABEL_PX) return plainLabel(node);
  node.style({
    'font-size': EMPHASIS_LABEL_PX / zoom,
    'text-max-width': `${(160 / zoom).toFixed(0)}px`,
    'text-outline-width': 2 / zoom,
    'text-margin-y': 5 / zoom,
    'min-zoomed-font-size': 0,
    'z-index': 20,
  });
}

function plainLabel(node: NodeSingular): void {
  if (node.empty() || node.removed()) return;
  node.removeStyle('font-size text-max-width text-outline-width text-margin-y min-zoomed-font-size z-index');
}

/** Lays out the current view in the worker, then swaps elements and positions in one batch. */
function startLayout(s: CanvasState, props: () => GraphCanvasProps): void {
  const generation = ++s.generation;
  s.hook.layingOut = true;
  const { view, layout, showBadges } = props();
  s.layouts
    .layout(layoutRequest(view, layout, showBadges))
    .then((result) => {
      if (s.cy.destroyed() || generation !== s.generation) return;
      // The newest view: data may have refreshed while the layout ran (same structure or not).
      show(s, props(), result.positions, { layoutMs: result.ms, fallback: result.fallback });
    })
    .catch((err: unknown) => {
      if (s.cy.destroyed() || generation !== s.generation) return;
      // Never a blank canvas: without a layout every node is placed beside its neighbours.
      const message = err instanceof Error ? err.message : String(err);
      console.error('graph layout failed, nodes placed without it:', message);
      show(s, props(), {}, { layoutMs: 0, fallback: `layout failed (${message})` });
    });
}

function overlayOptions(p: GraphCanvasProps) {
  return { palette: p.palette, badges: p.showBadges, security: p.showSecurity, animate: p.animate };
}

/** Same elements, new numbers: labels, widths, health move, positions stay. */
function updateInPlace(cy: Core, view: GraphView, security: boolean): void {
  cy.batch(() => {
    for (const el of toElements(view, { security })) {
      const existing = cy.getElementById(el.data.id as string);
      if (existing.empty()) continue;
      existing.data(el.data);
      existing.classes(el.classes as string);
    }
  });
}

/** New structure: drop what went away, add what came, update the rest (positions set by the caller). */
function replaceElements(cy: Core, view: GraphView, security: boolean): void {
  const next = toElements(view, { security });
  const ids = new Set(next.map((e) => e.data.id as string));
  cy.elements()
    .filter((e) => !ids.has(e.id()))
    .remove();
  const toAdd = [];
  for (const el of next) {
    const existing = cy.getElementById(el.data.id as string);
    if (existing.empty()) {
      toAdd.push(el);
      continue;
    }
    if (existing.isNode() && (existing.data('parent') ?? undefined) !== (el.data.parent ?? undefined)) {
      existing.move({ parent: (el.data.parent as string | undefined) ?? null });
    }
    existing.data(el.data);
    existing.classes(el.classes as string);
  }
  cy.add(toAdd);
}

/** Selection, Find and the keyboard cursor (in-place updates replace classes, so this puts them back). */
function applyMarks(s: CanvasState, p: Pick<GraphCanvasProps, 'selected' | 'found' | 'findActive'>): void {
  const cy = s.cy;
  cy.batch(() => {
    cy.nodes('.leaf.selected').forEach((n) => {
      if (n.id() !== p.selected && n.id() !== s.hovered) plainLabel(n);
    });
    cy.elements().removeClass('selected found dimmed');
    if (p.selected) {
      const selected = cy.getElementById(p.selected).addClass('selected');
      if (selected.isNode() && selected.hasClass('leaf')) emphasiseLabel(selected);
    }
    if (s.cursorMark) cy.getElementById(s.cursorMark).addClass(CURSOR_CLASS);
    if (p.findActive) {
      cy.elements().forEach((el) => {
        if (el.hasClass('box')) return;
        if (p.found.has(el.id())) el.addClass('found');
        else el.addClass('dimmed');
      });
    }
  });
}

/** Where a running zoom animation is heading: quick presses multiply from there, not from midway. */
const zoomTargets = new WeakMap<Core, number>();

/**
 * cytoscape's WebGL renderer (3.34) skips the 'render' event its canvas renderer emits after every
 * frame; the overlay and the test hook's first-paint time listen to it, so emit it the same way.
 */
function emitRenderEvents(cy: Core): void {
  const renderer = (cy as unknown as { renderer(): unknown }).renderer() as {
    render(options?: { forcedContext?: unknown }): void;
  };
  const render = renderer.render.bind(renderer);
  renderer.render = (options) => {
    render(options);
    if (!options?.forcedContext) cy.emit('render');
  };
}

let hardwareWebgl2: boolean | undefined;
/**
 * WebGL2 on a GPU. cytoscape throws when it cannot get a context, so ask first (once per page);
 * a software rasteriser (SwiftShader, llvmpipe: headless Chromium, VMs) is slower than the 2D
 * canvas (bench:web, 1,000 nodes: frames p50 217 ms with SwiftShader WebGL, 67 ms in 2D).
 */
function webgl2Available(): boolean {
  if (hardwareWebgl2 === undefined) {
    try {
      const gl = document.createElement('canvas').getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      const renderer = gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : '';
      hardwareWebgl2 = !!gl && !/swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
      gl?.getExtension('WEBGL_lose_context')?.loseContext();
    } catch {
      hardwareWebgl2 = false;
    }
  }
  return hardwareWebgl2;
}

function fit(cy: Core): void {
  if (cy.elements().empty()) return;
  // A zoom still animating (a quick "-" then "0") would otherwise carry on over the fit.
  cy.stop(true, false);
  zoomTargets.delete(cy);
  if (cy.nodes().length >= BIG_GRAPH) {
    // Labels are too small to draw at a big graph's fit: fitting the shapes alone spares measuring
    // every label twice (a second of the first render at 1,000 nodes).
    fitBox(cy, cy.elements().boundingBox({ includeLabels: false, includeOverlays: false }), 24);
    return;
  }
  cy.fit(undefined, 24);
  // Zooming to fit may enlarge the labels (labelScale.ts); fit again so the bigger ones fit too.
  cy.fit(undefined, 24);
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
}

/**
 * Fits a big graph from its node positions alone: asking cytoscape for the bounding box would
 * resolve every element's style and compound bounds before the first frame (0.6 s at 1,000 nodes).
 */
function fitPositions(cy: Core, leaves: cytoscape.NodeCollection): void {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  leaves.forEach((n) => {
    const p = n.position();
    x1 = Math.min(x1, p.x);
    y1 = Math.min(y1, p.y);
    x2 = Math.max(x2, p.x);
    y2 = Math.max(y2, p.y);
  });
  if (!Number.isFinite(x1)) return;
  // Room for the node and its label, and two levels of boxes (padding and title) around it.
  const margin = NODE_SIZE + 110;
  cy.stop(true, false);
  zoomTargets.delete(cy);
  fitBox(cy, { x1: x1 - margin, y1: y1 - margin, w: x2 - x1 + 2 * margin, h: y2 - y1 + 2 * margin }, 24);
}

function fitBox(cy: Core, box: { x1: number; y1: number; w: number; h: number }, padding: number): void {
  const w = Math.max(1, cy.width() - 2 * padding);
  const h = Math.max(1, cy.height() - 2 * padding);
  const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), Math.min(w / box.w, h / box.h, MAX_FIT_ZOOM)));
  cy.viewport({
    zoom,
    pan: {
      x: cy.width() / 2 - (box.x1 + box.w / 2) * zoom,
      y: cy.height() / 2 - (box.y1 + box.h / 2) * zoom,
    },
  });
}

/** Zooms around `at` (screen pixels in the canvas), the centre by default. */
function zoomBy(cy: Core, factor: number, at?: { x: number; y: number }): void {
  const from = (cy.animated() && zoomTargets.get(cy)) || cy.zoom();
  const level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), from * factor));
  zoomTargets.set(cy, level);
  cy.stop(true, false);
  cy.animate(
    { zoom: { level, renderedPosition: at ?? { x: cy.width() / 2, y: cy.height() / 2 } } },
    { duration: 150 },
  );
}
