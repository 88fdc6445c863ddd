import { z } from 'zod';

/**
 * The `error.code` values the server emits, one per failure the web app may want to treat
 * differently (e.g. offer a reload on CONFLICT, point at the field on INVALID_SPEC).
 * The envelope keeps `code` an open string so an older web app still renders a newer server's errors.
 */
export const errorCodeSchema = z.enum([
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'VIEW_ONLY',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'INVALID_SPEC',
  'UPSTREAM_BAD_RESPONSE',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'NOT_READY',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** The upstream systems an UPSTREAM_* or NOT_READY error can name in `details.upstream`. */
export const upstreamSchema = z.enum(['kubernetes', 'prometheus', 'openid']);
export type Upstream = z.infer<typeof upstreamSchema>;
