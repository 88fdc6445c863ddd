import { z } from 'zod';

/** One container of a pod, as the logs page offers it. */
export const podContainerSchema = z.object({
  name: z.string(),
  /** Istio's sidecar (`istio-proxy`): its log is Envoy's access log. */
  isSidecar: z.boolean(),
  /** An init container (ran to completion before the pod started). */
  isInit: z.boolean(),
});
export type PodContainer = z.infer<typeof podContainerSchema>;

/** A pod of a workload: `GET /api/namespaces/{ns}/workloads/{workload}/pods`. */
export const workloadPodSchema = z.object({
  name: z.string(),
  /** `status.phase`: Pending, Running, Succeeded, Failed, Unknown. */
  phase: z.string(),
  ready: z.boolean(),
  startTime: z.string().optional(),
  containers: z.array(podContainerSchema),
});
export type WorkloadPod = z.infer<typeof workloadPodSchema>;
export const workloadPodsSchema = z.array(workloadPodSchema);

/**
 * Query of `GET /api/namespaces/{ns}/pods/{pod}/logs`. `container` is required when the pod has
 * several (Kubernetes' 400 names them); `tailLines` defaults to 500 so a chatty proxy never sends
 * its whole buffer; `sinceSeconds` and `follow` as in `kubectl logs`.
 */
const wholeNumber = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().min(min).max(max));

export const podLogsQuerySchema = z.strictObject({
  container: z.string().min(1).max(253).optional(),
  tailLines: wholeNumber(0, 10_000)
    .optional()
    .transform((v) => v ?? 500),
  sinceSeconds: wholeNumber(1, 31 * 24 * 3600).optional(),
  follow: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export type PodLogsQuery = z.infer<typeof podLogsQuerySchema>;

/** One log line: the kubelet's timestamp (RFC 3339) and the text the container wrote. */
export const logLineSchema = z.object({
  time: z.string(),
  text: z.string(),
});
export type LogLine = z.infer<typeof logLineSchema>;

/**
 * The snapshot answer (`follow` false). With `follow=true` the body is NDJSON instead
 * (`application/x-ndjson`): one `LogLine` per line as the container writes it, and, if the
 * upstream stream fails after it started, one last `{"error": {...}}` line.
 */
export const podLogsSchema = z.object({
  pod: z.string(),
  container: z.string(),
  lines: z.array(logLineSchema),
});
export type PodLogs = z.infer<typeof podLogsSchema>;
