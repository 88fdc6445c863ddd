import { z } from 'zod';
import { mtlsStatusSchema } from './namespaces.ts';

/** `GET /api/mesh/tls` and `GET /api/namespaces/{namespace}/tls`. */
export const tlsStatusSchema = z.object({ status: mtlsStatusSchema });
export type TlsStatus = z.infer<typeof tlsStatusSchema>;
