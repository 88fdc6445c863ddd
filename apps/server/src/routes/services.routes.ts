import type { ServiceDetails, ServiceListItem, ServiceWorkloads } from '@sextant/contracts';
import { Router } from 'express';
import type { ServicesService } from '../services/services.service.ts';
import { nameSchema, parseParams } from './params.ts';

const namespaceShape = { namespace: nameSchema('namespace') };
const serviceShape = { ...namespaceShape, name: nameSchema('service') };

/** Mounted under `/api`: the Services of a namespace, one with its routing, the workloads each selects. */
export function servicesRoutes(deps: { services: ServicesService }): Router {
  const router = Router();
  router.get('/namespaces/:namespace/services', (req, res) => {
    const { namespace } = parseParams(namespaceShape, req.params);
    parseParams({}, req.query);
    const body: ServiceListItem[] = deps.services.list(namespace);
    res.json(body);
  });
  router.get('/namespaces/:namespace/services/:name', (req, res) => {
    const { namespace, name } = parseParams(serviceShape, req.params);
    parseParams({}, req.query);
    const body: ServiceDetails = deps.services.details(namespace, name);
    res.json(body);
  });
  router.get('/namespaces/:namespace/services/:name/workloads', (req, res) => {
    const { namespace, name } = parseParams(serviceShape, req.params);
    const body: ServiceWorkloads = deps.services.workloads(namespace, name);
    res.json(body);
  });
  return router;
}
