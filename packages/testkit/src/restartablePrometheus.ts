import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  findPrometheusBinary,
  freeLoopbackPort,
  prometheusConfigYaml,
  waitForQuery,
  waitForSamples,
  type RunningPrometheus,
} from '@sextant/mesh-sim/prometheus';
import { signalGroup } from './cleanup.ts';
import { spawnManaged, type ManagedChild } from './managedChild.ts';
import { waitForHttpOk } from './waitForHttp.ts';

/**
 * Prometheus that can be stopped and started again on the same port with the same data, so a
 * test can take it away from a running server and give it back (the server's PROMETHEUS_URL stays
 * valid, and the series recorded before the outage are still there afterwards).
 */
export interface RestartablePrometheus extends RunningPrometheus {
  /** Stops the process (SIGTERM: Prometheus flushes its WAL); port and data are kept. */
  pause(): Promise<void>;
  /** Starts it again on the same port and waits for `/-/ready` (also after `kill()`). */
  resume(): Promise<void>;
  /** SIGKILL: dies at once, no clean shutdown (a crash, the OOM killer); port and data are kept. */
  kill(): Promise<void>;
  /** SIGSTOP: the process hangs; the kernel still accepts connections that are never answered. */
  freeze(): void;
  /** SIGCONT after `freeze()`; harmless otherwise. */
  thaw(): void;
  readonly running: boolean;
  /** The process running now (undefined while paused or after it died). */
  readonly child: ManagedChild | undefined;
}

export async function startRestartablePrometheus(options: {
  scrapeTargets: string[];
  scrapeIntervalSeconds?: number;
  metricsPath?: string;
  readyTimeoutMs: number;
  logFile?: string;
}): Promise<RestartablePrometheus> {
  const bin = findPrometheusBinary();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sextant-prometheus-'));
  const configFile = path.join(dataDir, 'prometheus.yml');
  await writeFile(
    configFile,
    prometheusConfigYaml({
      scrapeTargets: options.scrapeTargets,
      scrapeIntervalSeconds: options.scrapeIntervalSeconds ?? 5,
      metricsPath: options.metricsPath ?? '/metrics',
    }),
  );

  let port = 0;
  let child: ManagedChild | undefined;
  let launches = 0;
  const launch = async (): Promise<void> => {
    const next = spawnManaged({
      name: 'prometheus',
      command: bin,
      args: [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${path.join(dataDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-lifecycle',
        '--storage.tsdb.retention.time=1d',
      ],
      logFile: options.logFile,
      // Every launch after the first keeps the log of the one before (it may tell why that one died).
      appendLog: launches++ > 0,
    });
    try {
      await waitForHttpOk(`http://127.0.0.1:${port}/-/ready`, {
        timeoutMs: options.readyTimeoutMs,
        child: next,
      });
      child = next;
      // Died by itself: not running any more, so resume() starts it again.
      void next.exited.then(() => {
        if (child === next) child = undefined;
      });
    } catch (err) {
      await next.stop();
      throw err;
    }
  };

  // The free port is released before Prometheus binds it; another process may take it meanwhile.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    port = await freeLoopbackPort();
    await launch().catch((err: unknown) => (lastError = err));
  }
  if (!child) {
    await rm(dataDir, { recursive: true, force: true });
    throw lastError instanceof Error ? lastError : new Error('prometheus failed to start');
  }

  const url = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    dataDir,
    get running() {
      return child !== undefined;
    },
    get child() {
      return child;
    },
    waitForSamples: (query, o) => waitForSamples(url, query, o),
    waitFor: (query, accept, o) => waitForQuery(url, query, accept, o),
    async pause() {
      const current = child;
      child = undefined;
      await current?.stop();
    },
    async resume() {
      if (child) return;
      await launch();
    },
    async kill() {
      const current = child;
      child = undefined;
      if (!current) return;
      signalGroup(current.pid, 'SIGCONT');
      signalGroup(current.pid, 'SIGKILL');
      await current.exited;
    },
    freeze() {
      if (child) signalGroup(child.pid, 'SIGSTOP');
    },
    thaw() {
      if (child) signalGroup(child.pid, 'SIGCONT');
    },
    stop() {
      stopped ??= (async () => {
        if (child) signalGroup(child.pid, 'SIGCONT');
        await child?.stop();
        child = undefined;
        await rm(dataDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
