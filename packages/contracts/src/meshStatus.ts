import { z } from 'zod';
import { healthSchema } from './graph.ts';
import { mtlsStatusSchema } from './namespaces.ts';

/**
 * `GET /api/mesh`: the mesh's own parts: istiod, gateways, the mesh-wide mTLS mode and the Istio
 * config findings across the namespaces the user may read.
 */

export const meshComponentSchema = z.object({
  namespace: z.string(),
  /** The Deployment's name. */
  name: z.string(),
  role: z.enum(['istiod', 'ingressgateway', 'egressgateway']),
  /** From the container image tag, else the `istio.io/rev` or `app.kubernetes.io/version` label; null when none says. */
  version: z.string().nullable(),
  desiredReplicas: z.number().int().nonnegative(),
  readyReplicas: z.number().int().nonnegative(),
  health: healthSchema,
});
export type MeshComponent = z.infer<typeof meshComponentSchema>;

export const meshStatusSchema = z.object({
  /** Where mesh-wide policies live (`istio-system` by default). */
  rootNamespace: z.string(),
  controlPlane: z.array(meshComponentSchema),
  gateways: z.array(meshComponentSchema),
  mtls: z.object({
    /** The mode of the root namespace's namespace-wide PeerAuthentication; null when there is none (Istio: PERMISSIVE). */
    meshPolicyMode: z.enum(['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET']).nullable(),
    /** As `GET /api/mesh/tls`; null while the policies cannot be read. */
    status: mtlsStatusSchema.nullable(),
  }),
  config: z.object({
    namespaces: z.number().int().nonnegative(),
    objects: z.number().int().nonnegative(),
    errors: z.number().int().nonnegative(),
    warnings: z.number().int().nonnegative(),
  }),
  errors: z.array(z.object({ source: z.enum(['kubernetes']), message: z.string() })).optional(),
});
export type MeshStatus = z.infer<typeof meshStatusSchema>;
