import { errorEnvelopeSchema, namespaceListSchema } from '@sextant/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../testing/testApp.ts';
import { staleStatus, unsyncedStatus } from '../testing/fakes.ts';

const strictIn = (namespace: string) => ({
  metadata: { namespace, name: 'default', creationTimestamp: '2025-01-01T00:00:00Z' },
  spec: { mtls: { mode: 'STRICT' } },
});

describe('GET /api/namespaces', () => {
  it('200 with the namespaces in contract shape, sorted, with their mTLS status', async () => {
    const { app, kube } = makeTestApp();
    kube.namespaces = [
      { metadata: { name: 'istio-system', labels: { 'kubernetes.io/metadata.name': 'istio-system' } } },
      { metadata: { name: 'bookinfo', labels: { 'istio-injection': 'enabled' } } },
    ];
    kube.objects.peerAuthentications = [strictIn('bookinfo')];
    const res = await request(app).get('/api/namespaces');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(namespaceListSchema.parse(res.body)).toEqual([
      { name: 'bookinfo', labels: { 'istio-injection': 'enabled' }, istioInjection: true, mtls: 'ENABLED' },
      {
        name: 'istio-system',
        labels: { 'kubernetes.io/metadata.name': 'istio-system' },
        istioInjection: false,
        mtls: 'NOT_ENABLED',
      },
    ]);
  });

  it('200 with mtls null while the PeerAuthentication cache is not synced', async () => {
    const { app, kube } = makeTestApp();
    kube.namespaces = [{ metadata: { name: 'bookinfo' } }];
    kube.kindStatus.peerAuthentications = unsyncedStatus('HTTP 404', 404);
    const res = await request(app).get('/api/namespaces');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ name: 'bookinfo', labels: {}, istioInjection: false, mtls: null }]);
  });

  it('200 with [] for a cluster without namespaces', async () => {
    const { app } = makeTestApp();
    const res = await request(app).get('/api/namespaces');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it.each([
    { name: 'cache not synced: 503', lastErrorStatus: undefined, status: 503, code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'API server says 500: 503', lastErrorStatus: 500, status: 503, code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'API server refuses (RBAC): 403', lastErrorStatus: 403, status: 403, code: 'FORBIDDEN' },
    { name: 'API server wants credentials: 403', lastErrorStatus: 401, status: 403, code: 'FORBIDDEN' },
  ])('$name', async ({ lastErrorStatus, status, code }) => {
    const { app, kube } = makeTestApp();
    kube.cacheStatus = unsyncedStatus('boom', lastErrorStatus);
    const res = await request(app).get('/api/namespaces');
    expect(res.status).toBe(status);
    const { error } = errorEnvelopeSchema.parse(res.body);
    expect(error.code).toBe(code);
    expect(error.message).toContain('boom');
    expect(error.details).toEqual({ upstream: 'kubernetes' });
  });

  it('500 without internals when the cluster data breaks the contract', async () => {
    const { app, kube } = makeTestApp();
    kube.namespaces = [{ metadata: { name: 'x', labels: { bad: 42 as unknown as string } } }];
    const res = await request(app).get('/api/namespaces');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error' } });
  });
});

describe('/api in general', () => {
  it('404 envelope for an unknown API route', async () => {
    const { app } = makeTestApp();
    const res = await request(app).get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(errorEnvelopeSchema.parse(res.body).error).toEqual({
      code: 'NOT_FOUND',
      message: 'No route for GET /api/nope',
    });
  });

  it('400 for a body that is not JSON', async () => {
    const { app } = makeTestApp();
    const res = await request(app)
      .post('/api/namespaces')
      .set('content-type', 'application/json')
      .send('{"a":');
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'BAD_REQUEST', message: 'Request body is not valid JSON' });
  });

  it('403 VIEW_ONLY for a write in view-only mode, reads still work', async () => {
    const { app } = makeTestApp({ viewOnly: true });
    const write = await request(app).post('/api/namespaces').send({});
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('VIEW_ONLY');
    expect((await request(app).get('/api/namespaces')).status).toBe(200);
  });
});

describe('stale cluster data', () => {
  it('serves the last content with the staleness marker while the watches recover; none when fresh', async () => {
    const { app, kube } = makeTestApp();
    kube.namespaces = [{ metadata: { name: 'bookinfo' } }];
    const fresh = await request(app).get('/api/namespaces');
    expect(fresh.headers['sextant-stale-since']).toBeUndefined();

    kube.cacheStatus = staleStatus(
      Date.parse('2026-12-04T18:00:00Z'),
      'connect ECONNREFUSED\n127.0.0.1:6443',
    );
    const res = await request(app).get('/api/namespaces');
    expect(res.status).toBe(200);
    expect(namespaceListSchema.parse(res.body).map((n) => n.name)).toEqual(['bookinfo']);
    expect(res.headers['sextant-stale-since']).toBe('2026-12-04T18:00:00.000Z');
    expect(res.headers['sextant-stale-reason']).toBe('connect ECONNREFUSED 127.0.0.1:6443');
  });

  it('503 with the marker once the content is older than the bound', async () => {
    const { app, kube } = makeTestApp();
    kube.cacheStatus = {
      ...staleStatus(Date.parse('2026-12-04T18:00:00Z'), 'connect ECONNREFUSED'),
      usable: false,
    };
    const res = await request(app).get('/api/namespaces');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      'Kubernetes is not reachable (since 2026-12-04T18:00:00.000Z): connect ECONNREFUSED',
    );
    expect(res.headers['sextant-stale-since']).toBe('2026-12-04T18:00:00.000Z');
  });
});
