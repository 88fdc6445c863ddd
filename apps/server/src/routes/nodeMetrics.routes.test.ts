import { errorEnvelopeSchema, nodeMetricsSchema } from '@sextant/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { upstreamBadResponse, upstreamTimeout, upstreamUnavailable } from '../errors.ts';
import { nodeMetricsQueries } from '../services/nodeMetrics.service.ts';
import { makeTestApp, type TestApp } from '../testing/testApp.ts';

const NOW_S = Date.UTC(2025, 0, 1, 12) / 1000;
const URL = '/api/namespaces/bookinfo/workloads/reviews-v2/metrics';

/** Answers every range query with one series of three points, the p95 with NaNs only, TCP with zeros. */
function answer(t: TestApp): void {
  t.metrics.answerRange = (promql, range) => {
    const points = (v: string): Array<[number, string]> => [
      [range.start, v],
      [range.start + range.step, v],
      [range.start + 2 * range.step, v],
    ];
    if (promql.startsWith('histogram_quantile')) return [{ metric: {}, values: points('NaN') }];
    if (promql.includes('istio_tcp_')) return [{ metric: {}, values: points('0') }];
    if (promql.includes('response_code=~"5..|0"')) return [{ metric: {}, values: points('0.5') }];
    return [{ metric: {}, values: points('10') }];
  };
}

describe('GET /api/namespaces/{namespace}/{kind}/{name}/metrics', () => {
  it('200 with defaults: inbound, 10m, 60 points, four range queries', async () => {
    const t = makeTestApp();
    answer(t);
    const res = await request(t.app).get(URL);
    expect(res.status).toBe(200);
    const body = nodeMetricsSchema.parse(res.body);
    expect(body).toEqual({
      namespace: 'bookinfo',
      kind: 'workloads',
      name: 'reviews-v2',
      direction: 'inbound',
      start: NOW_S - 600,
      end: NOW_S,
      step: 10,
      requestRate: [
        [NOW_S - 600, 10],
        [NOW_S - 590, 10],
        [NOW_S - 580, 10],
      ],
      errorRate: [
        [NOW_S - 600, 0.5],
        [NOW_S - 590, 0.5],
        [NOW_S - 580, 0.5],
      ],
    });
    expect(t.metrics.rangeQueries).toHaveLength(4);
    for (const q of t.metrics.rangeQueries) {
      expect(q.range).toEqual({ start: NOW_S - 600, end: NOW_S, step: 10 });
      expect(q.promql).toContain(
        'reporter="destination",destination_workload_namespace="bookinfo",destination_workload="reviews-v2"',
      );
      expect(q.promql).toContain('[60s]');
    }
  });

  it('200 with every parameter; outbound app traffic, the given step, window and time', async () => {
    const t = makeTestApp();
    answer(t);
    const res = await request(t.app).get(
      `/api/namespaces/bookinfo/apps/My_App.v2/metrics?direction=outbound&duration=1h&step=30&rateInterval=2m&queryTime=${NOW_S - 60}`,
    );
    expect(res.status).toBe(200);
    expect(nodeMetricsSchema.parse(res.body)).toMatchObject({
      start: NOW_S - 3660,
      end: NOW_S - 60,
      step: 30,
    });
    expect(t.metrics.rangeQueries[0]!.promql).toContain(
      'reporter="source",source_workload_namespace="bookinfo",source_canonical_service="My_App.v2"',
    );
    expect(t.metrics.rangeQueries[0]!.promql).toContain('[120s]');
  });

  it.each([
    ['inbound', 'destination_canonical_service="reviews",destination_canonical_revision="v2"'],
    ['outbound', 'source_canonical_service="reviews",source_canonical_revision="v2"'],
  ])('200 for one version of an app (%s), as a versioned-app node is', async (direction, labels) => {
    const t = makeTestApp();
    answer(t);
    const res = await request(t.app).get(
      `/api/namespaces/bookinfo/apps/reviews/metrics?version=v2&direction=${direction}`,
    );
    expect(res.status).toBe(200);
    for (const q of t.metrics.rangeQueries.filter((r) => r.promql.includes('istio_request')))
      expect(q.promql).toContain(labels);
  });

  it('200 for a service: what its callers saw (reporter=source), with response times and TCP when present', async () => {
    const t = makeTestApp();
    t.metrics.answerRange = (promql) => [
      { metric: {}, values: [[NOW_S, promql.includes('tcp') ? '300' : '2.5']] },
    ];
    const res = await request(t.app).get('/api/namespaces/bookinfo/services/ratings/metrics?duration=60s');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      responseTimeP95: [[NOW_S, 2.5]],
      tcpThroughput: [[NOW_S, 300]],
      step: 1,
    });
    expect(t.metrics.rangeQueries[0]!.promql).toContain(
      'reporter="source",destination_service_namespace="bookinfo",destination_service_name="ratings"',
    );
  });

  it.each([
    [
      'an unknown kind',
      '/api/namespaces/bookinfo/pods/x/metrics',
      'kind',
      /must be one of apps, workloads, services/,
    ],
    ['a bad namespace', '/api/namespaces/Book_Info/apps/x/metrics', 'namespace', /DNS-1123 label/],
    [
      'a bad workload name',
      '/api/namespaces/bookinfo/workloads/Reviews_V2/metrics',
      'name',
      /DNS-1123 subdomain/,
    ],
    ['a bad service name', '/api/namespaces/bookinfo/services/a.b/metrics', 'name', /DNS-1123 label/],
    [
      'a quote in an app name',
      `/api/namespaces/bookinfo/apps/${encodeURIComponent('a"b')}/metrics`,
      'name',
      /label value/,
    ],
    [
      'a 300-character name',
      `/api/namespaces/bookinfo/apps/${'a'.repeat(300)}/metrics`,
      'name',
      /longer than/,
    ],
    ['duration=-1', `${URL}?duration=-1`, 'duration', /must look like 60s/],
    ['step=0', `${URL}?step=0`, 'step', /between 1s/],
    ['too many points', `${URL}?duration=1h&step=1`, 'step', /more than 1000 points/],
    ['direction=sideways', `${URL}?direction=sideways`, 'direction', /inbound, outbound/],
    ['queryTime in the future', `${URL}?queryTime=${NOW_S + 3600}`, 'queryTime', /future/],
    ['an unknown parameter', `${URL}?graphType=app`, 'graphType', /unknown parameter/],
    [
      'a version of a workload',
      '/api/namespaces/bookinfo/workloads/reviews-v2/metrics?version=v2',
      'version',
      /apps only/,
    ],
    [
      'a quote in a version',
      `/api/namespaces/bookinfo/apps/reviews/metrics?version=${encodeURIComponent('v"2')}`,
      'version',
      /label value/,
    ],
  ])('400 for %s, before any query', async (_name, url, path, message) => {
    const t = makeTestApp();
    const res = await request(t.app).get(url);
    expect(res.status).toBe(400);
    const { error } = errorEnvelopeSchema.parse(res.body);
    expect(error.fieldErrors).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(t.metrics.rangeQueries).toEqual([]);
  });

  it('400 for outbound metrics of a service', async () => {
    const t = makeTestApp();
    const res = await request(t.app).get(
      '/api/namespaces/bookinfo/services/ratings/metrics?direction=outbound',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/services have no outbound traffic/);
  });

  it.each([
    { error: upstreamBadResponse('prometheus', 'Prometheus answered HTTP 422'), status: 502 },
    { error: upstreamUnavailable('prometheus', 'Prometheus is not reachable'), status: 503 },
    { error: upstreamTimeout('prometheus', 'Prometheus did not answer within 10000 ms'), status: 504 },
  ])('$status when Prometheus fails so', async ({ error, status }) => {
    const t = makeTestApp();
    t.metrics.queryError = error;
    const res = await request(t.app).get(URL);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toBe(error.message);
  });
});

describe('nodeMetricsQueries', () => {
  it('escapes names itself, so the query text is safe even without route validation', () => {
    const queries = nodeMetricsQueries({
      namespace: 'bookinfo',
      kind: 'apps',
      name: 'a"} or vector(1) #\\',
      direction: 'inbound',
      durationSeconds: 60,
      stepSeconds: 1,
      rateSeconds: 60,
      end: 1,
    });
    for (const promql of Object.values(queries)) {
      expect(promql).toContain('destination_canonical_service="a\\"} or vector(1) #\\\\"');
    }
  });
});
