import type { GraphJson } from './fixture.ts';

/**
 * Field-by-field comparison of a graph with Kiali's golden graph. Elements are matched by what
 * they are, not by id: nodes by type, cluster, namespace, app, version, workload, service and box
 * kind; edges by their two nodes and protocol. Every field of an element counts once (a leaf:
 * `traffic[http].rates.httpIn`); a field only one side has is a difference too.
 */

/**
 * Fields left out of the comparison, each with the reason. Nothing else is skipped; `id`,
 * `source`, `target` and `parent` are compared through the matching instead (ids are free).
 */
export const IGNORED_FIELDS: Readonly<Record<string, string>> = {
  healthData:
    "Kiali fills it with raw health inputs for its UI (null in every golden graph); Sextant's contract " +
    'has computed health instead',
};

const ID_FIELDS = new Set(['id', 'source', 'target']);

export interface ElementComparison {
  kind: 'graph' | 'node' | 'edge';
  /** Human-readable identity, e.g. `app east:bookinfo/reviews v1`. */
  label: string;
  status: 'compared' | 'missing' | 'extra';
  compared: number;
  matched: number;
  /** 1 when every field matches; 0 for a missing or extra element. */
  score: number;
  differences: string[];
}

export interface GraphComparison {
  /** Mean of the element scores (the graph's own fields count as one element). */
  score: number;
  elements: ElementComparison[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Data = Record<string, unknown>;

interface Leaf {
  value: Json;
  /** Where the value sits in the expected graph (RFC 6901), to look up its decimals. */
  pointer: string;
}

export function compareGraphs(
  expected: GraphJson,
  actual: unknown,
  decimals: Readonly<Record<string, number>>,
): GraphComparison {
  const got = asGraph(actual);
  const elements: ElementComparison[] = [];

  // The graph's own fields (timestamp, duration, graphType, and anything else it has) as one element.
  const header = (g: Data | undefined) =>
    g === undefined
      ? new Map<string, Leaf>()
      : flatten(Object.fromEntries(Object.entries(g).filter(([k]) => k !== 'elements')), '', undefined);
  elements.push(
    compareLeaves('graph', 'graph', header(expected as unknown as Data), header(got.graph), decimals),
  );

  const expectedNodes = expected.elements.nodes.map((n) => n.data);
  const expectedKeys = nodeKeys(expectedNodes);
  const actualKeys = nodeKeys(got.nodes);
  const nodeLabel = describeNode;

  const matchedActual = new Set<number>();
  const actualByKey = new Map<string, number>();
  got.nodes.forEach((d, i) => {
    const key = nodeKey(d);
    if (!actualByKey.has(key)) actualByKey.set(key, i);
  });
  expectedNodes.forEach((d, i) => {
    const j = actualByKey.get(nodeKey(d));
    const label = nodeLabel(d);
    if (j === undefined) {
      elements.push(missing('node', label, `missing node ${label}`));
      return;
    }
    matchedActual.add(j);
    elements.push(
      compareLeaves(
        'node',
        label,
        flatten(d, `/elements/nodes/${i}/data`, expectedKeys),
        flatten(got.nodes[j]!, '', actualKeys),
        decimals,
      ),
    );
  });
  got.nodes.forEach((d, j) => {
    if (!matchedActual.has(j)) elements.push(extra('node', nodeLabel(d), `extra node ${nodeLabel(d)}`));
  });

  const edgeKey = (d: Data, keys: Map<string, string>) =>
    `${keys.get(String(d.source)) ?? `?${String(d.source)}`}\u0000${keys.get(String(d.target)) ?? `?${String(d.target)}`}\u0000${protocolOf(d)}`;
  const edgeLabel = (d: Data, nodes: Data[]) => {
    const byId = new Map(nodes.map((n) => [String(n.id), n]));
    const end = (id: unknown) => {
      const n = byId.get(String(id));
      return n ? nodeLabel(n) : `?${String(id)}`;
    };
    return `${end(d.source)} -> ${end(d.target)} [${protocolOf(d)}]`;
  };
  const actualEdgeByKey = new Map<string, number>();
  got.edges.forEach((d, i) => {
    const key = edgeKey(d, actualKeys);
    if (!actualEdgeByKey.has(key)) actualEdgeByKey.set(key, i);
  });
  const matchedEdges = new Set<number>();
  expected.elements.edges.forEach(({ data: d }, i) => {
    const label = edgeLabel(d, expectedNodes);
    const j = actualEdgeByKey.get(edgeKey(d, expectedKeys));
    if (j === undefined) {
      elements.push(missing('edge', label, `missing edge ${label}`));
      return;
    }
    matchedEdges.add(j);
    elements.push(
      compareLeaves(
        'edge',
        label,
        flatten(d, `/elements/edges/${i}/data`, expectedKeys),
        flatten(got.edges[j]!, '', actualKeys),
        decimals,
      ),
    );
  });
  got.edges.forEach((d, j) => {
    if (!matchedEdges.has(j)) {
      const label = edgeLabel(d, got.nodes);
      elements.push(extra('edge', label, `extra edge ${label}`));
    }
  });

  const score = elements.reduce((sum, e) => sum + e.score, 0) / elements.length;
  return { score, elements };
}

function asGraph(actual: unknown): { graph: Data | undefined; nodes: Data[]; edges: Data[] } {
  if (typeof actual !== 'object' || actual === null) return { graph: undefined, nodes: [], edges: [] };
  const graph = actual as Data;
  const elements = (graph.elements ?? {}) as { nodes?: unknown; edges?: unknown };
  const data = (list: unknown): Data[] =>
    Array.isArray(list)
      ? list.flatMap((e) =>
          typeof e === 'object' && e !== null && typeof (e as Data).data === 'object'
            ? [(e as { data: Data }).data]
            : [],
        )
      : [];
  return { graph, nodes: data(elements.nodes), edges: data(elements.edges) };
}

const NODE_IDENTITY = ['nodeType', 'cluster', 'namespace', 'app', 'version', 'workload', 'service', 'isBox'];

function nodeKey(d: Data): string {
  return NODE_IDENTITY.map((f) => (d[f] === undefined ? '' : String(d[f]))).join('\u0000');
}

/** id -> identity key, to compare `source`, `target` and `parent` through the matching. */
function nodeKeys(nodes: Data[]): Map<string, string> {
  return new Map(nodes.map((d) => [String(d.id), nodeKey(d)]));
}

function describeNode(d: Data): string {
  const name = [d.workload, d.app, d.service].find((v) => typeof v === 'string' && v !== '') ?? '';
  const version = typeof d.version === 'string' && d.nodeType !== 'workload' ? ` ${d.version}` : '';
  const box = d.isBox ? ` (box ${String(d.isBox)})` : '';
  return `${String(d.nodeType)} ${String(d.cluster)}:${String(d.namespace)}/${String(name)}${version}${box}`;
}

function protocolOf(d: Data): string {
  const traffic = d.traffic as { protocol?: unknown } | undefined;
  return String(traffic?.protocol ?? '?');
}

function missing(kind: 'node' | 'edge', label: string, message: string): ElementComparison {
  return { kind, label, status: 'missing', compared: 0, matched: 0, score: 0, differences: [message] };
}

function extra(kind: 'node' | 'edge', label: string, message: string): ElementComparison {
  return { kind, label, status: 'extra', compared: 0, matched: 0, score: 0, differences: [message] };
}

/**
 * Leaves of an element's data: `traffic[http].rates.httpIn` -> value. Arrays of objects with a
 * `protocol` are keyed by it, other arrays of objects by position after sorting, arrays of
 * scalars are one leaf (sorted). Top-level ids and ignored fields are left out; `parent` becomes
 * the identity of the parent node.
 */
function flatten(data: Data, pointer: string, keys: Map<string, string> | undefined): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  const walk = (value: unknown, p: string, ptr: string) => {
    if (Array.isArray(value)) {
      if (value.length === 0) return;
      if (value.every((v) => typeof v !== 'object' || v === null)) {
        out.set(p, { value: [...(value as Json[])].sort() as Json, pointer: ptr });
        return;
      }
      const items = value.map((v, i) => ({ v, i }));
      const byProtocol = value.every(
        (v) => typeof v === 'object' && v !== null && typeof (v as Data).protocol === 'string',
      );
      if (!byProtocol) items.sort((a, b) => JSON.stringify(a.v).localeCompare(JSON.stringify(b.v)));
      items.forEach(({ v, i }, sorted) => {
        if (!byProtocol) return walk(v, `${p}[${sorted}]`, `${ptr}/${i}`);
        // The protocol is the item's key; its other fields are the leaves.
        const { protocol, ...rest } = v as Data;
        walk(rest, `${p}[${String(protocol)}]`, `${ptr}/${i}`);
      });
      return;
    }
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, `${p}${segment(k)}`, `${ptr}/${escapePointer(k)}`);
      return;
    }
    out.set(p, { value: value as Json, pointer: ptr });
  };
  for (const [k, v] of Object.entries(data)) {
    if (ID_FIELDS.has(k) || Object.hasOwn(IGNORED_FIELDS, k)) continue;
    if (k === 'parent' && keys) {
      out.set('parent', { value: keys.get(String(v)) ?? `?${String(v)}`, pointer: `${pointer}/parent` });
      continue;
    }
    walk(v, k, `${pointer}/${escapePointer(k)}`);
  }
  return out;
}

function segment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function compareLeaves(
  kind: ElementComparison['kind'],
  label: string,
  expected: Map<string, Leaf>,
  actual: Map<string, Leaf>,
  decimals: Readonly<Record<string, number>>,
): ElementComparison {
  const differences: string[] = [];
  let compared = 0;
  let matched = 0;
  for (const [path, leaf] of expected) {
    compared++;
    const got = actual.get(path);
    if (got === undefined) {
      differences.push(`${kind} ${label}: ${path} expected ${show(leaf.value)} got (absent)`);
    } else if (sameValue(leaf, got.value, decimals[leaf.pointer])) {
      matched++;
    } else {
      differences.push(`${kind} ${label}: ${path} expected ${show(leaf.value)} got ${show(got.value)}`);
    }
  }
  for (const [path, leaf] of actual) {
    if (expected.has(path)) continue;
    compared++;
    differences.push(`${kind} ${label}: ${path} expected (absent) got ${show(leaf.value)}`);
  }
  return {
    kind,
    label,
    status: 'compared',
    compared,
    matched,
    score: compared === 0 ? 1 : matched / compared,
    differences,
  };
}

/** Kiali prints rates with 2 decimals and shares with 1: a number matches when it prints the same. */
function sameValue(expected: Leaf, actual: Json, decimals: number | undefined): boolean {
  if (typeof expected.value === 'number' && decimals !== undefined) {
    return typeof actual === 'number' && actual.toFixed(decimals) === expected.value.toFixed(decimals);
  }
  return JSON.stringify(expected.value) === JSON.stringify(actual);
}

function show(value: Json): string {
  if (typeof value === 'string') return value.includes('\u0000') ? describeKey(value) : JSON.stringify(value);
  return JSON.stringify(value);
}

function describeKey(key: string): string {
  const [nodeType, cluster, namespace, app, version, workload, service, isBox] = key.split('\u0000');
  return describeNode({ nodeType, cluster, namespace, app, version, workload, service, isBox });
}
