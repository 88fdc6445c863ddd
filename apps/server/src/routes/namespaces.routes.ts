import type { Namespace } from '@sextant/contracts';
import { Router } from 'express';
import type { KubeClient } from '../clients/kube.client.ts';
import { listNamespaces } from '../services/namespaces.service.ts';
import type { TlsService } from '../services/tls.service.ts';

/** Mounted under `/api`. */
export function namespacesRoutes(deps: { kube: KubeClient; tls: TlsService }): Router {
  const router = Router();
  router.get('/namespaces', async (_req, res) => {
    const body: Namespace[] = await listNamespaces(deps.kube, deps.tls.namespaceStatuses());
    res.json(body);
  });
  return router;
}
