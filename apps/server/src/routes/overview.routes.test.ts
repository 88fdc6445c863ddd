import { errorEnvelopeSchema, meshStatusSchema, overviewSchema } from '@sextant/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { ResourceRule } from '../auth/rbacRules.ts';
import { upstreamUnavailable } from '../errors.ts';
import { seedBookinfo } from '../testing/istioFixtures.ts';
import { unsyncedStatus } from '../testing/fakes.ts';
import { makeTestApp, type TestApp } from '../testing/testApp.ts';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const READ: ResourceRule = {
  verbs: ['get', 'list', 'watch'],
  apiGroups: ['', 'apps', 'networking.istio.io', 'security.istio.io'],
  resources: ['*'],
};

function bookinfo(config: Parameters<typeof makeTestApp>[0] = {}): TestApp {
  const t = makeTestApp(config);
  seedBookinfo(t.kube);
  t.kube.namespaces = [...t.kube.namespaces, { metadata: { name: 'istio-system' } }];
  t.kube.objects.deployments = [
    ...(t.kube.objects.deployments ?? []),
    {
      metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'istiod' } },
        template: {
          metadata: { labels: { app: 'istiod', 'istio.io/rev': 'default' } },
          spec: { containers: [{ name: 'discovery', image: 'docker.io/istio/pilot:1.24.2' }] },
        },
      },
      status: { readyReplicas: 1 },
    },
  ];
  return t;
}

const errorOf = (res: request.Response) => errorEnvelopeSchema.parse(res.body).error;

async function signedInAs(t: TestApp, token: string, rules: Record<string, ResourceRule[]>): Promise<string> {
  t.kube.users.set(token, { user: { name: token, groups: [] }, rules });
  const res = await request(t.app).post('/api/auth/login').send({ token }).expect(200);
  return ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .map((c) => c.split(';')[0])
    .join('; ');
}

describe('GET /api/overview', () => {
  it('200: every namespace with health counts, config findings and traffic from three queries', async () => {
    const t = bookinfo();
    t.kube.objects.deployments![0] = {
      ...t.kube.objects.deployments![0],
      spec: { ...(t.kube.objects.deployments![0]!['spec'] as object), replicas: 2 },
      status: { readyReplicas: 0 },
    };
    t.metrics.answerRange = (promql) =>
      promql.includes('5..|0')
        ? [{ metric: { namespace: 'bookinfo' }, values: [[1735732800, '0.5']] }]
        : [{ metric: { namespace: 'bookinfo' }, values: [[1735732800, '2']] }];
    const res = await request(t.app).get('/api/overview');
    expect(res.status).toBe(200);
    const body = overviewSchema.parse(res.body);
    expect(body.errors).toBeUndefined();
    expect(body.namespaces.map((n) => n.name)).toEqual(['bookinfo', 'default', 'istio-system']);
    const ns = body.namespaces[0]!;
    expect(ns).toMatchObject({
      istioInjection: true,
      health: 'failing',
      workloads: { failing: 1, healthy: 3 },
      apps: { failing: 1, healthy: 1 },
      reasons: ['reviews-v1: 0 of 2 pods ready'],
      config: { objects: 4 },
      traffic: { requestRate: 2, errorPercent: 25 },
    });
    expect(t.metrics.queries).toHaveLength(1);
    expect(t.metrics.rangeQueries).toHaveLength(2);
  });

  it('200 with health from Kubernetes and a note when Prometheus is down', async () => {
    const t = bookinfo();
    t.metrics.queryError = upstreamUnavailable('prometheus', 'connect ECONNREFUSED');
    const res = await request(t.app).get('/api/overview');
    expect(res.status).toBe(200);
    const body = overviewSchema.parse(res.body);
    expect(body.errors).toEqual([expect.objectContaining({ source: 'prometheus' })]);
    expect(body.namespaces[0]).toMatchObject({ health: 'healthy', traffic: null });
  });

  it('200 without config counts while the Istio caches cannot be read', async () => {
    const t = bookinfo();
    t.kube.kindStatus.virtualServices = unsyncedStatus('virtualservices is forbidden', 403);
    const body = overviewSchema.parse((await request(t.app).get('/api/overview').expect(200)).body);
    expect(body.namespaces[0]!.config).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ source: 'kubernetes' })]);
  });

  it('only the namespaces the signed-in user may read', async () => {
    const t = bookinfo({ auth: { strategy: 'token', sessionSecret: SECRET } });
    const cookie = await signedInAs(t, 'bob', { bookinfo: [READ] });
    const body = overviewSchema.parse(
      (await request(t.app).get('/api/overview').set('Cookie', cookie).expect(200)).body,
    );
    expect(body.namespaces.map((n) => n.name)).toEqual(['bookinfo']);
  });

  it('400 for an unknown parameter', async () => {
    const res = await request(bookinfo().app).get('/api/overview?namespace=bookinfo');
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe('BAD_REQUEST');
  });

  it('503 while the workloads cannot be read', async () => {
    const t = bookinfo();
    t.kube.kindStatus.deployments = unsyncedStatus('connect ECONNREFUSED');
    const res = await request(t.app).get('/api/overview');
    expect(res.status).toBe(503);
  });

  it('401 without a session when sign-in is on', async () => {
    const res = await request(bookinfo({ auth: { strategy: 'token', sessionSecret: SECRET } }).app).get(
      '/api/overview',
    );
    expect(res.status).toBe(401);
  });
});

describe('GET /api/mesh', () => {
  it('200: istiod with its version and health, the mesh-wide policy, config totals', async () => {
    const t = bookinfo();
    t.kube.seedIstio('peerauthentications', {
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    });
    const res = await request(t.app).get('/api/mesh');
    expect(res.status).toBe(200);
    const body = meshStatusSchema.parse(res.body);
    expect(body.controlPlane).toEqual([
      expect.objectContaining({
        name: 'istiod',
        version: '1.24.2',
        health: { status: 'Healthy', reasons: [] },
      }),
    ]);
    expect(body.gateways).toEqual([]);
    expect(body.mtls.meshPolicyMode).toBe('STRICT');
    expect(body.config).toMatchObject({ namespaces: 3, objects: 5 });
  });

  it('a user who cannot read istio-system sees no control plane', async () => {
    const t = bookinfo({ auth: { strategy: 'token', sessionSecret: SECRET } });
    const cookie = await signedInAs(t, 'bob', { bookinfo: [READ] });
    const body = meshStatusSchema.parse(
      (await request(t.app).get('/api/mesh').set('Cookie', cookie).expect(200)).body,
    );
    expect(body.controlPlane).toEqual([]);
    expect(body.config.namespaces).toBe(1);
  });

  it('400 for an unknown parameter', async () => {
    expect((await request(bookinfo().app).get('/api/mesh?x=1')).status).toBe(400);
  });

  it('503 while the deployments cannot be read', async () => {
    const t = bookinfo();
    t.kube.kindStatus.deployments = unsyncedStatus('connect ECONNREFUSED');
    expect((await request(t.app).get('/api/mesh')).status).toBe(503);
  });
});
