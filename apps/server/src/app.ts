import type { HealthConfig } from '@sextant/mesh';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { InstrumentedMetricsClient } from './clients/instrumentedMetrics.client.ts';
import type { KubeClient } from './clients/kube.client.ts';
import type { MetricsClient } from './clients/prometheus.client.ts';
import { defaultAllowedHosts, type AllowedHosts } from './hostPolicy.ts';
import { clusterFreshness } from './middleware/clusterFreshness.ts';
import { errorHandler, notFoundHandler } from './middleware/errorHandler.ts';
import { hostGuard } from './middleware/hostGuard.ts';
import { httpMetrics } from './middleware/httpMetrics.ts';
import { requestLogger } from './middleware/requestLogger.ts';
import { securityHeaders } from './middleware/securityHeaders.ts';
import { viewOnlyGuard } from './middleware/viewOnlyGuard.ts';
import { namespaceGate } from './middleware/namespaceGate.ts';
import { AccessService, RequestScopes } from './auth/access.service.ts';
import { Authenticator, type AuthConfig } from './auth/authenticator.ts';
import { authRoutes, openIdCallbackRoute, requireSession } from './routes/auth.routes.ts';
import { permissionsRoutes } from './routes/permissions.routes.ts';
import { dashboardRoutes } from './routes/dashboard.routes.ts';
import { graphRoutes } from './routes/graph.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { istioConfigRoutes } from './routes/istioConfig.routes.ts';
import { metricsRoutes } from './routes/metrics.routes.ts';
import { namespacesRoutes } from './routes/namespaces.routes.ts';
import { overviewRoutes } from './routes/overview.routes.ts';
import { nodeMetricsRoutes } from './routes/nodeMetrics.routes.ts';
import { servicesRoutes } from './routes/services.routes.ts';
import { logsRoutes } from './routes/logs.routes.ts';
import { LogsService } from './services/logs.service.ts';
import { staticRoutes } from './routes/static.routes.ts';
import { statusRoutes, VIEW_ONLY_REASON } from './routes/status.routes.ts';
import { tlsRoutes } from './routes/tls.routes.ts';
import { workloadsRoutes } from './routes/workloads.routes.ts';
import { ClusterStateSource } from './services/clusterState.service.ts';
import { DashboardService } from './services/dashboard.service.ts';
import { GraphService } from './services/graph.service.ts';
import { IstioConfigService } from './services/istioConfig.service.ts';
import { MeshService } from './services/mesh.service.ts';
import { OverviewService } from './services/overview.service.ts';
import { NodeMetricsService } from './services/nodeMetrics.service.ts';
import { ServicesService } from './services/services.service.ts';
import { TlsService } from './services/tls.service.ts';
import { WorkloadsService } from './services/workloads.service.ts';
import { createTelemetry } from './telemetry.ts';
import type { ChangeHistory } from './history/history.ts';
import { historyRoutes } from './routes/history.routes.ts';
import { HistoryService } from './services/history.service.ts';

export interface AppConfig {
  viewOnly: boolean;
  /**
   * How users sign in (SEXTANT_AUTH) and, unless `anonymous`, act as themselves towards
   * Kubernetes; default anonymous.
   */
  auth?: AuthConfig;
  /** The server's version, shown by the web app (`GET /api/status`); default: unknown. */
  version?: string;
  /**
   * The Host headers answered (SEXTANT_ALLOWED_HOSTS); default `localhost` and `127.0.0.1` on any
   * port, what a browser on the same machine sends.
   */
  allowedHosts?: AllowedHosts;
  /** Directory of the built web app; undefined: API only. */
  staticDir: string | undefined;
  /** Error-rate tolerances replacing DESIGN.md's defaults (SEXTANT_HEALTH_RATE); annotations still win. */
  health?: HealthConfig;
  /** The watched cluster's name in Istio's telemetry (SEXTANT_CLUSTER_NAME); default `Kubernetes`. */
  clusterName?: string;
  graph?: {
    /** Prometheus queries of one graph in flight at once; default 4. */
    concurrency?: number;
    /** How long identical graph requests reuse a finished graph; default 1000 ms. */
    cacheTtlMs?: number;
    /** A look-back graph older than this takes its config from the history; default a minute. */
    pastConfigAfterMs?: number;
    /** SEXTANT_RECORDED_METRICS: `auto` reads Istio's recorded series when present; default `off` here, `auto` from main. */
    recordedMetrics?: 'auto' | 'off';
    /** SEXTANT_GRAPH_QUERY_PARTS: each latency query split in this many; default 1 here, 2 from main. */
    queryParts?: number;
    /** SEXTANT_REPLAY_CONCURRENCY: graph replays run at once, the others wait; default 2. */
    replayConcurrency?: number;
  };
}

export interface AppDeps {
  kube: KubeClient;
  /** Prometheus, the source of the traffic metrics. */
  metrics: MetricsClient;
  logger: Logger;
  config: AppConfig;
  /** Where the server's own metrics go; main adds the process metrics, tests get a fresh one each. */
  registry?: Registry;
  /** Milliseconds since the epoch; injected so tests control "now". */
  now?: () => number;
  /** The change history (SEXTANT_HISTORY); absent: off, its routes say so. */
  history?: ChangeHistory;
}

/** Large enough for any Istio object set Sextant writes (ISTIO_SET_LIMIT objects); 413 above. */
const JSON_BODY_LIMIT = '1mb';

export function createApp(deps: AppDeps): Express {
  const registry = deps.registry ?? new Registry();
  const now = deps.now ?? Date.now;
  const telemetry = createTelemetry(registry, deps.kube);
  const metrics = new InstrumentedMetricsClient(deps.metrics, telemetry);
  const cluster = new ClusterStateSource(
    deps.kube,
    deps.config.clusterName ? { clusterName: deps.config.clusterName } : {},
  );
  const history = new HistoryService(deps.history, deps.kube);
  const graph = new GraphService(metrics, cluster, telemetry, now, {
    ...deps.config.graph,
    ...(deps.config.health ? { health: deps.config.health } : {}),
    ...(deps.history ? { pastIstioObjects: (time: number) => history.istioObjectsAt(time) } : {}),
  });
  const tls = new TlsService(cluster);
  const nodeMetrics = new NodeMetricsService(metrics);
  const istioConfig = new IstioConfigService(deps.kube, cluster, now);
  const auth = new Authenticator(deps.config.auth ?? { strategy: 'anonymous' }, deps.kube, now);
  const access = new AccessService(deps.kube, now);
  const scopes = new RequestScopes(access, deps.kube);
  const viewOnlyReason = deps.config.viewOnly ? VIEW_ONLY_REASON : undefined;

  const app = express();
  app.disable('x-powered-by');

  app.use(httpMetrics(registry));
  app.use(requestLogger(deps.logger));

  app.use(securityHeaders());

  // Probes answer any Host: kubelet sends `Host: <podIP>:port`, no allow-list names it, and
  // "alive" and "ready" are all they tell.
  app.use(healthRoutes(deps));
  // Prometheus scrapes a pod by its IP, like kubelet probes it; the server's own metrics say
  // nothing a DNS-rebinding page could use.
  app.use(metricsRoutes(registry));
  app.use(hostGuard(deps.config.allowedHosts ?? defaultAllowedHosts('127.0.0.1')));

  const api = express.Router();
  api.use(clusterFreshness(deps.kube));
  // Before the session check: the sign-in page uses these, and the status says view-only or not.
  api.use(authRoutes({ auth }));
  api.use(statusRoutes({ viewOnly: deps.config.viewOnly, version: deps.config.version ?? 'unknown' }));
  // From here on, nothing (no read, no write, no body parsing) happens without a principal.
  api.use(requireSession(auth));
  if (deps.config.viewOnly) api.use(viewOnlyGuard);
  api.use(express.json({ limit: JSON_BODY_LIMIT }));
  api.use(namespaceGate(access));
  api.use(graphRoutes({ graph, now, scopes }));
  api.use(namespacesRoutes({ kube: deps.kube, tls, scopes }));
  api.use(tlsRoutes({ tls }));
  api.use(
    overviewRoutes({
      overview: new OverviewService(metrics, cluster, now, deps.config.health),
      mesh: new MeshService(cluster),
      scopes,
    }),
  );
  api.use(
    servicesRoutes({ services: new ServicesService(cluster, metrics, now, deps.config.health), scopes }),
  );
  api.use(
    workloadsRoutes({
      workloads: new WorkloadsService(cluster, metrics, now, deps.config.health),
      scopes,
    }),
  );
  api.use(permissionsRoutes({ access, viewOnlyReason }));
  api.use(logsRoutes({ logs: new LogsService(cluster), access, scopes }));
  // Before node metrics: `/namespaces/{ns}/istio/{kind}/metrics` is an Istio object named "metrics".
  api.use(historyRoutes({ history, now, scopes }));
  api.use(
    istioConfigRoutes({
      istioConfig,
      access,
      scopes,
      ...(deps.history ? { noteWrite: deps.history.noteWrite } : {}),
    }),
  );
  api.use(nodeMetricsRoutes({ nodeMetrics, now }));
  api.use(dashboardRoutes({ dashboard: new DashboardService(metrics), now }));
  api.use(notFoundHandler);
  app.use('/api', api);
  const openid = deps.config.auth?.openid;
  if (openid !== undefined)
    app.use(openIdCallbackRoute({ auth, path: new URL(openid.redirectUrl).pathname }));

  if (deps.config.staticDir !== undefined) app.use(staticRoutes(deps.config.staticDir));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
