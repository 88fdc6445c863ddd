import { writeFile } from 'node:fs/promises';
import { startControllers } from './controllers/index.ts';
import { startKubeApiServer } from './kubeapi/server.ts';
import { kubeconfigYaml } from './kubeconfig.ts';
import { scenarioObjects, type ScenarioName } from './scenarios/index.ts';
import { ObjectStore } from './store/store.ts';
import type { KubeObject } from './store/types.ts';
import { seed } from './scenarios/seed.ts';

export interface MeshSimOptions {
  scenario?: ScenarioName;
  host?: string;
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
}

export interface MeshSim {
  kubeApi: string;
  /** URL of the Prometheus metrics endpoint, when metrics are served. */
  metrics: string | undefined;
  kubeconfig: string | undefined;
  kubeconfigYaml: string;
  store: ObjectStore;
  /** Runs pending controller work now (pods for new deployments, endpoints...). */
  settle(): void;
  stop(): Promise<void>;
}

export async function startMeshSim(options: MeshSimOptions = {}): Promise<MeshSim> {
  const store = new ObjectStore({ historyLimit: options.watchHistory ?? 2000 });
  const scenario = options.scenario ?? 'bookinfo';
  seed(store, scenario === 'generated' ? [] : scenarioObjects(scenario));
  seed(store, options.objects ?? []);
  const controllers = startControllers(store, { seed: String(options.seed ?? 1), now: () => new Date() });
  controllers.settle();
  const api = await startKubeApiServer({
    store,
    host: options.host ?? '127.0.0.1',
    port: options.kubePort ?? 0,
  });
  const yaml = kubeconfigYaml(api.url);
  if (options.kubeconfigOut) await writeFile(options.kubeconfigOut, yaml, { mode: 0o600 });
  return {
    kubeApi: api.url,
    metrics: undefined,
    kubeconfig: options.kubeconfigOut,
    kubeconfigYaml: yaml,
    store,
    settle: () => controllers.settle(),
    stop: async () => {
      controllers.stop();
      await api.close();
    },
  };
}
