import type { Graph, NodeData } from '@sextant/contracts';
import { DEFAULT_TOLERANCES } from '../health/tolerance.ts';
import type { AppenderContext } from './appenders.ts';
import {
  accessKey,
  applyDeadNodes,
  applyIdleNodes,
  applyIstioDetails,
  applyServiceEntries,
} from './appenders.ts';
import { addBoxes } from './boxes.ts';
import { ClusterLookup } from './clusterLookup.ts';
import { ElementBuilder } from './elements.ts';
import type { NodeMap } from './finalizers.ts';
import { markOutsiders, markTrafficGenerators, reduceToServiceGraph } from './finalizers.ts';
import { UNKNOWN } from './identity.ts';
import type { MeasureContext, Scope, WeightedSeries } from './measures.ts';
import { applyResponseTimes, applySecurity, applyThroughput } from './measures.ts';
import type { NodeFocus } from './options.ts';
import type { GraphQueryId } from './queries.ts';
import { validateNamespaces } from './queries.ts';
import type { Series } from './series.ts';
import { toSeries } from './series.ts';
import { addInbound, mergeInto, resetInbound, TrafficMap } from './trafficMap.ts';
import type { GraphInput, GraphOptions, PromSample } from './types.ts';

/**
 * The traffic graph from the answers to `graphQueries` and the cluster state: pure, no clock, no
 * I/O. It follows Kiali's graph semantics (see README.md beside this file for the algorithm and
 * the few places where Sextant picks the principled answer Kiali leaves to chance). Partial input is
 * fine: a missing query result only leaves its part of the graph empty, and `input.errors` travel on
 * in the graph's `errors`.
 */
export function buildGraph(input: GraphInput): Graph {
  const { options, cluster: state } = input;
  const requested = validateNamespaces(options.namespaces);
  const telemetry = readTelemetry(input);
  const accessible = new Set(state.namespaces.map((n) => accessKey(state.clusterName, n.name)));
  const lookup = new ClusterLookup(state);
  const ctx: AppenderContext = {
    state,
    lookup,
    graphType: options.graphType,
    injectServiceNodes: options.injectServiceNodes,
    accessible,
  };
  const mapOptions = {
    graphType: options.graphType,
    injectServiceNodes: options.injectServiceNodes,
    rates: options.rates,
  };
  const has = (name: Parameters<GraphOptions['appenders']['has']>[0]) => options.appenders.has(name);

  // Each namespace's rows, found by index: a 100-namespace graph must not scan every row per namespace.
  const scoped = (rows: readonly Series[], ...labels: string[]) => {
    const index = new Map<string, Series[]>();
    for (const s of rows) {
      const seen = new Set<string>();
      for (const l of labels) {
        const ns = raw(s, l);
        if (seen.has(ns)) continue;
        seen.add(ns);
        const list = index.get(ns);
        if (list) list.push(s);
        else index.set(ns, [s]);
      }
    }
    return (ns: Scope): readonly Series[] => (ns === undefined ? rows : (index.get(ns) ?? []));
  };
  const weightedScoped = (rows: readonly WeightedSeries[], label: string) => {
    const index = new Map<string, WeightedSeries[]>();
    for (const w of rows) {
      const ns = raw(w.series, label);
      const list = index.get(ns);
      if (list) list.push(w);
      else index.set(ns, [w]);
    }
    return (ns: Scope): readonly WeightedSeries[] => (ns === undefined ? rows : (index.get(ns) ?? []));
  };
  const rtIn = weightedScoped(telemetry.responseTimeIn, 'destination_service_namespace');
  const rtOut = weightedScoped(telemetry.responseTimeOut, 'source_workload_namespace');
  const security = scoped(telemetry.security, 'source_workload_namespace', 'destination_service_namespace');
  const throughput = scoped(
    telemetry.throughput,
    'source_workload_namespace',
    'destination_service_namespace',
  );

  const decorate = (map: TrafficMap, namespace: string, scope: Scope) => {
    // Kiali's appender order: service entries first, then dead nodes, then edge decorations, idle
    // nodes and Istio details.
    if (has('serviceEntry')) applyServiceEntries(map, namespace, ctx);
    if (has('deadNode')) applyDeadNodes(map, namespace, ctx);
    const measure: MeasureContext = {
      graphType: options.graphType,
      injectServiceNodes: options.injectServiceNodes,
    };
    if (has('responseTime')) applyResponseTimes(map, scope, rtIn(scope), rtOut(scope), measure);
    if (has('securityPolicy')) applySecurity(map, scope, security(scope), measure);
    if (has('throughput')) applyThroughput(map, scope, throughput(scope), measure);
    if (has('idleNode') && !options.node) applyIdleNodes(map, namespace, ctx);
    if (has('istio')) applyIstioDetails(map, namespace, ctx);
  };

  let nodes: NodeMap = new Map();
  if (options.node) {
    // A node graph is one map: the node's inbound traffic (for a service, first what never reached
    // a workload), then its outbound traffic.
    const map = new TrafficMap('node', mapOptions);
    const focus = options.node;
    for (const g of telemetry.groups) {
      const inbound = g.inbound.filter((x) => receivedBy(focus, x));
      if (focus.kind === 'service') {
        map.populate(g.outbound);
        map.populate(inbound);
      } else {
        map.populate(inbound);
        map.populate(g.outbound);
      }
    }
    decorate(map, options.node.namespace, undefined);
    nodes = map.nodes;
  } else {
    const indexed = telemetry.groups.map((g) => ({
      inbound: scoped(g.inbound, 'destination_workload_namespace'),
      outbound: scoped(g.outbound, 'source_workload_namespace'),
      unserviced: g.outbound.filter(
        (s) =>
          raw(s, 'destination_workload_namespace') === UNKNOWN && raw(s, 'destination_workload') === UNKNOWN,
      ),
    }));
    for (const ns of requested) {
      const map = new TrafficMap(ns, mapOptions);
      const serviceHost = new RegExp(`^.+\\.${escapeForRegExp(ns)}\\..+$`);
      for (const g of indexed) {
        // Kiali's three queries of a namespace, in Kiali's order: requests into its services from
        // elsewhere that reached no workload (source-reported), everything its workloads received
        // (destination-reported), everything its workloads sent (source-reported).
        map.populate(
          g.unserviced.filter(
            (s) =>
              raw(s, 'source_workload_namespace') !== ns && serviceHost.test(raw(s, 'destination_service')),
          ),
        );
        map.populate(g.inbound(ns));
        map.populate(g.outbound(ns));
      }
      decorate(map, ns, ns);
      mergeInto(nodes, ns, map);
    }
    // A node outside the requested namespaces can be in several namespaces' maps; Kiali keeps the
    // inbound totals of whichever map it merged first. Sextant sums the edges that reach it.
    const requestedSet = new Set(requested);
    const resum = [...nodes.values()].filter((n) => !requestedSet.has(n.identity.namespace));
    if (resum.length) {
      const ids = new Set(resum.map((n) => n.id));
      for (const n of resum) resetInbound(n);
      for (const n of nodes.values()) {
        for (const e of n.edges.values()) if (ids.has(e.dest.id)) addInbound(nodes.get(e.dest.id)!, e);
      }
    }
  }

  markOutsiders(nodes, new Set(options.node ? [options.node.namespace] : requested), accessible);
  markTrafficGenerators(nodes);
  if (options.graphType === 'service' && !options.node) nodes = reduceToServiceGraph(nodes);

  const builder = new ElementBuilder({
    state,
    lookup,
    appenders: options.appenders,
    tolerances: options.health?.tolerances ?? DEFAULT_TOLERANCES,
    nodes,
  });
  const nodeData = sortNodes([...nodes.values()].map((n) => builder.node(n)));
  const edgeData = [...nodes.values()]
    .flatMap((n) => [...n.edges.values()].filter((e) => nodes.has(e.dest.id)).map((e) => builder.edge(n, e)))
    .sort(
      (a, b) =>
        compare(a.source, b.source) ||
        compare(a.target, b.target) ||
        compare(a.traffic.protocol, b.traffic.protocol),
    );

  const errors = [
    ...(input.errors ?? []),
    ...[...builder.annotationErrors].sort().map((message) => ({ source: 'kubernetes' as const, message })),
  ];
  return {
    timestamp: options.queryTime,
    duration: options.durationSeconds,
    graphType: options.graphType,
    elements: {
      nodes: sortNodes(addBoxes(nodeData, options.boxBy, options.graphType)).map((data) => ({ data })),
      edges: edgeData.map((data) => ({ data })),
    },
    ...(errors.length ? { errors } : {}),
  };
}

const raw = (s: Series, label: string): string => s.raw[label] ?? '';

/** Whether a destination-reported series is traffic into the node graph's node (not its calls). */
function receivedBy(node: NodeFocus, s: Series): boolean {
  switch (node.kind) {
    case 'workload':
      return (
        raw(s, 'destination_workload_namespace') === node.namespace &&
        raw(s, 'destination_workload') === node.workload
      );
    case 'app':
      return (
        raw(s, 'destination_service_namespace') === node.namespace &&
        raw(s, 'destination_canonical_service') === node.app &&
        (node.version === undefined || raw(s, 'destination_canonical_revision') === node.version)
      );
    case 'service':
      return (
        raw(s, 'destination_service_namespace') === node.namespace &&
        raw(s, 'destination_service_name') === node.service
      );
  }
}
const escapeForRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const BOX_RANK: Record<string, number> = { cluster: 0, namespace: 1, app: 2 };
/** Kiali's order: boxes (cluster, namespace, app), then by cluster, namespace, app, version, service, workload. */
function sortNodes(nodes: NodeData[]): NodeData[] {
  const rank = (n: NodeData) => (n.isBox !== undefined ? (BOX_RANK[n.isBox] ?? 3) : 3);
  return nodes.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compare(a.cluster, b.cluster) ||
      compare(a.namespace, b.namespace) ||
      compare(a.app ?? '', b.app ?? '') ||
      compare(a.version ?? '', b.version ?? '') ||
      compare(a.service ?? '', b.service ?? '') ||
      compare(a.workload ?? '', b.workload ?? '') ||
      compare(a.id, b.id),
  );
}

interface MetricGroup {
  inbound: Series[];
  outbound: Series[];
}

interface Telemetry {
  /** In Kiali's order: requests, gRPC messages, TCP bytes. */
  groups: MetricGroup[];
  responseTimeIn: WeightedSeries[];
  responseTimeOut: WeightedSeries[];
  /** Destination-reported series with their connection security policy. */
  security: Series[];
  throughput: Series[];
}

function readTelemetry(input: GraphInput): Telemetry {
  const { results, options } = input;
  const seriesOptions = { istioNamespace: options.istioNamespace ?? 'istio-system' };
  const read = (
    id: GraphQueryId,
    metric: string,
    kind: 'requests' | 'tcp' | 'grpcMessages',
    reporter: 'source' | 'destination',
  ): Series[] =>
    (results[id] ?? [])
      .filter((s: PromSample) => Number.isFinite(s.value) && s.value >= 0)
      .map((s) => toSeries(s, metric, kind, reporter, seriesOptions))
      .filter((s): s is Series => s !== undefined);

  const groups: MetricGroup[] = [];
  const security: Series[] = [];
  const requestsIn = read('requestsIn', 'istio_requests_total', 'requests', 'destination');
  const requestsOut = read('requestsOut', 'istio_requests_total', 'requests', 'source');
  groups.push({ inbound: sumWithinQuery(requestsIn), outbound: sumWithinQuery(requestsOut) });
  security.push(...requestsIn);
  const grpcMetrics = {
    sent: [['istio_request_messages_total', 'grpcSentIn', 'grpcSentOut']],
    received: [['istio_response_messages_total', 'grpcReceivedIn', 'grpcReceivedOut']],
    total: [
      ['istio_request_messages_total', 'grpcSentIn', 'grpcSentOut'],
      ['istio_response_messages_total', 'grpcReceivedIn', 'grpcReceivedOut'],
    ],
    requests: [],
    none: [],
  }[options.rates.grpc] as Array<[string, GraphQueryId, GraphQueryId]>;
  for (const [metric, inId, outId] of grpcMetrics) {
    const inbound = read(inId, metric, 'grpcMessages', 'destination');
    groups.push({
      inbound: sumWithinQuery(inbound),
      outbound: sumWithinQuery(read(outId, metric, 'grpcMessages', 'source')),
    });
    security.push(...inbound);
  }
  const tcpMetrics = {
    sent: [['istio_tcp_received_bytes_total', 'tcpReceivedIn', 'tcpReceivedOut']],
    received: [['istio_tcp_sent_bytes_total', 'tcpSentIn', 'tcpSentOut']],
    total: [
      ['istio_tcp_received_bytes_total', 'tcpReceivedIn', 'tcpReceivedOut'],
      ['istio_tcp_sent_bytes_total', 'tcpSentIn', 'tcpSentOut'],
    ],
    none: [],
  }[options.rates.tcp] as Array<[string, GraphQueryId, GraphQueryId]>;
  for (const [metric, inId, outId] of tcpMetrics) {
    const inbound = read(inId, metric, 'tcp', 'destination');
    groups.push({
      inbound: sumWithinQuery(inbound),
      outbound: sumWithinQuery(read(outId, metric, 'tcp', 'source')),
    });
    security.push(...inbound);
  }

  // A response-time row is weighted by the requests of the same edge labels, same reporter.
  const requestRates = new Map<string, number>();
  const weightKey = (s: Series, reporter: string) => `${reporter}\u0000${s.protocol}\u0000${s.labelsKey}`;
  for (const [list, reporter] of [
    [requestsIn, 'destination'],
    [requestsOut, 'source'],
  ] as const) {
    for (const s of list) {
      const k = weightKey(s, reporter);
      requestRates.set(k, (requestRates.get(k) ?? 0) + s.rate);
    }
  }
  const weighted = (list: Series[], reporter: 'source' | 'destination'): WeightedSeries[] =>
    list.map((series) => ({ series, weight: requestRates.get(weightKey(series, reporter)) ?? 0 }));
  return {
    groups,
    responseTimeIn: weighted(
      read('responseTimeIn', 'responseTime', 'requests', 'destination'),
      'destination',
    ),
    responseTimeOut: weighted(read('responseTimeOut', 'responseTime', 'requests', 'source'), 'source'),
    security,
    throughput: read('throughput', 'throughput', 'requests', 'destination'),
  };
}

/**
 * Rows of one query that are the same telemetry to Kiali (Sextant groups by more labels, e.g. the
 * security policy) are summed. Across queries, the first report of a series wins (see TrafficMap).
 */
function sumWithinQuery(series: readonly Series[]): Series[] {
  const byKey = new Map<string, Series>();
  for (const s of series) {
    // The endpoints derive from the edge labels: those, and what tells requests apart, are the key.
    const key = `${s.labelsKey}\u0001${s.metric}\u0001${s.protocol}\u0001${s.code}\u0001${s.flags}\u0001${s.host}`;
    const seen = byKey.get(key);
    if (seen) byKey.set(key, { ...seen, rate: seen.rate + s.rate });
    else byKey.set(key, s);
  }
  return [...byKey.values()];
}
