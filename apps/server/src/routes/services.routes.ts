import type { ServiceDetails, ServiceListItem, ServiceWorkloads } from '@sextant/contracts';
import { Router } from 'express';
import type { RequestScopes } from '../auth/access.service.ts';
import type { ServicesService } from '../services/services.service.ts';
import { nameSchema, parseParams } from './params.ts';

const namespaceShape = { namespace: nameSchema('namespace') };
const serviceShape = { ...namespaceShape, name: nameSchema('service') };

/** Mounted under `/api`: the Services of a namespace, one with its routing, the workloads each selects. */
export function servicesRoutes(deps: { services: ServicesService; scopes: RequestScopes }): Router {
  const router = Router();
  router.get('/namespaces/:namespace/services', async (req, res) => {
    const { namespace } = parseParams(namespaceShape, req.params);
    parseParams({}, req.query);
    const body: ServiceListItem[] = deps.services.list(namespace, await deps.scopes.of(res));
    res.json(body);
  });
  router.get('/namespaces/:namespace/services/:name', async (req, res) => {
    const { namespace, name } = parseParams(serviceShape, req.params);
    parseParams({}, req.query);
    const body: ServiceDetails = deps.services.details(namespace, name, await deps.scopes.of(res));
    res.json(body);
  });
  router.get('/namespaces/:namespace/services/:name/workloads', async (req, res) => {
    const { namespace, name } = parseParams(serviceShape, req.params);
    const body: ServiceWorkloads = deps.services.workloads(namespace, name, await deps.scopes.of(res));
    res.json(body);
  });
  return router;
}
