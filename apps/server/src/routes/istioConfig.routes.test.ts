import {
  errorEnvelopeSchema,
  istioConfigListSchema,
  istioConflictDetailsSchema,
  istioDeleteResultSchema,
  istioDryRunSchema,
  istioInvalidDetailsSchema,
  istioObjectEnvelopeSchema,
  type IstioObjectJson,
} from '@sextant/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { fromKubeStatus, toKubeAppError } from '../clients/kubeErrors.ts';
import type { AppConfig } from '../app.ts';
import { reviewsSpec, seedBookinfo, virtualService } from '../testing/istioFixtures.ts';
import { makeTestApp, type TestApp } from '../testing/testApp.ts';
import { unsyncedStatus } from '../testing/fakes.ts';

const BASE = '/api/namespaces/bookinfo/istio';
/** The least VirtualService istiod accepts: for tests about something else. */
const MINIMAL_SPEC = {
  hosts: ['x.example.com'],
  http: [{ route: [{ destination: { host: 'reviews.bookinfo.svc.cluster.local' } }] }],
};
const VS_URL = `${BASE}/virtualservices/reviews`;

function bookinfo(config: Partial<AppConfig> = {}): TestApp {
  const t = makeTestApp(config);
  seedBookinfo(t.kube);
  return t;
}

/** The stored reviews VirtualService (the fake's API server state). */
function storedVs(t: TestApp, name = 'reviews'): IstioObjectJson | undefined {
  return (t.kube.objects.virtualServices as IstioObjectJson[] | undefined)?.find(
    (o) => o.metadata.name === name,
  );
}

function errorOf(res: request.Response) {
  return errorEnvelopeSchema.parse(res.body).error;
}

/** Upstream failures a client-node call can end in, as the kube client reports them. */
const UPSTREAM_FAILURES = [
  {
    name: 'the API server answers 500: 502',
    error: () => fromKubeStatus(500, { message: 'etcdserver: leader changed' }, 'the request'),
    status: 502,
    code: 'UPSTREAM_BAD_RESPONSE',
  },
  {
    name: 'the API server is unreachable: 503',
    error: () =>
      toKubeAppError(
        Object.assign(
          new Error('request to https://10.0.0.1:6443/apis failed, reason: connect ECONNREFUSED'),
          {
            code: 'ECONNREFUSED',
          },
        ),
        'the request',
        10_000,
      ),
    status: 503,
    code: 'UPSTREAM_UNAVAILABLE',
  },
  {
    name: 'the API server does not answer in time: 504',
    error: () =>
      toKubeAppError(
        Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }),
        'the request',
        10_000,
      ),
    status: 504,
    code: 'UPSTREAM_TIMEOUT',
  },
] as const;

const forbiddenStatus = () =>
  fromKubeStatus(
    403,
    {
      reason: 'Forbidden',
      message:
        'virtualservices.networking.istio.io "reviews" is forbidden: User "dev" cannot update resource "virtualservices"',
    },
    'the request',
  );

describe('GET /api/namespaces/{ns}/istio', () => {
  it('200 with every Istio object of the namespace, kinds in API order, names sorted, each with its validations', async () => {
    const t = bookinfo();
    t.kube.seedIstio('virtualservices', {
      metadata: { name: 'broken', namespace: 'bookinfo' },
      spec: reviewsSpec([['v9', 100]], ['broken.example.com']),
    });
    t.kube.seedIstio('virtualservices', { metadata: { name: 'elsewhere', namespace: 'default' }, spec: {} });
    const res = await request(t.app).get(BASE);
    expect(res.status).toBe(200);
    const list = istioConfigListSchema.parse(res.body);
    expect(list.namespace).toBe('bookinfo');
    expect(list.items.map((i) => `${i.kind}/${i.name}`)).toEqual([
      'VirtualService/broken',
      'VirtualService/reviews',
      'DestinationRule/reviews',
      'Sidecar/default',
      'AuthorizationPolicy/allow-nothing',
    ]);
    const broken = list.items[0]!;
    expect(broken.validations).toEqual([
      expect.objectContaining({
        code: 'VS_SUBSET_NOT_FOUND',
        severity: 'error',
        path: 'spec.http[0].route[0].destination.subset',
        objectRef: { kind: 'VirtualService', namespace: 'bookinfo', name: 'broken' },
      }),
    ]);
    expect(list.items[1]!.validations).toEqual([]);
    expect(broken.resourceVersion).toBe(broken.object.metadata.resourceVersion);
    expect(broken.creationTimestamp).toBe('2025-01-01T00:00:00Z');
  });

  it('200 with apiVersion and kind filled in for cached objects that lack them', async () => {
    const t = bookinfo();
    t.kube.objects.gateways = [{ metadata: { name: 'gw', namespace: 'bookinfo' }, spec: { servers: [] } }];
    const res = await request(t.app).get(`${BASE}?kind=gateways`);
    expect(res.status).toBe(200);
    expect(istioConfigListSchema.parse(res.body).items[0]!.object).toMatchObject({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
    });
  });

  it.each([
    {
      query: 'kind=destinationrules,virtualservices',
      expected: ['VirtualService/broken', 'VirtualService/reviews', 'DestinationRule/reviews'],
    },
    { query: 'kind=sidecars', expected: ['Sidecar/default'] },
    { query: 'valid=false', expected: ['VirtualService/broken'] },
    { query: 'kind=virtualservices&valid=true', expected: ['VirtualService/reviews'] },
  ])('200 filtered by $query', async ({ query, expected }) => {
    const t = bookinfo();
    t.kube.seedIstio('virtualservices', {
      metadata: { name: 'broken', namespace: 'bookinfo' },
      spec: reviewsSpec([['v9', 100]], ['broken.example.com']),
    });
    const res = await request(t.app).get(`${BASE}?${query}`);
    expect(res.status).toBe(200);
    expect(istioConfigListSchema.parse(res.body).items.map((i) => `${i.kind}/${i.name}`)).toEqual(expected);
  });

  it('200 with warnings counted as valid: only errors make an object invalid', async () => {
    const t = bookinfo();
    t.kube.seedIstio('virtualservices', {
      metadata: { name: 'uneven', namespace: 'bookinfo' },
      spec: reviewsSpec(
        [
          ['v1', 50],
          ['v2', 40],
        ],
        ['uneven.example.com'],
      ),
    });
    const res = await request(t.app).get(`${BASE}?kind=virtualservices&valid=true`);
    const items = istioConfigListSchema.parse(res.body).items;
    const uneven = items.find((i) => i.name === 'uneven');
    expect(uneven?.validations.map((v) => [v.code, v.severity])).toEqual([
      ['VS_WEIGHT_SUM_NOT_100', 'warning'],
    ]);
  });

  it('200 with [] for a namespace without Istio config', async () => {
    const t = bookinfo();
    const res = await request(t.app).get('/api/namespaces/default/istio');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ namespace: 'default', items: [] });
  });

  it.each([
    { query: 'kind=pods', path: 'kind' },
    { query: 'kind=', path: 'kind' },
    { query: 'kind=virtualservices,nope', path: 'kind' },
    { query: 'valid=maybe', path: 'valid' },
    { query: 'namespace=bookinfo', path: 'namespace' },
  ])('400 naming $path for ?$query', async ({ query, path }) => {
    const t = bookinfo();
    const res = await request(t.app).get(`${BASE}?${query}`);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: [expect.objectContaining({ path })],
    });
  });

  it('400 naming the namespace when it is not a DNS-1123 label', async () => {
    const res = await request(bookinfo().app).get('/api/namespaces/Book_Info/istio');
    expect(res.status).toBe(400);
    expect(errorOf(res).fieldErrors).toEqual([
      { path: 'namespace', message: expect.stringContaining('DNS-1123') },
    ]);
  });

  it('404 for a namespace the cluster does not have', async () => {
    const res = await request(bookinfo().app).get('/api/namespaces/nope/istio');
    expect(res.status).toBe(404);
    expect(errorOf(res)).toEqual({ code: 'NOT_FOUND', message: 'namespaces "nope" not found' });
  });

  it.each([
    { name: 'caches not synced: 503', lastErrorStatus: undefined, status: 503, code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'list refused by RBAC: 403', lastErrorStatus: 403, status: 403, code: 'FORBIDDEN' },
  ])('$name', async ({ lastErrorStatus, status, code }) => {
    const t = bookinfo();
    t.kube.cacheStatus = unsyncedStatus('boom', lastErrorStatus);
    const res = await request(t.app).get(BASE);
    expect(res.status).toBe(status);
    expect(errorOf(res)).toMatchObject({ code, details: { upstream: 'kubernetes' } });
  });

  it('503 only when a cache the answer needs is unsynced', async () => {
    const t = bookinfo();
    t.kube.kindStatus.sidecars = unsyncedStatus('HTTP 404', 404);
    expect((await request(t.app).get(BASE)).status).toBe(503);
    expect((await request(t.app).get(`${BASE}?kind=virtualservices`)).status).toBe(200);
  });
});

describe('GET /api/namespaces/{ns}/istio/{kind}/{name}', () => {
  it('200 with the object read from the API server (not the cache) and its validations', async () => {
    const t = bookinfo();
    const res = await request(t.app).get(VS_URL);
    expect(res.status).toBe(200);
    const body = istioObjectEnvelopeSchema.parse(res.body);
    expect(body.object).toEqual(storedVs(t));
    expect(body.validations).toEqual([]);
    expect(t.kube.calls).toEqual([
      { op: 'get', resource: 'virtualservices', namespace: 'bookinfo', name: 'reviews', dryRun: false },
    ]);
  });

  it('200 for an object named like a sub-route ("metrics")', async () => {
    const t = bookinfo();
    t.kube.seedIstio('virtualservices', { metadata: { name: 'metrics', namespace: 'bookinfo' }, spec: {} });
    const res = await request(t.app).get(`${BASE}/virtualservices/metrics`);
    expect(res.status).toBe(200);
    expect(res.body.object.metadata.name).toBe('metrics');
  });

  it('404 from Kubernetes, with its message', async () => {
    const res = await request(bookinfo().app).get(`${BASE}/virtualservices/nope`);
    expect(res.status).toBe(404);
    expect(errorOf(res)).toEqual({
      code: 'NOT_FOUND',
      message: 'virtualservices.networking.istio.io "nope" not found',
    });
  });

  it.each([
    { url: `${BASE}/pods/reviews`, path: 'kind' },
    { url: `${BASE}/VirtualServices/reviews`, path: 'kind' },
    { url: `${BASE}/virtualservices/Reviews_1`, path: 'name' },
    { url: `${VS_URL}?dryRun=true`, path: 'dryRun' },
  ])('400 naming $path for $url', async ({ url, path }) => {
    const t = bookinfo();
    const res = await request(t.app).get(url);
    expect(res.status).toBe(400);
    expect(errorOf(res).fieldErrors).toEqual([expect.objectContaining({ path })]);
    expect(t.kube.calls).toEqual([]);
  });

  it('403 when Kubernetes refuses the read', async () => {
    const t = bookinfo();
    t.kube.failWith('get', forbiddenStatus());
    const res = await request(t.app).get(VS_URL);
    expect(res.status).toBe(403);
    expect(errorOf(res)).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('cannot update resource'),
      details: { upstream: 'kubernetes', reason: 'Forbidden' },
    });
  });

  it.each(UPSTREAM_FAILURES)('$name', async ({ error, status, code }) => {
    const t = bookinfo();
    t.kube.failWith('get', error());
    const res = await request(t.app).get(VS_URL);
    expect(res.status).toBe(status);
    expect(errorOf(res)).toMatchObject({ code, details: { upstream: 'kubernetes' } });
  });

  it('503 while the caches our validations read are not synced', async () => {
    const t = bookinfo();
    t.kube.cacheStatus = unsyncedStatus('connect ECONNREFUSED', undefined);
    const res = await request(t.app).get(VS_URL);
    expect(res.status).toBe(503);
  });
});

describe('POST /api/namespaces/{ns}/istio/{kind}', () => {
  const body = () =>
    virtualService(
      'reviews-split',
      reviewsSpec(
        [
          ['v1', 80],
          ['v3', 20],
        ],
        ['reviews-split.example.com'],
      ),
    );

  it('201 with the object Kubernetes stored and its validations', async () => {
    const t = bookinfo();
    const res = await request(t.app).post(`${BASE}/virtualservices`).send(body());
    expect(res.status).toBe(201);
    const created = istioObjectEnvelopeSchema.parse(res.body);
    expect(created.object.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(created.object.spec).toEqual(body().spec);
    expect(created.validations).toEqual([]);
    expect(storedVs(t, 'reviews-split')).toEqual(created.object);
    expect(t.kube.calls).toMatchObject([{ op: 'create', dryRun: false, name: 'reviews-split' }]);
  });

  it('201 with the URL namespace filled in when the body has none or an empty one', async () => {
    const t = bookinfo();
    const noNamespace = body();
    delete noNamespace.metadata.namespace;
    const res = await request(t.app).post(`${BASE}/virtualservices`).send(noNamespace);
    expect(res.status).toBe(201);
    const empty = virtualService('other', MINIMAL_SPEC, { namespace: '' });
    expect((await request(t.app).post(`${BASE}/virtualservices`).send(empty)).status).toBe(201);
    expect(t.kube.calls.map((c) => c.body?.metadata.namespace)).toEqual(['bookinfo', 'bookinfo']);
  });

  it('200 on ?dryRun=true with what would be stored and its validations, storing nothing', async () => {
    const t = bookinfo();
    const before = structuredClone(t.kube.objects);
    const res = await request(t.app).post(`${BASE}/virtualservices?dryRun=true`).send(body());
    expect(res.status).toBe(200);
    const dry = istioDryRunSchema.parse(res.body);
    expect(dry.object.spec).toEqual(body().spec);
    expect(dry.validations).toEqual([]);
    expect(dry.diff).toBeUndefined();
    expect(t.kube.objects).toEqual(before);
    expect(t.kube.calls).toMatchObject([{ op: 'create', dryRun: true }]);
  });

  it('200 on a dry run with error findings: a dry run reports, it does not refuse', async () => {
    const t = bookinfo();
    const res = await request(t.app)
      .post(`${BASE}/virtualservices?dryRun=true`)
      .send(virtualService('bad', reviewsSpec([['v9', 100]], ['bad.example.com'])));
    expect(res.status).toBe(200);
    expect(istioDryRunSchema.parse(res.body).validations.map((v) => v.code)).toEqual(['VS_SUBSET_NOT_FOUND']);
  });

  it('201 despite warnings: warnings never block', async () => {
    const t = bookinfo();
    const uneven = virtualService(
      'uneven',
      reviewsSpec(
        [
          ['v1', 50],
          ['v2', 40],
        ],
        ['uneven.example.com'],
      ),
    );
    const res = await request(t.app).post(`${BASE}/virtualservices`).send(uneven);
    expect(res.status).toBe(201);
    expect(res.body.validations.map((v: { code: string }) => v.code)).toEqual(['VS_WEIGHT_SUM_NOT_100']);
  });

  it('422 when our validation finds an error, naming the field; nothing is sent to Kubernetes', async () => {
    const t = bookinfo();
    const res = await request(t.app)
      .post(`${BASE}/virtualservices`)
      .send(virtualService('bad', reviewsSpec([['v9', 100]], ['bad.example.com'])));
    expect(res.status).toBe(422);
    const error = errorOf(res);
    expect(error.code).toBe('INVALID_SPEC');
    expect(error.message).toMatch(
      /^VirtualService bookinfo\/bad has an error: spec\.http\[0\]\.route\[0\]\.destination\.subset: /,
    );
    expect(error.message).toContain('force=true');
    expect(error.fieldErrors).toEqual([
      { path: 'spec.http[0].route[0].destination.subset', message: expect.stringContaining('v9') },
    ]);
    const details = istioInvalidDetailsSchema.parse(error.details);
    expect(details.source === 'validation' && details.validations.map((v) => v.code)).toEqual([
      'VS_SUBSET_NOT_FOUND',
    ]);
    expect(t.kube.calls).toEqual([]);
  });

  it('201 with ?force=true despite our error findings, which the answer still lists', async () => {
    const t = bookinfo();
    const res = await request(t.app)
      .post(`${BASE}/virtualservices?force=true`)
      .send(virtualService('bad', reviewsSpec([['v9', 100]], ['bad.example.com'])));
    expect(res.status).toBe(201);
    expect(istioObjectEnvelopeSchema.parse(res.body).validations.map((v) => v.code)).toEqual([
      'VS_SUBSET_NOT_FOUND',
    ]);
    expect(storedVs(t, 'bad')).toBeDefined();
  });

  it('422 when Kubernetes rejects the spec, its causes as fieldErrors', async () => {
    const t = bookinfo();
    t.kube.failWith(
      'create',
      fromKubeStatus(
        422,
        {
          kind: 'Status',
          reason: 'Invalid',
          message:
            'VirtualService.networking.istio.io "reviews-split" is invalid: spec.http[0].route[0].weight: Invalid value',
          details: {
            causes: [
              {
                reason: 'FieldValueTypeInvalid',
                message:
                  'Invalid value: "string": spec.http[0].route[0].weight in body must be of type integer',
                field: 'spec.http[0].route[0].weight',
              },
              { reason: 'FieldValueRequired', message: 'Required value' },
            ],
          },
        },
        'create',
      ),
    );
    const res = await request(t.app).post(`${BASE}/virtualservices`).send(body());
    expect(res.status).toBe(422);
    const error = errorOf(res);
    expect(error).toMatchObject({
      code: 'INVALID_SPEC',
      message: expect.stringContaining('is invalid'),
      fieldErrors: [
        { path: 'spec.http[0].route[0].weight', message: expect.stringContaining('must be of type integer') },
        { path: '', message: 'Required value' },
      ],
    });
    expect(istioInvalidDetailsSchema.parse(error.details)).toEqual({
      source: 'kubernetes',
      upstream: 'kubernetes',
      reason: 'Invalid',
    });
  });

  it('201 for a VirtualService using subsets of a DestinationRule saved just before, which the cache does not show yet', async () => {
    const t = bookinfo();
    const rule = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'ratings' },
      spec: { host: 'ratings', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
    };
    expect((await request(t.app).post(`${BASE}/destinationrules`).send(rule)).status).toBe(201);
    // The watch has not delivered the rule yet.
    t.kube.objects.destinationRules = t.kube.objects.destinationRules!.filter(
      (o) => o.metadata?.name !== 'ratings',
    );
    const route = virtualService('ratings', {
      hosts: ['ratings'],
      http: [{ route: [{ destination: { host: 'ratings', subset: 'v1' } }] }],
    });
    const res = await request(t.app).post(`${BASE}/virtualservices`).send(route);
    expect(res.status).toBe(201);
    expect(res.body.validations).toEqual([]);
  });

  it('409 AlreadyExists when the name is taken', async () => {
    const t = bookinfo();
    const res = await request(t.app)
      .post(`${BASE}/virtualservices`)
      .send(virtualService('reviews', MINIMAL_SPEC));
    expect(res.status).toBe(409);
    const error = errorOf(res);
    expect(error.message).toBe('virtualservices.networking.istio.io "reviews" already exists');
    expect(istioConflictDetailsSchema.parse(error.details)).toEqual({
      upstream: 'kubernetes',
      reason: 'AlreadyExists',
    });
  });

  it('404 from Kubernetes for a namespace it does not have', async () => {
    const t = bookinfo();
    const res = await request(t.app)
      .post('/api/namespaces/nope/istio/virtualservices')
      .send({ ...virtualService('x', MINIMAL_SPEC), metadata: { name: 'x' } });
    expect(res.status).toBe(404);
    expect(errorOf(res).message).toBe('namespaces "nope" not found');
  });

  it('403 when Kubernetes refuses the write', async () => {
    const t = bookinfo();
    t.kube.failWith('create', forbiddenStatus());
    const res = await request(t.app).post(`${BASE}/virtualservices`).send(body());
    expect(res.status).toBe(403);
    expect(errorOf(res).code).toBe('FORBIDDEN');
  });

  it.each(UPSTREAM_FAILURES)('$name', async ({ error, status, code }) => {
    const t = bookinfo();
    t.kube.failWith('create', error());
    const res = await request(t.app).post(`${BASE}/virtualservices`).send(body());
    expect(res.status).toBe(status);
    expect(errorOf(res).code).toBe(code);
  });

  const { apiVersion: _apiVersion, ...withoutApiVersion } = virtualService('x', {});
  it('400 for a request without a JSON body', async () => {
    const t = bookinfo();
    const res = await request(t.app)
      .post(`${BASE}/virtualservices`)
      .set('content-type', 'text/plain')
      .send('x');
    expect(res.status).toBe(400);
    expect(errorOf(res).fieldErrors).toEqual([
      { path: '', message: expect.stringMatching(/^the body must be a JSON object/) },
    ]);
  });

  it('400 naming each required field for an empty object', async () => {
    const res = await request(bookinfo().app).post(`${BASE}/virtualservices`).send({});
    expect(res.status).toBe(400);
    expect(errorOf(res).fieldErrors).toEqual([
      { path: 'apiVersion', message: 'is required' },
      { path: 'kind', message: 'is required' },
      { path: 'metadata', message: 'is required' },
    ]);
  });

  it.each([
    { name: 'an array', send: [virtualService('x', {})], path: '' },
    { name: 'no apiVersion', send: withoutApiVersion, path: 'apiVersion' },
    { name: 'another kind', send: { ...virtualService('x', {}), kind: 'DestinationRule' }, path: 'kind' },
    { name: 'an unknown kind', send: { ...virtualService('x', {}), kind: 'Deployment' }, path: 'kind' },
    {
      name: 'another version',
      send: { ...virtualService('x', {}), apiVersion: 'networking.istio.io/v1beta1' },
      path: 'apiVersion',
    },
    {
      name: 'another group',
      send: { ...virtualService('x', {}), apiVersion: 'security.istio.io/v1' },
      path: 'apiVersion',
    },
    {
      name: 'no name',
      send: { ...virtualService('x', {}), metadata: { namespace: 'bookinfo' } },
      path: 'metadata.name',
    },
    {
      name: 'a name that is no DNS-1123 subdomain',
      send: virtualService('Reviews_1', {}),
      path: 'metadata.name',
    },
    {
      name: 'another namespace',
      send: virtualService('x', {}, { namespace: 'default' }),
      path: 'metadata.namespace',
    },
    {
      name: 'a resourceVersion',
      send: virtualService('x', {}, { resourceVersion: '12' }),
      path: 'metadata.resourceVersion',
    },
    { name: 'a spec that is no object', send: { ...virtualService('x', {}), spec: ['hosts'] }, path: 'spec' },
    {
      name: 'a label value that is no string',
      send: virtualService('x', {}, { labels: { app: 1 } }),
      path: 'metadata.labels.app',
    },
  ])('400 naming $path for a body with $name; nothing is sent to Kubernetes', async ({ send, path }) => {
    const t = bookinfo();
    const res = await request(t.app)
      .post(`${BASE}/virtualservices`)
      .set('content-type', 'application/json')
      .send(JSON.stringify(send));
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors).toEqual([expect.objectContaining({ path })]);
    expect(t.kube.calls).toEqual([]);
  });

  it.each([
    { url: `${BASE}/virtualservices?dryRun=yes`, path: 'dryRun' },
    { url: `${BASE}/virtualservices?force=1`, path: 'force' },
    { url: `${BASE}/virtualservices?resourceVersion=1`, path: 'resourceVersion' },
    { url: `${BASE}/pods`, path: 'kind' },
    { url: '/api/namespaces/-x/istio/virtualservices', path: 'namespace' },
  ])('400 naming $path for $url', async ({ url, path }) => {
    const t = bookinfo();
    const res = await request(t.app).post(url).send(body());
    expect(res.status).toBe(400);
    expect(errorOf(res).fieldErrors).toEqual([expect.objectContaining({ path })]);
  });

  it('400 for a body that is not JSON', async () => {
    const res = await request(bookinfo().app)
      .post(`${BASE}/virtualservices`)
      .set('content-type', 'application/json')
      .send('{"kind":');
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toBe('Request body is not valid JSON');
  });

  it('400 naming every field wrong at once', async () => {
    const res = await request(bookinfo().app)
      .post(`${BASE}/destinationrules`)
      .send({ ...virtualService('x', {}, { namespace: 'default', resourceVersion: '3' }) });
    expect(res.status).toBe(400);
    expect(errorOf(res).fieldErrors?.map((e) => e.path)).toEqual([
      'kind',
      'metadata.namespace',
      'metadata.resourceVersion',
    ]);
  });
});

describe('PUT /api/namespaces/{ns}/istio/{kind}/{name}', () => {
  /** The stored reviews VirtualService with a new split, as an editor sends it back. */
  const edited = (t: TestApp, split: Array<[string, number | string]>) => {
    const live = structuredClone(storedVs(t)!);
    live.spec = reviewsSpec(split);
    return live;
  };
  const SPLIT: Array<[string, number]> = [
    ['v1', 80],
    ['v3', 20],
  ];

  it('200 with the object Kubernetes stored: a new resourceVersion, every field kept', async () => {
    const t = bookinfo();
    const live = storedVs(t)!;
    const body = edited(t, SPLIT);
    (body.spec as Record<string, unknown>).futureField = { kept: true };
    const res = await request(t.app).put(VS_URL).send(body);
    expect(res.status).toBe(200);
    const saved = istioObjectEnvelopeSchema.parse(res.body);
    expect(saved.object.metadata.resourceVersion).not.toBe(live.metadata.resourceVersion);
    expect(saved.object.spec).toEqual(body.spec);
    expect(saved.validations).toEqual([]);
    expect(storedVs(t)).toEqual(saved.object);
    expect(t.kube.calls).toMatchObject([{ op: 'replace', dryRun: false, body }]);
  });

  it('200 with the name taken from the URL when the body leaves it out', async () => {
    const t = bookinfo();
    const body = edited(t, SPLIT) as { metadata: Record<string, unknown> };
    delete body.metadata.name;
    const res = await request(t.app).put(VS_URL).send(body);
    expect(res.status).toBe(200);
    expect(t.kube.calls[0]?.body?.metadata.name).toBe('reviews');
  });

  it('200 on ?dryRun=true with the diff against the live object, storing nothing', async () => {
    const t = bookinfo();
    const before = structuredClone(t.kube.objects);
    const res = await request(t.app).put(`${VS_URL}?dryRun=true`).send(edited(t, SPLIT));
    expect(res.status).toBe(200);
    const dry = istioDryRunSchema.parse(res.body);
    expect(dry.validations).toEqual([]);
    expect(dry.diff?.filter((l) => l.op !== 'context').map((l) => `${l.op} ${l.text.trim()}`)).toEqual([
      'remove weight: 100',
      'add weight: 80',
      'add - destination:',
      'add host: reviews',
      'add subset: v3',
      'add weight: 20',
    ]);
    expect(t.kube.objects).toEqual(before);
    expect(t.kube.calls.map((c) => [c.op, c.dryRun])).toEqual([
      ['get', false],
      ['replace', true],
    ]);
  });

  it('422 when our validation finds an error; 200 with ?force=true', async () => {
    const t = bookinfo();
    const bad = edited(t, [['v9', 100]]);
    const refused = await request(t.app).put(VS_URL).send(bad);
    expect(refused.status).toBe(422);
    expect(errorOf(refused).fieldErrors).toEqual([
      { path: 'spec.http[0].route[0].destination.subset', message: expect.any(String) },
    ]);
    expect(t.kube.calls).toEqual([]);
    const forced = await request(t.app).put(`${VS_URL}?force=true`).send(bad);
    expect(forced.status).toBe(200);
    expect(forced.body.validations[0].code).toBe('VS_SUBSET_NOT_FOUND');
  });

  it('422 naming the weight when it is not a number (our validation, before Kubernetes)', async () => {
    const t = bookinfo();
    const res = await request(t.app)
      .put(VS_URL)
      .send(edited(t, [['v1', 'abc']]));
    expect(res.status).toBe(422);
    expect(errorOf(res).fieldErrors?.map((e) => e.path)).toContain('spec.http[0].route[0].weight');
  });

  it('422 when Kubernetes rejects the spec, its causes as fieldErrors', async () => {
    const t = bookinfo();
    t.kube.failWith(
      'replace',
      fromKubeStatus(
        422,
        {
          reason: 'Invalid',
          message: 'VirtualService.networking.istio.io "reviews" is invalid',
          details: { causes: [{ field: 'spec.http[0].timeout', message: 'Invalid value: "soon"' }] },
        },
        'replace',
      ),
    );
    const res = await request(t.app).put(VS_URL).send(edited(t, SPLIT));
    expect(res.status).toBe(422);
    expect(errorOf(res).fieldErrors).toEqual([
      { path: 'spec.http[0].timeout', message: 'Invalid value: "soon"' },
    ]);
  });

  it('409 on a stale resourceVersion, with the current object read fresh after the conflict; re-applying works', async () => {
    const t = bookinfo();
    const mine = edited(t, SPLIT);
    // Someone else saves first.
    const theirs = await t.kube.replaceIstioObject(
      'virtualservices',
      'bookinfo',
      'reviews',
      { ...storedVs(t)!, spec: { ...storedVs(t)!.spec, exportTo: ['.'] } },
      { dryRun: false },
    );
    t.kube.calls = [];
    const res = await request(t.app).put(VS_URL).send(mine);
    expect(res.status).toBe(409);
    const error = errorOf(res);
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain(`you sent resourceVersion ${mine.metadata.resourceVersion}`);
    const details = istioConflictDetailsSchema.parse(error.details);
    expect(details).toEqual({ upstream: 'kubernetes', reason: 'Conflict', current: theirs });
    expect(t.kube.calls.map((c) => c.op)).toEqual(['replace', 'get']);
    expect(storedVs(t)).toEqual(theirs);

    const reapplied = { ...details.current!, spec: { ...details.current!.spec, http: mine.spec!.http } };
    const retry = await request(t.app).put(VS_URL).send(reapplied);
    expect(retry.status).toBe(200);
    expect(retry.body.object.spec).toEqual({ ...theirs.spec, http: mine.spec!.http });
  });

  it('409 with the current object on a dry run with a stale resourceVersion too', async () => {
    const t = bookinfo();
    const mine = edited(t, SPLIT);
    mine.metadata.resourceVersion = '1';
    const res = await request(t.app).put(`${VS_URL}?dryRun=true`).send(mine);
    expect(res.status).toBe(409);
    expect(istioConflictDetailsSchema.parse(errorOf(res).details).current).toEqual(storedVs(t));
  });

  it('404 when the object was deleted between the conflict and reading it again', async () => {
    const t = bookinfo();
    const mine = edited(t, SPLIT);
    mine.metadata.resourceVersion = '1';
    t.kube.failWith('get', fromKubeStatus(404, { reason: 'NotFound', message: 'gone' }, 'get'));
    const res = await request(t.app).put(VS_URL).send(mine);
    expect(res.status).toBe(404);
    expect(errorOf(res).message).toBe('gone');
  });

  it('404 from Kubernetes when the object does not exist', async () => {
    const t = bookinfo();
    const body = virtualService('nope', MINIMAL_SPEC, { resourceVersion: '5' });
    const res = await request(t.app).put(`${BASE}/virtualservices/nope`).send(body);
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('NOT_FOUND');
  });

  it('403 when Kubernetes refuses the write', async () => {
    const t = bookinfo();
    t.kube.failWith('replace', forbiddenStatus());
    const res = await request(t.app).put(VS_URL).send(edited(t, SPLIT));
    expect(res.status).toBe(403);
    expect(errorOf(res).details).toEqual({ upstream: 'kubernetes', reason: 'Forbidden' });
  });

  it.each(UPSTREAM_FAILURES)('$name', async ({ error, status, code }) => {
    const t = bookinfo();
    t.kube.failWith('replace', error());
    const res = await request(t.app).put(VS_URL).send(edited(t, SPLIT));
    expect(res.status).toBe(status);
    expect(errorOf(res).code).toBe(code);
  });

  it.each([
    {
      name: 'no resourceVersion (no blind writes)',
      change: (b: IstioObjectJson) => delete b.metadata.resourceVersion,
      path: 'metadata.resourceVersion',
    },
    {
      name: 'an empty resourceVersion',
      change: (b: IstioObjectJson) => (b.metadata.resourceVersion = ''),
      path: 'metadata.resourceVersion',
    },
    {
      name: 'a resourceVersion Kubernetes never gives (not a number)',
      change: (b: IstioObjectJson) => (b.metadata.resourceVersion = 'abc'),
      path: 'metadata.resourceVersion',
    },
    {
      name: 'another name',
      change: (b: IstioObjectJson) => (b.metadata.name = 'ratings'),
      path: 'metadata.name',
    },
    {
      name: 'another namespace',
      change: (b: IstioObjectJson) => (b.metadata.namespace = 'default'),
      path: 'metadata.namespace',
    },
    { name: 'another kind', change: (b: IstioObjectJson) => (b.kind = 'Gateway'), path: 'kind' },
  ])('400 naming $path for a body with $name', async ({ change, path }) => {
    const t = bookinfo();
    const body = edited(t, SPLIT);
    change(body);
    const res = await request(t.app).put(VS_URL).send(body);
    expect(res.status).toBe(400);
    expect(errorOf(res).fieldErrors).toEqual([expect.objectContaining({ path })]);
    expect(t.kube.calls).toEqual([]);
  });

  it('400 whose message names the missing resourceVersion', async () => {
    const t = bookinfo();
    const body = edited(t, SPLIT);
    delete body.metadata.resourceVersion;
    const res = await request(t.app).put(VS_URL).send(body);
    expect(errorOf(res).message).toMatch(/^Invalid body: metadata\.resourceVersion: is required/);
  });

  it('503 while the caches our validations read are not synced; nothing is written', async () => {
    const t = bookinfo();
    t.kube.kindStatus.destinationRules = unsyncedStatus('boom', undefined);
    const res = await request(t.app).put(VS_URL).send(edited(t, SPLIT));
    expect(res.status).toBe(503);
    expect(t.kube.calls).toEqual([]);
  });
});

describe('DELETE /api/namespaces/{ns}/istio/{kind}/{name}', () => {
  const DR_URL = `${BASE}/destinationrules/reviews`;

  it('200 with the deleted object and the findings its deletion leaves on other objects', async () => {
    const t = bookinfo();
    const live = structuredClone(t.kube.objects.destinationRules![0]!);
    const res = await request(t.app).delete(DR_URL);
    expect(res.status).toBe(200);
    const body = istioDeleteResultSchema.parse(res.body);
    expect(body.object).toEqual(live);
    expect(body.validations).toEqual([
      expect.objectContaining({
        code: 'VS_SUBSET_NOT_FOUND',
        objectRef: { kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' },
      }),
    ]);
    expect(t.kube.objects.destinationRules).toEqual([]);
    expect(t.kube.calls).toMatchObject([{ op: 'delete', dryRun: false }]);
  });

  it('200 on ?dryRun=true with the live object, the findings and a diff removing every line; nothing deleted', async () => {
    const t = bookinfo();
    const before = structuredClone(t.kube.objects);
    const res = await request(t.app).delete(`${DR_URL}?dryRun=true`);
    expect(res.status).toBe(200);
    const dry = istioDryRunSchema.parse(res.body);
    expect(dry.object).toEqual(before.destinationRules![0]);
    expect(dry.validations.map((v) => v.code)).toEqual(['VS_SUBSET_NOT_FOUND']);
    expect(dry.diff!.length).toBeGreaterThan(0);
    expect(dry.diff!.every((l) => l.op === 'remove')).toBe(true);
    expect(t.kube.objects).toEqual(before);
    expect(t.kube.calls.map((c) => [c.op, c.dryRun])).toEqual([
      ['get', false],
      ['delete', true],
    ]);
  });

  it('200 with ?resourceVersion= matching the stored object', async () => {
    const t = bookinfo();
    const rv = storedVs(t)!.metadata.resourceVersion!;
    const res = await request(t.app).delete(`${VS_URL}?resourceVersion=${rv}`);
    expect(res.status).toBe(200);
    expect(storedVs(t)).toBeUndefined();
    expect(t.kube.calls).toMatchObject([{ op: 'delete', resourceVersion: rv }]);
  });

  it.each(['', '?dryRun=true&'])(
    '409 with the current object for a stale ?resourceVersion= (%s)',
    async (prefix) => {
      const t = bookinfo();
      const url = `${VS_URL}${prefix || '?'}resourceVersion=1`;
      const res = await request(t.app).delete(url);
      expect(res.status).toBe(409);
      expect(istioConflictDetailsSchema.parse(errorOf(res).details)).toEqual({
        upstream: 'kubernetes',
        reason: 'Conflict',
        current: storedVs(t),
      });
      expect(storedVs(t)).toBeDefined();
    },
  );

  it('404 from Kubernetes when the object does not exist', async () => {
    const res = await request(bookinfo().app).delete(`${BASE}/virtualservices/nope`);
    expect(res.status).toBe(404);
    expect(errorOf(res).message).toBe('virtualservices.networking.istio.io "nope" not found');
  });

  it('200 with the cached object when Kubernetes answers with a bare Status', async () => {
    const t = bookinfo();
    const live = structuredClone(storedVs(t)!);
    t.kube.deleteIstioObject = async () => undefined;
    const res = await request(t.app).delete(VS_URL);
    expect(res.status).toBe(200);
    expect(res.body.object).toEqual(live);
  });

  it('403 when Kubernetes refuses the delete', async () => {
    const t = bookinfo();
    t.kube.failWith('delete', forbiddenStatus());
    const res = await request(t.app).delete(VS_URL);
    expect(res.status).toBe(403);
  });

  it.each(UPSTREAM_FAILURES)('$name', async ({ error, status, code }) => {
    const t = bookinfo();
    t.kube.failWith('delete', error());
    const res = await request(t.app).delete(VS_URL);
    expect(res.status).toBe(status);
    expect(errorOf(res).code).toBe(code);
  });

  it.each([
    { url: `${VS_URL}?resourceVersion=`, path: 'resourceVersion' },
    { url: `${VS_URL}?resourceVersion=abc`, path: 'resourceVersion' },
    { url: `${VS_URL}?resourceVersion=12%2034`, path: 'resourceVersion' },
    { url: `${VS_URL}?force=true`, path: 'force' },
    { url: `${VS_URL}?dryRun=All`, path: 'dryRun' },
    { url: `${BASE}/services/reviews`, path: 'kind' },
    { url: `${BASE}/virtualservices/-reviews`, path: 'name' },
  ])('400 naming $path for $url', async ({ url, path }) => {
    const t = bookinfo();
    const res = await request(t.app).delete(url);
    expect(res.status).toBe(400);
    expect(errorOf(res).fieldErrors).toEqual([expect.objectContaining({ path })]);
    expect(t.kube.calls).toEqual([]);
  });
});

describe('view-only mode (SEXTANT_VIEW_ONLY)', () => {
  const body = virtualService('x', {});
  it.each([
    { method: 'post', url: `${BASE}/virtualservices` },
    { method: 'post', url: `${BASE}/virtualservices?dryRun=true` },
    { method: 'put', url: VS_URL },
    { method: 'put', url: `${VS_URL}?dryRun=true` },
    { method: 'delete', url: VS_URL },
    { method: 'delete', url: `${VS_URL}?dryRun=true` },
    { method: 'patch', url: VS_URL },
  ] as const)('403 VIEW_ONLY for $method $url; Kubernetes sees nothing', async ({ method, url }) => {
    const t = bookinfo({ viewOnly: true });
    const res = await request(t.app)[method](url).send(body);
    expect(res.status).toBe(403);
    expect(errorOf(res).code).toBe('VIEW_ONLY');
    expect(t.kube.calls).toEqual([]);
  });

  it.each([BASE, `${BASE}?kind=virtualservices`, VS_URL])('200 for GET %s', async (url) => {
    const t = bookinfo({ viewOnly: true });
    expect((await request(t.app).get(url)).status).toBe(200);
  });
});

describe("istiod's rules (issue 12): refused with 422 naming the field on POST, PUT and dry run, force or not", () => {
  const vsWith = (http: Record<string, unknown>) =>
    virtualService('reviews', {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }], ...http }],
    });
  const PROBES = [
    { name: 'timeout: forever', object: () => vsWith({ timeout: 'forever' }), path: 'spec.http[0].timeout' },
    {
      name: 'retries.attempts: -3',
      object: () => vsWith({ retries: { attempts: -3 } }),
      path: 'spec.http[0].retries.attempts',
    },
    {
      name: 'perTryTimeout: abc',
      object: () => vsWith({ retries: { attempts: 3, perTryTimeout: 'abc' } }),
      path: 'spec.http[0].retries.perTryTimeout',
    },
    {
      name: 'regex ((((',
      object: () => vsWith({ match: [{ uri: { regex: '((((' } }] }),
      path: 'spec.http[0].match[0].uri.regex',
    },
    {
      name: 'port 700000',
      object: () =>
        virtualService('reviews', {
          hosts: ['reviews'],
          http: [{ route: [{ destination: { host: 'reviews', port: { number: 700000 } } }] }],
        }),
      path: 'spec.http[0].route[0].destination.port.number',
    },
    {
      name: 'duplicate DestinationRule subset names',
      object: (): IstioObjectJson => ({
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: 'reviews', namespace: 'bookinfo' },
        spec: {
          host: 'reviews',
          subsets: [
            { name: 'v1', labels: { version: 'v1' } },
            { name: 'v1', labels: { version: 'v2' } },
          ],
        },
      }),
      path: 'spec.subsets[1].name',
    },
  ];
  const urlOf = (o: IstioObjectJson) =>
    `${BASE}/${o.kind === 'DestinationRule' ? 'destinationrules' : 'virtualservices'}`;

  describe.each(PROBES)('$name', ({ object, path }) => {
    const expectRefused = (t: TestApp, res: request.Response) => {
      expect(res.status).toBe(422);
      const error = errorOf(res);
      expect(error.code).toBe('INVALID_SPEC');
      expect(error.fieldErrors?.map((f) => f.path)).toEqual([path]);
      expect(error.message).toContain(path);
      expect(istioInvalidDetailsSchema.parse(error.details)).toEqual({ source: 'istio' });
      expect(t.kube.calls.filter((c) => c.op !== 'get')).toEqual([]);
    };

    it.each(['', '?dryRun=true', '?force=true', '?dryRun=true&force=true'])(
      'POST%s: 422, nothing written',
      async (query) => {
        const t = bookinfo();
        const o = { ...object(), metadata: { ...object().metadata, name: 'probe' } };
        const before = structuredClone(t.kube.objects);
        expectRefused(
          t,
          await request(t.app)
            .post(`${urlOf(o)}${query}`)
            .send(o),
        );
        expect(t.kube.objects).toEqual(before);
      },
    );

    it.each(['', '?dryRun=true', '?force=true'])('PUT%s: 422, nothing written', async (query) => {
      const t = bookinfo();
      const o = object();
      const live = (t.kube.objects[o.kind === 'DestinationRule' ? 'destinationRules' : 'virtualServices'] as
        IstioObjectJson[] | undefined)!.find((x) => x.metadata.name === 'reviews')!;
      o.metadata.resourceVersion = live.metadata.resourceVersion;
      const before = structuredClone(t.kube.objects);
      expectRefused(
        t,
        await request(t.app)
          .put(`${urlOf(o)}/reviews${query}`)
          .send(o),
      );
      expect(t.kube.objects).toEqual(before);
    });
  });

  it('names every refused field at once', async () => {
    const t = bookinfo();
    const res = await request(t.app)
      .post(`${BASE}/virtualservices?force=true`)
      .send(
        virtualService('probe', {
          hosts: ['reviews'],
          http: [
            { route: [{ destination: { host: 'reviews' } }], timeout: 'forever', retries: { attempts: -3 } },
          ],
        }),
      );
    expect(res.status).toBe(422);
    expect(errorOf(res).fieldErrors?.map((f) => f.path)).toEqual([
      'spec.http[0].retries.attempts',
      'spec.http[0].timeout',
    ]);
  });
});
