import { errorEnvelopeSchema, tlsStatusSchema } from '@sextant/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../testing/testApp.ts';
import { unsyncedStatus } from '../testing/fakes.ts';

const ns = (name: string) => ({ metadata: { name } });
const peerAuthentication = (namespace: string, mode: string) => ({
  metadata: { namespace, name: 'default', creationTimestamp: '2025-01-01T00:00:00Z' },
  spec: { mtls: { mode } },
});

function appWith(policies: ReturnType<typeof peerAuthentication>[]) {
  const t = makeTestApp();
  t.kube.namespaces = [ns('istio-system'), ns('bookinfo'), ns('default')];
  t.kube.objects.peerAuthentications = policies;
  return t;
}

describe('GET /api/mesh/tls', () => {
  it.each([
    ['no policy: NOT_ENABLED', [], 'NOT_ENABLED'],
    ['mesh-wide STRICT: ENABLED', [peerAuthentication('istio-system', 'STRICT')], 'ENABLED'],
    [
      'one namespace STRICT: PARTIALLY_ENABLED',
      [peerAuthentication('bookinfo', 'STRICT')],
      'PARTIALLY_ENABLED',
    ],
    ['mesh-wide DISABLE: DISABLED', [peerAuthentication('istio-system', 'DISABLE')], 'DISABLED'],
  ])('200 %s', async (_name, policies, status) => {
    const res = await request(appWith(policies).app).get('/api/mesh/tls');
    expect(res.status).toBe(200);
    expect(tlsStatusSchema.parse(res.body)).toEqual({ status });
  });

  it('400 for an unknown parameter', async () => {
    const res = await request(appWith([]).app).get('/api/mesh/tls?namespace=x');
    expect(res.status).toBe(400);
    expect(res.body.error.fieldErrors).toEqual([{ path: 'namespace', message: 'unknown parameter' }]);
  });

  it.each([
    {
      name: 'policies not synced: 503',
      lastErrorStatus: undefined,
      status: 503,
      code: 'UPSTREAM_UNAVAILABLE',
    },
    { name: 'policies refused (RBAC): 403', lastErrorStatus: 403, status: 403, code: 'FORBIDDEN' },
  ])('$name', async ({ lastErrorStatus, status, code }) => {
    const t = appWith([]);
    t.kube.kindStatus.peerAuthentications = unsyncedStatus('peerauthentications boom', lastErrorStatus);
    const res = await request(t.app).get('/api/mesh/tls');
    expect(res.status).toBe(status);
    const { error } = errorEnvelopeSchema.parse(res.body);
    expect(error.code).toBe(code);
    expect(error.message).toContain('peerauthentications boom');
  });
});

describe('GET /api/namespaces/{namespace}/tls', () => {
  it.each([
    ['bookinfo STRICT', [peerAuthentication('bookinfo', 'STRICT')], 'bookinfo', 'ENABLED'],
    ['bookinfo DISABLE', [peerAuthentication('bookinfo', 'DISABLE')], 'bookinfo', 'DISABLED'],
    [
      'default inherits the mesh STRICT',
      [peerAuthentication('istio-system', 'STRICT')],
      'default',
      'ENABLED',
    ],
    ['nothing set', [], 'default', 'NOT_ENABLED'],
  ])('200 %s', async (_name, policies, namespace, status) => {
    const res = await request(appWith(policies).app).get(`/api/namespaces/${namespace}/tls`);
    expect(res.status).toBe(200);
    expect(tlsStatusSchema.parse(res.body)).toEqual({ status });
  });

  it('404 for a namespace that does not exist', async () => {
    const res = await request(appWith([]).app).get('/api/namespaces/nope/tls');
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: 'NOT_FOUND', message: 'Namespace nope not found' });
  });

  it.each([
    ['an invalid name', '/api/namespaces/Book_Info/tls', 'namespace'],
    ['a 300-character name', `/api/namespaces/${'a'.repeat(300)}/tls`, 'namespace'],
    ['an unknown parameter', '/api/namespaces/bookinfo/tls?x=1', 'x'],
  ])('400 for %s', async (_name, url, path) => {
    const res = await request(appWith([]).app).get(url);
    expect(res.status).toBe(400);
    expect(res.body.error.fieldErrors[0].path).toBe(path);
  });

  it('503 while the namespaces are not synced', async () => {
    const t = appWith([]);
    t.kube.cacheStatus = unsyncedStatus(undefined, undefined);
    const res = await request(t.app).get('/api/namespaces/bookinfo/tls');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});
