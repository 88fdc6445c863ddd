import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMeshSim, type MeshSim } from '../src/index.ts';

const KUBECTL = process.env.KUBECTL ?? 'kubectl';
const hasKubectl = spawnSync(KUBECTL, ['version', '--client'], { stdio: 'ignore' }).status === 0;
const run = promisify(execFile);

let sim: MeshSim;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mesh-sim-kubectl-'));
  sim = await startMeshSim({ scenario: 'bookinfo', kubeconfigOut: join(dir, 'kubeconfig') });
});
afterAll(async () => {
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

async function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(KUBECTL, ['--kubeconfig', join(dir, 'kubeconfig'), ...args], {
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const reviewsVs = (v1: number | string, v3: number | string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: ${v1}
    - destination: {host: reviews, subset: v3}
      weight: ${v3}
`;

async function applyYaml(name: string, yaml: string) {
  const file = join(dir, name);
  await writeFile(file, yaml);
  return kubectl('apply', '-f', file);
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!hasKubectl)('real kubectl against mesh-sim', () => {
  it('gets the Bookinfo pods', async () => {
    const { code, stdout } = await kubectl('get', 'pods', '-n', 'bookinfo');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    for (const app of [
      'productpage-v1',
      'details-v1',
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
      'ratings-v1',
    ])
      expect(stdout).toMatch(new RegExp(`^${app}-\\S+\\s+2/2\\s+Running`, 'm'));
  });

  it('applies a VirtualService, then applies a change to it', async () => {
    const created = await applyYaml('vs.yaml', reviewsVs(80, 20));
    expect(created).toMatchObject({
      code: 0,
      stdout: 'virtualservice.networking.istio.io/reviews created\n',
    });
    const changed = await applyYaml('vs.yaml', reviewsVs(60, 40));
    expect(changed).toMatchObject({
      code: 0,
      stdout: 'virtualservice.networking.istio.io/reviews configured\n',
    });
    const unchanged = await applyYaml('vs.yaml', reviewsVs(60, 40));
    expect(unchanged.stdout).toBe('virtualservice.networking.istio.io/reviews unchanged\n');
    const { stdout } = await kubectl('get', 'virtualservices', '-n', 'bookinfo', '-o', 'yaml');
    expect(stdout).toContain('kind: List');
    expect(stdout).toMatch(/subset: v1\n\s+weight: 60/);
    expect(stdout).toMatch(/subset: v3\n\s+weight: 40/);
    expect(stdout).toContain('generation: 2');
  });

  it('merge-patches a VirtualService', async () => {
    const patched = await kubectl(
      'patch',
      'vs',
      'reviews',
      '-n',
      'bookinfo',
      '--type',
      'merge',
      '-p',
      '{"spec":{"hosts":["reviews","reviews.bookinfo.svc.cluster.local"]}}',
    );
    expect(patched).toMatchObject({
      code: 0,
      stdout: 'virtualservice.networking.istio.io/reviews patched\n',
    });
    const { stdout } = await kubectl(
      'get',
      'vs',
      'reviews',
      '-n',
      'bookinfo',
      '-o',
      'jsonpath={.spec.hosts}',
    );
    expect(JSON.parse(stdout)).toEqual(['reviews', 'reviews.bookinfo.svc.cluster.local']);
  });

  it('refuses an invalid VirtualService with 422 naming the field, and stores nothing', async () => {
    const bad = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: broken, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
      destination: {host: reviews}
  - route:
    - destination: {host: reviews}
      weight: abc
`;
    const result = await applyYaml('bad.yaml', bad);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('spec.http[0].route');
    expect(result.stderr).toContain('spec.http[1].route[0].weight');
    const get = await kubectl('get', 'vs', 'broken', '-n', 'bookinfo');
    expect(get.stderr).toContain('virtualservices.networking.istio.io "broken" not found');
  });

  it('scales a deployment to zero and its pods go away', async () => {
    const scaled = await kubectl('scale', 'deployment', 'reviews-v1', '--replicas=0', '-n', 'bookinfo');
    expect(scaled).toMatchObject({ code: 0, stdout: 'deployment.apps/reviews-v1 scaled\n' });
    await eventually(
      async () =>
        (await kubectl('get', 'pods', '-n', 'bookinfo', '-l', 'app=reviews,version=v1', '-o', 'name'))
          .stdout === '',
    );
    const { stdout } = await kubectl('get', 'deployment', 'reviews-v1', '-n', 'bookinfo');
    expect(stdout).toMatch(/reviews-v1\s+0\/0/);
  });

  it('watches VirtualServices and prints a change made meanwhile', async () => {
    const watcher = spawn(
      KUBECTL,
      ['--kubeconfig', join(dir, 'kubeconfig'), 'get', 'vs', '-n', 'bookinfo', '-w'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    watcher.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await eventually(async () => /^reviews\s/m.test(out));
      const before = out.split('\n').filter((l) => l.startsWith('reviews ')).length;
      await kubectl(
        'patch',
        'vs',
        'reviews',
        '-n',
        'bookinfo',
        '--type',
        'merge',
        '-p',
        '{"spec":{"hosts":["reviews"]}}',
      );
      await eventually(async () => out.split('\n').filter((l) => l.startsWith('reviews ')).length > before);
      const lines = out.trim().split('\n');
      expect(lines[0]).toMatch(/^NAME\s+GATEWAYS\s+HOSTS\s+AGE/);
      expect(lines.at(-1)).toMatch(/^reviews\s+\[\]\s+\[reviews\]\s+\d+s$/);
    } finally {
      watcher.kill();
    }
  });

  it('deletes a VirtualService', async () => {
    expect(await kubectl('delete', 'vs', 'reviews', '-n', 'bookinfo')).toMatchObject({
      code: 0,
      stdout: 'virtualservice.networking.istio.io "reviews" deleted\n',
    });
    const { stdout } = await kubectl('get', 'vs', '-n', 'bookinfo', '-o', 'name');
    expect(stdout).toBe('virtualservice.networking.istio.io/bookinfo\n');
  });
});
