import { z } from 'zod';
import { diffLineSchema } from './istioConfig.ts';

/**
 * The change history (issue 16): every create, update and delete of Istio config, Services,
 * Deployments and Namespaces the server saw through its watches, kept across restarts.
 */

/** The kinds recorded, named as the server's caches name them. */
export const HISTORY_KINDS = [
  'namespaces',
  'deployments',
  'services',
  'virtualServices',
  'destinationRules',
  'gateways',
  'serviceEntries',
  'peerAuthentications',
  'sidecars',
  'authorizationPolicies',
  'requestAuthentications',
] as const;
export const historyKindSchema = z.enum(HISTORY_KINDS);
export type HistoryKind = z.infer<typeof historyKindSchema>;

export const changeOperationSchema = z.enum(['create', 'update', 'delete']);
export type ChangeOperation = z.infer<typeof changeOperationSchema>;

export const changeSummarySchema = z.object({
  id: z.number().int().positive(),
  /** Milliseconds since the epoch: when the server saw it (for a change seen late, when it noticed). */
  time: z.number(),
  kind: historyKindSchema,
  /** The Kubernetes kind (`VirtualService`, `Deployment`, ...). */
  objectKind: z.string(),
  /** For a Namespace, its own name. */
  namespace: z.string(),
  name: z.string(),
  operation: changeOperationSchema,
  resourceVersion: z.string(),
  /** Who made it, when Sextant made it: the signed-in user (or `anonymous`); absent when only seen. */
  author: z.string().optional(),
  /** true when made through Sextant (author known); false when seen in the watch (kubectl, a controller). */
  attributed: z.boolean(),
  /** Noticed after a restart or a watch gap: it happened before `time`, when exactly is unknown. */
  seenLate: z.boolean(),
  /** The changed paths, e.g. `spec.http[0].route`, at most a few. */
  paths: z.array(z.string()),
});
export type ChangeSummary = z.infer<typeof changeSummarySchema>;

export const changeListSchema = z.object({
  changes: z.array(changeSummarySchema),
  /** Pass as `before` for the next (older) page; absent on the last page. */
  nextBefore: z.number().int().positive().optional(),
  /** false when the server keeps no history (SEXTANT_HISTORY=off). */
  enabled: z.boolean(),
});
export type ChangeList = z.infer<typeof changeListSchema>;

export const changeDetailSchema = changeSummarySchema.extend({
  before: z.record(z.string(), z.unknown()).optional(),
  after: z.record(z.string(), z.unknown()).optional(),
  diff: z.array(diffLineSchema),
});
export type ChangeDetail = z.infer<typeof changeDetailSchema>;

/** `GET /api/namespaces/{ns}/config-at?time=`: the Istio config objects live at that time. */
export const configAtSchema = z.object({
  namespace: z.string(),
  /** Milliseconds since the epoch. */
  time: z.number(),
  objects: z.array(
    z.object({
      kind: historyKindSchema,
      object: z.record(z.string(), z.unknown()),
    }),
  ),
  /** The history starts here: before it, the config is unknown. */
  since: z.number().optional(),
});
export type ConfigAt = z.infer<typeof configAtSchema>;
