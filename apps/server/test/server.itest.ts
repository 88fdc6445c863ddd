import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { errorEnvelopeSchema, namespaceListSchema, readinessSchema } from '@sextant/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '@sextant/testkit';

const run = promisify(execFile);

/** The real server against the simulated cluster and a real Prometheus, all as child processes. */
describe('server against mesh-sim and Prometheus', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ scenario: 'bookinfo' });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('is ready with both upstreams reachable', async () => {
    const res = await fetch(`${stack.urls.sextant}/readyz`);
    expect(res.status).toBe(200);
    expect(readinessSchema.parse(await res.json()).checks).toEqual({
      kubernetes: { ok: true },
      prometheus: { ok: true },
    });
  });

  it('has Prometheus scraping the simulated Istio metrics', async () => {
    const samples = await stack.prometheus.waitForSamples('istio_requests_total{reporter="destination"}');
    expect(samples.length).toBeGreaterThan(0);
  });

  it('lists the simulated namespaces, as kubectl sees them', async () => {
    const res = await fetch(`${stack.urls.sextant}/api/namespaces`);
    expect(res.status).toBe(200);
    const namespaces = namespaceListSchema.parse(await res.json());
    const { stdout } = await run('kubectl', [
      '--kubeconfig',
      stack.kubeconfig,
      'get',
      'namespaces',
      '-o',
      'name',
    ]);
    const fromKubectl = stdout
      .trim()
      .split('\n')
      .map((line) => line.replace('namespace/', ''));
    expect(namespaces.map((ns) => ns.name)).toEqual([...fromKubectl].sort());
    expect(namespaces.find((ns) => ns.name === 'bookinfo')?.istioInjection).toBe(true);
  });

  it('follows namespaces added, relabelled and deleted with kubectl, through its watch', async () => {
    const kubectl = (args: string[], input?: string) => {
      const child = run('kubectl', ['--kubeconfig', stack.kubeconfig, ...args]);
      if (input !== undefined) child.child.stdin?.end(input);
      return child;
    };
    const itestNamespace = async () => {
      const body: unknown = await fetch(`${stack.urls.sextant}/api/namespaces`).then((r) => r.json());
      return namespaceListSchema.parse(body).find((ns) => ns.name === 'itest-watch');
    };
    const poll = { timeout: 10_000, interval: 100 };

    await kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: itest-watch\n');
    await expect.poll(itestNamespace, poll).toMatchObject({ istioInjection: false });

    await kubectl(['label', 'namespace', 'itest-watch', 'istio.io/rev=canary']);
    await expect
      .poll(itestNamespace, poll)
      .toMatchObject({ labels: { 'istio.io/rev': 'canary' }, istioInjection: true });

    await kubectl(['delete', 'namespace', 'itest-watch']);
    await expect.poll(itestNamespace, poll).toBeUndefined();
  });

  it('serves its own metrics', async () => {
    const text = await fetch(`${stack.urls.sextant}/metrics`).then((r) => r.text());
    expect(text).toContain('sextant_http_requests_total{method="GET",route="/api/namespaces",status="200"}');
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('answers 404 JSON for an unknown API route', async () => {
    const res = await fetch(`${stack.urls.sextant}/api/does-not-exist`);
    expect(res.status).toBe(404);
    expect(errorEnvelopeSchema.parse(await res.json()).error.code).toBe('NOT_FOUND');
  });

  it('turns not ready, naming Prometheus, when Prometheus goes away; stop() is idempotent', async () => {
    await stack.prometheus.stop();
    const res = await fetch(`${stack.urls.sextant}/readyz`);
    expect(res.status).toBe(503);
    const { error } = errorEnvelopeSchema.parse(await res.json());
    expect(error.message).toMatch(/^Not ready: Prometheus: /);
    expect(error.message).not.toContain('Kubernetes');

    await Promise.all([stack.stop(), stack.stop()]);
    await expect(fetch(`${stack.urls.sextant}/healthz`)).rejects.toThrow();
    await expect(fetch(`${stack.urls.kubeApi}/version`)).rejects.toThrow();
  });
});
