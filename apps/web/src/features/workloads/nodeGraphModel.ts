import type { Graph, NodeData } from '@sextant/contracts';
import type { ElementDefinition } from 'cytoscape';
import { structureKey, toElements } from '../graph/cytoscape/elements.ts';
import { toGraphView } from '../graph/model/graphView.ts';
import { serviceDetailsHref } from '../services/servicesUrlState.ts';
import { isSubject, type TrafficSubject } from './nodeTraffic.ts';
import { appDetailsHref, workloadDetailsHref } from './workloadsUrlState.ts';

/** What the small node graph of a details page draws: the node graph's elements, the subject marked. */
export interface NodeGraphModel {
  elements: ElementDefinition[];
  /** Unchanged across polls that only change numbers: then the drawing is updated in place. */
  structure: string;
  /** Where clicking a node leads (its details page); absent for the unknown caller. */
  hrefs: ReadonlyMap<string, string>;
  callers: number;
  callees: number;
}

/** A node's details page, when it has one. */
export function nodeHref(n: NodeData): string | undefined {
  switch (n.nodeType) {
    case 'workload':
      return n.workload ? workloadDetailsHref(n.namespace, n.workload) : undefined;
    case 'app':
      return n.app ? appDetailsHref(n.namespace, n.app) : undefined;
    case 'service':
      return n.service && !n.isServiceEntry ? serviceDetailsHref(n.namespace, n.service) : undefined;
    default:
      return undefined;
  }
}

export function nodeGraphModel(graph: Graph, subject: TrafficSubject): NodeGraphModel {
  const view = toGraphView(graph, { edgeLabel: 'rate', namespaces: [subject.namespace] });
  const mine = new Set(view.nodes.filter((n) => isSubject(n.data, subject)).map((n) => n.id));
  const elements = toElements(view, { security: false }).map((e) =>
    mine.has(String(e.data.id)) ? { ...e, classes: `${e.classes ?? ''} subject` } : e,
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
