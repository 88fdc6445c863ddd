import type { Namespace } from '@sextant/contracts';
import { Router } from 'express';
import { canRead } from '../auth/namespaceScope.ts';
import type { RequestScopes } from '../auth/access.service.ts';
import type { KubeClient } from '../clients/kube.client.ts';
import { listNamespaces } from '../services/namespaces.service.ts';
import type { TlsService } from '../services/tls.service.ts';

/** Mounted under `/api`. */
export function namespacesRoutes(deps: { kube: KubeClient; tls: TlsService; scopes: RequestScopes }): Router {
  const router = Router();
  router.get('/namespaces', async (_req, res) => {
    const all: Namespace[] = await listNamespaces(deps.kube, deps.tls.namespaceStatuses());
    const scope = await deps.scopes.of(res);
    const body = all.filter((n) => canRead(scope, 'namespaces', n.name));
    res.json(body);
  });
  return router;
}
