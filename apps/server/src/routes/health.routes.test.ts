import { errorEnvelopeSchema, readinessSchema } from '@sextant/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { upstreamTimeout, upstreamUnavailable } from '../errors.ts';
import { makeTestApp } from '../testing/testApp.ts';
import { staleStatus, unsyncedStatus } from '../testing/fakes.ts';

describe('GET /healthz', () => {
  it('200 even when every upstream is down', async () => {
    const { app, kube, metrics } = makeTestApp();
    kube.cacheStatus = unsyncedStatus('ECONNREFUSED', undefined);
    metrics.pingError = upstreamUnavailable('prometheus', 'down');
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('GET /readyz', () => {
  it('200 when the cache is synced and Prometheus answers', async () => {
    const { app } = makeTestApp();
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(200);
    expect(readinessSchema.parse(res.body).checks).toEqual({
      kubernetes: { ok: true },
      prometheus: { ok: true },
    });
  });

  it.each([
    {
      name: 'Kubernetes cache not synced',
      kubeError: 'connect ECONNREFUSED 127.0.0.1:6443',
      promError: undefined,
      message: /^Not ready: Kubernetes: connect ECONNREFUSED 127\.0\.0\.1:6443$/,
    },
    {
      name: 'Prometheus unreachable',
      kubeError: undefined,
      promError: upstreamUnavailable('prometheus', 'Prometheus is not reachable at http://p: ECONNREFUSED'),
      message: /^Not ready: Prometheus: Prometheus is not reachable/,
    },
    {
      name: 'both down (Prometheus timing out)',
      kubeError: 'HTTP 500',
      promError: upstreamTimeout('prometheus', 'Prometheus did not answer within 2000 ms'),
      message: /^Not ready: Kubernetes: HTTP 500; Prometheus: Prometheus did not answer/,
    },
  ])('503 naming what is down: $name', async ({ kubeError, promError, message }) => {
    const { app, kube, metrics } = makeTestApp();
    if (kubeError) kube.cacheStatus = unsyncedStatus(kubeError, undefined);
    metrics.pingError = promError;
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    const { error } = errorEnvelopeSchema.parse(res.body);
    expect(error.code).toBe('NOT_READY');
    expect(error.message).toMatch(message);
    expect(error.details).toMatchObject({
      checks: { kubernetes: { ok: kubeError === undefined }, prometheus: { ok: promError === undefined } },
    });
  });

  it('503 before the first LIST completed', async () => {
    const { app, kube } = makeTestApp();
    kube.cacheStatus = unsyncedStatus(undefined, undefined);
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe('Not ready: Kubernetes: watch cache not synced yet');
  });

  it('200 while caches serve stale content, listing each unsynced cache and since when', async () => {
    const { app, kube } = makeTestApp();
    const broke = Date.parse('2026-12-04T18:00:00Z');
    kube.cacheStatus = staleStatus(broke, 'connect ECONNREFUSED 127.0.0.1:6443');
    kube.kindStatus.pods = { ...unsyncedStatus('connect ECONNREFUSED 127.0.0.1:6443'), unsyncedSince: broke };
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    const checks = (res.body as { error: { details: { checks: { kubernetes: unknown } } } }).error.details
      .checks;
    expect(checks.kubernetes).toMatchObject({
      ok: false,
      unsynced: expect.arrayContaining([
        {
          kind: 'pods',
          usable: false,
          since: '2026-12-04T18:00:00.000Z',
          error: 'connect ECONNREFUSED 127.0.0.1:6443',
        },
        {
          kind: 'namespaces',
          usable: true,
          since: '2026-12-04T18:00:00.000Z',
          staleSince: '2026-12-04T18:00:00.000Z',
          error: 'connect ECONNREFUSED 127.0.0.1:6443',
        },
      ]) as unknown,
    });

    kube.kindStatus = {};
    const stale = await request(app).get('/readyz');
    expect(stale.status).toBe(200);
    const body = readinessSchema.parse(stale.body);
    expect(body.checks.kubernetes.ok).toBe(true);
    expect(body.checks.kubernetes.unsynced).toHaveLength(12);
  });
});
