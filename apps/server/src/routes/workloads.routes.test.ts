import {
  appDetailsSchema,
  appListSchema,
  errorEnvelopeSchema,
  workloadDetailsSchema,
  workloadListSchema,
} from '@sextant/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { seedBookinfo } from '../testing/istioFixtures.ts';
import { unsyncedStatus } from '../testing/fakes.ts';
import { makeTestApp, type TestApp } from '../testing/testApp.ts';

/** A sample of the one health query: received (`inbound`) or sent (`outbound`) by `workload`. */
const sample = (direction: 'inbound' | 'outbound') => (workload: string, code: string, value: number) => {
  const side = direction === 'inbound' ? 'destination' : 'source';
  return {
    metric: {
      direction,
      [`${side}_workload_namespace`]: 'bookinfo',
      [`${side}_workload`]: workload,
      [`${side}_canonical_service`]: workload.replace(/-v\d$/, ''),
      request_protocol: 'http',
      response_code: code,
      grpc_response_status: '',
    },
    value: [1735732800, String(value)] as [number, string],
  };
};
const inbound = sample('inbound');
const outbound = sample('outbound');

function bookinfo(): TestApp {
  const t = makeTestApp();
  seedBookinfo(t.kube);
  t.kube.objects.pods = [
    {
      metadata: {
        name: 'reviews-v1-abc',
        namespace: 'bookinfo',
        labels: { app: 'reviews', version: 'v1' },
      },
      spec: {
        containers: [
          { name: 'reviews', image: 'reviews:1' },
          { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.24.0' },
        ],
      },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'reviews', ready: true, restartCount: 0 },
          { name: 'istio-proxy', ready: true, restartCount: 1 },
        ],
      },
    },
  ];
  // ratings-v1 has no pod ready: a failure whatever its traffic.
  const ratings = t.kube.objects.deployments!.find((d) => d.metadata?.name === 'ratings-v1')!;
  Object.assign(ratings, { status: { readyReplicas: 0 } });
  t.metrics.answer = () => [
    inbound('reviews-v1', '200', 9),
    inbound('reviews-v2', '503', 1),
    inbound('reviews-v2', '200', 1),
    // reviews-v3's own calls fail half the time: it is failing as a caller.
    outbound('reviews-v3', '200', 2),
    outbound('reviews-v3', '503', 2),
  ];
  return t;
}

const errorOf = (res: request.Response) => errorEnvelopeSchema.parse(res.body).error;

describe('GET /api/namespaces/{namespace}/workloads', () => {
  it('200 with every Deployment, its health in words, warnings, config and traffic from one query', async () => {
    const t = bookinfo();
    const res = await request(t.app).get('/api/namespaces/bookinfo/workloads?duration=5m');
    expect(res.status).toBe(200);
    const body = workloadListSchema.parse(res.body);
    expect(body.duration).toBe(300);
    expect(body.errors).toBeUndefined();
    expect(t.metrics.queries).toHaveLength(1);
    expect(t.metrics.queries[0]!.promql).toContain('[300s]');
    const byName = new Map(body.workloads.map((w) => [w.name, w]));
    expect([...byName.keys()]).toEqual(['ratings-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3']);
    expect(byName.get('ratings-v1')!.health).toEqual({
      status: 'Failure',
      reasons: ['ratings-v1: 0 of 1 pods ready'],
    });
    expect(byName.get('reviews-v1')!).toMatchObject({
      kind: 'Deployment',
      app: 'reviews',
      version: 'v1',
      hasSidecar: true,
      health: { status: 'Healthy', reasons: [] },
      traffic: { requestRate: 9, errorPercent: 0 },
      warnings: [],
    });
    expect(byName.get('reviews-v2')!.health.status).toBe('Failure');
    expect(byName.get('reviews-v2')!.health.reasons[0]).toContain('50% of HTTP requests got 5xx');
    expect(byName.get('reviews-v3')!.traffic).toEqual({ requestRate: 0, errorPercent: 0 });
    expect(byName.get('reviews-v3')!.health).toEqual({
      status: 'Failure',
      reasons: ['50% of outbound HTTP requests got 5xx or no response (failing at 10% or more)'],
    });
    expect(byName.get('reviews-v1')!.istioConfig.map((c) => `${c.kind}/${c.name}/${c.via}`)).toEqual([
      'AuthorizationPolicy/allow-nothing/selector',
      'DestinationRule/reviews/service',
      'Sidecar/default/selector',
      'VirtualService/reviews/service',
    ]);
  });

  it('200 with the rows but no traffic, and the reason, when Prometheus fails', async () => {
    const t = bookinfo();
    t.metrics.queryError = new AppError(503, 'UPSTREAM_UNAVAILABLE', 'Prometheus is unreachable');
    const body = workloadListSchema.parse(
      (await request(t.app).get('/api/namespaces/bookinfo/workloads').expect(200)).body,
    );
    expect(body.workloads).toHaveLength(4);
    expect(body.workloads[1]!.traffic).toBeUndefined();
    expect(body.errors).toEqual([
      { source: 'prometheus', message: expect.stringContaining('Prometheus is unreachable') },
    ]);
  });

  it('200 with no Istio config, and why, when the Istio caches cannot be read', async () => {
    const t = bookinfo();
    t.kube.kindStatus.virtualServices = unsyncedStatus('virtualservices is forbidden', 403);
    const body = workloadListSchema.parse(
      (await request(t.app).get('/api/namespaces/bookinfo/workloads').expect(200)).body,
    );
    expect(body.workloads.every((w) => w.istioConfig.length === 0)).toBe(true);
    expect(body.errors?.[0]).toEqual({
      source: 'kubernetes',
      message: expect.stringContaining('Istio config is unavailable'),
    });
  });

  it.each([
    ['a bad namespace', '/api/namespaces/Book.info/workloads', 'namespace'],
    ['a bad duration', '/api/namespaces/bookinfo/workloads?duration=forever', 'duration'],
    ['an unknown parameter', '/api/namespaces/bookinfo/workloads?sort=name', 'sort'],
  ])('400 for %s', async (_, url, path) => {
    const res = await request(bookinfo().app).get(url);
    expect(res.status).toBe(400);
    expect(errorOf(res).fieldErrors?.map((e) => e.path)).toEqual([path]);
  });

  it('404 for an unknown namespace', async () => {
    const res = await request(bookinfo().app).get('/api/namespaces/nope/workloads');
    expect(res.status).toBe(404);
    expect(errorOf(res).message).toContain('namespaces "nope" not found');
  });

  it('503 while the pods cache is not synced, 403 when Kubernetes refuses to list deployments', async () => {
    const t = bookinfo();
    t.kube.kindStatus.pods = unsyncedStatus('connect ECONNREFUSED', undefined);
    const unsynced = await request(t.app).get('/api/namespaces/bookinfo/workloads');
    expect(unsynced.status).toBe(503);
    expect(errorOf(unsynced).details).toEqual({ upstream: 'kubernetes' });
    const u = makeTestApp();
    seedBookinfo(u.kube);
    u.kube.kindStatus.deployments = unsyncedStatus('deployments is forbidden', 403);
    expect((await request(u.app).get('/api/namespaces/bookinfo/workloads')).status).toBe(403);
  });
});

describe('GET /api/namespaces/{namespace}/workloads/{name}', () => {
  it('200 with pods, the proxy version, the Services selecting it and validated config', async () => {
    const res = await request(bookinfo().app).get('/api/namespaces/bookinfo/workloads/reviews-v1');
    expect(res.status).toBe(200);
    const body = workloadDetailsSchema.parse(res.body);
    expect(body.workload.name).toBe('reviews-v1');
    expect(body.pods).toEqual([
      {
        name: 'reviews-v1-abc',
        phase: 'Running',
        readyContainers: 2,
        containers: 2,
        restarts: 1,
        proxy: { image: 'docker.io/istio/proxyv2:1.24.0', version: '1.24.0' },
      },
    ]);
    expect(body.services.map((s) => s.name)).toEqual(['reviews']);
    expect(body.istioConfig.map((c) => c.kind)).toEqual([
      'AuthorizationPolicy',
      'DestinationRule',
      'Sidecar',
      'VirtualService',
    ]);
    expect(body.istioConfig.every((c) => Array.isArray(c.validations))).toBe(true);
  });

  it.each([
    [
      'a workload name that is not a DNS-1123 subdomain',
      '/api/namespaces/bookinfo/workloads/Reviews_1',
      'name',
    ],
    ['a bad namespace', '/api/namespaces/-x/workloads/reviews-v1', 'namespace'],
  ])('400 for %s', async (_, url, path) => {
    const res = await request(bookinfo().app).get(url);
    expect(res.status).toBe(400);
    expect(errorOf(res).fieldErrors?.map((e) => e.path)).toEqual([path]);
  });

  it.each([
    ['an unknown workload', '/api/namespaces/bookinfo/workloads/nope', 'workloads "nope" not found'],
    ['an unknown namespace', '/api/namespaces/nope/workloads/reviews-v1', 'namespaces "nope" not found'],
  ])('404 for %s', async (_, url, message) => {
    const res = await request(bookinfo().app).get(url);
    expect(res.status).toBe(404);
    expect(errorOf(res)).toEqual({ code: 'NOT_FOUND', message: expect.stringContaining(message) });
  });

  it('503 while the deployments cache is not synced', async () => {
    const t = bookinfo();
    t.kube.kindStatus.deployments = unsyncedStatus('connect ECONNREFUSED', undefined);
    expect((await request(t.app).get('/api/namespaces/bookinfo/workloads/reviews-v1')).status).toBe(503);
  });
});

describe('GET /api/namespaces/{namespace}/apps', () => {
  it('200 with workloads grouped by app label, judged together', async () => {
    const res = await request(bookinfo().app).get('/api/namespaces/bookinfo/apps');
    expect(res.status).toBe(200);
    const body = appListSchema.parse(res.body);
    expect(body.apps.map((a) => [a.name, a.workloads.map((w) => w.name), a.versions])).toEqual([
      ['ratings', ['ratings-v1'], ['v1']],
      ['reviews', ['reviews-v1', 'reviews-v2', 'reviews-v3'], ['v1', 'v2', 'v3']],
    ]);
    const reviews = body.apps[1]!;
    expect(reviews.labels).toEqual({ app: 'reviews' });
    expect(reviews.traffic).toEqual({ requestRate: 11, errorPercent: (1 / 11) * 100 });
    expect(reviews.health).toEqual({
      status: 'Failure',
      reasons: [
        '50% of outbound HTTP requests got 5xx or no response (failing at 10% or more)',
        '9.1% of HTTP requests got 5xx or no response (degraded above 0%)',
      ],
    });
    expect(body.apps[0]!.health).toEqual({ status: 'Failure', reasons: ['ratings-v1: 0 of 1 pods ready'] });
  });

  it('400 for a bad namespace, 404 for an unknown one, 503 while namespaces are not synced', async () => {
    expect((await request(bookinfo().app).get('/api/namespaces/Bad!/apps')).status).toBe(400);
    expect((await request(bookinfo().app).get('/api/namespaces/nope/apps')).status).toBe(404);
    const t = bookinfo();
    t.kube.kindStatus.namespaces = unsyncedStatus('connect ECONNREFUSED', undefined);
    expect((await request(t.app).get('/api/namespaces/bookinfo/apps')).status).toBe(503);
  });
});

describe('GET /api/namespaces/{namespace}/apps/{name}', () => {
  it('200 with its workloads each judged, their pods, services and config', async () => {
    const res = await request(bookinfo().app).get('/api/namespaces/bookinfo/apps/reviews');
    expect(res.status).toBe(200);
    const body = appDetailsSchema.parse(res.body);
    expect(body.app.name).toBe('reviews');
    expect(body.workloads.map((w) => [w.name, w.health.status])).toEqual([
      ['reviews-v1', 'Healthy'],
      ['reviews-v2', 'Failure'],
      ['reviews-v3', 'Failure'],
    ]);
    expect(body.pods.map((p) => [p.workload, p.name])).toEqual([['reviews-v1', 'reviews-v1-abc']]);
    expect(body.services.map((s) => s.name)).toEqual(['reviews']);
    expect(body.istioConfig.map((c) => c.name)).toContain('reviews');
  });

  it.each([
    ['400 for a name that is not a label value', '/api/namespaces/bookinfo/apps/a%20b', 400],
    ['404 for an app no workload is labelled with', '/api/namespaces/bookinfo/apps/nope', 404],
    ['404 for an unknown namespace', '/api/namespaces/nope/apps/reviews', 404],
  ])('%s', async (_, url, status) => {
    expect((await request(bookinfo().app).get(url)).status).toBe(status);
  });

  it('503 while the services cache is not synced', async () => {
    const t = bookinfo();
    t.kube.kindStatus.services = unsyncedStatus('connect ECONNREFUSED', undefined);
    expect((await request(t.app).get('/api/namespaces/bookinfo/apps/reviews')).status).toBe(503);
  });
});
