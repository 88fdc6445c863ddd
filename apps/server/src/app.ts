import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { KubeClient } from './clients/kube.client.ts';
import type { MetricsClient } from './clients/prometheus.client.ts';
import { errorHandler, notFoundHandler } from './middleware/errorHandler.ts';
import { httpMetrics } from './middleware/httpMetrics.ts';
import { requestLogger } from './middleware/requestLogger.ts';
import { viewOnlyGuard } from './middleware/viewOnlyGuard.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { metricsRoutes } from './routes/metrics.routes.ts';
import { namespacesRoutes } from './routes/namespaces.routes.ts';
import { staticRoutes } from './routes/static.routes.ts';

export interface AppConfig {
  viewOnly: boolean;
  /** Directory of the built web app; undefined: API only. */
  staticDir: string | undefined;
}

export interface AppDeps {
  kube: KubeClient;
  /** Prometheus, the source of the traffic metrics. */
  metrics: MetricsClient;
  logger: Logger;
  config: AppConfig;
  /** Where the server's own metrics go; main adds the process metrics, tests get a fresh one each. */
  registry?: Registry;
}

export function createApp(deps: AppDeps): Express {
  const registry = deps.registry ?? new Registry();
  const app = express();
  app.disable('x-powered-by');

  app.use(httpMetrics(registry));
  app.use(requestLogger(deps.logger));

  app.use(healthRoutes(deps));
  app.use(metricsRoutes(registry));

  const api = express.Router();
  if (deps.config.viewOnly) api.use(viewOnlyGuard);
  api.use(express.json({ limit: '1mb' }));
  api.use(namespacesRoutes(deps));
  api.use(notFoundHandler);
  app.use('/api', api);

  if (deps.config.staticDir !== undefined) app.use(staticRoutes(deps.config.staticDir));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
