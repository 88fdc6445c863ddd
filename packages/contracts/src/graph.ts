import { z } from 'zod';

/** The traffic graph, in Kiali's graph JSON shape (DESIGN.md "The graph"), numbers as numbers. */

export const graphTypeSchema = z.enum(['app', 'versionedApp', 'workload', 'service']);
export type GraphType = z.infer<typeof graphTypeSchema>;

export const healthStatusSchema = z.enum(['Healthy', 'Degraded', 'Failure', 'Not Ready', 'NA']);
export type HealthStatus = z.infer<typeof healthStatusSchema>;

export const protocolSchema = z.enum(['http', 'grpc', 'tcp']);
export type Protocol = z.infer<typeof protocolSchema>;

/** `namespace`: one namespace as a whole, only in Sextant's scope-first graph (`/api/namespaces/graph/aggregate`). */
export const nodeTypeSchema = z.enum(['app', 'workload', 'service', 'unknown', 'box', 'namespace']);
export type NodeType = z.infer<typeof nodeTypeSchema>;

/** Per-node traffic rates (requests/s, bytes/s for tcp), keyed like Kiali: httpIn, httpIn5xx, httpOut, tcpIn... */
export const nodeTrafficSchema = z.object({
  protocol: protocolSchema,
  rates: z.record(z.string(), z.number()),
});
export type NodeTraffic = z.infer<typeof nodeTrafficSchema>;

export const healthSchema = z.object({
  status: healthStatusSchema,
  /** Human-readable reasons, worst first (e.g. "5xx 12.5% >= 10%", "0 of 1 pods ready"). */
  reasons: z.array(z.string()),
});
export type Health = z.infer<typeof healthSchema>;

export const serviceEntryInfoSchema = z.object({
  hosts: z.array(z.string()),
  location: z.enum(['MESH_EXTERNAL', 'MESH_INTERNAL']),
  /** The namespace whose traffic the entry node stands in (Kiali's SEInfo). */
  namespace: z.string().optional(),
});

export const serviceNameSchema = z.object({ cluster: z.string(), namespace: z.string(), name: z.string() });

const gatewayInfoSchema = z.object({ hostnames: z.array(z.string()).optional() });

export const nodeDataSchema = z.object({
  id: z.string(),
  parent: z.string().optional(),
  nodeType: nodeTypeSchema,
  /** For box nodes: 'app' | 'namespace' | 'cluster'. */
  isBox: z.string().optional(),
  cluster: z.string(),
  namespace: z.string(),
  app: z.string().optional(),
  version: z.string().optional(),
  workload: z.string().optional(),
  service: z.string().optional(),
  /** The services requested of this destination node (Kiali's destServices). */
  destServices: z.array(serviceNameSchema).optional(),
  traffic: z.array(nodeTrafficSchema).optional(),
  /** Sextant's health verdict (Kiali sends raw `healthData` and judges in the browser). */
  health: healthStatusSchema.optional(),
  healthReasons: z.array(z.string()).optional(),
  isRoot: z.boolean().optional(),
  isOutside: z.boolean().optional(),
  isInaccessible: z.boolean().optional(),
  isIdle: z.boolean().optional(),
  isDead: z.boolean().optional(),
  isOutOfMesh: z.boolean().optional(),
  isGateway: z
    .object({ ingressInfo: gatewayInfoSchema.optional(), egressInfo: gatewayInfoSchema.optional() })
    .optional(),
  isServiceEntry: serviceEntryInfoSchema.optional(),
  /** A VirtualService routes to this service node; its hosts. */
  hasVS: z.object({ hostnames: z.array(z.string()).optional() }).optional(),
  hasCB: z.boolean().optional(),
  hasFaultInjection: z.boolean().optional(),
  hasMirroring: z.boolean().optional(),
  hasRequestRouting: z.boolean().optional(),
  hasRequestTimeout: z.boolean().optional(),
  hasTCPTrafficShifting: z.boolean().optional(),
  hasTrafficShifting: z.boolean().optional(),
  /** A namespace node of the scope-first graph: what it holds and how many nodes it would draw expanded. */
  aggregate: z
    .object({ workloads: z.number(), apps: z.number(), services: z.number(), nodes: z.number() })
    .optional(),
});
export type NodeData = z.infer<typeof nodeDataSchema>;

export const responseFlagsSchema = z.record(z.string(), z.number());
export const edgeResponseDetailSchema = z.object({
  /** Share (percent) of the edge's whole traffic per response flag ('-' = no flag), as Kiali reports it. */
  flags: responseFlagsSchema.optional(),
  /** Share (percent) of the edge's whole traffic per destination host. */
  hosts: z.record(z.string(), z.number()).optional(),
});

export const edgeTrafficSchema = z.object({
  protocol: protocolSchema,
  /** Absent for an idle edge (includeIdleEdges). */
  rates: z.record(z.string(), z.number()).optional(),
  /** By response code ('200', '503', '-' for no response; gRPC status for grpc; '-' for tcp). */
  responses: z.record(z.string(), edgeResponseDetailSchema).optional(),
});
export type EdgeTraffic = z.infer<typeof edgeTrafficSchema>;

export const edgeDataSchema = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  traffic: edgeTrafficSchema,
  /** Percent (0-100) of the edge's destination-reported traffic that used mutual TLS; absent when unknown. */
  isMTLS: z.number().optional(),
  /** Response time in ms (p95 unless asked otherwise); absent when not measured. */
  responseTime: z.number().optional(),
  /** Bytes per second. */
  throughput: z.number().optional(),
  sourcePrincipal: z.string().optional(),
  destPrincipal: z.string().optional(),
  health: healthStatusSchema.optional(),
  healthReasons: z.array(z.string()).optional(),
});
export type EdgeData = z.infer<typeof edgeDataSchema>;

export const graphErrorSchema = z.object({
  source: z.enum(['prometheus', 'kubernetes']),
  message: z.string(),
});

export const graphSchema = z.object({
  /** Unix seconds of the query time. */
  timestamp: z.number(),
  /** Window in seconds. */
  duration: z.number(),
  graphType: graphTypeSchema,
  elements: z.object({
    nodes: z.array(z.object({ data: nodeDataSchema })),
    edges: z.array(z.object({ data: edgeDataSchema })),
  }),
  errors: z.array(graphErrorSchema).optional(),
  /** Scope-first graphs only: how the graph was aggregated and what it cost. */
  aggregation: z
    .object({
      level: z.literal('namespace'),
      /** Prometheus queries run: constant in the number of namespaces. */
      queries: z.number(),
      /** Nodes the full graph of the requested namespaces would draw (estimated from the cluster). */
      estimatedNodes: z.number(),
    })
    .optional(),
});
export type Graph = z.infer<typeof graphSchema>;

/**
 * `GET /api/namespaces/graph/replay`: the graph at each frame time of a window, from one range query
 * per graph query. Each frame is the graph a look-back request at its time would answer, with the
 * Istio config of that time when the change history reaches back to it.
 */
export const graphReplaySchema = z.object({
  /** Unix seconds of the first and last frame, and between frames. */
  start: z.number(),
  end: z.number(),
  step: z.number(),
  /** Window of each frame's rates, seconds. */
  duration: z.number(),
  frames: z.array(z.object({ time: z.number(), graph: graphSchema })),
});
export type GraphReplay = z.infer<typeof graphReplaySchema>;
