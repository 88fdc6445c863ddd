import { graphSchema, type EdgeData, type Graph, type NodeData } from '@sextant/contracts';

/**
 * A synthetic mesh of `size` workloads for the render benchmark: namespaces of ~25 services,
 * each calling one to three services further down (a layered DAG, like real call graphs), with
 * an ingress gateway calling the front services. Deterministic for a given size.
 */
export function generateGraph(size: number): Graph {
  let seed = size * 7919 + 17;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const perNamespace = 25;
  const nodes: NodeData[] = [];
  const edges: EdgeData[] = [];
  const namespaces = Math.ceil((size - 1) / perNamespace);
  for (let ns = 0; ns < namespaces; ns++) {
    nodes.push({
      id: `box:ns-${ns}`,
      nodeType: 'box',
      isBox: 'namespace',
      cluster: 'Kubernetes',
      namespace: `ns-${ns}`,
    });
  }
  nodes.push({
    id: 'gateway',
    nodeType: 'workload',
    cluster: 'Kubernetes',
    namespace: 'istio-system',
    workload: 'istio-ingressgateway',
    app: 'istio-ingressgateway',
    isGateway: {},
    isRoot: true,
    health: 'Healthy',
  });
  const ids: string[] = [];
  for (let i = 0; i < size - 1; i++) {
    const ns = i % namespaces;
    const id = `workload:ns-${ns}:svc-${i}`;
    ids.push(id);
    const health = random() < 0.04 ? 'Failure' : random() < 0.08 ? 'Degraded' : 'Healthy';
    nodes.push({
      id,
      parent: `box:ns-${ns}`,
      nodeType: 'workload',
      cluster: 'Kubernetes',
      namespace: `ns-${ns}`,
      workload: `svc-${i}-v1`,
      app: `svc-${i}`,
      version: 'v1',
      health,
      healthReasons: health === 'Healthy' ? [] : ['12% of HTTP requests got 5xx (failing at 10% or more)'],
      traffic: [{ protocol: 'http', rates: { httpIn: 10, httpOut: 10 } }],
      ...(random() < 0.1 ? { hasVS: { hostnames: [`svc-${i}`] } } : {}),
      hasCB: random() < 0.1,
    });
  }
  const edge = (source: string, target: string, rate: number) => {
    const errors = random() < 0.1 ? rate * 0.2 : 0;
    edges.push({
      id: `${source}->${target}:http`,
      source,
      target,
      traffic: {
        protocol: 'http',
        rates: { http: rate, http5xx: errors, httpPercentErr: (errors / rate) * 100, httpPercentReq: 50 },
        responses: { '200': { flags: { '-': 100 }, hosts: { [`${target}.svc`]: 100 } } },
      },
      isMTLS: random() < 0.9 ? 100 : 0,
      responseTime: Math.round(5 + random() * 300),
      throughput: Math.round(rate * 1500),
      health: errors ? 'Degraded' : 'Healthy',
    });
  };
  for (let i = 0; i < Math.min(ids.length, 5); i++) edge('gateway', ids[i]!, 20 + random() * 50);
  for (let i = 5; i < ids.length; i++) {
    // Every service is called by one or two services before it: connected, layered, no cycles.
    const callers = random() < 0.5 ? 1 : 2;
    for (let c = 0; c < callers; c++) {
      const caller = ids[Math.floor(random() * i)]!;
      if (!edges.some((e) => e.source === caller && e.target === ids[i]))
        edge(caller, ids[i]!, 0.5 + random() * 20);
    }
  }
  return graphSchema.parse({
    timestamp: 1_800_000_000,
    duration: 60,
    graphType: 'workload',
    elements: { nodes: nodes.map((data) => ({ data })), edges: edges.map((data) => ({ data })) },
  });
}

/**
 * The next poll's answer for `graph`: every rate a little different, `churn` services gone (with
 * their edges) and `churn` new ones called by existing services, as a live mesh changes between
 * two refreshes.
 */
export function refreshedGraph(graph: Graph, round: number, churn = 3): Graph {
  const leaves = graph.elements.nodes.filter((n) => n.data.nodeType !== 'box' && n.data.id !== 'gateway');
  const gone = new Set(leaves.slice(-churn).map((n) => n.data.id));
  const nodes = graph.elements.nodes.filter((n) => !gone.has(n.data.id));
  const edges = graph.elements.edges.filter((e) => !gone.has(e.data.source) && !gone.has(e.data.target));
  for (let i = 0; i < churn; i++) {
    const caller = leaves[(i * 7 + round) % Math.max(1, leaves.length - churn)]!.data;
    const id = `workload:${caller.namespace}:new-${round}-${i}`;
    nodes.push({
      data: { ...caller, id, workload: `new-${round}-${i}-v1`, app: `new-${round}-${i}`, hasVS: undefined },
    });
    edges.push({
      data: {
        ...edges[0]!.data,
        id: `${caller.id}->${id}:http`,
        source: caller.id,
        target: id,
      },
    });
  }
  const scaled = edges.map((e) => {
    const rates = e.data.traffic.rates as Record<string, number> | undefined;
    const factor = 1 + 0.05 * Math.sin(round + e.data.id.length);
    return {
      data: {
        ...e.data,
        traffic: {
          ...e.data.traffic,
          rates: rates && { ...rates, http: (rates.http ?? 0) * factor },
        },
      },
    };
  });
  return graphSchema.parse({
    ...graph,
    timestamp: graph.timestamp + 10 * round,
    elements: { nodes, edges: scaled },
  });
}
