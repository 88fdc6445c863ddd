import { z } from 'zod';

/** One field-level problem, `path` in dotted/indexed form (e.g. `spec.http[0].route`). */
export const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** The one JSON error shape every route of the server returns (DESIGN.md, "HTTP API"). */
export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    fieldErrors: z.array(fieldErrorSchema).optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
