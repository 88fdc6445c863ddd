import cytoscape, { type Core, type EventObject } from 'cytoscape';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import type { GraphView } from '../model/graphView.ts';
import type { Palette } from '../palette.ts';
import type { LayoutName } from '../urlState.ts';
import { layoutRequest, structureKey, toElements } from './elements.ts';
import { LayoutClient } from './layoutClient.ts';
import { GraphOverlay } from './overlay.ts';
import { stylesheet } from './stylesheet.ts';
import { createTestHook, type GraphTestHook } from './testHook.ts';

export interface GraphCanvasController {
  fit(): void;
  zoomIn(): void;
  zoomOut(): void;
  relayout(): void;
}

export interface GraphCanvasProps {
  view: GraphView;
  layout: LayoutName;
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
  /** Accessible description of the drawing. */
  ariaLabel: string;
  controllerRef?: Ref<GraphCanvasController>;
}

/** Graphs at least this big trade some polish for frame rate while panning. */
const BIG_GRAPH = 400;
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

  // Create once.
  useEffect(() => {
    const container = containerRef.current;
    const canvas = overlayRef.current;
    if (!container || !canvas) return;
    const big = latest.current.view.nodes.length >= BIG_GRAPH;
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
    });
    const overlay = new GraphOverlay(cy, canvas, overlayOptions(latest.current));
    const hook = createTestHook(cy, container);
    window.__sextant = { ...window.__sextant, graph: hook };
    state.current = {
      cy,
      overlay,
      layouts: new LayoutClient(),
      hook,
      structure: '',
      layoutName: undefined,
      generation: 0,
    };

    cy.on('tap', (event: EventObject) => {
      const target = event.target as Core | cytoscape.SingularElementArgument;
      if (target === cy || (target as cytoscape.SingularElementArgument).hasClass?.('box')) {
        latest.current.onSelect(undefined);
      } else {
        latest.current.onSelect((target as cytoscape.SingularElementArgument).id());
      }
    });
    cy.on('mouseover', 'node.leaf, edge', () => (container.style.cursor = 'pointer'));
    cy.on('mouseout', 'node.leaf, edge', () => (container.style.cursor = ''));

    return () => {
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
    const { view, layout } = props;
    const structure = structureKey(view);
    if (structure === s.structure && layout === s.layoutName) {
      updateInPlace(s.cy, view, props.showSecurity);
      applyMarks(s.cy, latest.current);
      return;
    }
    startLayout(s, () => latest.current);
  }, [props.view, props.layout]);

  // Selection and find.
  useEffect(() => {
    if (state.current) applyMarks(state.current.cy, props);
  }, [props.selected, props.found, props.findActive]);

  // Looks.
  useEffect(() => {
    const s = state.current;
    if (!s) return;
    s.cy.style(stylesheet(props.palette));
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
    relayout: () => {
      if (state.current) startLayout(state.current, () => latest.current);
    },
  }));

  return (
    <div className="graph-canvas">
      <div ref={containerRef} className="graph-canvas__cy" role="img" aria-label={props.ariaLabel} />
      <canvas ref={overlayRef} className="graph-canvas__overlay" aria-hidden="true" />
    </div>
  );
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
      const started = performance.now();
      // The newest view: data may have refreshed while the layout ran (same structure or not).
      const current = props();
      s.cy.batch(() => {
        replaceElements(s.cy, current.view, current.showSecurity);
        s.cy.nodes('.leaf').forEach((n) => {
          const p = result.positions[n.id()];
          if (p) n.position(p);
        });
      });
      fit(s.cy);
      applyMarks(s.cy, current);
      s.structure = structureKey(view);
      s.layoutName = layout;
      s.hook.layoutMs = result.ms;
      s.hook.layoutFallback = result.fallback;
      s.cy.one('render', () => {
        s.hook.applyMs = performance.now() - started;
        s.hook.drawnAt = performance.now();
        s.hook.layingOut = false;
        s.hook.version++;
      });
    })
    .catch(() => {
      if (generation === s.generation) s.hook.layingOut = false;
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

function applyMarks(cy: Core, p: Pick<GraphCanvasProps, 'selected' | 'found' | 'findActive'>): void {
  cy.batch(() => {
    cy.elements().removeClass('selected found dimmed');
    if (p.selected) cy.getElementById(p.selected).addClass('selected');
    if (p.findActive) {
      cy.elements().forEach((el) => {
        if (el.hasClass('box')) return;
        if (p.found.has(el.id())) el.addClass('found');
        else el.addClass('dimmed');
      });
    }
  });
}

function fit(cy: Core): void {
  if (cy.elements().empty()) return;
  cy.fit(undefined, 24);
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
}

function zoomBy(cy: Core, factor: number): void {
  const level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
  cy.animate(
    { zoom: { level, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } } },
    { duration: 150 },
  );
}
