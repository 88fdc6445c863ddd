import type { ServiceDetails, ServiceListItem, ServiceWorkloads } from '@sextant/contracts';
import { Router } from 'express';
import type { RequestScopes } from '../auth/access.service.ts';
import type { ServicesService } from '../services/services.service.ts';
import { booleanSchema, durationSchema, nameSchema, parseParams, withDefault } from './params.ts';

const namespaceShape = { namespace: nameSchema('namespace') };
const serviceShape = { ...namespaceShape, name: nameSchema('service') };
/** `health=true` adds each Service's request health and traffic over `duration` (one Prometheus query). */
const listQueryShape = {
  health: withDefault('false', booleanSchema),
  duration: withDefault('10m', durationSchema(60, 86_400)),
};

/** Mounted under `/api`: the Services of a namespace, one with its routing, the workloads each selects. */
export function servicesRoutes(deps: { services: ServicesService; scopes: RequestScopes }): Router {
  const router = Router();
  router.get('/namespaces/:namespace/services', async (req, res) => {
    const { namespace } = parseParams(namespaceShape, req.params);
    const { health, duration } = parseParams(listQueryShape, req.query);
    const scope = await deps.scopes.of(res);
    const body: ServiceListItem[] = health
      ? await deps.services.listWithHealth(namespace, duration, scope)
      : deps.services.list(namespace, scope);
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
