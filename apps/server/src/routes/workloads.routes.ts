import type { AppDetails, AppList, WorkloadDetails, WorkloadList } from '@sextant/contracts';
import { Router } from 'express';
import type { RequestScopes } from '../auth/access.service.ts';
import type { WorkloadsService } from '../services/workloads.service.ts';
import { durationSchema, nameSchema, parseParams, withDefault } from './params.ts';

const namespaceShape = { namespace: nameSchema('namespace') };
const workloadShape = { ...namespaceShape, name: nameSchema('workload') };
const appShape = { ...namespaceShape, name: nameSchema('app') };
/** The window rates and request health are judged over, like the graph's `duration`. */
const queryShape = { duration: withDefault('10m', durationSchema(60, 86_400)) };

/** Mounted under `/api`: the Workloads and Applications of a namespace, and one of each in detail. */
export function workloadsRoutes(deps: { workloads: WorkloadsService; scopes: RequestScopes }): Router {
  const router = Router();
  router.get('/namespaces/:namespace/workloads', async (req, res) => {
    const { namespace } = parseParams(namespaceShape, req.params);
    const { duration } = parseParams(queryShape, req.query);
    const body: WorkloadList = await deps.workloads.listWorkloads(
      namespace,
      duration,
      await deps.scopes.of(res),
    );
    res.json(body);
  });
  router.get('/namespaces/:namespace/workloads/:name', async (req, res) => {
    const { namespace, name } = parseParams(workloadShape, req.params);
    const { duration } = parseParams(queryShape, req.query);
    const body: WorkloadDetails = await deps.workloads.workloadDetails(
      namespace,
      name,
      duration,
      await deps.scopes.of(res),
    );
    res.json(body);
  });
  router.get('/namespaces/:namespace/apps', async (req, res) => {
    const { namespace } = parseParams(namespaceShape, req.params);
    const { duration } = parseParams(queryShape, req.query);
    const body: AppList = await deps.workloads.listApps(namespace, duration, await deps.scopes.of(res));
    res.json(body);
  });
  router.get('/namespaces/:namespace/apps/:name', async (req, res) => {
    const { namespace, name } = parseParams(appShape, req.params);
    const { duration } = parseParams(queryShape, req.query);
    const body: AppDetails = await deps.workloads.appDetails(
      namespace,
      name,
      duration,
      await deps.scopes.of(res),
    );
    res.json(body);
  });
  return router;
}
