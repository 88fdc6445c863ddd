import cytoscape, { type Core, type EventObject } from 'cytoscape';
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
import type { Palette } from '../palette.ts';
import type { LayoutName } from '../urlState.ts';
import { layoutRequest, structureKey, toElements } from './elements.ts';
import { markCursor, renderedCentre, reveal, stepFrom } from './keyboardCursor.ts';
import { LayoutClient } from './layoutClient.ts';
import { GraphOverlay } from './overlay.ts';
import { labelScale } from './labelScale.ts';
import { CURSOR_CLASS, NODE_LABEL_PX, stylesheet } from './stylesheet.ts';
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
  /** Accessible name of the drawing (the keys are its description). */
  ariaLabel: string;
  /** `?` pressed on the canvas: show or hide the keyboard help. */
  onHelp?: () => void;
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
    const hook = createTestHook(cy, container, overlay);
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
    };
    // Labels keep a readable size on screen as the view zooms out (up to a cap); restyled in steps.
    cy.on('zoom', () => {
      const s = state.current;
      if (!s) return;
      const scale = labelScale(cy.zoom(), NODE_LABEL_PX);
      if (scale === s.labelScale) return;
      s.labelScale = scale;
      s.overlay.labelScale = scale;
      cy.style(stylesheet(latest.current.palette, scale));
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
      applyMarks(s, latest.current);
      return;
    }
    startLayout(s, () => latest.current);
  }, [props.view, props.layout]);

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
    s.cy.style(stylesheet(props.palette, s.labelScale));
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
      applyMarks(s, current);
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

/** Selection, Find and the keyboard cursor (in-place updates replace classes, so this puts them back). */
function applyMarks(s: CanvasState, p: Pick<GraphCanvasProps, 'selected' | 'found' | 'findActive'>): void {
  const cy = s.cy;
  cy.batch(() => {
    cy.elements().removeClass('selected found dimmed');
    if (p.selected) cy.getElementById(p.selected).addClass('selected');
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

function fit(cy: Core): void {
  if (cy.elements().empty()) return;
  // A zoom still animating (a quick "-" then "0") would otherwise carry on over the fit.
  cy.stop(true, false);
  zoomTargets.delete(cy);
  cy.fit(undefined, 24);
  // Zooming to fit may enlarge the labels (labelScale.ts); fit again so the bigger ones fit too.
  cy.fit(undefined, 24);
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
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
