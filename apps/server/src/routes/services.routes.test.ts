import {
  errorEnvelopeSchema,
  serviceDetailsSchema,
  serviceListSchema,
  serviceWorkloadsSchema,
} from '@sextant/contracts';
import request from 'supertest';
import { AppError } from '../errors.ts';
import { describe, expect, it } from 'vitest';
import { reviewsSpec, seedBookinfo } from '../testing/istioFixtures.ts';
import { makeTestApp, type TestApp } from '../testing/testApp.ts';
import { unsyncedStatus } from '../testing/fakes.ts';

function bookinfo(): TestApp {
  const t = makeTestApp();
  seedBookinfo(t.kube);
  return t;
}

const errorOf = (res: request.Response) => errorEnvelopeSchema.parse(res.body).error;

describe('GET /api/namespaces/{namespace}/services/{name}/workloads', () => {
  it('200 with the workloads the selector matches and their template labels', async () => {
    const { app } = bookinfo();
    const res = await request(app).get('/api/namespaces/bookinfo/services/reviews/workloads');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(serviceWorkloadsSchema.parse(res.body)).toEqual({
      service: 'reviews',
      namespace: 'bookinfo',
      selector: { app: 'reviews' },
      workloads: ['v1', 'v2', 'v3'].map((v) => ({
        name: `reviews-${v}`,
        kind: 'Deployment',
        labels: { app: 'reviews', version: v },
        replicas: 1,
        readyReplicas: 1,
      })),
    });
  });

  it('200 with no workloads when none matches the selector', async () => {
    const t = bookinfo();
    t.kube.objects.deployments = [];
    const res = await request(t.app).get('/api/namespaces/bookinfo/services/ratings/workloads');
    expect(res.status).toBe(200);
    expect(res.body.workloads).toEqual([]);
  });

  it.each([
    { what: 'a service name that is not a DNS-1123 label', url: 'bookinfo/services/Reviews_1', path: 'name' },
    { what: 'a bad namespace', url: 'Book.info/services/reviews', path: 'namespace' },
  ])('400 for $what', async ({ url, path }) => {
    const { app } = bookinfo();
    const res = await request(app).get(`/api/namespaces/${url}/workloads`);
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors?.map((e) => e.path)).toEqual([path]);
  });

  it.each([
    { what: 'an unknown service', url: 'bookinfo/services/nope', message: 'services "nope" not found' },
    { what: 'an unknown namespace', url: 'nope/services/reviews', message: 'namespaces "nope" not found' },
  ])('404 for $what', async ({ url, message }) => {
    const { app } = bookinfo();
    const res = await request(app).get(`/api/namespaces/${url}/workloads`);
    expect(res.status).toBe(404);
    expect(errorOf(res)).toEqual({ code: 'NOT_FOUND', message: expect.stringContaining(message) });
  });

  it('503 while the deployments cache is not synced', async () => {
    const t = bookinfo();
    t.kube.kindStatus.deployments = unsyncedStatus('connect ECONNREFUSED', undefined);
    const res = await request(t.app).get('/api/namespaces/bookinfo/services/reviews/workloads');
    expect(res.status).toBe(503);
    const error = errorOf(res);
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.details).toEqual({ upstream: 'kubernetes' });
  });

  it('403 when the API server refuses to list services (RBAC)', async () => {
    const t = bookinfo();
    t.kube.kindStatus.services = unsyncedStatus('services is forbidden', 403);
    const res = await request(t.app).get('/api/namespaces/bookinfo/services/reviews/workloads');
    expect(res.status).toBe(403);
    expect(errorOf(res).code).toBe('FORBIDDEN');
  });

  it('does not shadow the metrics of a service', async () => {
    const t = bookinfo();
    const res = await request(t.app).get('/api/namespaces/bookinfo/services/reviews/metrics');
    expect(res.status).toBe(200);
  });
});

describe('GET /api/namespaces/{namespace}/services', () => {
  it('200 with the services of the namespace, sorted, with workloads, versions and config badges', async () => {
    const { app } = bookinfo();
    const res = await request(app).get('/api/namespaces/bookinfo/services');
    expect(res.status).toBe(200);
    expect(serviceListSchema.parse(res.body)).toEqual([
      {
        name: 'ratings',
        namespace: 'bookinfo',
        selector: { app: 'ratings' },
        ports: [{ name: 'http', port: 9080 }],
        labels: {},
        workloads: 1,
        versions: ['v1'],
        config: { hasVS: false, hasDR: false },
        warnings: [],
      },
      {
        name: 'reviews',
        namespace: 'bookinfo',
        selector: { app: 'reviews' },
        ports: [{ name: 'http', port: 9080 }],
        labels: {},
        workloads: 3,
        versions: ['v1', 'v2', 'v3'],
        config: { hasVS: true, hasDR: true },
        warnings: [],
      },
    ]);
  });

  it('health=true: each Service judged by the requests it received, with its traffic, from one query', async () => {
    const t = bookinfo();
    const sample = (service: string, code: string, value: number) => ({
      metric: { destination_service_name: service, request_protocol: 'http', response_code: code },
      value: [1735732800, String(value)] as [number, string],
    });
    t.metrics.answer = () => [sample('reviews', '200', 9), sample('reviews', '503', 1)];
    const res = await request(t.app).get('/api/namespaces/bookinfo/services?health=true&duration=5m');
    expect(res.status).toBe(200);
    expect(t.metrics.queries).toHaveLength(1);
    expect(t.metrics.queries[0]!.promql).toContain('destination_service_namespace="bookinfo"');
    expect(t.metrics.queries[0]!.promql).toContain('[300s]');
    const list = serviceListSchema.parse(res.body);
    expect(list.map((s) => [s.name, s.health, s.traffic])).toEqual([
      ['ratings', { status: 'NA', reasons: [] }, { requestRate: 0, errorPercent: 0 }],
      [
        'reviews',
        {
          status: 'Failure',
          reasons: ['10% of HTTP requests got 5xx or no response (failing at 10% or more)'],
        },
        { requestRate: 10, errorPercent: 10 },
      ],
    ]);
  });

  it('health=true with Prometheus down: the rows still come, health NA saying why, no traffic', async () => {
    const t = bookinfo();
    t.metrics.queryError = new AppError(503, 'UPSTREAM_UNAVAILABLE', 'connect ECONNREFUSED 127.0.0.1:9090');
    const res = await request(t.app).get('/api/namespaces/bookinfo/services?health=true');
    expect(res.status).toBe(200);
    const list = serviceListSchema.parse(res.body);
    expect(list.map((s) => s.traffic)).toEqual([undefined, undefined]);
    expect(list[0]!.health!.status).toBe('NA');
    expect(list[0]!.health!.reasons[0]).toMatch(/^Request health is unavailable: .*ECONNREFUSED/);
  });

  it('warns about a Service selecting nothing and one whose workloads have no sidecar', async () => {
    const t = bookinfo();
    t.kube.objects.services!.push({
      metadata: { name: 'ghost', namespace: 'bookinfo' },
      spec: { selector: { app: 'ghost' }, ports: [{ port: 80 }] },
    });
    const res = await request(t.app).get('/api/namespaces/bookinfo/services');
    const ghost = serviceListSchema.parse(res.body).find((s) => s.name === 'ghost')!;
    expect(ghost.warnings).toEqual([
      { code: 'noWorkloads', message: 'ghost selects no workload: requests to it have nowhere to go' },
    ]);
    expect((await request(t.app).get('/api/namespaces/bookinfo/services?health=maybe')).status).toBe(400);
  });

  it('200 with the worst finding of the routing that applies (a VirtualService routing to a missing subset)', async () => {
    const t = bookinfo();
    t.kube.seedIstio('virtualservices', {
      metadata: { name: 'ratings', namespace: 'bookinfo' },
      spec: { hosts: ['ratings'], http: [{ route: [{ destination: { host: 'ratings', subset: 'v9' } }] }] },
    });
    const res = await request(t.app).get('/api/namespaces/bookinfo/services');
    expect(res.status).toBe(200);
    const ratings = serviceListSchema.parse(res.body).find((s) => s.name === 'ratings');
    expect(ratings?.config).toEqual({ hasVS: true, hasDR: false, worstSeverity: 'error' });
  });

  it('200 without config badges when the Istio config cannot be read (the services still list)', async () => {
    const t = bookinfo();
    t.kube.kindStatus.virtualServices = unsyncedStatus(
      'virtualservices.networking.istio.io is forbidden',
      403,
    );
    const res = await request(t.app).get('/api/namespaces/bookinfo/services');
    expect(res.status).toBe(200);
    const list = serviceListSchema.parse(res.body);
    expect(list.map((s) => [s.name, s.config])).toEqual([
      ['ratings', undefined],
      ['reviews', undefined],
    ]);
  });

  it('200 with [] for a namespace without services', async () => {
    const { app } = bookinfo();
    const res = await request(app).get('/api/namespaces/default/services');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('400 for a bad namespace or an unknown parameter, 404 for an unknown namespace, 503 while not synced', async () => {
    const t = bookinfo();
    expect((await request(t.app).get('/api/namespaces/-x-/services')).status).toBe(400);
    const unknown = await request(t.app).get('/api/namespaces/bookinfo/services?namespace=x');
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown).fieldErrors).toEqual([{ path: 'namespace', message: 'unknown parameter' }]);
    expect((await request(t.app).get('/api/namespaces/nope/services')).status).toBe(404);
    t.kube.cacheStatus = unsyncedStatus(undefined, undefined);
    const res = await request(t.app).get('/api/namespaces/bookinfo/services');
    expect(res.status).toBe(503);
    expect(errorOf(res).code).toBe('UPSTREAM_UNAVAILABLE');
  });
});

describe('GET /api/namespaces/{namespace}/services/{name}', () => {
  it('200 with the service, its workloads and versions, and the routing that applies with validations', async () => {
    const t = bookinfo();
    // A VirtualService elsewhere that only routes to reviews, and one for another host.
    t.kube.seedIstio('virtualservices', {
      metadata: { name: 'gateway-routes', namespace: 'default' },
      spec: {
        hosts: ['*'],
        gateways: ['bookinfo/gw'],
        http: [{ route: [{ destination: { host: 'reviews.bookinfo' } }] }],
      },
    });
    t.kube.seedIstio('virtualservices', {
      metadata: { name: 'ratings', namespace: 'bookinfo' },
      spec: reviewsSpec([['v1', 100]], ['ratings']),
    });
    const res = await request(t.app).get('/api/namespaces/bookinfo/services/reviews');
    expect(res.status).toBe(200);
    const body = serviceDetailsSchema.parse(res.body);
    expect(body.service).toEqual({
      name: 'reviews',
      namespace: 'bookinfo',
      selector: { app: 'reviews' },
      ports: [{ name: 'http', port: 9080 }],
      labels: {},
    });
    expect(body.workloads.map((w) => [w.name, w.replicas, w.readyReplicas])).toEqual([
      ['reviews-v1', 1, 1],
      ['reviews-v2', 1, 1],
      ['reviews-v3', 1, 1],
    ]);
    expect(body.versions).toEqual(['v1', 'v2', 'v3']);
    expect(body.errors).toBeUndefined();
    expect(
      body.istioConfig.map((c) => ({ ...c, validations: c.validations.map((v) => v.severity) })),
    ).toEqual(
      [
        {
          kind: 'DestinationRule',
          name: 'reviews',
          namespace: 'bookinfo',
          relation: 'host',
          hosts: ['reviews'],
          subsets: ['v1', 'v2', 'v3'],
          validations: [],
        },
        {
          kind: 'VirtualService',
          name: 'reviews',
          namespace: 'bookinfo',
          relation: 'host',
          hosts: ['reviews'],
          subsets: [],
          validations: [],
        },
        {
          kind: 'VirtualService',
          name: 'ratings',
          namespace: 'bookinfo',
          relation: 'destination',
          hosts: ['ratings'],
          subsets: [],
          validations: [],
        },
        {
          kind: 'VirtualService',
          name: 'gateway-routes',
          namespace: 'default',
          relation: 'destination',
          hosts: ['*'],
          subsets: [],
          validations: expect.any(Array),
        },
      ].sort(
        (a, b) =>
          a.kind.localeCompare(b.kind) ||
          a.namespace.localeCompare(b.namespace) ||
          a.name.localeCompare(b.name),
      ),
    );
  });

  it('200 with an error finding for a VirtualService routing to a subset no DestinationRule defines', async () => {
    const t = bookinfo();
    t.kube.objects.virtualServices = [];
    t.kube.seedIstio('virtualservices', {
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: reviewsSpec([['v9', 100]]),
    });
    const res = await request(t.app).get('/api/namespaces/bookinfo/services/reviews');
    expect(res.status).toBe(200);
    const vs = serviceDetailsSchema.parse(res.body).istioConfig.find((c) => c.kind === 'VirtualService');
    expect(vs?.validations).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'VS_SUBSET_NOT_FOUND',
        path: expect.stringContaining('subset'),
      }),
    ]);
  });

  it('200 with no routing for a service nothing configures', async () => {
    const { app } = bookinfo();
    const res = await request(app).get('/api/namespaces/bookinfo/services/ratings');
    expect(res.status).toBe(200);
    expect(serviceDetailsSchema.parse(res.body)).toMatchObject({ istioConfig: [], versions: ['v1'] });
  });

  it('200 whose errors say the routing is missing while the Istio config cannot be read', async () => {
    const t = bookinfo();
    t.kube.kindStatus.destinationRules = unsyncedStatus('connect ECONNREFUSED', undefined);
    const res = await request(t.app).get('/api/namespaces/bookinfo/services/reviews');
    expect(res.status).toBe(200);
    const body = serviceDetailsSchema.parse(res.body);
    expect(body.istioConfig).toEqual([]);
    expect(body.workloads).toHaveLength(3);
    expect(body.errors).toEqual([{ source: 'kubernetes', message: expect.stringContaining('ECONNREFUSED') }]);
  });

  it.each([
    { what: 'a service name that is not a DNS-1123 label', url: 'bookinfo/services/Reviews_1', path: 'name' },
    { what: 'a bad namespace', url: 'Book.info/services/reviews', path: 'namespace' },
    { what: 'an unknown parameter', url: 'bookinfo/services/reviews?kind=vs', path: 'kind' },
  ])('400 for $what', async ({ url, path }) => {
    const { app } = bookinfo();
    const res = await request(app).get(`/api/namespaces/${url}`);
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors?.map((e) => e.path)).toEqual([path]);
  });

  it.each([
    { what: 'an unknown service', url: 'bookinfo/services/nope', message: 'services "nope" not found' },
    { what: 'an unknown namespace', url: 'nope/services/reviews', message: 'namespaces "nope" not found' },
  ])('404 for $what', async ({ url, message }) => {
    const { app } = bookinfo();
    const res = await request(app).get(`/api/namespaces/${url}`);
    expect(res.status).toBe(404);
    expect(errorOf(res)).toEqual({ code: 'NOT_FOUND', message: expect.stringContaining(message) });
  });

  it('503 while the services cache is not synced, 403 when Kubernetes refuses to list them', async () => {
    const t = bookinfo();
    t.kube.kindStatus.services = unsyncedStatus('connect ECONNREFUSED', undefined);
    const down = await request(t.app).get('/api/namespaces/bookinfo/services/reviews');
    expect(down.status).toBe(503);
    expect(errorOf(down)).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      details: { upstream: 'kubernetes' },
    });
    t.kube.kindStatus.services = unsyncedStatus('services is forbidden', 403);
    const refused = await request(t.app).get('/api/namespaces/bookinfo/services/reviews');
    expect(refused.status).toBe(403);
    expect(errorOf(refused).code).toBe('FORBIDDEN');
  });
});
