import { z } from 'zod';
import { metricSeriesSchema } from './metrics.ts';
import { mtlsStatusSchema } from './namespaces.ts';

/**
 * `GET /api/overview`: every namespace the user may read, with the health of its apps and
 * workloads, its mTLS status, its Istio config findings and its inbound traffic. Partial failure
 * is data: without Prometheus the health still comes from Kubernetes (pod readiness) and `errors`
 * says why the traffic part is missing.
 */

/** How many apps (or workloads) of a namespace are in each state. */
export const healthCountsSchema = z.object({
  healthy: z.number().int().nonnegative(),
  degraded: z.number().int().nonnegative(),
  failing: z.number().int().nonnegative(),
  /** Scaled to zero and no failing traffic (Kiali's "Not Ready"). */
  notReady: z.number().int().nonnegative(),
  /** Nothing to judge: no pods expected and no requests. */
  noData: z.number().int().nonnegative(),
});
export type HealthCounts = z.infer<typeof healthCountsSchema>;

/** The namespace as a whole: its worst app or workload. */
export const overviewHealthSchema = z.enum(['failing', 'degraded', 'notReady', 'healthy', 'noData']);
export type OverviewHealth = z.infer<typeof overviewHealthSchema>;

export const overviewTrafficSchema = z.object({
  /** Requests per second received by the namespace's workloads, now (last point of the series). */
  requestRate: z.number(),
  /** Percent of those requests that failed (HTTP 5xx, no response, gRPC errors); null without requests. */
  errorPercent: z.number().nullable(),
  /** Requests per second over the last minutes, for a sparkline. */
  requestSeries: metricSeriesSchema,
  errorSeries: metricSeriesSchema,
});
export type OverviewTraffic = z.infer<typeof overviewTrafficSchema>;

export const namespaceOverviewSchema = z.object({
  name: z.string(),
  istioInjection: z.boolean(),
  /** null while the mTLS policies cannot be read. */
  mtls: mtlsStatusSchema.nullable(),
  health: overviewHealthSchema,
  apps: healthCountsSchema,
  workloads: healthCountsSchema,
  /** The worst reasons in words, worst first (e.g. "reviews-v1: 0 of 1 pods ready"), at most a few. */
  reasons: z.array(z.string()),
  /** Istio config objects of the namespace and their findings; null while the config cannot be read. */
  config: z
    .object({
      objects: z.number().int().nonnegative(),
      errors: z.number().int().nonnegative(),
      warnings: z.number().int().nonnegative(),
    })
    .nullable(),
  /** null when Prometheus could not be asked (see `errors`). */
  traffic: overviewTrafficSchema.nullable(),
});
export type NamespaceOverview = z.infer<typeof namespaceOverviewSchema>;

export const overviewSchema = z.object({
  /** Unix seconds the overview is computed for. */
  timestamp: z.number(),
  /** Seconds covered by the sparklines. */
  duration: z.number(),
  namespaces: z.array(namespaceOverviewSchema),
  errors: z.array(z.object({ source: z.enum(['kubernetes', 'prometheus']), message: z.string() })).optional(),
});
export type Overview = z.infer<typeof overviewSchema>;
