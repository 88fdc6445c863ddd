import { errorEnvelopeSchema, readinessSchema } from '@sextant/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { upstreamTimeout, upstreamUnavailable } from '../errors.ts';
import { makeTestApp } from '../testing/testApp.ts';

describe('GET /healthz', () => {
  it('200 even when every upstream is down', async () => {
    const { app, kube, metrics } = makeTestApp();
    kube.cacheStatus = { synced: false, lastError: 'ECONNREFUSED', lastErrorStatus: undefined };
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
    if (kubeError) kube.cacheStatus = { synced: false, lastError: kubeError, lastErrorStatus: undefined };
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
    kube.cacheStatus = { synced: false, lastError: undefined, lastErrorStatus: undefined };
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe('Not ready: Kubernetes: watch cache not synced yet');
  });
});
