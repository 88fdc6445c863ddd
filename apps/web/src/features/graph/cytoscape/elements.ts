import type { ElementDefinition } from 'cytoscape';
import type { GraphView } from '../model/graphView.ts';
import type { LayoutName } from '../urlState.ts';
import type { LayoutRequest } from './runLayout.ts';
import { NAMESPACE_NODE, NODE_SIZE } from './stylesheet.ts';

/** Room at the start of an edge label where the overlay draws the mTLS lock (two braille blanks: cytoscape collapses whitespace). */
export const LOCK_ROOM = '\u2800\u2800';

/** The class of the node(s) a small node graph is about (NodeGraphCanvas outlines them). */
export const SUBJECT_CLASS = 'subject';

/** Elements as the canvases take them, for code outside this folder (which never imports cytoscape). */
export type GraphElement = ElementDefinition;

/** The view model as cytoscape elements: data the stylesheet and overlay read, classes it selects on. */
export function toElements(view: GraphView, options: { security: boolean }): ElementDefinition[] {
  const out: ElementDefinition[] = [];
  for (const b of view.boxes) {
    out.push({
      group: 'nodes',
      data: { id: b.id, parent: b.parent, label: b.label, boxKind: b.boxKind },
      classes: `box box-${b.boxKind}${b.outside ? ' outside' : ''}`,
    });
  }
  for (const n of view.nodes) {
    out.push({
      group: 'nodes',
      data: {
        id: n.id,
        parent: n.parent,
        label: n.label,
        name: n.name,
        shape: n.shape,
        health: n.health,
        badges: n.badges.map((b) => b.short).join(','),
      },
      classes: [
        'leaf',
        `shape-${n.shape}`,
        `health-${n.health}`,
        n.idle ? 'idle' : '',
        n.outside ? 'outside' : '',
      ]
        .filter(Boolean)
        .join(' '),
    });
  }
  for (const e of view.edges) {
    out.push({
      group: 'edges',
      data: {
        id: e.id,
        source: e.source,
        target: e.target,
        label:
          options.security && (e.mtls === 'full' || e.mtls === 'partial') ? LOCK_ROOM + e.label : e.label,
        width: e.width,
        health: e.health,
        rate: e.rate,
        protocol: e.protocol,
        mtls: e.mtls,
        errPct:
          e.protocol === 'http'
            ? (e.data.traffic.rates?.httpPercentErr ?? 0)
            : (e.data.traffic.rates?.grpcPercentErr ?? 0),
      },
      classes: [`health-${e.health}`, `protocol-${e.protocol}`, e.rate === 0 ? 'idle' : '']
        .filter(Boolean)
        .join(' '),
    });
  }
  return out;
}

/** Identity of the drawing's structure: when it is unchanged a refresh only updates data in place. */
export function structureKey(view: GraphView): string {
  const parts: string[] = [];
  for (const b of view.boxes) parts.push(`b|${b.id}|${b.parent ?? ''}`);
  for (const n of view.nodes) parts.push(`n|${n.id}|${n.parent ?? ''}`);
  for (const e of view.edges) parts.push(`e|${e.id}`);
  return parts.sort().join('\n');
}

/** Approximate label box, so the layout leaves room for text it cannot measure in a worker. */
function labelSize(label: string): { width: number; height: number } {
  const lines = label.split('\n');
  const longest = Math.max(...lines.map((l) => l.length));
  return { width: Math.min(160, longest * 6.9), height: lines.length * 14 };
}

export function layoutRequest(view: GraphView, layout: LayoutName, badges: boolean): LayoutRequest {
  return {
    layout,
    nodes: [
      ...view.boxes.map((b) => ({ id: b.id, parent: b.parent, width: 1, height: 1 })),
      ...view.nodes.map((n) => {
        if (n.shape === 'namespace')
          return { id: n.id, width: NAMESPACE_NODE.width + 24, height: NAMESPACE_NODE.height + 24 };
        const label = labelSize(n.label);
        const badgeRoom = badges && n.badges.length ? 16 : 0;
        return {
          id: n.id,
          parent: n.parent,
          width: Math.max(NODE_SIZE, label.width) + 12,
          height: NODE_SIZE + label.height + 10 + badgeRoom,
        };
      }),
    ],
    edges: view.edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
  };
}
