import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMeshSim, type MeshSim } from '../src/index.ts';

const KUBECTL = process.env.KUBECTL ?? 'kubectl';
const hasKubectl = spawnSync(KUBECTL, ['version', '--client'], { stdio: 'ignore' }).status === 0;
const run = promisify(execFile);

/** Istio's default access-log line, loosely: time, request line, code, flags, details. */
const ACCESS_LINE = /^\[\d{4}-\d\d-\d\dT[\d:.]+Z\] "(GET|POST) \S+ HTTP\/[12](\.1)?" \d{1,3} \S+ \S+ - "/;

let sim: MeshSim;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mesh-sim-logs-'));
  kubeconfig = join(dir, 'kubeconfig');
  // Traffic (and so access logs) only plays when metrics are served.
  sim = await startMeshSim({ scenario: 'bookinfo', kubeconfigOut: kubeconfig, metricsPort: 0, tickMs: 200 });
});
afterAll(async () => {
  await sim?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const reviewsPod = (): string =>
  sim.store
    .list({ group: '', resource: 'pods' }, 'bookinfo')
    .find((p) => p.metadata.name.startsWith('reviews-v1-'))!.metadata.name;

describe.skipIf(!hasKubectl)('pod logs with the real kubectl', () => {
  it('kubectl logs deploy/reviews-v1 -c istio-proxy --tail=5 prints five access-log lines', async () => {
    await eventually(async () => {
      const r = await kubectl('logs', '-n', 'bookinfo', 'deploy/reviews-v1', '-c', 'istio-proxy', '--tail=5');
      return r.stdout.split('\n').filter((l) => ACCESS_LINE.test(l)).length === 5;
    });
    const r = await kubectl('logs', '-n', 'bookinfo', 'deploy/reviews-v1', '-c', 'istio-proxy', '--tail=5');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    // Inbound lines on the reviews sidecar, for the requests productpage really sent it.
    expect(lines[0]).toMatch(/"reviews:9080" "10\.\d+\.\d+\.\d+:9080" inbound\|9080\|\| /);
  });

  it('prints the app container and timestamps', async () => {
    const r = await kubectl(
      'logs',
      '-n',
      'bookinfo',
      reviewsPod(),
      '-c',
      'reviews',
      '--timestamps',
      '--tail=3',
    );
    expect(r.code).toBe(0);
    for (const line of r.stdout.trimEnd().split('\n'))
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /);
  });

  it('kubectl logs -f streams lines as they are written', async () => {
    const child = spawn(KUBECTL, [
      '--kubeconfig',
      kubeconfig,
      'logs',
      '-f',
      '-n',
      'bookinfo',
      reviewsPod(),
      '-c',
      'istio-proxy',
      '--tail=0',
    ]);
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      // --tail=0 prints nothing old: every line seen was written after the stream opened.
      await eventually(async () => out.split('\n').filter((l) => ACCESS_LINE.test(l)).length >= 3);
    } finally {
      child.kill();
    }
  });

  it('answers like kube-apiserver for a missing container choice, an unknown pod and --previous', async () => {
    const pod = reviewsPod();
    const noContainer = await kubectl('get', '--raw', `/api/v1/namespaces/bookinfo/pods/${pod}/log`);
    expect(noContainer.stderr).toContain('a container name must be specified');
    expect(noContainer.stderr).toContain('choose one of: [reviews istio-proxy]');
    const missing = await kubectl('logs', '-n', 'bookinfo', 'nope', '-c', 'istio-proxy');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('pods "nope" not found');
    const previous = await kubectl('logs', '-n', 'bookinfo', pod, '-c', 'istio-proxy', '--previous');
    expect(previous.stderr).toContain(
      `previous terminated container "istio-proxy" in pod "${pod}" not found`,
    );
  });

  it('limits bytes and filters by time', async () => {
    const pod = reviewsPod();
    const limited = await kubectl('logs', '-n', 'bookinfo', pod, '-c', 'istio-proxy', '--limit-bytes=40');
    expect(limited.stdout.length).toBe(40);
    const recent = await kubectl(
      'logs',
      '-n',
      'bookinfo',
      pod,
      '-c',
      'istio-proxy',
      '--since=1s',
      '--timestamps',
    );
    const cutoff = Date.now() - 3000;
    for (const line of recent.stdout.trimEnd().split('\n').filter(Boolean))
      expect(Date.parse(line.split(' ')[0]!)).toBeGreaterThan(cutoff);
  });
});
