import { z } from 'zod';

/**
 * Time series for one graph node's sparklines:
 * `GET /api/namespaces/{namespace}/{kind}/{name}/metrics?duration=&step=&direction=&queryTime=`.
 */

/** The `{kind}` path segment: which Istio label `{name}` is matched against. */
export const nodeMetricsKindSchema = z.enum(['apps', 'workloads', 'services']);
export type NodeMetricsKind = z.infer<typeof nodeMetricsKindSchema>;

/** inbound: requests the node received (reporter=destination); outbound: requests it sent (reporter=source). */
export const metricsDirectionSchema = z.enum(['inbound', 'outbound']);
export type MetricsDirection = z.infer<typeof metricsDirectionSchema>;

/** Query defaults when a parameter is absent. */
export const NODE_METRICS_DEFAULTS = {
  duration: '10m',
  direction: 'inbound',
} as const satisfies { duration: string; direction: MetricsDirection };

/** `[unix seconds, value]`; a gap in the data is a missing point, never NaN. */
export const metricPointSchema = z.tuple([z.number(), z.number()]);
export type MetricPoint = z.infer<typeof metricPointSchema>;

export const metricSeriesSchema = z.array(metricPointSchema);
export type MetricSeries = z.infer<typeof metricSeriesSchema>;

export const nodeMetricsSchema = z.object({
  namespace: z.string(),
  kind: nodeMetricsKindSchema,
  name: z.string(),
  direction: metricsDirectionSchema,
  /** Unix seconds of the first and last point asked for, and the spacing in seconds. */
  start: z.number(),
  end: z.number(),
  step: z.number(),
  /** Requests per second (HTTP and gRPC). */
  requestRate: metricSeriesSchema,
  /** Failed requests per second: HTTP 5xx, no response (code 0), gRPC status other than 0. */
  errorRate: metricSeriesSchema,
  /** 95th percentile response time in ms; absent when nothing was measured in the window. */
  responseTimeP95: metricSeriesSchema.optional(),
  /** TCP bytes per second (sent + received); absent when the node has no TCP traffic. */
  tcpThroughput: metricSeriesSchema.optional(),
});
export type NodeMetrics = z.infer<typeof nodeMetricsSchema>;
