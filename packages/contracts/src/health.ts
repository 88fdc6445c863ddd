import { z } from 'zod';

/** A Kubernetes watch cache that is not synced, as `/readyz` lists it. */
export const unsyncedCacheSchema = z.object({
  /** The kind, e.g. `pods`, `virtualServices`. */
  kind: z.string(),
  /** Still served (stale for at most the server's bound) or not at all. */
  usable: z.boolean(),
  /** When it stopped being synced (or started unsynced), ISO 8601. */
  since: z.string(),
  /** When its content stopped being live, ISO 8601; absent when it never listed. */
  staleSince: z.string().optional(),
  error: z.string().optional(),
});
export type UnsyncedCache = z.infer<typeof unsyncedCacheSchema>;

/** One dependency's state as `/readyz` reports it. */
export const readinessCheckSchema = z.object({
  ok: z.boolean(),
  error: z.string().optional(),
  /** Kubernetes only: every cache that is not synced, ready or not. */
  unsynced: z.array(unsyncedCacheSchema).optional(),
});
export type ReadinessCheck = z.infer<typeof readinessCheckSchema>;

/** `/readyz` body when ready (200); when not ready the same checks travel in the error envelope's `details`. */
export const readinessSchema = z.object({
  status: z.literal('ready'),
  checks: z.object({ kubernetes: readinessCheckSchema, prometheus: readinessCheckSchema }),
});
export type Readiness = z.infer<typeof readinessSchema>;
