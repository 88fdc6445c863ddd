import type { StylesheetJson } from 'cytoscape';
import type { Palette } from '../palette.ts';

/** The class of the element under the keyboard cursor (keyboardCursor.ts moves it). */
export const CURSOR_CLASS = 'kbd-cursor';
/** Node size at zoom 1; the layout reserves room for labels around it. */
export const NODE_SIZE = 36;
/** Node label size at zoom 1, before the label scale. */
export const NODE_LABEL_PX = 13;
/** Edge label size at zoom 1; the overlay measures labels with it to place mTLS locks. */
export const EDGE_FONT_SIZE = 11;
export const LABEL_FONT =
  'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
/** Below this on-screen font size a label is not drawn: big graphs stay legible when zoomed out. */
export const MIN_LABEL_PX = 7;

const SHAPES = {
  app: 'round-rectangle',
  workload: 'ellipse',
  service: 'round-triangle',
  serviceentry: 'round-diamond',
  unknown: 'round-hexagon',
  gateway: 'round-tag',
  namespace: 'round-rectangle',
} as const;

/** A namespace node of the scope-first graph, at zoom 1 (its name and size are written inside). */
export const NAMESPACE_NODE = { width: NODE_SIZE * 3.4, height: NODE_SIZE * 1.6 } as const;

/**
 * `labelScale` enlarges every label in model units (see labelScale.ts): zoomed out to fit, labels
 * stay readable on screen instead of shrinking with the drawing.
 */
/**
 * `far`: the zoom of a big graph drawn from far out (GraphCanvas isFar), else undefined. Then edges
 * are straight, faint, without arrows or labels (thousands of them would hide the nodes and cost
 * most of a frame), and namespace names are sized to stay readable at that zoom.
 */
/**
 * The same look for an SVG export (`vector`): the shapes' polygon forms and no label halo, which
 * the canvas-to-SVG recorder draws (round polygons come out empty, halos in the wrong colour).
 */
const VECTOR_SHAPES: Record<string, string> = {
  'round-triangle': 'triangle',
  'round-diamond': 'diamond',
  'round-hexagon': 'hexagon',
  'round-tag': 'tag',
};

export function stylesheet(p: Palette, labelScale = 1, far?: number, vector = false): StylesheetJson {
  const k = labelScale;
  const font = LABEL_FONT;
  return [
    ...nearStyles(p, k, font),
    ...(vector
      ? [
          { selector: 'node', style: { 'text-outline-width': 0 } },
          ...Object.entries(SHAPES)
            .filter(([, shape]) => VECTOR_SHAPES[shape])
            .map(([kind, shape]) => ({
              selector: `node.shape-${kind}`,
              style: { shape: VECTOR_SHAPES[shape]! },
            })),
        ]
      : []),
    ...(far
      ? [
          {
            selector: 'edge',
            style: {
              'curve-style': 'haystack',
              'haystack-radius': 0,
              'target-arrow-shape': 'none',
              label: '',
              opacity: 0.35,
            },
          },
          {
            selector: 'node.box-namespace',
            style: { 'font-size': 13 / far, 'min-zoomed-font-size': 0, 'text-margin-y': -4 / far },
          },
        ]
      : []),
  ] as StylesheetJson;
}

function nearStyles(p: Palette, k: number, font: string): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        width: NODE_SIZE,
        height: NODE_SIZE,
        'background-color': p.nodeFill,
        'border-width': 2,
        'border-color': p.health.na,
        label: 'data(label)',
        color: p.text,
        'font-family': font,
        'font-size': NODE_LABEL_PX * k,
        'font-weight': 500,
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 5,
        'text-wrap': 'wrap',
        'text-max-width': `${140 * k}px`,
        'text-outline-color': p.textHalo,
        'text-outline-width': 2,
        'text-outline-opacity': 0.9,
        'min-zoomed-font-size': MIN_LABEL_PX,
        'overlay-opacity': 0,
        'underlay-opacity': 0,
      },
    },
    ...Object.entries(SHAPES).map(([kind, shape]) => ({
      selector: `node.shape-${kind}`,
      style: { shape },
    })),
    { selector: 'node.shape-service', style: { height: NODE_SIZE * 0.9 } },
    {
      // A whole namespace of the scope-first graph: bigger, its name and size inside.
      selector: 'node.shape-namespace',
      style: {
        width: NAMESPACE_NODE.width,
        height: NAMESPACE_NODE.height,
        'corner-radius': '12',
        'text-valign': 'center',
        'text-margin-y': 0,
        'font-weight': 600,
        'text-max-width': `${NAMESPACE_NODE.width - 8}px`,
      },
    },
    { selector: 'node.shape-app', style: { width: NODE_SIZE * 0.92, height: NODE_SIZE * 0.92 } },
    {
      selector: 'node.shape-unknown',
      style: { 'border-style': 'dashed', 'background-color': p.nodeFillMuted },
    },
    { selector: 'node.health-healthy', style: { 'border-color': p.health.healthy } },
    { selector: 'node.health-degraded', style: { 'border-color': p.health.degraded, 'border-width': 3 } },
    {
      selector: 'node.health-failure',
      style: { 'border-color': p.health.failure, 'border-width': 4, 'border-style': 'double' },
    },
    {
      selector: 'node.idle',
      style: { 'border-style': 'dashed', 'background-color': p.nodeFillMuted, color: p.textMuted },
    },
    { selector: 'node.outside', style: { color: p.textMuted } },
    {
      selector: 'node.box',
      style: {
        shape: 'round-rectangle',
        'background-color': p.box.appFill,
        'background-opacity': p.box.appOpacity,
        'border-width': 1,
        'border-color': p.box.appBorder,
        'corner-radius': '10',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'font-size': 12 * k,
        'font-weight': 600,
        color: p.box.label,
        padding: '14px',
      },
    },
    {
      selector: 'node.box-namespace',
      style: {
        'background-color': p.box.namespaceFill,
        'background-opacity': p.box.namespaceOpacity,
        'border-color': p.box.namespaceBorder,
        'border-style': 'dashed',
        'border-width': 1.5,
        'font-size': 13 * k,
        'font-weight': 700,
        'text-transform': 'uppercase',
        'corner-radius': '14',
        padding: '22px',
      },
    },
    {
      selector: 'edge',
      style: {
        width: 'data(width)',
        'curve-style': 'bezier',
        'line-color': p.edge.na,
        'target-arrow-color': p.edge.na,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        label: 'data(label)',
        'font-family': font,
        'font-size': EDGE_FONT_SIZE * k,
        color: p.textMuted,
        'text-wrap': 'wrap',
        'text-background-color': p.background,
        'text-background-opacity': 0.85,
        'text-background-padding': '2px',
        'text-background-shape': 'roundrectangle',
        'min-zoomed-font-size': MIN_LABEL_PX + 1,
        'overlay-opacity': 0,
        'underlay-opacity': 0,
      },
    },
    {
      selector: 'edge.health-healthy',
      style: { 'line-color': p.edge.healthy, 'target-arrow-color': p.edge.healthy },
    },
    {
      selector: 'edge.health-degraded',
      style: {
        'line-color': p.edge.degraded,
        'target-arrow-color': p.edge.degraded,
        color: p.health.degraded,
      },
    },
    {
      selector: 'edge.health-failure',
      style: { 'line-color': p.edge.failure, 'target-arrow-color': p.edge.failure, color: p.health.failure },
    },
    {
      selector: 'edge.protocol-tcp',
      style: { 'line-color': p.edge.tcp, 'target-arrow-color': p.edge.tcp, 'line-style': 'solid' },
    },
    {
      selector: 'edge.idle',
      style: { 'line-color': p.edge.idle, 'target-arrow-color': p.edge.idle, 'line-style': 'dashed' },
    },
    // Find: what matched glows, the rest steps back.
    { selector: '.dimmed', style: { opacity: 0.22 } },
    {
      selector: 'node.found',
      style: {
        'underlay-color': p.find,
        'underlay-opacity': 0.55,
        'underlay-padding': 7,
        'underlay-shape': 'ellipse',
      },
    },
    {
      selector: 'edge.found',
      style: { 'underlay-color': p.find, 'underlay-opacity': 0.55, 'underlay-padding': 5 },
    },
    {
      selector: 'node.selected',
      style: {
        'underlay-color': p.accent,
        'underlay-opacity': 0.3,
        'underlay-padding': 9,
        'underlay-shape': 'ellipse',
        'border-width': 3,
      },
    },
    { selector: 'node.box.selected', style: { 'underlay-opacity': 0 } },
    { selector: 'node.shape-namespace', style: { 'underlay-shape': 'round-rectangle' } },
    {
      // Traffic inside a namespace node: a loop out of its top-right corner, big enough for its label.
      selector: 'edge:loop',
      style: { 'loop-direction': '45deg', 'loop-sweep': '-70deg', 'control-point-step-size': NODE_SIZE * 2 },
    },
    {
      selector: 'edge.selected',
      style: { 'underlay-color': p.accent, 'underlay-opacity': 0.3, 'underlay-padding': 6, color: p.text },
    },
    { selector: 'node:active, edge:active', style: { 'overlay-opacity': 0.08, 'overlay-color': p.accent } },
    // Keyboard cursor: a dashed ring around the node (or a cased band along the edge) and a bold label,
    // so it reads by shape as well as by colour, and is never dimmed by Find.
    {
      selector: `node.${CURSOR_CLASS}`,
      style: {
        'outline-width': 3,
        'outline-style': 'dashed',
        'outline-color': p.cursor,
        'outline-offset': 7,
        'outline-opacity': 1,
        'font-weight': 700,
        opacity: 1,
        'z-index': 10,
      },
    },
    {
      selector: `edge.${CURSOR_CLASS}`,
      style: {
        'line-outline-width': 2,
        'line-outline-color': p.cursor,
        'underlay-color': p.cursor,
        'underlay-opacity': 0.45,
        'underlay-padding': 8,
        'font-weight': 700,
        color: p.text,
        opacity: 1,
        'z-index': 10,
      },
    },
  ];
}
