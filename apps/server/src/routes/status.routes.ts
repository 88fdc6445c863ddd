import type { ServerStatus } from '@sextant/contracts';
import { Router } from 'express';

export const VIEW_ONLY_REASON =
  'Sextant runs view-only (SEXTANT_VIEW_ONLY): you can browse everything, but no change can be saved';

/** `GET /api/status`: settings the web app needs before its first write (view-only), and the version. */
export function statusRoutes(config: { viewOnly: boolean; version: string }): Router {
  const router = Router();
  const body: ServerStatus = {
    viewOnly: config.viewOnly,
    ...(config.viewOnly ? { viewOnlyReason: VIEW_ONLY_REASON } : {}),
    version: config.version,
  };
  router.get('/status', (_req, res) => {
    res.json(body);
  });
  return router;
}
