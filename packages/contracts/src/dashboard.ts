import { z } from 'zod';
import { metricSeriesSchema, metricsDirectionSchema, nodeMetricsKindSchema } from './metrics.ts';

/**
 * An Inbound or Outbound metrics dashboard of one app, workload or service, chart-ready:
 * `GET /api/namespaces/{namespace}/{kind}/{name}/dashboard?direction=&duration=&step=&queryTime=&groupBy=&reporter=&quantiles=`.
 */

/** The `{kind}` path segment, as for the sparklines' `/metrics`. */
export const dashboardKindSchema = nodeMetricsKindSchema;
export type DashboardKind = z.infer<typeof dashboardKindSchema>;

/**
 * What each chart's series are split by. `peer`: the other end (inbound: the calling workload;
 * outbound: the called service); `version`: this end's `canonical_revision`; `responseCode`: HTTP
 * status (TCP panels are not split by it); `reporter`: which proxy reported.
 */
export const dashboardGroupBySchema = z.enum(['none', 'peer', 'version', 'responseCode', 'reporter']);
export type DashboardGroupBy = z.infer<typeof dashboardGroupBySchema>;

/** Whose reports count: the calling proxy's, the called proxy's, or both (split by reporter). */
export const dashboardReporterSchema = z.enum(['source', 'destination', 'both']);
export type DashboardReporter = z.infer<typeof dashboardReporterSchema>;

export const dashboardPanelIdSchema = z.enum([
  'requestVolume',
  'requestDuration',
  'requestSize',
  'responseSize',
  'requestThroughput',
  'tcpSent',
  'tcpReceived',
]);
export type DashboardPanelId = z.infer<typeof dashboardPanelIdSchema>;

/** `rps` requests/s, `ms` milliseconds, `bytes`, `Bps` bytes/s. */
export const dashboardUnitSchema = z.enum(['rps', 'ms', 'bytes', 'Bps']);
export type DashboardUnit = z.infer<typeof dashboardUnitSchema>;

/** `total` for a rate, `avg`, or a quantile written `p50`, `p95`, `p99`, `p99.9`. */
export const dashboardStatSchema = z.string().regex(/^(total|avg|p\d+(\.\d+)?)$/);
export type DashboardStat = z.infer<typeof dashboardStatSchema>;

export const dashboardSeriesSchema = z.object({
  /** The group-by value (`v2`, `productpage-v1`, `503`, `destination`), `all` when not grouped. */
  group: z.string(),
  stat: dashboardStatSchema,
  /** What a legend shows: the group and, for panels with several stats, the stat. */
  label: z.string(),
  points: metricSeriesSchema,
});
export type DashboardSeries = z.infer<typeof dashboardSeriesSchema>;

export const dashboardPanelSchema = z.object({
  id: dashboardPanelIdSchema,
  title: z.string(),
  unit: dashboardUnitSchema,
  /** Empty: nothing was measured in the window (or every query of the panel failed). */
  series: z.array(dashboardSeriesSchema),
  /** Why some or all of the panel's queries failed; the series that did come are still drawn. */
  error: z.string().optional(),
});
export type DashboardPanel = z.infer<typeof dashboardPanelSchema>;

export const dashboardSchema = z.object({
  namespace: z.string(),
  kind: dashboardKindSchema,
  name: z.string(),
  direction: metricsDirectionSchema,
  groupBy: dashboardGroupBySchema,
  reporter: dashboardReporterSchema,
  quantiles: z.array(z.number()),
  /** Unix seconds of the first and last point, the spacing and the `rate()` window, seconds. */
  start: z.number(),
  end: z.number(),
  step: z.number(),
  rateInterval: z.number(),
  panels: z.array(dashboardPanelSchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const DASHBOARD_DEFAULTS = {
  duration: '30m',
  direction: 'inbound',
  groupBy: 'none',
  quantiles: [0.5, 0.95, 0.99],
} as const satisfies {
  duration: string;
  direction: z.infer<typeof metricsDirectionSchema>;
  groupBy: DashboardGroupBy;
  quantiles: readonly number[];
};
