import { z } from 'zod';
import { graphErrorSchema, healthSchema } from './graph.ts';
import { istioKindSchema, validationSchema, validationSeveritySchema } from './istioConfig.ts';
import { inboundTrafficSchema, workloadWarningSchema } from './listRow.ts';
import { serviceSummarySchema, workloadKindSchema } from './services.ts';

const labelsSchema = z.record(z.string(), z.string());

/** An Istio object that applies to a workload or app, as a list row names it. */
export const appliedConfigRefSchema = z.object({
  kind: istioKindSchema,
  namespace: z.string(),
  name: z.string(),
  /** `service`: it routes to a Service selecting the workload; `selector`: its workload selector picks the pods (or it has none and covers the namespace). */
  via: z.enum(['service', 'selector']),
  /** Worst validation finding on the object; absent when it has none. */
  worstSeverity: validationSeveritySchema.optional(),
});
export type AppliedConfigRef = z.infer<typeof appliedConfigRefSchema>;

/** The same with every validation finding, for a details page. */
export const appliedConfigSchema = appliedConfigRefSchema.extend({
  validations: z.array(validationSchema),
});
export type AppliedConfig = z.infer<typeof appliedConfigSchema>;

/** One row of `GET /api/namespaces/{namespace}/workloads`. */
export const workloadListItemSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  kind: workloadKindSchema,
  /** Pod template labels. */
  labels: labelsSchema,
  /** The `app` label (Istio's canonical service as the pods carry it), when set. */
  app: z.string().optional(),
  version: z.string().optional(),
  replicas: z.number(),
  readyReplicas: z.number(),
  hasSidecar: z.boolean(),
  /** Pod readiness and inbound error rates, judged by DESIGN.md's rules; reasons in words, worst first. */
  health: healthSchema,
  warnings: z.array(workloadWarningSchema),
  /** Sorted by kind, namespace, name; empty while the Istio caches cannot be read (see `errors`). */
  istioConfig: z.array(appliedConfigRefSchema),
  traffic: inboundTrafficSchema.optional(),
});
export type WorkloadListItem = z.infer<typeof workloadListItemSchema>;

/** What a list could not read: the rows are there, some columns are incomplete. */
const listErrorsSchema = z.array(graphErrorSchema).optional();

/** `GET /api/namespaces/{namespace}/workloads?duration=`. */
export const workloadListSchema = z.object({
  namespace: z.string(),
  /** Seconds of traffic the rates and health are judged over. */
  duration: z.number(),
  /** Sorted by name. */
  workloads: z.array(workloadListItemSchema),
  errors: listErrorsSchema,
});
export type WorkloadList = z.infer<typeof workloadListSchema>;

/** One row of `GET /api/namespaces/{namespace}/apps`: the workloads sharing an `app` label. */
export const appListItemSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  /** Sorted by name. */
  workloads: z.array(z.object({ name: z.string(), version: z.string().optional() })),
  /** The distinct versions of those workloads, sorted. */
  versions: z.array(z.string()),
  /** Labels every workload of the app carries. */
  labels: labelsSchema,
  health: healthSchema,
  warnings: z.array(workloadWarningSchema),
  istioConfig: z.array(appliedConfigRefSchema),
  traffic: inboundTrafficSchema.optional(),
});
export type AppListItem = z.infer<typeof appListItemSchema>;

export const appListSchema = z.object({
  namespace: z.string(),
  duration: z.number(),
  apps: z.array(appListItemSchema),
  errors: listErrorsSchema,
});
export type AppList = z.infer<typeof appListSchema>;

/** A pod of a workload as a details page shows it. */
export const podSummarySchema = z.object({
  name: z.string(),
  /** `status.phase`: Pending, Running, Succeeded, Failed, Unknown. */
  phase: z.string(),
  /** Containers ready / containers. */
  readyContainers: z.number(),
  containers: z.number(),
  /** Container restarts summed. */
  restarts: z.number(),
  /** RFC 3339, when known. */
  created: z.string().optional(),
  /** The istio-proxy sidecar, absent when the pod has none. */
  proxy: z.object({ image: z.string().optional(), version: z.string().optional() }).optional(),
});
export type PodSummary = z.infer<typeof podSummarySchema>;

/** `GET /api/namespaces/{namespace}/workloads/{name}`. */
export const workloadDetailsSchema = z.object({
  workload: workloadListItemSchema,
  pods: z.array(podSummarySchema),
  /** The Services whose selector picks the workload's pods, sorted by name. */
  services: z.array(serviceSummarySchema),
  istioConfig: z.array(appliedConfigSchema),
  duration: z.number(),
  errors: listErrorsSchema,
});
export type WorkloadDetails = z.infer<typeof workloadDetailsSchema>;

/** `GET /api/namespaces/{namespace}/apps/{name}`. */
export const appDetailsSchema = z.object({
  app: appListItemSchema,
  /** The app's workloads with their own health, sorted by name. */
  workloads: z.array(workloadListItemSchema),
  pods: z.array(podSummarySchema.extend({ workload: z.string() })),
  services: z.array(serviceSummarySchema),
  istioConfig: z.array(appliedConfigSchema),
  duration: z.number(),
  errors: listErrorsSchema,
});
export type AppDetails = z.infer<typeof appDetailsSchema>;
