import type { GraphType, NodeData } from '@sextant/contracts';
import type { NodeFocus } from '../../../api/graph.ts';

export type { NodeFocus };

const KINDS = ['workload', 'app', 'service'] as const;
/** What Kubernetes allows in a namespace, workload, service or label value. */
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const EGRESS_CLUSTERS = new Set(['PassthroughCluster', 'BlackHoleCluster']);

const named = (v: string | undefined): v is string => v !== undefined && v !== '' && v !== 'unknown';

/** The node graph a node of the graph leads to; undefined for nodes no node graph can stand for. */
export function nodeFocusOf(node: NodeData, graphType: GraphType): NodeFocus | undefined {
  const namespace = node.namespace;
  if (!named(namespace) || node.isInaccessible) return undefined;
  switch (node.nodeType) {
    case 'workload':
      return named(node.workload) ? { kind: 'workload', namespace, name: node.workload } : undefined;
    case 'app': {
      if (!named(node.app)) return undefined;
      const version =
        graphType === 'versionedApp' && named(node.version) && node.version !== 'latest'
          ? node.version
          : undefined;
      return { kind: 'app', namespace, name: node.app, ...(version ? { version } : {}) };
    }
    case 'service':
      if (!named(node.service) || node.isServiceEntry || EGRESS_CLUSTERS.has(node.service)) return undefined;
      return { kind: 'service', namespace, name: node.service };
    case 'unknown':
    case 'box':
    case 'namespace':
      return undefined;
  }
}

/** `app:bookinfo:reviews:v2`, `workload:bookinfo:reviews-v2`, `service:bookinfo:reviews`. */
export function encodeNodeFocus(f: NodeFocus): string {
  return [f.kind, f.namespace, f.name, ...(f.kind === 'app' && f.version ? [f.version] : [])].join(':');
}

/** Reads what `encodeNodeFocus` writes; undefined for anything else. */
export function decodeNodeFocus(text: string | undefined): NodeFocus | undefined {
  if (!text) return undefined;
  const [kind, namespace, name, version, ...rest] = text.split(':');
  if (rest.length || !(KINDS as readonly string[]).includes(kind ?? '')) return undefined;
  if (!namespace || !name || !NAME.test(namespace) || !NAME.test(name)) return undefined;
  if (version !== undefined && (kind !== 'app' || !NAME.test(version))) return undefined;
  if (kind === 'app') return { kind, namespace, name, ...(version ? { version } : {}) };
  return { kind: kind as 'workload' | 'service', namespace, name };
}

/** How the page names the node graph's subject: "reviews v2", "reviews-v2", "the reviews service". */
export function nodeFocusTitle(f: NodeFocus): string {
  switch (f.kind) {
    case 'app':
      return f.version ? `${f.name} ${f.version}` : f.name;
    case 'workload':
      return f.name;
    case 'service':
      return `the ${f.name} service`;
  }
}

/** An app node graph needs an app graph type (Kiali refuses others); the others take any. */
export function graphTypeFor(f: NodeFocus | undefined, graphType: GraphType): GraphType {
  if (f?.kind !== 'app' || graphType === 'app' || graphType === 'versionedApp') return graphType;
  return f.version ? 'versionedApp' : 'app';
}
