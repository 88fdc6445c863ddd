import type { Express } from 'express';
import { createApp, type AppConfig } from '../app.ts';
import { FakeKubeClient, FakeMetricsClient, silentLogger } from './fakes.ts';

export interface TestApp {
  app: Express;
  kube: FakeKubeClient;
  metrics: FakeMetricsClient;
}

/** createApp over fakes; tests mutate `kube`/`metrics` to play upstream states. */
export function makeTestApp(config: Partial<AppConfig> = {}): TestApp {
  const kube = new FakeKubeClient();
  const metrics = new FakeMetricsClient();
  const app = createApp({
    kube,
    metrics,
    logger: silentLogger,
    config: { viewOnly: false, staticDir: undefined, ...config },
  });
  return { app, kube, metrics };
}
