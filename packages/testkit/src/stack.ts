/**
 * Starts the whole Sextant stack as child processes on loopback, for the demo and for
 * integration and e2e tests: mesh-sim (the simulated cluster), a real Prometheus scraping it,
 * and the server. Every wait is on a condition (a line, an HTTP 200), never a fixed sleep.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAULT_SWITCH_PATH, type KubeApiMode } from '@sextant/mesh-sim';
import { freeLoopbackPort } from '@sextant/mesh-sim/prometheus';
import { z } from 'zod';
import { registerCleanup } from './cleanup.ts';
import { spawnManaged, type ManagedChild } from './managedChild.ts';
import { isPortFree } from './ports.ts';
import { startRestartablePrometheus, type RestartablePrometheus } from './restartablePrometheus.ts';
import type { RestartPolicy } from './restartPolicy.ts';
import { superviseChildren, type SupervisedChild, type Supervisor } from './supervisor.ts';
import { waitForHttpOk } from './waitForHttp.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const WEB_DIST = path.join(REPO_ROOT, 'apps/web/dist');

export interface StackOptions {
  /** mesh-sim scenario; default `bookinfo`. */
  scenario?: string;
  /** Server port; default: a free one. A fixed port that is taken fails at once. */
  serverPort?: number;
  /** Built web app to serve; default apps/web/dist when it exists. */
  staticDir?: string;
  /**
   * Where the kubeconfig, the child logs (`<child>.log`) and pid files (`<child>.pid`, also
   * rewritten on a restart) go; default: a temp dir removed by stop(), without logs or pid files.
   */
  workDir?: string;
  /** Extra environment for the server (e.g. SEXTANT_VIEW_ONLY). */
  serverEnv?: Record<string, string>;
  scrapeIntervalSeconds?: number;
  /** Per component; default 60 s (the first tsx run compiles a lot). */
  startTimeoutMs?: number;
  /** Progress lines ("starting Prometheus…"); default: silent. */
  onProgress?: (message: string) => void;
  /**
   * Restart mesh-sim, Prometheus or the server when one exits by itself, on the same port (the
   * demo). `crashed` then settles only when restarting gives up. Default: no restarts. A child
   * stopped on purpose (`prometheus.pause()`) is not watched any more.
   */
  restart?: { onEvent: (message: string) => void; policy?: RestartPolicy };
}

export interface StackUrls {
  /** The server (and web app), e.g. http://127.0.0.1:20001 */
  sextant: string;
  prometheus: string;
  kubeApi: string;
  /** mesh-sim's Istio metrics endpoint, scraped by Prometheus. */
  meshSimMetrics: string;
}

export interface Stack {
  urls: StackUrls;
  /** kubeconfig for the simulated cluster: `kubectl --kubeconfig <this> get pods -A`. */
  kubeconfig: string;
  workDir: string;
  /**
   * The running Prometheus, with helpers to wait for samples; `pause()` and `resume()` take it away
   * from the server and give it back on the same URL (e2e: the graph survives an outage).
   */
  prometheus: RestartablePrometheus;
  /**
   * Settles with a description if mesh-sim or the server exits by itself (not through stop()); with
   * `restart`, when a child failed too often to be restarted again.
   */
  crashed: Promise<string>;
  /**
   * mesh-sim's fault switch: `down` stops its Kubernetes API (connections refused), `unavailable`
   * answers 503 to everything, `up` brings it back with its state, like an API server restart.
   */
  setKubeApiMode(mode: KubeApiMode): Promise<void>;
  /** Stops the server, Prometheus and mesh-sim (in that order). Idempotent. */
  stop(): Promise<void>;
}

/** DESIGN.md: `mesh-sim ready {"kubeApi": URL, "metrics": URL, "kubeconfig": FILE}`. */
const meshSimReadySchema = z.object({
  kubeApi: z.url(),
  metrics: z.url({ error: 'no metrics URL (mesh-sim must serve metrics when given --metrics-port)' }),
  kubeconfig: z.string(),
});

const TSX_ARGS = ['--import', 'tsx'];

export interface RunningMeshSim {
  kubeApi: string;
  metrics: string;
  kubeconfig: string;
  child: ManagedChild;
}

/** Starts `packages/mesh-sim/src/cli.ts` and waits for its one `mesh-sim ready {...}` line. */
export async function startMeshSim(options: {
  scenario: string;
  kubeconfigOut: string;
  /** Default 0: a free port. A restart passes the ports of the run before. */
  kubePort?: number;
  metricsPort?: number;
  logFile?: string;
  appendLog?: boolean;
  timeoutMs: number;
}): Promise<RunningMeshSim> {
  const child = spawnManaged({
    name: 'mesh-sim',
    // node --import tsx is `npx tsx` minus two wrapper processes (npx, tsx's own launcher).
    command: process.execPath,
    args: [
      ...TSX_ARGS,
      'packages/mesh-sim/src/cli.ts',
      '--scenario',
      options.scenario,
      '--kube-port',
      String(options.kubePort ?? 0),
      '--metrics-port',
      String(options.metricsPort ?? 0),
      '--kubeconfig-out',
      options.kubeconfigOut,
    ],
    cwd: REPO_ROOT,
    env: process.env,
    logFile: options.logFile,
    appendLog: options.appendLog,
  });
  try {
    const [, json] = await child.waitForLine(/^mesh-sim ready (\{.*\})\s*$/, options.timeoutMs);
    const ready = meshSimReadySchema.safeParse(JSON.parse(json ?? ''));
    if (!ready.success)
      throw new Error(`mesh-sim ready line is not as expected: ${z.prettifyError(ready.error)}`);
    return { ...ready.data, child };
  } catch (err) {
    await child.stop();
    throw err;
  }
}

export interface RunningServer {
  url: string;
  child: ManagedChild;
}

/** Starts `apps/server/src/main.ts` and waits until `/readyz` answers 200. */
export async function startServer(options: {
  port: number;
  prometheusUrl: string;
  kubeconfig: string;
  staticDir: string | undefined;
  env?: Record<string, string>;
  logFile?: string;
  appendLog?: boolean;
  timeoutMs: number;
}): Promise<RunningServer> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawnManaged({
    name: 'sextant server',
    command: process.execPath,
    args: [...TSX_ARGS, 'apps/server/src/main.ts'],
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PROMETHEUS_URL: options.prometheusUrl,
      KUBECONFIG: options.kubeconfig,
      SEXTANT_HOST: '127.0.0.1',
      SEXTANT_PORT: String(options.port),
      ...(options.staticDir ? { SEXTANT_STATIC_DIR: options.staticDir } : {}),
      ...options.env,
    },
    logFile: options.logFile,
    appendLog: options.appendLog,
  });
  try {
    await waitForHttpOk(`${url}/readyz`, { timeoutMs: options.timeoutMs, child });
    return { url, child };
  } catch (err) {
    await child.stop();
    throw err;
  }
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const progress = options.onProgress ?? (() => {});
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const staticDir =
    options.staticDir ?? (existsSync(path.join(WEB_DIST, 'index.html')) ? WEB_DIST : undefined);
  if (options.serverPort !== undefined && !(await isPortFree(options.serverPort))) {
    throw new PortBusyError(options.serverPort);
  }

  const ownsWorkDir = options.workDir === undefined;
  // Absolute, so the kubeconfig and log paths printed work from any directory.
  const workDir = path.resolve(options.workDir ?? (await mkdtemp(path.join(tmpdir(), 'sextant-stack-'))));
  await mkdir(workDir, { recursive: true });
  const logFile = (name: string) => (ownsWorkDir ? undefined : path.join(workDir, `${name}.log`));
  const pidFile = (name: string) => path.join(workDir, `${name}.pid`);
  const writePid = async (name: string, child: ManagedChild | undefined) => {
    if (!ownsWorkDir && child) await writeFile(pidFile(name), `${child.pid}\n`);
  };
  let supervisor: Supervisor | undefined;

  // Everything started so far, newest first: what stop() (or a failed start) tears down.
  const running: Array<{ name: string; stop: () => Promise<void> }> = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await supervisor?.stop();
      for (const part of running) {
        await part.stop().catch(() => undefined);
        if (!ownsWorkDir) await rm(pidFile(part.name), { force: true });
      }
      if (ownsWorkDir) await rm(workDir, { recursive: true, force: true });
      unregister();
    })();
    return stopping;
  };
  const unregister = registerCleanup(stop);

  try {
    progress(`starting mesh-sim (scenario ${options.scenario ?? 'bookinfo'})…`);
    const simOptions = {
      scenario: options.scenario ?? 'bookinfo',
      kubeconfigOut: path.join(workDir, 'kubeconfig.yaml'),
      logFile: logFile('mesh-sim'),
      timeoutMs,
    };
    let sim = await startMeshSim(simOptions);
    running.unshift({ name: 'mesh-sim', stop: () => sim.child.stop() });
    await writePid('mesh-sim', sim.child);

    progress('starting Prometheus…');
    const prometheus = await startRestartablePrometheus({
      scrapeTargets: [new URL(sim.metrics).host],
      scrapeIntervalSeconds: options.scrapeIntervalSeconds,
      metricsPath: new URL(sim.metrics).pathname,
      readyTimeoutMs: timeoutMs,
      logFile: logFile('prometheus'),
    });
    running.unshift({ name: 'prometheus', stop: () => prometheus.stop() });
    await writePid('prometheus', prometheus.child);

    progress('starting the Sextant server…');
    const serverOptions = (port: number) => ({
      port,
      prometheusUrl: prometheus.url,
      kubeconfig: sim.kubeconfig,
      staticDir,
      env: options.serverEnv,
      logFile: logFile('server'),
      timeoutMs,
    });
    let server = await startServerOnPort(options.serverPort, (port) => startServer(serverOptions(port)));
    running.unshift({ name: 'server', stop: () => server.child.stop() });
    await writePid('server', server.child);

    const urls: StackUrls = {
      sextant: server.url,
      prometheus: prometheus.url,
      kubeApi: sim.kubeApi,
      meshSimMetrics: sim.metrics,
    };
    const sameSim = { kubePort: portOf(urls.kubeApi), metricsPort: portOf(urls.meshSimMetrics) };
    const supervised: SupervisedChild[] = [
      {
        name: 'mesh-sim',
        current: () => sim.child,
        logFile: logFile('mesh-sim'),
        restartNote: `on the same ports, with a fresh cluster state (Istio config and scaling applied since the start are gone; the kubeconfig still works)`,
        async restart() {
          sim = await startMeshSim({ ...simOptions, ...sameSim, appendLog: true });
          await writePid('mesh-sim', sim.child);
        },
      },
      {
        name: 'prometheus',
        current: () => prometheus.child,
        logFile: logFile('prometheus'),
        restartNote: `on ${prometheus.url}, with the data recorded so far`,
        async restart() {
          await prometheus.pause();
          await prometheus.resume();
          await writePid('prometheus', prometheus.child);
        },
      },
      {
        name: 'server',
        current: () => server.child,
        logFile: logFile('server'),
        restartNote: `on ${urls.sextant}`,
        async restart() {
          server = await startServer({ ...serverOptions(portOf(urls.sextant)), appendLog: true });
          await writePid('server', server.child);
        },
      },
    ];

    const restart = options.restart;
    const crashed = restart
      ? new Promise<string>((resolve) => {
          supervisor = superviseChildren(supervised, { ...restart, onGiveUp: resolve });
        })
      : Promise.race(
          [sim.child, server.child].map((child) =>
            child.exited.then(
              (info) =>
                new Promise<string>((resolve) => {
                  if (stopping) return; // an exit we asked for
                  resolve(
                    `${child.name} exited (${info.signal ?? `code ${info.code}`})\n${child.outputTail()}`,
                  );
                }),
            ),
          ),
        );

    return {
      crashed,
      urls,
      kubeconfig: sim.kubeconfig,
      workDir,
      prometheus,
      setKubeApiMode: (mode) => setKubeApiMode(urls.meshSimMetrics, mode),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function setKubeApiMode(meshSimMetrics: string, mode: KubeApiMode): Promise<void> {
  const res = await fetch(new URL(FAULT_SWITCH_PATH, meshSimMetrics), {
    method: 'PUT',
    body: JSON.stringify({ mode }),
  });
  if (!res.ok) throw new Error(`mesh-sim fault switch: HTTP ${res.status} ${await res.text()}`);
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** The server port the caller asked for is taken (for the demo: probably a demo already running). */
export class PortBusyError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} on 127.0.0.1 is already in use`);
    this.name = 'PortBusyError';
  }
}

const PORT_ATTEMPTS = 3;

/** A free port found now can be taken before the server binds it; retry with another then. */
async function startServerOnPort(
  fixedPort: number | undefined,
  start: (port: number) => Promise<RunningServer>,
): Promise<RunningServer> {
  if (fixedPort !== undefined) return start(fixedPort);
  let lastError: unknown;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    try {
      return await start(await freeLoopbackPort());
    } catch (err) {
      lastError = err;
      if (!(err instanceof Error && err.message.includes('is already in use'))) throw err;
    }
  }
  throw lastError;
}
