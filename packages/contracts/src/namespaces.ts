import { z } from 'zod';

export const mtlsStatusSchema = z.enum(['ENABLED', 'PARTIALLY_ENABLED', 'NOT_ENABLED', 'DISABLED']);
export type MtlsStatus = z.infer<typeof mtlsStatusSchema>;

export const namespaceSchema = z.object({
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  /** true when sidecar injection is enabled by label (`istio-injection=enabled` or `istio.io/rev`). */
  istioInjection: z.boolean(),
  /** Namespace mTLS status (as `GET /api/namespaces/{name}/tls`); null while the mTLS policies cannot be read. */
  mtls: mtlsStatusSchema.nullable(),
});
export type Namespace = z.infer<typeof namespaceSchema>;

export const namespaceListSchema = z.array(namespaceSchema);
