import { z } from 'zod';

/** `GET /api/status`: what the web app needs to know about this server before the first write. */
export const serverStatusSchema = z.object({
  viewOnly: z.boolean(),
  /** Why writes are refused, in words for the UI; present when `viewOnly`. */
  viewOnlyReason: z.string().optional(),
  version: z.string(),
});
export type ServerStatus = z.infer<typeof serverStatusSchema>;
