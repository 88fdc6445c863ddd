import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { errorEnvelopeSchema, podLogsSchema, workloadPodsSchema } from '@sextant/contracts';
import { parseAccessLogLine } from '@sextant/mesh';
import { startMeshSim, type MeshSim } from '@sextant/mesh-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { InformerKubeClient } from '../src/clients/kube.client.ts';
import { FakeMetricsClient, silentLogger } from '../src/testing/fakes.ts';

/**
 * Pod logs end to end: the server in-process with its real Kubernetes client, against mesh-sim's
 * Bookinfo whose traffic engine writes the sidecars' access logs. No Prometheus: logs need none.
 */
let sim: MeshSim;
let server: Server;
let kube: InformerKubeClient;
let url: string;

beforeAll(async () => {
  sim = await startMeshSim({ scenario: 'bookinfo', metricsPort: 0, tickMs: 200 });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(sim.kubeconfigYaml);
  kube = new InformerKubeClient(kubeConfig, silentLogger);
  kube.start();
  const app = createApp({
    kube,
    metrics: new FakeMetricsClient(),
    logger: silentLogger,
    config: { viewOnly: false, staticDir: undefined },
  });
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await kube?.stop();
  await sim?.stop();
});

async function eventually<T>(get: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function reviewsPod(): Promise<string> {
  return eventually(async () => {
    const res = await fetch(`${url}/api/namespaces/bookinfo/workloads/reviews-v1/pods`);
    if (res.status !== 200) return undefined;
    const pods = workloadPodsSchema.parse(await res.json());
    return pods[0]?.name;
  });
}

describe('pod logs through the server against mesh-sim', () => {
  it("lists reviews-v1's pod with its app container, sidecar and init container", async () => {
    await reviewsPod();
    const res = await fetch(`${url}/api/namespaces/bookinfo/workloads/reviews-v1/pods`);
    const [pod] = workloadPodsSchema.parse(await res.json());
    expect(pod!.containers.map((c) => [c.name, c.isSidecar, c.isInit])).toEqual([
      ['reviews', false, false],
      ['istio-proxy', true, false],
      ['istio-init', false, true],
    ]);
  });

  it("reads the sidecar's access log: the last 5 lines, each parseable, with the kubelet's timestamps", async () => {
    const pod = await reviewsPod();
    const logs = await eventually(async () => {
      const res = await fetch(
        `${url}/api/namespaces/bookinfo/pods/${pod}/logs?container=istio-proxy&tailLines=5`,
      );
      const body = podLogsSchema.parse(await res.json());
      return body.lines.filter((l) => parseAccessLogLine(l.text)).length === 5 ? body : undefined;
    });
    for (const line of logs.lines) {
      expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      expect(parseAccessLogLine(line.text)).toMatchObject({ method: 'GET', authority: 'reviews:9080' });
    }
  });

  it("passes on Kubernetes' 400 when no container is chosen and its 404 for an unknown pod", async () => {
    const pod = await reviewsPod();
    const noContainer = await fetch(`${url}/api/namespaces/bookinfo/pods/${pod}/logs`);
    expect(noContainer.status).toBe(400);
    expect(errorEnvelopeSchema.parse(await noContainer.json()).error.message).toContain(
      'choose one of: [reviews istio-proxy]',
    );
    const unknown = await fetch(`${url}/api/namespaces/bookinfo/pods/nope-1/logs?container=istio-proxy`);
    expect(unknown.status).toBe(404);
  });

  it('follows: NDJSON lines arrive as the traffic engine writes them', async () => {
    const pod = await reviewsPod();
    const browser = new AbortController();
    const res = await fetch(
      `${url}/api/namespaces/bookinfo/pods/${pod}/logs?container=istio-proxy&tailLines=0&follow=true`,
      { signal: browser.signal },
    );
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (text.split('\n').filter(Boolean).length < 3) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      text += value;
    }
    browser.abort();
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { time: string; text: string });
    // tailLines=0: nothing old, so every line was written after the stream opened.
    for (const line of lines) expect(parseAccessLogLine(line.text)).toBeDefined();
  });

  it('503 while the Kubernetes API is down', async () => {
    const pod = await reviewsPod();
    await sim.setKubeApiMode('down');
    try {
      const res = await fetch(`${url}/api/namespaces/bookinfo/pods/${pod}/logs?container=istio-proxy`);
      expect(res.status).toBe(503);
      expect(errorEnvelopeSchema.parse(await res.json()).error.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      await sim.setKubeApiMode('up');
    }
  });
});
