import { z } from 'zod';

/**
 * Istio config payloads: `GET /api/namespaces/{ns}/istio` (the list) and
 * `GET/PUT/POST /api/namespaces/{ns}/istio/{resource}[/{name}]` (one object), DESIGN.md "HTTP API".
 *
 * Objects travel whole: every schema that carries a Kubernetes object keeps unknown fields
 * (`z.looseObject`, `z.record`), because an editor that drops a field it does not know about
 * would silently delete it from the cluster on the next save.
 */

export const istioKindSchema = z.enum([
  'VirtualService',
  'DestinationRule',
  'Gateway',
  'ServiceEntry',
  'Sidecar',
  'PeerAuthentication',
  'AuthorizationPolicy',
  'RequestAuthentication',
]);
export type IstioKind = z.infer<typeof istioKindSchema>;

/** The `{resource}` path segment: Kubernetes' plural resource name. */
export const istioResourceSchema = z.enum([
  'virtualservices',
  'destinationrules',
  'gateways',
  'serviceentries',
  'sidecars',
  'peerauthentications',
  'authorizationpolicies',
  'requestauthentications',
]);
export type IstioResource = z.infer<typeof istioResourceSchema>;

export interface IstioResourceInfo {
  kind: IstioKind;
  group: 'networking.istio.io' | 'security.istio.io';
  /** The version the server reads and writes (v1 for every kind since Istio 1.22). */
  version: 'v1';
}

export const ISTIO_RESOURCES: Readonly<Record<IstioResource, IstioResourceInfo>> = {
  virtualservices: { kind: 'VirtualService', group: 'networking.istio.io', version: 'v1' },
  destinationrules: { kind: 'DestinationRule', group: 'networking.istio.io', version: 'v1' },
  gateways: { kind: 'Gateway', group: 'networking.istio.io', version: 'v1' },
  serviceentries: { kind: 'ServiceEntry', group: 'networking.istio.io', version: 'v1' },
  sidecars: { kind: 'Sidecar', group: 'networking.istio.io', version: 'v1' },
  peerauthentications: { kind: 'PeerAuthentication', group: 'security.istio.io', version: 'v1' },
  authorizationpolicies: { kind: 'AuthorizationPolicy', group: 'security.istio.io', version: 'v1' },
  requestauthentications: { kind: 'RequestAuthentication', group: 'security.istio.io', version: 'v1' },
};

/** The plural resource of a kind (`VirtualService` -> `virtualservices`). */
export function istioResourceOf(kind: IstioKind): IstioResource {
  const found = istioResourceSchema.options.find((r) => ISTIO_RESOURCES[r].kind === kind);
  if (!found) throw new Error(`no resource for kind ${kind}`);
  return found;
}

export const validationSeveritySchema = z.enum(['error', 'warning', 'info']);
export type ValidationSeverity = z.infer<typeof validationSeveritySchema>;

export const objectRefSchema = z.object({
  kind: istioKindSchema,
  namespace: z.string(),
  name: z.string(),
});
export type ObjectRef = z.infer<typeof objectRefSchema>;

/**
 * One finding about one Istio object. `code` is stable (see packages/mesh/src/validation/README.md)
 * and kept an open string so an older web app still shows a newer server's findings.
 */
export const validationSchema = z.object({
  code: z.string(),
  severity: validationSeveritySchema,
  message: z.string(),
  objectRef: objectRefSchema,
  /** The offending field, dotted and indexed like `spec.http[0].route[1].destination.subset`. */
  path: z.string(),
});
export type Validation = z.infer<typeof validationSchema>;

/** A Kubernetes object of one of the Istio kinds, with every field it carries. */
export const istioObjectSchema = z.looseObject({
  apiVersion: z.string(),
  kind: istioKindSchema,
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string().optional(),
    resourceVersion: z.string().optional(),
    creationTimestamp: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.record(z.string(), z.unknown()).optional(),
});
export type IstioObjectJson = z.infer<typeof istioObjectSchema>;

export const istioConfigItemSchema = z.object({
  kind: istioKindSchema,
  name: z.string(),
  namespace: z.string(),
  resourceVersion: z.string(),
  creationTimestamp: z.string(),
  validations: z.array(validationSchema),
  object: istioObjectSchema,
});
export type IstioConfigItem = z.infer<typeof istioConfigItemSchema>;

/** `GET /api/namespaces/{ns}/istio`. */
export const istioConfigListSchema = z.object({
  namespace: z.string(),
  items: z.array(istioConfigItemSchema),
});
export type IstioConfigList = z.infer<typeof istioConfigListSchema>;

/** `GET`, `PUT` and `POST` of one object: the object as stored, and what validation found. */
export const istioObjectEnvelopeSchema = z.object({
  object: istioObjectSchema,
  validations: z.array(validationSchema),
  /**
   * Findings the change adds to *other* objects (a DestinationRule edit dropping a subset a
   * VirtualService routes to). They inform and never block. Absent from older servers and on GET.
   */
  affected: z.array(validationSchema).optional(),
});
export type IstioObjectEnvelope = z.infer<typeof istioObjectEnvelopeSchema>;

/** One line of a diff between the live object and the edited one (both serialized the same way). */
export const diffLineSchema = z.object({
  op: z.enum(['context', 'add', 'remove']),
  text: z.string(),
  /** 1-based line number in the live serialization (context and remove lines). */
  oldLine: z.number().int().positive().optional(),
  /** 1-based line number in the edited serialization (context and add lines). */
  newLine: z.number().int().positive().optional(),
});
export type DiffLine = z.infer<typeof diffLineSchema>;

/** `PUT`/`POST` with `?dryRun=true`: what would be stored, its findings, and the change against the live object. */
export const istioDryRunSchema = z.object({
  object: istioObjectSchema,
  validations: z.array(validationSchema),
  /** Absent on create (nothing live to compare with). */
  diff: z.array(diffLineSchema).optional(),
  /** As in the envelope: findings the change would add to other objects. */
  affected: z.array(validationSchema).optional(),
});
export type IstioDryRun = z.infer<typeof istioDryRunSchema>;

/** The most objects one `POST /api/namespaces/{ns}/istio` may create together. */
export const ISTIO_SET_LIMIT = 20;

/**
 * `POST /api/namespaces/{ns}/istio[?dryRun=true][&force=true]`: create several objects of any kinds
 * together (a wizard's DestinationRule + VirtualService). Each is validated with the others laid
 * over the cluster, so a VirtualService may route to subsets of a DestinationRule in the same set.
 * All or nothing: they are created in the order sent, and if one is refused, those created before
 * it are deleted again before the error is answered.
 */
export const istioSetRequestSchema = z.object({
  objects: z.array(z.unknown()).min(1).max(ISTIO_SET_LIMIT),
});
export type IstioSetRequest = { objects: IstioObjectJson[] };

/** The answer of a set create (201) or its dry run (200): one entry per object sent, same order. */
export const istioSetResultSchema = z.object({
  items: z.array(
    z.object({
      object: istioObjectSchema,
      validations: z.array(validationSchema),
    }),
  ),
  affected: z.array(validationSchema),
});
export type IstioSetResult = z.infer<typeof istioSetResultSchema>;

/**
 * `error.details` of an error answering a set create after some objects were already created:
 * which object failed, and what was deleted again (or could not be: then it is still there).
 */
export const istioSetFailureDetailsSchema = z.looseObject({
  failedIndex: z.number().int().nonnegative(),
  rolledBack: z.array(objectRefSchema),
  notRolledBack: z.array(objectRefSchema),
});
export type IstioSetFailureDetails = z.infer<typeof istioSetFailureDetailsSchema>;

/**
 * `DELETE /api/namespaces/{ns}/istio/{resource}/{name}`: the object Kubernetes deleted, and the
 * findings the deletion leaves on other objects (e.g. a VirtualService routing to a subset only
 * the deleted DestinationRule defined). With `?dryRun=true` the answer is an `IstioDryRun` whose
 * diff removes every line.
 */
export const istioDeleteResultSchema = istioObjectEnvelopeSchema;
export type IstioDeleteResult = IstioObjectEnvelope;

/**
 * `error.details` of a 409 CONFLICT from a PUT or DELETE with a stale `metadata.resourceVersion`
 * (`reason: Conflict`): `current` is the object as stored now, read from the API server after the
 * conflict, so an editor can show what changed and re-apply its edit onto `current`. A 409 from a
 * POST of a name already taken has `reason: AlreadyExists` and no `current`.
 */
export const istioConflictDetailsSchema = z.object({
  upstream: z.literal('kubernetes'),
  reason: z.string(),
  current: istioObjectSchema.optional(),
});
export type IstioConflictDetails = z.infer<typeof istioConflictDetailsSchema>;

/**
 * `error.details` of a 422 INVALID_SPEC. `source: kubernetes`: the API server rejected the spec
 * (its `details.causes[].field` are the `fieldErrors[].path`s); `source: validation`: Sextant's own
 * checks found errors (the write was refused before it reached Kubernetes; `?force=true` writes
 * anyway), all findings in `validations`.
 */
export const istioInvalidDetailsSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('kubernetes'), upstream: z.literal('kubernetes'), reason: z.string() }),
  z.object({ source: z.literal('validation'), validations: z.array(validationSchema) }),
  /** istiod's own rules (what its validating webhook refuses): never forceable; `fieldErrors` name the fields. */
  z.object({ source: z.literal('istio') }),
]);
export type IstioInvalidDetails = z.infer<typeof istioInvalidDetailsSchema>;
