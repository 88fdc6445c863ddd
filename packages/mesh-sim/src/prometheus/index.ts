import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prometheusConfigYaml } from './config.ts';
import { findPrometheusBinary } from './findBinary.ts';
import { freeLoopbackPort } from './freePort.ts';
import { waitForQuery, waitForSamples, type VectorSample, type WaitOptions } from './query.ts';

export { prometheusConfigYaml } from './config.ts';
export { findPrometheusBinary, PROMETHEUS_INSTALL_HINT } from './findBinary.ts';
export { freeLoopbackPort } from './freePort.ts';
export { queryPrometheus, valuesByLabel, waitForQuery, waitForSamples } from './query.ts';
export type { VectorSample, WaitOptions } from './query.ts';

export interface StartPrometheusOptions {
  /** `host:port` of each exporter, e.g. `127.0.0.1:43121`. */
  scrapeTargets: string[];
  /** Default 5 (fast tests); the demo may pass 15. */
  scrapeIntervalSeconds?: number;
  /** Default `/metrics`. */
  metricsPath?: string;
  /** Rule files to load (absolute paths), e.g. deploy/prometheus/sextant-recording-rules.yaml. */
  ruleFiles?: string[];
  /** Scrape each exporter in this many parts (see `ScrapeConfigOptions.shards`); default 1. */
  shards?: number;
  /** How long to wait for `/-/ready`; default 30 s. */
  readyTimeoutMs?: number;
  /** Inherit Prometheus' own log output (default: only shown in the error when it fails to start). */
  verbose?: boolean;
}

export interface RunningPrometheus {
  /** Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash). */
  url: string;
  dataDir: string;
  /** Polls `/api/v1/query` until the query returns a non-empty result. */
  waitForSamples(query: string, opts?: WaitOptions): Promise<VectorSample[]>;
  /** Polls until `accept` holds for the query's result. */
  waitFor(query: string, accept: (s: VectorSample[]) => boolean, opts?: WaitOptions): Promise<VectorSample[]>;
  /** Kills Prometheus (SIGTERM, then SIGKILL after 5 s) and removes its temp dir. Idempotent. */
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;

/** Starts the real `prometheus` binary on a free loopback port with a generated config and a temp data dir. */
export async function startPrometheus(opts: StartPrometheusOptions): Promise<RunningPrometheus> {
  const bin = findPrometheusBinary();
  const config = prometheusConfigYaml({
    scrapeTargets: opts.scrapeTargets,
    scrapeIntervalSeconds: opts.scrapeIntervalSeconds ?? 5,
    metricsPath: opts.metricsPath ?? '/metrics',
    ...(opts.ruleFiles ? { ruleFiles: opts.ruleFiles } : {}),
    ...(opts.shards ? { shards: opts.shards } : {}),
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'sextant-prometheus-'));
  const configFile = join(dataDir, 'prometheus.yml');
  await writeFile(configFile, config);

  let lastError: unknown;
  // The free port is released before Prometheus binds it; another process may take it meanwhile.
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await freeLoopbackPort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      bin,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(dataDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-lifecycle',
        '--storage.tsdb.retention.time=1d',
      ],
      { stdio: ['ignore', opts.verbose ? 'inherit' : 'pipe', opts.verbose ? 'inherit' : 'pipe'] },
    );
    const log = collectLog(child);
    // If the parent exits without calling stop() (a crashed test run), take Prometheus and its data along.
    const killOnExit = () => {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    };
    process.once('exit', killOnExit);
    try {
      await waitReady(url, child, opts.readyTimeoutMs ?? 30_000);
    } catch (err) {
      process.removeListener('exit', killOnExit);
      await killChild(child);
      lastError = new Error(`${(err as Error).message}\n--- prometheus log (tail) ---\n${log.tail()}`);
      continue;
    }
    let stopped: Promise<void> | undefined;
    return {
      url,
      dataDir,
      waitForSamples: (query, o) => waitForSamples(url, query, o),
      waitFor: (query, accept, o) => waitForQuery(url, query, accept, o),
      stop() {
        stopped ??= (async () => {
          process.removeListener('exit', killOnExit);
          await killChild(child);
          await rm(dataDir, { recursive: true, force: true });
        })();
        return stopped;
      },
    };
  }
  await rm(dataDir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error('prometheus failed to start');
}

function collectLog(child: ChildProcess): { tail(): string } {
  const lines: string[] = [];
  const push = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', push);
  child.stderr?.on('data', push);
  return { tail: () => lines.join('\n') };
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  const onExit = (code: number | null, signal: string | null) => {
    exited = `prometheus exited early (code ${code}, signal ${signal})`;
  };
  child.once('exit', onExit);
  try {
    while (Date.now() < deadline) {
      if (exited) throw new Error(exited);
      try {
        const res = await fetch(`${url}/-/ready`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(exited ?? `prometheus not ready at ${url}/-/ready after ${timeoutMs} ms`);
  } finally {
    child.removeListener('exit', onExit);
  }
}

function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
