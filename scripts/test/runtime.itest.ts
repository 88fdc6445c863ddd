import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startPrometheus, freeLoopbackPort, type RunningPrometheus } from '@sextant/mesh-sim/prometheus';
import { ensureWebBuilt, spawnManaged, waitForHttpOk, type ManagedChild } from '@sextant/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The Docker image without a Docker engine: the runtime file sets, made by the same command as the
 * Dockerfile's build stage, run with plain `node` as the Dockerfile's last stage runs them (its CMD,
 * its HEALTHCHECK) against the bundled mesh-sim and a real Prometheus. A clean environment and a
 * folder outside the repository: no node_modules, tsx or dev tooling to fall back on.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const START_TIMEOUT_MS = 30_000;

/** `INSTRUCTION [...]` exec-form arrays of the Dockerfile's last stage (the default target). */
async function lastStage(): Promise<{
  lines: string[];
  cmd: string[];
  healthcheck: string[];
  env: Record<string, string>;
  buildCommands: string;
}> {
  const text = (await readFile(path.join(ROOT, 'Dockerfile'), 'utf8')).replace(/\\\n/g, ' ');
  const lines = text.split('\n').map((line) => line.trim());
  const stage = lines.slice(lines.findLastIndex((line) => line.startsWith('FROM ')));
  const execForm = (pattern: RegExp): string[] => {
    const match = stage.map((line) => line.match(pattern)).find((m) => m);
    if (!match?.[1]) throw new Error(`Dockerfile: no ${pattern} in the last stage`);
    return JSON.parse(match[1]) as string[];
  };
  const env: Record<string, string> = {};
  for (const line of stage.filter((l) => l.startsWith('ENV '))) {
    for (const [, key, value] of line.slice(4).matchAll(/(\w+)=(\S+)/g)) env[key!] = value!;
  }
  return {
    lines: stage,
    cmd: execForm(/^CMD (\[.*\])$/),
    healthcheck: execForm(/^HEALTHCHECK .*?CMD (\[.*\])$/),
    env,
    buildCommands: lines.filter((line) => line.startsWith('RUN ')).join('\n'),
  };
}

async function runtimeFiles(target: string, dir: string): Promise<void> {
  await run(process.execPath, ['--import', 'tsx', 'scripts/runtimeFiles.ts', '--target', target, dir], {
    cwd: ROOT,
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Only what node itself needs: nothing from the developer's shell (NODE_OPTIONS, npm_*) leaks in. */
const CLEAN_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent' };
const DEV_TOOLING =
  /(^|\/)(tsx|vite|vitest|@vitest|typescript|playwright-core|eslint|esbuild|supertest|fast-check|testkit|mesh-sim)\//;

describe('the runtime image file set, started with plain node', () => {
  const dirs: string[] = [];
  const children: ManagedChild[] = [];
  let prometheus: RunningPrometheus | undefined;
  let serverDir: string;
  let serverUrl: string;
  let server: ManagedChild;
  let stage: Awaited<ReturnType<typeof lastStage>>;

  beforeAll(async () => {
    stage = await lastStage();
    // Fresh bundles (about a second); the web app only when its sources changed.
    await run('npm', ['run', 'build:bundles'], { cwd: ROOT });
    await ensureWebBuilt();
    const tmp = await mkdtemp(path.join(tmpdir(), 'sextant-runtime-'));
    dirs.push(tmp);
    serverDir = path.join(tmp, 'server');
    const simDir = path.join(tmp, 'mesh-sim');
    await Promise.all([runtimeFiles('server', serverDir), runtimeFiles('mesh-sim', simDir)]);

    const sim = spawnManaged({
      name: 'mesh-sim (bundle)',
      command: process.execPath,
      args: [
        'packages/mesh-sim/dist/mesh-sim.mjs',
        '--scenario=bookinfo',
        '--kube-port=0',
        '--metrics-port=0',
        `--kubeconfig-out=${path.join(tmp, 'kubeconfig.yaml')}`,
      ],
      cwd: simDir,
      env: { ...CLEAN_ENV, NODE_ENV: 'production' },
    });
    children.push(sim);
    const [, readyJson] = await sim.waitForLine(/^mesh-sim ready (\{.*\})\s*$/, START_TIMEOUT_MS);
    const ready = JSON.parse(readyJson!) as { metrics: string; kubeconfig: string };
    prometheus = await startPrometheus({
      scrapeTargets: [new URL(ready.metrics).host],
      metricsPath: new URL(ready.metrics).pathname,
      scrapeIntervalSeconds: 1,
    });

    const port = await freeLoopbackPort();
    serverUrl = `http://127.0.0.1:${port}`;
    const [command, ...args] = stage.cmd;
    expect(command).toBe('node');
    server = spawnManaged({
      name: 'sextant server (bundle)',
      command: process.execPath,
      args,
      cwd: serverDir,
      env: {
        ...CLEAN_ENV,
        ...stage.env,
        // Loopback here: the image's 0.0.0.0 would expose the test server to the network.
        SEXTANT_HOST: '127.0.0.1',
        // The image's volume path; here a folder of the test's own, beside (not in) the file set.
        SEXTANT_DATA_DIR: path.join(serverDir, '..', 'data'),
        SEXTANT_PORT: String(port),
        PROMETHEUS_URL: prometheus.url,
        KUBECONFIG: ready.kubeconfig,
      },
    });
    children.push(server);
    await waitForHttpOk(`${serverUrl}/readyz`, { timeoutMs: START_TIMEOUT_MS, child: server });
  });

  afterAll(async () => {
    for (const child of children.reverse()) await child.stop();
    await prometheus?.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the change history in a volume, writable by the user it runs as', () => {
    expect(stage.env['SEXTANT_DATA_DIR']).toBe('/var/lib/sextant');
    expect(stage.lines).toContain('VOLUME /var/lib/sextant');
    expect(stage.lines).toContain('RUN mkdir -p /var/lib/sextant && chown 1000:1000 /var/lib/sextant');
    expect(stage.lines).toContain('USER 1000:1000');
  });

  it('is the file set the Dockerfile makes and copies into its last stage', () => {
    expect(stage.buildCommands).toContain('scripts/runtimeFiles.ts --target server /out/server');
    expect(stage.buildCommands).toContain('scripts/runtimeFiles.ts --target mesh-sim /out/mesh-sim');
    expect(stage.lines.filter((line) => line.startsWith('COPY'))).toEqual([
      'COPY --from=build /out/server/ ./',
    ]);
    expect(stage.lines.filter((line) => line.startsWith('WORKDIR'))).toEqual(['WORKDIR /app']);
  });

  it('holds the server bundle, its source map and the web app, and no dev tooling', async () => {
    const files = await filesUnder(serverDir);
    const modules = files.filter((file) => file.startsWith('node_modules/'));
    expect(files.filter((file) => !file.startsWith('apps/web/dist/') && !modules.includes(file))).toEqual([
      'apps/server/dist/main.mjs',
      'apps/server/dist/main.mjs.map',
    ]);
    expect(files).toContain('apps/web/dist/index.html');
    // Only the change history's native addon, kept out of the bundle, and what it loads.
    expect(new Set(modules.map((file) => file.split('/')[1]))).toEqual(
      new Set(['better-sqlite3', 'bindings', 'file-uri-to-path']),
    );
    expect(modules).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(modules.filter((file) => /better-sqlite3\/(src|deps)\//.test(file))).toEqual([]);
    // The map lists every module the bundle was made of.
    const map = JSON.parse(await readFile(path.join(serverDir, 'apps/server/dist/main.mjs.map'), 'utf8')) as {
      sources: string[];
    };
    expect(map.sources.some((source) => source.includes('node_modules/express/'))).toBe(true);
    expect(map.sources.filter((source) => DEV_TOOLING.test(source))).toEqual([]);
  });

  it('records the change history with the bundled SQLite addon', async () => {
    const res = await fetch(`${serverUrl}/api/changes`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { enabled: boolean }).enabled).toBe(true);
    expect((await filesUnder(path.join(serverDir, '..', 'data'))).includes('history.db')).toBe(true);
  });

  it('answers the Dockerfile HEALTHCHECK and /healthz', async () => {
    expect((await fetch(`${serverUrl}/healthz`)).status).toBe(200);
    const [command, ...args] = stage.healthcheck;
    expect(command).toBe('node');
    await run(process.execPath, args, {
      env: { ...CLEAN_ENV, ...stage.env, SEXTANT_PORT: new URL(serverUrl).port },
    });
  });

  it('reports the version of apps/server/package.json (set at build time)', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'apps/server/package.json'), 'utf8')) as {
      version: string;
    };
    const status = (await (await fetch(`${serverUrl}/api/status`)).json()) as { version: string };
    expect(status.version).toBe(pkg.version);
  });

  it('serves the web app beside it with the security headers', async () => {
    const res = await fetch(`${serverUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(await readFile(path.join(serverDir, 'apps/web/dist/index.html'), 'utf8'));
  });

  it('lists the simulated namespaces and draws the Bookinfo graph from Prometheus', async () => {
    const namespaces = (await (await fetch(`${serverUrl}/api/namespaces`)).json()) as Array<{ name: string }>;
    expect(namespaces.map((ns) => ns.name)).toContain('bookinfo');

    await prometheus!.waitForSamples('istio_requests_total{destination_workload="productpage-v1"}', {
      timeoutMs: START_TIMEOUT_MS,
    });
    const res = await fetch(
      `${serverUrl}/api/namespaces/graph?namespaces=bookinfo&graphType=app&duration=60s`,
    );
    expect(res.status).toBe(200);
    const graph = (await res.json()) as { elements: { nodes: Array<{ data: { app?: string } }> } };
    expect(graph.elements.nodes.map((node) => node.data.app)).toContain('productpage');
  });

  it('validates Istio regexes with the bundled RE2 (re2js)', async () => {
    const res = await fetch(`${serverUrl}/api/namespaces/bookinfo/istio/virtualservices?dryRun=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'lookbehind', namespace: 'bookinfo' },
        spec: {
          hosts: ['reviews'],
          http: [{ match: [{ uri: { regex: '(?<=a)b' } }], route: [{ destination: { host: 'reviews' } }] }],
        },
      }),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as any;
    expect(body.error.fieldErrors[0].path).toBe('spec.http[0].match[0].uri.regex');
  });

  it('stops on SIGTERM with exit code 0', async () => {
    await server.stop();
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});
