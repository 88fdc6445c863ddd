import type { Namespace } from '@sextant/contracts';
import { Router } from 'express';
import type { KubeClient } from '../clients/kube.client.ts';
import { listNamespaces } from '../services/namespaces.service.ts';

/** Mounted under `/api`. */
export function namespacesRoutes(deps: { kube: KubeClient }): Router {
  const router = Router();
  router.get('/namespaces', async (_req, res) => {
    const body: Namespace[] = await listNamespaces(deps.kube);
    res.json(body);
  });
  return router;
}
