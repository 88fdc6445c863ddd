import type { EdgeData, Graph, NodeData } from '@sextant/contracts';
import { serviceDetailsHref } from '../services/servicesUrlState.ts';
import { appDetailsHref, workloadDetailsHref } from './workloadsUrlState.ts';

/** One caller or callee of a workload or app, as the Traffic tab lists it. */
export interface TrafficPeer {
  /** The edge id: stable across refreshes. */
  id: string;
  /** What the peer is: a workload, app, service or the unknown (unmeshed) caller. */
  kind: NodeData['nodeType'];
  name: string;
  namespace: string;
  /** Its details page; undefined for the unknown caller and ServiceEntry hosts. */
  href: string | undefined;
  protocol: 'http' | 'grpc' | 'tcp';
  /** Requests per second (HTTP/gRPC) or bytes per second (TCP). */
  rate: number;
  /** Percent of requests that failed; undefined for TCP. */
  errorPercent: number | undefined;
  /** p95 in ms when measured. */
  responseTimeMs: number | undefined;
  /** Percent of the traffic that used mutual TLS, when known. */
  mtlsPercent: number | undefined;
  /** Health of the edge, when judged. */
  health: EdgeData['health'];
}

export interface NodeTraffic {
  inbound: TrafficPeer[];
  outbound: TrafficPeer[];
}

export type TrafficSubject = { kind: 'workload' | 'app' | 'service'; namespace: string; name: string };

export function isSubject(n: NodeData, s: TrafficSubject): boolean {
  if (n.namespace !== s.namespace) return false;
  switch (s.kind) {
    case 'workload':
      return n.nodeType === 'workload' && n.workload === s.name;
    case 'app':
      return (n.nodeType === 'app' && n.app === s.name) || (n.nodeType === 'workload' && n.app === s.name);
    case 'service':
      return n.nodeType === 'service' && n.service === s.name;
  }
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

function peerName(n: NodeData): string {
  switch (n.nodeType) {
    case 'workload':
      return n.workload ?? n.id;
    case 'app':
      return n.version ? `${n.app ?? n.id} ${n.version}` : (n.app ?? n.id);
    case 'service':
      return n.service ?? n.id;
    case 'unknown':
      return 'unknown (no sidecar)';
    case 'box':
      return n.id;
    case 'namespace':
      return `namespace ${n.namespace}`;
  }
}

function toPeer(e: EdgeData, peer: NodeData): TrafficPeer {
  const rates = e.traffic.rates ?? {};
  const protocol = e.traffic.protocol;
  const rate = rates[protocol] ?? 0;
  return {
    id: e.id,
    kind: peer.nodeType,
    name: peerName(peer),
    namespace: peer.namespace,
    href: nodeHref(peer),
    protocol,
    rate,
    errorPercent:
      protocol === 'tcp'
        ? undefined
        : ((protocol === 'http' ? rates.httpPercentErr : rates.grpcPercentErr) ?? 0),
    responseTimeMs: e.responseTime,
    mtlsPercent: e.isMTLS,
    health: e.health,
  };
}

/**
 * The subject's callers and callees from its node graph (asked without service nodes, so each edge
 * joins two workloads or apps): every edge into or out of the subject, busiest first. Calls between
 * the subject's own versions count both ways.
 */
export function nodeTraffic(graph: Graph, subject: TrafficSubject): NodeTraffic {
  const nodes = new Map(graph.elements.nodes.map((n) => [n.data.id, n.data]));
  const mine = new Set([...nodes.values()].filter((n) => isSubject(n, subject)).map((n) => n.id));
  const inbound: TrafficPeer[] = [];
  const outbound: TrafficPeer[] = [];
  for (const { data: e } of graph.elements.edges) {
    const source = nodes.get(e.source);
    const target = nodes.get(e.target);
    if (!source || !target) continue;
    if (mine.has(e.target)) inbound.push(toPeer(e, source));
    if (mine.has(e.source)) outbound.push(toPeer(e, target));
  }
  const busiest = (a: TrafficPeer, b: TrafficPeer) => b.rate - a.rate || a.name.localeCompare(b.name);
  return { inbound: inbound.sort(busiest), outbound: outbound.sort(busiest) };
}
