import { z } from 'zod';
import { healthSchema } from './graph.ts';
import { validationSchema, validationSeveritySchema } from './istioConfig.ts';
import { inboundTrafficSchema, workloadWarningSchema } from './listRow.ts';

const labelsSchema = z.record(z.string(), z.string());

export const servicePortSchema = z.object({
  name: z.string().optional(),
  port: z.number(),
  protocol: z.string().optional(),
});
export type ServicePort = z.infer<typeof servicePortSchema>;

/** One Service of `GET /api/namespaces/{namespace}/services`. */
export const serviceSummarySchema = z.object({
  name: z.string(),
  namespace: z.string(),
  /** Empty for selector-less services (they select no workload). */
  selector: labelsSchema,
  ports: z.array(servicePortSchema),
  /** The Service's own labels. */
  labels: labelsSchema,
  /** `spec.type` (ClusterIP, NodePort, LoadBalancer, ExternalName) when the object carries it. */
  type: z.string().optional(),
  /** `spec.clusterIP` ("None": headless) when assigned. */
  clusterIP: z.string().optional(),
});
export type ServiceSummary = z.infer<typeof serviceSummarySchema>;

/** The routing config badges of a service in the list. */
export const serviceConfigBadgesSchema = z.object({
  /** A VirtualService names the service among its hosts or route destinations. */
  hasVS: z.boolean(),
  /** A DestinationRule's host is the service. */
  hasDR: z.boolean(),
  /** The worst finding of validation on those objects; absent when they have none. */
  worstSeverity: validationSeveritySchema.optional(),
});
export type ServiceConfigBadges = z.infer<typeof serviceConfigBadgesSchema>;

/** One row of `GET /api/namespaces/{namespace}/services`. */
export const serviceListItemSchema = serviceSummarySchema.extend({
  /** How many workloads the selector matches. */
  workloads: z.number(),
  /** The distinct `version` labels of those workloads, sorted. */
  versions: z.array(z.string()),
  /** Absent while the Istio config caches cannot be read (CRDs missing, RBAC, not synced). */
  config: serviceConfigBadgesSchema.optional(),
  /** A Service selecting nothing, or selecting workloads without a sidecar. */
  warnings: z.array(workloadWarningSchema),
  /**
   * With `?health=true`: the requests the Service received (arrived at its pods, or failed before
   * reaching one) judged by the one health rule; NA with the reason when Prometheus failed.
   */
  health: healthSchema.optional(),
  /** With `?health=true`, when Prometheus answered: requests per second and the failed share. */
  traffic: inboundTrafficSchema.optional(),
});
export type ServiceListItem = z.infer<typeof serviceListItemSchema>;

export const serviceListSchema = z.array(serviceListItemSchema);

/** The workload kinds Sextant reads (Deployments; other controllers are not modelled yet). */
export const workloadKindSchema = z.enum(['Deployment']);
export type WorkloadKind = z.infer<typeof workloadKindSchema>;

export const serviceWorkloadSchema = z.object({
  name: z.string(),
  kind: workloadKindSchema,
  /** Pod template labels: what the Service's selector and DestinationRule subsets match. */
  labels: labelsSchema,
  /** Desired replicas. */
  replicas: z.number().optional(),
  /** Replicas whose pods are ready, when the cache knows. */
  readyReplicas: z.number().optional(),
});
export type ServiceWorkload = z.infer<typeof serviceWorkloadSchema>;

/** `GET /api/namespaces/{namespace}/services/{name}/workloads`: the workloads the Service selects. */
export const serviceWorkloadsSchema = z.object({
  service: z.string(),
  namespace: z.string(),
  selector: labelsSchema,
  /** Sorted by name. */
  workloads: z.array(serviceWorkloadSchema),
});
export type ServiceWorkloads = z.infer<typeof serviceWorkloadsSchema>;

/** How a routing object concerns the service (see `serviceConfigIndex` in @sextant/mesh). */
export const serviceConfigRelationSchema = z.enum(['host', 'destination']);
export type ServiceConfigRelation = z.infer<typeof serviceConfigRelationSchema>;

/** A VirtualService or DestinationRule that applies to the service, with what validation found in it. */
export const serviceIstioConfigSchema = z.object({
  kind: z.enum(['VirtualService', 'DestinationRule']),
  name: z.string(),
  namespace: z.string(),
  /** `host`: it configures traffic to the service; `destination`: a route of it sends traffic there. */
  relation: serviceConfigRelationSchema,
  /** The VirtualService's hosts, or the DestinationRule's host. */
  hosts: z.array(z.string()),
  /** The DestinationRule's subset names (empty for a VirtualService). */
  subsets: z.array(z.string()),
  validations: z.array(validationSchema),
});
export type ServiceIstioConfig = z.infer<typeof serviceIstioConfigSchema>;

/** `GET /api/namespaces/{namespace}/services/{name}`: the service, its workloads, the routing that applies. */
export const serviceDetailsSchema = z.object({
  service: serviceSummarySchema,
  /** Sorted by name. */
  workloads: z.array(serviceWorkloadSchema),
  /** The distinct `version` labels of the workloads, sorted: what the routing wizards split between. */
  versions: z.array(z.string()),
  /** Sorted by kind, namespace, name; empty (and `errors` says why) while the Istio caches cannot be read. */
  istioConfig: z.array(serviceIstioConfigSchema),
  /** What could not be read: the Istio config part of the answer is incomplete. */
  errors: z.array(z.object({ source: z.literal('kubernetes'), message: z.string() })).optional(),
});
export type ServiceDetails = z.infer<typeof serviceDetailsSchema>;
