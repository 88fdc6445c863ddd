import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm run demo` as a user runs it: it must print a URL serving the web app, a Prometheus that has
 * Istio metrics within 30 s, a kubectl command that works from anywhere, bring back a Prometheus that
 * died, refuse a second demo on the same port, and leave nothing behind on Ctrl-C.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.pid) killGroup(child.pid, 'SIGKILL');
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Demo {
  /** SEXTANT_DEMO_DIR: logs, pid files, the kubeconfig. */
  dir: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function startDemo(port: number): Promise<Demo> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sextant-demo-test-'));
  dirs.push(dir);
  const child = spawn(process.execPath, ['scripts/demo.mjs'], {
    cwd: ROOT,
    env: { ...process.env, SEXTANT_PORT: String(port), SEXTANT_DEMO_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { dir, child, output: () => output, exited };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function refused(url: string): Promise<boolean> {
  return fetch(url).then(
    () => false,
    () => true,
  );
}

describe('npm run demo', () => {
  it('serves the web app, fills Prometheus, restarts a killed Prometheus, refuses a second run, and stops everything on Ctrl-C', async () => {
    const port = await freePort();
    const demo = await startDemo(port);
    const sextantUrl = await until(
      'the Sextant URL',
      () => {
        if (demo.child.exitCode !== null) throw new Error(`demo exited early:\n${demo.output()}`);
        return /^Sextant: (http:\/\/\S+)$/m.exec(demo.output())?.[1];
      },
      120_000,
    );
    expect(sextantUrl).toBe(`http://127.0.0.1:${port}`);
    const prometheusUrl = /Prometheus\s+(http:\/\/\S+)/.exec(demo.output())![1]!;
    const kubeUrl = /Kubernetes\s+(http:\/\/\S+)/.exec(demo.output())![1]!;

    const page = await fetch(sextantUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    const series = await until(
      'istio_requests_total in Prometheus',
      async () => {
        const res = await fetch(`${prometheusUrl}/api/v1/query?query=istio_requests_total`);
        const body = (await res.json()) as { data: { result: unknown[] } };
        return body.data.result.length > 0 ? body.data.result.length : undefined;
      },
      30_000,
    );
    expect(series).toBeGreaterThan(0);

    const kubectlLine = /kubectl\s+kubectl --kubeconfig (\S+) get pods -A/.exec(demo.output());
    const kubeconfig = kubectlLine?.[1] ?? '';
    expect(path.isAbsolute(kubeconfig)).toBe(true);
    const pods = await promisify(execFile)('kubectl', ['--kubeconfig', kubeconfig, 'get', 'pods', '-A'], {
      cwd: tmpdir(),
    });
    expect(pods.stdout).toContain('productpage');

    // Prometheus dies: the demo says so and brings it back on the same URL, data and all.
    const prometheusPid = Number(await readFile(path.join(demo.dir, 'prometheus.pid'), 'utf8'));
    process.kill(prometheusPid, 'SIGKILL');
    await until(
      'the demo to restart Prometheus',
      () => (/^demo: prometheus restarted \(pid \d+\)/m.test(demo.output()) ? true : undefined),
      30_000,
    );
    expect(demo.output()).toContain(
      `demo: prometheus (pid ${prometheusPid}) exited by itself (signal SIGKILL); its log: ${path.join(demo.dir, 'prometheus.log')}`,
    );
    expect(Number(await readFile(path.join(demo.dir, 'prometheus.pid'), 'utf8'))).not.toBe(prometheusPid);
    await until(
      'istio_requests_total in the restarted Prometheus',
      async () => {
        const res = await fetch(`${prometheusUrl}/api/v1/query?query=istio_requests_total`).catch(
          () => undefined,
        );
        const body = (await res?.json()) as { data: { result: unknown[] } } | undefined;
        return body && body.data.result.length > 0 ? true : undefined;
      },
      30_000,
    );

    const second = await startDemo(port);
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain('already in use');

    killGroup(demo.child.pid!, 'SIGINT');
    await demo.exited;
    await until('the server to stop', async () => ((await refused(sextantUrl)) ? true : undefined), 20_000);
    await until(
      'Prometheus to stop',
      async () => ((await refused(prometheusUrl)) ? true : undefined),
      20_000,
    );
    await until(
      'mesh-sim to stop',
      async () => ((await refused(`${kubeUrl}/version`)) ? true : undefined),
      20_000,
    );
  });
});
