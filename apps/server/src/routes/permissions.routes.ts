import type { NamespacePermissions } from '@sextant/contracts';
import { Router } from 'express';
import type { AccessService } from '../auth/access.service.ts';
import { principalOf } from '../auth/principal.ts';
import { nameSchema, parseParams } from './params.ts';

/**
 * Mounted under `/api`: `GET /namespaces/{ns}/permissions`, the Istio writes the user may make in
 * the namespace, so an editor opens read-only with the reason instead of failing on save.
 */
export function permissionsRoutes(deps: {
  access: AccessService;
  viewOnlyReason: string | undefined;
}): Router {
  const router = Router();
  router.get('/namespaces/:namespace/permissions', async (req, res) => {
    const { namespace } = parseParams({ namespace: nameSchema('namespace') }, req.params);
    parseParams({}, req.query);
    const body: NamespacePermissions = await deps.access.permissions(
      principalOf(res),
      namespace,
      deps.viewOnlyReason,
    );
    res.set('Cache-Control', 'private, no-store');
    res.json(body);
  });
  return router;
}
