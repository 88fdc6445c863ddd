import type { Express } from 'express';
import { Registry } from 'prom-client';
import { createApp, type AppConfig, type AppDeps } from '../app.ts';
import { FakeKubeClient, FakeMetricsClient, silentLogger } from './fakes.ts';

export interface TestApp {
  app: Express;
  kube: FakeKubeClient;
  metrics: FakeMetricsClient;
  registry: Registry;
  /** The app's clock (ms); tests move it to play time passing. */
  clock: { now: number };
}

/** createApp over fakes; tests mutate `kube`/`metrics`/`clock` to play upstream states. */
export function makeTestApp(config: Partial<AppConfig> = {}, extra: Pick<AppDeps, 'history'> = {}): TestApp {
  const kube = new FakeKubeClient();
  const metrics = new FakeMetricsClient();
  const registry = new Registry();
  const clock = { now: Date.UTC(2025, 0, 1, 12) };
  const app = createApp({
    kube,
    metrics,
    logger: silentLogger,
    registry,
    now: () => clock.now,
    config: { viewOnly: false, staticDir: undefined, ...config },
    ...extra,
  });
  return { app, kube, metrics, registry, clock };
}
