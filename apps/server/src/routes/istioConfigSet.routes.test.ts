import {
  errorEnvelopeSchema,
  ISTIO_SET_LIMIT,
  istioDryRunSchema,
  istioObjectEnvelopeSchema,
  istioSetFailureDetailsSchema,
  istioSetResultSchema,
  type IstioObjectJson,
} from '@sextant/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { fromKubeStatus, toKubeAppError } from '../clients/kubeErrors.ts';
import { reviewsSpec, seedBookinfo, virtualService } from '../testing/istioFixtures.ts';
import { makeTestApp, type TestApp } from '../testing/testApp.ts';
import { unsyncedStatus } from '../testing/fakes.ts';

const SET_URL = '/api/namespaces/bookinfo/istio';

function bookinfo(config: { viewOnly?: boolean } = {}): TestApp {
  const t = makeTestApp(config);
  seedBookinfo(t.kube);
  return t;
}

const errorOf = (res: request.Response) => errorEnvelopeSchema.parse(res.body).error;

/** A wizard's pair for ratings: a DestinationRule with subsets v1/v2 and a VirtualService routing to v1. */
function ratingsPair(): IstioObjectJson[] {
  return [
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'ratings', namespace: 'bookinfo' },
      spec: { host: 'ratings', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
    },
    virtualService('ratings', {
      hosts: ['ratings'],
      http: [{ route: [{ destination: { host: 'ratings', subset: 'v1' } }] }],
    }),
  ];
}

const stored = (t: TestApp, kind: 'virtualServices' | 'destinationRules', name: string) =>
  (t.kube.objects[kind] as IstioObjectJson[] | undefined)?.find((o) => o.metadata.name === name);

describe('POST /api/namespaces/{ns}/istio (a set of objects, all or nothing)', () => {
  it('201 with both created in order; the VirtualService is judged with the DestinationRule of the same set', async () => {
    const t = bookinfo();
    const res = await request(t.app).post(SET_URL).send({ objects: ratingsPair() });
    expect(res.status).toBe(201);
    const result = istioSetResultSchema.parse(res.body);
    expect(result.items.map((i) => `${i.object.kind}/${i.object.metadata.name}`)).toEqual([
      'DestinationRule/ratings',
      'VirtualService/ratings',
    ]);
    expect(result.items.map((i) => i.validations)).toEqual([[], []]);
    expect(result.items[0]!.object.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(result.affected).toEqual([]);
    expect(stored(t, 'destinationRules', 'ratings')).toBeDefined();
    expect(stored(t, 'virtualServices', 'ratings')).toBeDefined();
    expect(t.kube.calls.map((c) => `${c.op}:${c.resource}:${c.dryRun}`)).toEqual([
      'create:destinationrules:true',
      'create:virtualservices:true',
      'create:destinationrules:false',
      'create:virtualservices:false',
    ]);
  });

  it('200 on ?dryRun=true: every object through Kubernetes dry run, findings per object, nothing stored', async () => {
    const t = bookinfo();
    const before = structuredClone(t.kube.objects);
    const [rule, route] = ratingsPair();
    const broken = virtualService('ratings', {
      hosts: ['ratings'],
      http: [{ route: [{ destination: { host: 'ratings', subset: 'v9' } }] }],
    });
    const res = await request(t.app)
      .post(`${SET_URL}?dryRun=true`)
      .send({ objects: [rule, broken] });
    expect(res.status).toBe(200);
    const result = istioSetResultSchema.parse(res.body);
    expect(result.items[0]!.validations).toEqual([]);
    expect(result.items[1]!.validations).toEqual([
      expect.objectContaining({
        code: 'VS_SUBSET_NOT_FOUND',
        path: 'spec.http[0].route[0].destination.subset',
      }),
    ]);
    expect(t.kube.objects).toEqual(before);
    expect(t.kube.calls.every((c) => c.dryRun)).toBe(true);
    expect(route).toBeDefined();
  });

  it('200 on a dry run listing what the set breaks elsewhere (affected)', async () => {
    const t = bookinfo();
    // A second DestinationRule for reviews overlaps the seeded one: the seeded one gets a finding.
    const overlapping: IstioObjectJson = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews-2', namespace: 'bookinfo' },
      spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
    };
    const res = await request(t.app)
      .post(`${SET_URL}?dryRun=true`)
      .send({ objects: [overlapping] });
    expect(res.status).toBe(200);
    const result = istioSetResultSchema.parse(res.body);
    expect(result.affected.length).toBeGreaterThan(0);
    expect(result.affected.every((v) => v.objectRef.name !== 'reviews-2')).toBe(true);
  });

  it('422 naming objects[i] and the field when our validation finds an error; nothing written', async () => {
    const t = bookinfo();
    const bad = virtualService('bad', reviewsSpec([['v9', 100]], ['bad.example.com']));
    const res = await request(t.app)
      .post(SET_URL)
      .send({ objects: [ratingsPair()[0], bad] });
    expect(res.status).toBe(422);
    const error = errorOf(res);
    expect(error.code).toBe('INVALID_SPEC');
    expect(error.message).toMatch(/^objects\[1\]: VirtualService bookinfo\/bad has an error/);
    expect(error.fieldErrors).toEqual([
      { path: 'objects[1].spec.http[0].route[0].destination.subset', message: expect.stringContaining('v9') },
    ]);
    expect(t.kube.calls.filter((c) => !c.dryRun)).toEqual([]);
    expect(stored(t, 'destinationRules', 'ratings')).toBeUndefined();
  });

  it('201 with ?force=true despite our error findings', async () => {
    const t = bookinfo();
    const bad = virtualService('bad', reviewsSpec([['v9', 100]], ['bad.example.com']));
    const res = await request(t.app)
      .post(`${SET_URL}?force=true`)
      .send({ objects: [bad] });
    expect(res.status).toBe(201);
    expect(istioSetResultSchema.parse(res.body).items[0]!.validations.map((v) => v.code)).toEqual([
      'VS_SUBSET_NOT_FOUND',
    ]);
  });

  it('422 from Kubernetes (dry run) for objects[1]: nothing is written, the paths name objects[1]', async () => {
    const t = bookinfo();
    t.kube.failWith(
      'create',
      fromKubeStatus(
        422,
        {
          reason: 'Invalid',
          message: 'VirtualService.networking.istio.io "ratings" is invalid',
          details: { causes: [{ field: 'spec.http[0].timeout', message: 'invalid duration' }] },
        },
        'create',
      ),
      (call) => call.resource === 'virtualservices',
    );
    const res = await request(t.app).post(SET_URL).send({ objects: ratingsPair() });
    expect(res.status).toBe(422);
    const error = errorOf(res);
    expect(error.message).toMatch(/^objects\[1\] \(VirtualService ratings\): /);
    expect(error.fieldErrors).toEqual([
      { path: 'objects[1].spec.http[0].timeout', message: 'invalid duration' },
    ]);
    expect(t.kube.calls.filter((c) => !c.dryRun)).toEqual([]);
  });

  it('409 when objects[1] fails for real after objects[0] was created: objects[0] is deleted again', async () => {
    const t = bookinfo();
    t.kube.failWith(
      'create',
      fromKubeStatus(
        409,
        { reason: 'AlreadyExists', message: 'virtualservices "ratings" already exists' },
        'create',
      ),
      (call) => call.resource === 'virtualservices' && !call.dryRun,
    );
    const res = await request(t.app).post(SET_URL).send({ objects: ratingsPair() });
    expect(res.status).toBe(409);
    const error = errorOf(res);
    expect(error.message).toMatch(/already exists/);
    expect(error.message).toMatch(/deleted again: nothing was changed/);
    const details = istioSetFailureDetailsSchema.parse(error.details);
    expect(details.failedIndex).toBe(1);
    expect(details.rolledBack).toEqual([{ kind: 'DestinationRule', namespace: 'bookinfo', name: 'ratings' }]);
    expect(details.notRolledBack).toEqual([]);
    expect(stored(t, 'destinationRules', 'ratings')).toBeUndefined();
    const rollback = t.kube.calls.find((c) => c.op === 'delete');
    expect(rollback).toMatchObject({ resource: 'destinationrules', name: 'ratings', dryRun: false });
    expect(rollback?.resourceVersion).toMatch(/^\d+$/);
  });

  it('the error says what could not be deleted again when the rollback fails too', async () => {
    const t = bookinfo();
    t.kube.failWith(
      'create',
      toKubeAppError(
        Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        'create',
        1000,
      ),
      (call) => call.resource === 'virtualservices' && !call.dryRun,
    );
    t.kube.failWith(
      'delete',
      toKubeAppError(
        Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        'delete',
        1000,
      ),
    );
    const res = await request(t.app).post(SET_URL).send({ objects: ratingsPair() });
    expect(res.status).toBe(503);
    const error = errorOf(res);
    expect(error.message).toMatch(/DestinationRule bookinfo\/ratings is still there/);
    const details = istioSetFailureDetailsSchema.parse(error.details);
    expect(details.notRolledBack).toEqual([
      { kind: 'DestinationRule', namespace: 'bookinfo', name: 'ratings' },
    ]);
  });

  it('403 when Kubernetes refuses the write', async () => {
    const t = bookinfo();
    t.kube.failWith('create', fromKubeStatus(403, { reason: 'Forbidden', message: 'forbidden' }, 'create'));
    const res = await request(t.app).post(SET_URL).send({ objects: ratingsPair() });
    expect(res.status).toBe(403);
    expect(t.kube.calls.filter((c) => !c.dryRun)).toEqual([]);
  });

  it('403 VIEW_ONLY in view-only mode; Kubernetes sees nothing', async () => {
    const t = bookinfo({ viewOnly: true });
    const res = await request(t.app).post(`${SET_URL}?dryRun=true`).send({ objects: ratingsPair() });
    expect(res.status).toBe(403);
    expect(errorOf(res).code).toBe('VIEW_ONLY');
    expect(t.kube.calls).toEqual([]);
  });

  it('404 from Kubernetes for a namespace it does not have', async () => {
    const t = bookinfo();
    const res = await request(t.app)
      .post('/api/namespaces/nope/istio')
      .send({ objects: ratingsPair().map((o) => ({ ...o, metadata: { name: o.metadata.name } })) });
    expect(res.status).toBe(404);
  });

  it.each([
    { status: 502, error: () => fromKubeStatus(500, { message: 'etcd' }, 'create') },
    {
      status: 504,
      error: () =>
        toKubeAppError(Object.assign(new Error('aborted'), { name: 'AbortError' }), 'create', 1000),
    },
  ])('$status when the API server fails', async ({ status, error }) => {
    const t = bookinfo();
    t.kube.failWith('create', error());
    expect((await request(t.app).post(SET_URL).send({ objects: ratingsPair() })).status).toBe(status);
  });

  it('503 while the caches our validations read are not synced; nothing is written', async () => {
    const t = bookinfo();
    t.kube.cacheStatus = unsyncedStatus('connect ECONNREFUSED', undefined);
    const res = await request(t.app).post(SET_URL).send({ objects: ratingsPair() });
    expect(res.status).toBe(503);
    expect(t.kube.calls).toEqual([]);
  });

  it.each([
    { name: 'no body', body: undefined, path: 'objects' },
    { name: 'objects not a list', body: { objects: {} }, path: 'objects' },
    { name: 'an empty list', body: { objects: [] }, path: 'objects' },
    {
      name: 'too many objects',
      body: { objects: Array.from({ length: ISTIO_SET_LIMIT + 1 }, (_, i) => virtualService(`v${i}`, {})) },
      path: 'objects',
    },
    {
      name: 'an unknown kind',
      body: { objects: [{ ...virtualService('x', {}), kind: 'Deployment' }] },
      path: 'objects[0].kind',
    },
    {
      name: 'a resourceVersion on a create',
      body: { objects: [virtualService('x', {}), virtualService('y', {}, { resourceVersion: '5' })] },
      path: 'objects[1].metadata.resourceVersion',
    },
    {
      name: 'the same object twice',
      body: { objects: [virtualService('x', {}), virtualService('x', {})] },
      path: 'objects[1].metadata.name',
    },
    {
      name: 'another namespace',
      body: { objects: [virtualService('x', {}, { namespace: 'default' })] },
      path: 'objects[0].metadata.namespace',
    },
  ])('400 naming $path for $name; Kubernetes sees nothing', async ({ body, path }) => {
    const t = bookinfo();
    const req = request(t.app).post(SET_URL);
    const res = await (body === undefined ? req : req.send(body));
    expect(res.status).toBe(400);
    expect(errorOf(res).fieldErrors).toEqual([expect.objectContaining({ path })]);
    expect(t.kube.calls).toEqual([]);
  });
});

describe('affected: what a single write breaks on other objects', () => {
  it('PUT ?dryRun=true of the reviews DestinationRule without subset v1 lists the VirtualService routing to v1', async () => {
    const t = bookinfo();
    const url = '/api/namespaces/bookinfo/istio/destinationrules/reviews';
    const live = istioObjectEnvelopeSchema.parse((await request(t.app).get(url)).body).object;
    const edited = structuredClone(live);
    edited.spec = { ...edited.spec, subsets: [{ name: 'v2', labels: { version: 'v2' } }] };
    const res = await request(t.app).put(`${url}?dryRun=true`).send(edited);
    expect(res.status).toBe(200);
    const dry = istioDryRunSchema.parse(res.body);
    expect(dry.validations).toEqual([]);
    expect(dry.affected).toEqual([
      expect.objectContaining({
        code: 'VS_SUBSET_NOT_FOUND',
        objectRef: { kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' },
      }),
    ]);
    // The real write reports it too (it informs, it does not block).
    const saved = await request(t.app).put(url).send(edited);
    expect(saved.status).toBe(200);
    expect(istioObjectEnvelopeSchema.parse(saved.body).affected).toHaveLength(1);
  });

  it('an edit that breaks nothing has affected: []', async () => {
    const t = bookinfo();
    const url = '/api/namespaces/bookinfo/istio/virtualservices/reviews';
    const live = istioObjectEnvelopeSchema.parse((await request(t.app).get(url)).body).object;
    const res = await request(t.app).put(`${url}?dryRun=true`).send(live);
    expect(istioDryRunSchema.parse(res.body).affected).toEqual([]);
  });
});

describe('GET /api/status', () => {
  it.each([
    { viewOnly: false, expected: { viewOnly: false, version: 'unknown' } },
    {
      viewOnly: true,
      expected: { viewOnly: true, viewOnlyReason: expect.stringContaining('view-only'), version: 'unknown' },
    },
  ])('200 with viewOnly $viewOnly', async ({ viewOnly, expected }) => {
    const t = bookinfo({ viewOnly });
    const res = await request(t.app).get('/api/status');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expected);
  });
});

describe("POST /api/namespaces/{ns}/istio: istiod's rules refuse the whole set", () => {
  it.each(['', '?dryRun=true', '?force=true'])(
    '422%s naming objects[i] and the field; nothing is sent to Kubernetes',
    async (query) => {
      const t = bookinfo();
      const [dr, vs] = ratingsPair();
      const bad = structuredClone(vs!);
      (bad.spec as { http: Record<string, unknown>[] }).http[0]!.timeout = 'forever';
      const res = await request(t.app)
        .post(`${SET_URL}${query}`)
        .send({ objects: [dr, bad] });
      expect(res.status).toBe(422);
      const error = errorOf(res);
      expect(error.fieldErrors).toEqual([
        { path: 'objects[1].spec.http[0].timeout', message: expect.any(String) },
      ]);
      expect(error.message).toMatch(
        /^objects\[1\]: VirtualService bookinfo\/ratings is not valid Istio config/,
      );
      expect(error.details).toEqual({ source: 'istio' });
      expect(t.kube.calls).toEqual([]);
      expect(stored(t, 'destinationRules', 'ratings')).toBeUndefined();
    },
  );
});
