import type { AddressInfo } from 'node:net';
import { errorEnvelopeSchema, podLogsSchema, workloadPodsSchema } from '@sextant/contracts';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResourceRule } from '../auth/rbacRules.ts';
import { upstreamUnavailable } from '../errors.ts';
import { unsyncedStatus, type FakeKubeClient } from '../testing/fakes.ts';
import { seedBookinfo } from '../testing/istioFixtures.ts';
import { makeTestApp, type TestApp } from '../testing/testApp.ts';

const POD = 'reviews-v1-abc12';

function withPods(kube: FakeKubeClient): void {
  kube.objects.pods = [
    {
      metadata: { name: POD, namespace: 'bookinfo', labels: { app: 'reviews', version: 'v1' } },
      spec: {
        containers: [{ name: 'reviews' }, { name: 'istio-proxy' }],
        initContainers: [{ name: 'istio-init' }],
      },
      status: {
        phase: 'Running',
        startTime: '2025-01-01T11:00:00Z',
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    },
  ];
  kube.writePodLog(
    'bookinfo',
    POD,
    'istio-proxy',
    '2025-01-01T11:59:58.000000000Z [first] "GET / HTTP/1.1" 200',
  );
  kube.writePodLog(
    'bookinfo',
    POD,
    'istio-proxy',
    '2025-01-01T11:59:59.000000000Z [second] "GET / HTTP/1.1" 503',
  );
}

function bookinfo(config: Parameters<typeof makeTestApp>[0] = {}): TestApp {
  const t = makeTestApp(config);
  seedBookinfo(t.kube);
  withPods(t.kube);
  return t;
}

const errorOf = (res: request.Response) => errorEnvelopeSchema.parse(res.body).error;

describe('GET /api/namespaces/{ns}/workloads/{workload}/pods', () => {
  it('200 with the pods the Deployment selects and their containers', async () => {
    const res = await request(bookinfo().app).get('/api/namespaces/bookinfo/workloads/reviews-v1/pods');
    expect(res.status).toBe(200);
    expect(workloadPodsSchema.parse(res.body)).toEqual([
      {
        name: POD,
        phase: 'Running',
        ready: true,
        startTime: '2025-01-01T11:00:00Z',
        containers: [
          { name: 'reviews', isSidecar: false, isInit: false },
          { name: 'istio-proxy', isSidecar: true, isInit: false },
          { name: 'istio-init', isSidecar: false, isInit: true },
        ],
      },
    ]);
  });

  it('200 with no pods for a workload scaled to zero', async () => {
    const res = await request(bookinfo().app).get('/api/namespaces/bookinfo/workloads/reviews-v2/pods');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('400 for a bad workload name or an unknown parameter', async () => {
    const { app } = bookinfo();
    expect((await request(app).get('/api/namespaces/bookinfo/workloads/Reviews_1/pods')).status).toBe(400);
    const res = await request(app).get('/api/namespaces/bookinfo/workloads/reviews-v1/pods?x=1');
    expect(res.status).toBe(400);
    expect(errorOf(res).fieldErrors?.map((e) => e.path)).toEqual(['x']);
  });

  it('404 for a workload that does not exist', async () => {
    const res = await request(bookinfo().app).get('/api/namespaces/bookinfo/workloads/nope/pods');
    expect(res.status).toBe(404);
    expect(errorOf(res).message).toContain('"nope" not found');
  });

  it('503 while the pod cache cannot be read', async () => {
    const t = bookinfo();
    t.kube.kindStatus.pods = unsyncedStatus('connect ECONNREFUSED');
    const res = await request(t.app).get('/api/namespaces/bookinfo/workloads/reviews-v1/pods');
    expect(res.status).toBe(503);
  });
});

describe('GET /api/namespaces/{ns}/pods/{pod}/logs', () => {
  const url = (query: string) => `/api/namespaces/bookinfo/pods/${POD}/logs${query}`;

  it('200 with the lines split into the kubelet timestamp and the text', async () => {
    const res = await request(bookinfo().app).get(url('?container=istio-proxy'));
    expect(res.status).toBe(200);
    expect(podLogsSchema.parse(res.body)).toEqual({
      pod: POD,
      container: 'istio-proxy',
      lines: [
        { time: '2025-01-01T11:59:58.000000000Z', text: '[first] "GET / HTTP/1.1" 200' },
        { time: '2025-01-01T11:59:59.000000000Z', text: '[second] "GET / HTTP/1.1" 503' },
      ],
    });
  });

  it('200 with the last tailLines only, and an empty list for a quiet container', async () => {
    const { app } = bookinfo();
    const tail = await request(app).get(url('?container=istio-proxy&tailLines=1'));
    expect(tail.body.lines.map((l: { text: string }) => l.text)).toEqual(['[second] "GET / HTTP/1.1" 503']);
    const quiet = await request(app).get(url('?container=reviews'));
    expect(quiet.status).toBe(200);
    expect(quiet.body.lines).toEqual([]);
  });

  it.each([
    ['tailLines=-1', 'tailLines'],
    ['tailLines=lots', 'tailLines'],
    ['sinceSeconds=0', 'sinceSeconds'],
    ['follow=yes', 'follow'],
    ['pretty=true', 'pretty'],
  ])('400 for %s', async (query, path) => {
    const res = await request(bookinfo().app).get(url(`?container=istio-proxy&${query}`));
    expect(res.status).toBe(400);
    expect(errorOf(res).fieldErrors?.map((e) => e.path)).toEqual([path]);
  });

  it("400 naming the containers when the pod has several and none is chosen (Kubernetes' answer)", async () => {
    const res = await request(bookinfo().app).get(url(''));
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toContain('choose one of: [reviews istio-proxy]');
  });

  it('404 for a pod that does not exist', async () => {
    const res = await request(bookinfo().app).get('/api/namespaces/bookinfo/pods/gone-1/logs?container=x');
    expect(res.status).toBe(404);
    expect(errorOf(res).message).toBe('pods "gone-1" not found');
  });

  it('503 when Kubernetes is not reachable', async () => {
    const t = bookinfo();
    t.kube.podLogError = upstreamUnavailable(
      'kubernetes',
      'Kubernetes is not reachable: connect ECONNREFUSED',
    );
    const res = await request(t.app).get(url('?container=istio-proxy'));
    expect(res.status).toBe(503);
    expect(errorOf(res).code).toBe('UPSTREAM_UNAVAILABLE');
  });

  describe('as a signed-in user', () => {
    const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
    const READ: ResourceRule = {
      verbs: ['get', 'list', 'watch'],
      apiGroups: ['', 'apps'],
      resources: ['namespaces', 'pods', 'services', 'deployments'],
    };
    const LOGS: ResourceRule = { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] };

    async function signedIn(token: string) {
      const t = bookinfo({ auth: { strategy: 'token', sessionSecret: SECRET, sessionTtlMs: 3_600_000 } });
      t.kube.users.set('viewer-token', {
        user: { name: 'vic', groups: [] },
        rules: { bookinfo: [READ, LOGS] },
      });
      t.kube.users.set('podreader-token', { user: { name: 'pat', groups: [] }, rules: { bookinfo: [READ] } });
      const login = await request(t.app).post('/api/auth/login').send({ token }).expect(200);
      const cookie = ([] as string[])
        .concat(login.headers['set-cookie'] ?? [])
        .map((c) => c.split(';')[0])
        .join('; ');
      return { ...t, cookie };
    }

    it('200 for a user whom RBAC grants pods/log', async () => {
      const { app, cookie } = await signedIn('viewer-token');
      const res = await request(app).get(url('?container=istio-proxy')).set('Cookie', cookie);
      expect(res.status).toBe(200);
      expect(res.body.lines).toHaveLength(2);
    });

    it('403 for a user who may read pods but not their logs, with Kubernetes reason', async () => {
      const { app, cookie } = await signedIn('podreader-token');
      const res = await request(app).get(url('?container=istio-proxy')).set('Cookie', cookie);
      expect(res.status).toBe(403);
      expect(errorOf(res).message).toContain('cannot get resource "pods/log"');
    });
  });
});

describe('GET /api/namespaces/{ns}/pods/{pod}/logs?follow=true', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('streams NDJSON lines as the container writes them and closes the upstream when the browser leaves', async () => {
    const t = bookinfo();
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    close = () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      });
    const { port } = server.address() as AddressInfo;
    const browser = new AbortController();
    const res = await fetch(
      `http://127.0.0.1:${port}/api/namespaces/bookinfo/pods/${POD}/logs?container=istio-proxy&tailLines=1&follow=true`,
      { signal: browser.signal },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const lines = () =>
      received
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { text: string });
    const readUntil = async (count: number) => {
      while (lines().length < count) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        received += value;
      }
    };
    await readUntil(1);
    expect(lines()[0]!.text).toBe('[second] "GET / HTTP/1.1" 503');
    expect(t.kube.followers('bookinfo', POD, 'istio-proxy')).toBe(1);
    t.kube.writePodLog('bookinfo', POD, 'istio-proxy', '2025-01-01T12:00:00.000000000Z [third] live');
    await readUntil(2);
    expect(lines()[1]).toEqual({ time: '2025-01-01T12:00:00.000000000Z', text: '[third] live' });
    browser.abort();
    await expect.poll(() => t.kube.followers('bookinfo', POD, 'istio-proxy')).toBe(0);
  });

  it('answers a refusal before streaming with the usual error envelope', async () => {
    const res = await request(bookinfo().app).get(`/api/namespaces/bookinfo/pods/nope/logs?follow=true`);
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('NOT_FOUND');
  });
});
