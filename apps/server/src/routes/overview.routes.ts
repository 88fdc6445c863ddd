import type { MeshStatus, Overview } from '@sextant/contracts';
import { Router } from 'express';
import type { RequestScopes } from '../auth/access.service.ts';
import type { MeshService } from '../services/mesh.service.ts';
import type { OverviewService } from '../services/overview.service.ts';
import { parseParams } from './params.ts';

/** Mounted under `/api`: the Overview of every readable namespace, and the mesh's own parts. */
export function overviewRoutes(deps: {
  overview: OverviewService;
  mesh: MeshService;
  scopes: RequestScopes;
}): Router {
  const router = Router();
  router.get('/overview', async (req, res) => {
    parseParams({}, req.query);
    const body: Overview = await deps.overview.overview(await deps.scopes.of(res));
    res.json(body);
  });
  router.get('/mesh', async (req, res) => {
    parseParams({}, req.query);
    const body: MeshStatus = deps.mesh.status(await deps.scopes.of(res));
    res.json(body);
  });
  return router;
}
