import type { Graph } from '@sextant/contracts';
import { structureKey, SUBJECT_CLASS, toElements, type GraphElement } from '../graph/cytoscape/elements.ts';
import { toGraphView } from '../graph/model/graphView.ts';
import { isSubject, nodeHref, type TrafficSubject } from './nodeTraffic.ts';

/** What the small node graph of a details page draws: the node graph's elements, the subject marked. */
export interface NodeGraphModel {
  elements: GraphElement[];
  /** Unchanged across polls that only change numbers: then the drawing is updated in place. */
  structure: string;
  /** Where clicking a node leads (its details page); absent for the subject and the unknown caller. */
  hrefs: ReadonlyMap<string, string>;
  callers: number;
  callees: number;
}

export function nodeGraphModel(graph: Graph, subject: TrafficSubject): NodeGraphModel {
  // Rate labels carry the error share too ("2.1 rps" / "4.5% err"), as on the graph page.
  const view = toGraphView(graph, { edgeLabel: 'rate', namespaces: [subject.namespace] });
  const mine = new Set(view.nodes.filter((n) => isSubject(n.data, subject)).map((n) => n.id));
  const elements = toElements(view, { security: false }).map((e) =>
    mine.has(String(e.data.id)) ? { ...e, classes: `${e.classes ?? ''} ${SUBJECT_CLASS}` } : e,
  );
  const hrefs = new Map<string, string>();
  for (const n of view.nodes) {
    const href = mine.has(n.id) ? undefined : nodeHref(n.data);
    if (href) hrefs.set(n.id, href);
  }
  const callers = new Set<string>();
  const callees = new Set<string>();
  for (const e of view.edges) {
    if (mine.has(e.target) && !mine.has(e.source)) callers.add(e.source);
    if (mine.has(e.source) && !mine.has(e.target)) callees.add(e.target);
  }
  return {
    elements,
    structure: `${structureKey(view)}\n${[...mine].sort().join(',')}`,
    hrefs,
    callers: callers.size,
    callees: callees.size,
  };
}

/** What the drawing says to a screen reader. */
export function nodeGraphLabel(name: string, model: Pick<NodeGraphModel, 'callers' | 'callees'>): string {
  const { callers, callees } = model;
  return `Node graph of ${name}: ${callers} ${callers === 1 ? 'caller' : 'callers'}, ${callees} ${callees === 1 ? 'callee' : 'callees'}`;
}
