import { writeFile } from 'node:fs/promises';
import { generateAdminToken } from './auth/apiAuth.ts';
import { servingCert } from './auth/servingCert.ts';
import type { AuthOptions } from './auth/authenticate.ts';
import { startControllers } from './controllers/index.ts';
import { FAULT_SWITCH_PATH, handleFaultSwitch } from './kubeapi/faultSwitch.ts';
import { startKubeApiServer, type KubeApiMode } from './kubeapi/server.ts';
import { kubeconfigYaml } from './kubeconfig.ts';
import { scenarioList, scenarioObjects, type Scenario } from './scenarios/index.ts';
import { ObjectStore } from './store/store.ts';
import { PodLogStore } from './logs/podLogStore.ts';
import type { KubeObject } from './store/types.ts';
import { seed } from './scenarios/seed.ts';
import { createMetricsServer } from './metrics/handler.ts';
import { generatedScenarioObjects, startTraffic } from './traffic/index.ts';

export interface MeshSimOptions {
  /** Default `bookinfo`; several scenarios share one cluster (`['bookinfo', 'shop']`). */
  scenario?: Scenario;
  host?: string;
  /** Host name clients use to reach the sim (kubeconfig and printed URLs); defaults to `host`. */
  advertiseHost?: string;
  /** 0 picks a free port. */
  kubePort?: number;
  kubeconfigOut?: string;
  seed?: number;
  /** Watch history kept per resource type; older resourceVersions get 410 Gone. */
  watchHistory?: number;
  /** Extra objects to seed. */
  objects?: KubeObject[];
  /** 0 picks a free port; undefined serves no metrics (API only). */
  metricsPort?: number;
  tickMs?: number;
  generated?: { namespaces: number; services: number };
  /**
   * Authentication (static tokens, OIDC ID tokens, anonymous) and RBAC, like kube-apiserver.
   * Absent: no authentication, every request allowed. Present: the kubeconfig carries the admin
   * token (`adminToken`, generated when not given), whose user is in `system:masters`.
   */
  auth?: AuthOptions;
}

export interface MeshSim {
  kubeApi: string;
  /** URL of the Prometheus metrics endpoint, when metrics are served. */
  metrics: string | undefined;
  kubeconfig: string | undefined;
  kubeconfigYaml: string;
  /** The bootstrap admin's bearer token (`system:masters`) when authentication is on. */
  adminToken: string | undefined;
  /** With authentication on the API is HTTPS: its self-signed certificate (PEM), to trust as a CA. */
  caCert: string | undefined;
  store: ObjectStore;
  /** Runs pending controller work now (pods for new deployments, endpoints...). */
  settle(): void;
  /**
   * Takes the Kubernetes API away (`down`: connections refused; `unavailable`: 503 to everything)
   * and brings it back (`up`) with its state, like an API server restart. Also on the metrics
   * port: `PUT /sim/kube-api {"mode": …}`.
   */
  setKubeApiMode(mode: KubeApiMode): Promise<void>;
  stop(): Promise<void>;
}

export async function startMeshSim(options: MeshSimOptions = {}): Promise<MeshSim> {
  const store = new ObjectStore({ historyLimit: options.watchHistory ?? 2000 });
  const scenarios = scenarioList(options.scenario ?? 'bookinfo');
  const generated = { namespaces: 10, services: 20, ...options.generated, seed: options.seed ?? 1 };
  seed(
    store,
    scenarios[0] === 'generated' ? generatedScenarioObjects(generated) : scenarioObjects(scenarios),
  );
  seed(store, options.objects ?? []);
  const controllers = startControllers(store, { seed: String(options.seed ?? 1), now: () => new Date() });
  controllers.settle();
  const host = options.host ?? '127.0.0.1';
  const auth = options.auth && {
    ...options.auth,
    adminToken: options.auth.adminToken ?? generateAdminToken(),
  };
  // Credentials need TLS: kubectl never sends them to a plain-HTTP server.
  const tls = auth
    ? await servingCert([host, ...(options.advertiseHost ? [options.advertiseHost] : [])])
    : undefined;
  const logs = new PodLogStore();
  const api = await startKubeApiServer({
    store,
    logs,
    host,
    port: options.kubePort ?? 0,
    ...(auth ? { auth } : {}),
    ...(tls ? { tls } : {}),
  });
  const advertised = (url: string): string => {
    if (!options.advertiseHost) return url;
    const u = new URL(url);
    u.hostname = options.advertiseHost;
    return u.pathname === '/' ? u.origin : u.toString();
  };
  const yaml = kubeconfigYaml(
    advertised(api.url),
    'mesh-sim',
    auth ? { token: auth.adminToken, caCert: tls!.cert } : undefined,
  );
  if (options.kubeconfigOut) await writeFile(options.kubeconfigOut, yaml, { mode: 0o600 });
  // The sidecars' telemetry: only when a metrics port is asked for, so API-only uses cost nothing.
  const traffic =
    options.metricsPort === undefined
      ? undefined
      : startTraffic({
          reader: store,
          logs,
          scenario: scenarios,
          generated,
          seed: options.seed ?? 1,
          ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
        });
  const metricsServer = traffic
    ? await createMetricsServer(
        (req, res) => {
          if (req.url?.split('?')[0] === FAULT_SWITCH_PATH) {
            handleFaultSwitch(api, req, res).catch(() => res.destroy());
            return;
          }
          traffic.metricsHandler(req, res);
        },
        options.metricsPort,
        host,
      )
    : undefined;
  return {
    kubeApi: advertised(api.url),
    metrics: metricsServer ? advertised(metricsServer.url) : undefined,
    kubeconfig: options.kubeconfigOut,
    kubeconfigYaml: yaml,
    adminToken: auth?.adminToken,
    caCert: tls?.cert,
    store,
    settle: () => controllers.settle(),
    setKubeApiMode: (mode) => api.setMode(mode),
    stop: async () => {
      traffic?.stop();
      controllers.stop();
      await Promise.all([api.close(), metricsServer?.close()]);
    },
  };
}
