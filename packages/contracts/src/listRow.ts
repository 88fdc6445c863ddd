import { z } from 'zod';

/** What the Workloads, Applications and Services lists share in a row. */

/**
 * Why a workload, app or service may not show up in the mesh as expected (Kiali's list warnings);
 * `noWorkloads`: a Service that selects no workload.
 */
export const workloadWarningCodeSchema = z.enum([
  'missingSidecar',
  'missingApp',
  'missingVersion',
  'noWorkloads',
]);
export type WorkloadWarningCode = z.infer<typeof workloadWarningCodeSchema>;

export const workloadWarningSchema = z.object({
  code: workloadWarningCodeSchema,
  /** In words, e.g. "reviews-v1 has no istio-proxy sidecar: its traffic is not in the mesh". */
  message: z.string(),
});
export type WorkloadWarning = z.infer<typeof workloadWarningSchema>;

/** Inbound requests over the query window; absent from a row when Prometheus could not be asked. */
export const inboundTrafficSchema = z.object({
  /** Requests per second. */
  requestRate: z.number(),
  /** Percent of those requests that failed (HTTP 5xx or no response, gRPC errors); 0 without requests. */
  errorPercent: z.number(),
});
export type InboundTraffic = z.infer<typeof inboundTrafficSchema>;
