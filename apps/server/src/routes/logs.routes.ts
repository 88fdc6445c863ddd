import { podLogsQuerySchema, type PodLogs, type WorkloadPod } from '@sextant/contracts';
import { Router } from 'express';
import type { AccessService, RequestScopes } from '../auth/access.service.ts';
import { principalOf } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import type { LogsService } from '../services/logs.service.ts';
import { nameSchema, parseParams } from './params.ts';

const workloadShape = { namespace: nameSchema('namespace'), workload: nameSchema('workload') };
const podShape = { namespace: nameSchema('namespace'), pod: nameSchema('workload') };
const queryShape = podLogsQuerySchema.shape;

/**
 * Mounted under `/api`: a workload's pods, and a pod container's log as JSON or, with
 * `follow=true`, as NDJSON lines for as long as the browser keeps the response open.
 */
export function logsRoutes(deps: {
  logs: LogsService;
  access: AccessService;
  scopes: RequestScopes;
}): Router {
  const router = Router();
  router.get('/namespaces/:namespace/workloads/:workload/pods', async (req, res) => {
    const { namespace, workload } = parseParams(workloadShape, req.params);
    parseParams({}, req.query);
    const body: WorkloadPod[] = deps.logs.pods(namespace, workload, await deps.scopes.of(res));
    res.json(body);
  });
  router.get('/namespaces/:namespace/pods/:pod/logs', async (req, res) => {
    const { namespace, pod } = parseParams(podShape, req.params);
    const query = parseParams(queryShape, req.query);
    const api = deps.access.api(principalOf(res));
    if (!query.follow) {
      const body: PodLogs = await deps.logs.snapshot(api, namespace, pod, query);
      res.json(body);
      return;
    }
    // Closing the browser's request closes the API server's: nothing streams to nobody.
    const upstream = new AbortController();
    res.on('close', () => upstream.abort());
    const lines = await deps.logs.follow(api, namespace, pod, query, upstream.signal);
    res.writeHead(200, {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Cache-Control': 'no-cache',
      // Reverse proxies (nginx) would otherwise hold lines back to fill a buffer.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    try {
      for await (const line of lines) res.write(`${JSON.stringify(line)}\n`);
    } catch (err) {
      // Headers are gone: a failure after the stream started is its last line.
      const error =
        err instanceof AppError
          ? { code: err.code, message: err.message }
          : { code: 'UPSTREAM_UNAVAILABLE', message: 'the log stream from Kubernetes broke' };
      if (!res.writableEnded) res.write(`${JSON.stringify({ error })}\n`);
    }
    res.end();
  });
  return router;
}
