import { z } from 'zod';

/** One dependency's state as `/readyz` reports it. */
export const readinessCheckSchema = z.object({ ok: z.boolean(), error: z.string().optional() });
export type ReadinessCheck = z.infer<typeof readinessCheckSchema>;

/** `/readyz` body when ready (200); when not ready the same checks travel in the error envelope's `details`. */
export const readinessSchema = z.object({
  status: z.literal('ready'),
  checks: z.object({ kubernetes: readinessCheckSchema, prometheus: readinessCheckSchema }),
});
export type Readiness = z.infer<typeof readinessSchema>;
