import type { TlsStatus } from '@sextant/contracts';
import { Router } from 'express';
import type { TlsService } from '../services/tls.service.ts';
import { nameSchema, parseParams } from './params.ts';

/** Mounted under `/api`. */
export function tlsRoutes(deps: { tls: TlsService }): Router {
  const router = Router();
  router.get('/mesh/tls', (req, res) => {
    parseParams({}, req.query);
    const body: TlsStatus = { status: deps.tls.mesh() };
    res.json(body);
  });
  router.get('/namespaces/:namespace/tls', (req, res) => {
    parseParams({}, req.query);
    const { namespace } = parseParams({ namespace: nameSchema('namespace') }, req.params);
    const body: TlsStatus = { status: deps.tls.namespace(namespace) };
    res.json(body);
  });
  return router;
}
