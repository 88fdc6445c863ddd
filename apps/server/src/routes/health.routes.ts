import type { Readiness } from '@sextant/contracts';
import { Router } from 'express';
import type { KubeClient } from '../clients/kube.client.ts';
import type { MetricsClient } from '../clients/prometheus.client.ts';
import { AppError } from '../errors.ts';
import { checkReadiness, describeNotReady } from '../services/readiness.service.ts';

export function healthRoutes(deps: { kube: KubeClient; metrics: MetricsClient }): Router {
  const router = Router();

  // Liveness only says the event loop answers; upstream outages must not get the pod restarted.
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const report = await checkReadiness(deps.kube, deps.metrics);
    if (!report.ready) {
      throw new AppError(503, 'NOT_READY', describeNotReady(report), { details: { checks: report.checks } });
    }
    const body: Readiness = { status: 'ready', checks: report.checks };
    res.json(body);
  });

  return router;
}
