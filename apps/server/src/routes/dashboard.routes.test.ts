import { dashboardSchema, errorEnvelopeSchema } from '@sextant/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { PromMatrixEntry, RangeQuery } from '../clients/prometheus.client.ts';
import { upstreamBadResponse, upstreamTimeout, upstreamUnavailable } from '../errors.ts';
import { makeTestApp, type TestApp } from '../testing/testApp.ts';

const NOW_S = Date.UTC(2025, 0, 1, 12) / 1000;
const URL = '/api/namespaces/bookinfo/services/reviews/dashboard';

const points = (range: RangeQuery, v: string): Array<[number, string]> => [
  [range.start, v],
  [range.start + range.step, v],
];

/** Two versions for every request metric, quantiles NaN in v1 only, no TCP at all. */
function answer(t: TestApp): void {
  t.metrics.answerRange = (promql, range) => {
    if (promql.includes('istio_tcp_')) return [];
    const quantile = promql.startsWith('histogram_quantile');
    return ['v2', 'v1'].map((v): PromMatrixEntry => ({
      metric: promql.includes('destination_canonical_revision') ? { destination_canonical_revision: v } : {},
      values: points(range, quantile && v === 'v1' ? 'NaN' : v === 'v1' ? '1' : '2'),
    }));
  };
}

describe('GET /api/namespaces/{namespace}/{kind}/{name}/dashboard', () => {
  it('200 with defaults: inbound, 30m, 120 points, what callers of the service report, every panel', async () => {
    const t = makeTestApp();
    answer(t);
    const res = await request(t.app).get(URL);
    expect(res.status).toBe(200);
    const body = dashboardSchema.parse(res.body);
    expect(body).toMatchObject({
      namespace: 'bookinfo',
      kind: 'services',
      name: 'reviews',
      direction: 'inbound',
      groupBy: 'none',
      reporter: 'source',
      quantiles: [0.5, 0.95, 0.99],
      start: NOW_S - 1800,
      end: NOW_S,
      step: 15,
      rateInterval: 60,
    });
    expect(body.panels.map((p) => [p.id, p.unit, p.series.length])).toEqual([
      ['requestVolume', 'rps', 2],
      ['requestDuration', 'ms', 5],
      ['requestSize', 'bytes', 5],
      ['responseSize', 'bytes', 5],
      ['requestThroughput', 'Bps', 2],
      ['tcpSent', 'Bps', 0],
      ['tcpReceived', 'Bps', 0],
    ]);
    expect(body.panels.every((p) => p.error === undefined)).toBe(true);
    // 1 + 3 x (avg + 3 quantiles) + 1 + 2
    expect(t.metrics.rangeQueries).toHaveLength(16);
    for (const q of t.metrics.rangeQueries) {
      expect(q.range).toEqual({ start: NOW_S - 1800, end: NOW_S, step: 15 });
      expect(q.promql).toContain(
        'reporter="source",destination_service_namespace="bookinfo",destination_service_name="reviews"',
      );
    }
  });

  it('200 grouped by version: one series per version, labelled, quantiles named', async () => {
    const t = makeTestApp();
    answer(t);
    const res = await request(t.app).get(`${URL}?groupBy=version&duration=1h&step=60&quantiles=0.95`);
    expect(res.status).toBe(200);
    const body = dashboardSchema.parse(res.body);
    const volume = body.panels.find((p) => p.id === 'requestVolume')!;
    expect(volume.series).toEqual([
      {
        group: 'v1',
        stat: 'total',
        label: 'v1',
        points: [
          [NOW_S - 3600, 1],
          [NOW_S - 3540, 1],
        ],
      },
      {
        group: 'v2',
        stat: 'total',
        label: 'v2',
        points: [
          [NOW_S - 3600, 2],
          [NOW_S - 3540, 2],
        ],
      },
    ]);
    const duration = body.panels.find((p) => p.id === 'requestDuration')!;
    // v1's p95 was all NaN: no series, not a line of zeros.
    expect(duration.series.map((s) => s.label)).toEqual(['v1 avg', 'v2 avg', 'v2 p95']);
    expect(body).toMatchObject({ step: 60, rateInterval: 60, quantiles: [0.95] });
  });

  it('200 with every parameter: outbound workload traffic, reporter, rate window, time', async () => {
    const t = makeTestApp();
    answer(t);
    const res = await request(t.app).get(
      `/api/namespaces/bookinfo/workloads/productpage-v1/dashboard?direction=outbound&reporter=both&groupBy=peer&rateInterval=5m&queryTime=${NOW_S - 60}&duration=10m&step=10s`,
    );
    expect(res.status).toBe(200);
    expect(dashboardSchema.parse(res.body)).toMatchObject({
      direction: 'outbound',
      reporter: 'both',
      groupBy: 'peer',
      start: NOW_S - 660,
      end: NOW_S - 60,
      step: 10,
      rateInterval: 300,
    });
    expect(t.metrics.rangeQueries[0]!.promql).toBe(
      'sum by (destination_service_namespace,destination_service_name,reporter) (rate(istio_requests_total{source_workload_namespace="bookinfo",source_workload="productpage-v1"}[300s]))',
    );
  });

  it('200 when some queries fail: their panels say why, the rest is drawn', async () => {
    const t = makeTestApp();
    t.metrics.answerRange = (promql, range) => {
      if (promql.includes('histogram_quantile(0.99') || promql.includes('istio_tcp_sent'))
        throw upstreamTimeout('prometheus', 'Prometheus did not answer within 10000 ms');
      return [{ metric: {}, values: points(range, '3') }];
    };
    const res = await request(t.app).get(URL);
    expect(res.status).toBe(200);
    const panels = dashboardSchema.parse(res.body).panels;
    const byId = Object.fromEntries(panels.map((p) => [p.id, p]));
    expect(byId.requestVolume!.error).toBeUndefined();
    expect(byId.requestDuration!.error).toBe('p99: Prometheus did not answer within 10000 ms');
    expect(byId.requestDuration!.series.map((s) => s.label)).toEqual(['avg', 'p50', 'p95']);
    expect(byId.tcpSent).toMatchObject({
      series: [],
      error: 'Prometheus did not answer within 10000 ms',
    });
    expect(byId.tcpReceived!.series).toHaveLength(1);
  });

  it.each([
    ['an unknown kind', '/api/namespaces/bookinfo/pods/x/dashboard', 'kind', /must be one of apps/],
    ['a bad namespace', '/api/namespaces/Book_Info/apps/x/dashboard', 'namespace', /DNS-1123 label/],
    ['a bad workload name', '/api/namespaces/bookinfo/workloads/R_1/dashboard', 'name', /DNS-1123 subdomain/],
    ['a bad service name', '/api/namespaces/bookinfo/services/a.b/dashboard', 'name', /DNS-1123 label/],
    [
      'a quote in an app name',
      `/api/namespaces/bookinfo/apps/${encodeURIComponent('a"b')}/dashboard`,
      'name',
      /label value/,
    ],
    ['duration=30s', `${URL}?duration=30s`, 'duration', /between 60s/],
    ['duration=2d', `${URL}?duration=48h`, 'duration', /and 86400s/],
    ['step=0', `${URL}?step=0`, 'step', /between 1s/],
    ['too many points', `${URL}?duration=24h&step=1`, 'step', /more than 1500 points/],
    ['direction=sideways', `${URL}?direction=sideways`, 'direction', /inbound, outbound/],
    ['outbound of a service', `${URL}?direction=outbound`, 'direction', /sends no requests/],
    ['groupBy=app', `${URL}?groupBy=app`, 'groupBy', /none, peer, version, responseCode, reporter/],
    ['reporter=proxy', `${URL}?reporter=proxy`, 'reporter', /source, destination, both/],
    ['quantiles=1', `${URL}?quantiles=1`, 'quantiles', /between 0 and 1/],
    ['quantiles=0.5,,0.9', `${URL}?quantiles=0.5,,0.9`, 'quantiles', /between 0 and 1/],
    ['six quantiles', `${URL}?quantiles=0.1,0.2,0.3,0.4,0.5,0.6`, 'quantiles', /at most 5/],
    ['queryTime in the future', `${URL}?queryTime=${NOW_S + 3600}`, 'queryTime', /future/],
    ['an unknown parameter', `${URL}?graphType=app`, 'graphType', /unknown parameter/],
  ])('400 for %s, before any query', async (_name, url, path, message) => {
    const t = makeTestApp();
    const res = await request(t.app).get(url);
    expect(res.status).toBe(400);
    const { error } = errorEnvelopeSchema.parse(res.body);
    expect(error.fieldErrors).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(t.metrics.rangeQueries).toEqual([]);
  });

  it.each([
    { error: upstreamBadResponse('prometheus', 'Prometheus answered HTTP 422'), status: 502 },
    { error: upstreamUnavailable('prometheus', 'Prometheus is not reachable'), status: 503 },
    { error: upstreamTimeout('prometheus', 'Prometheus did not answer within 10000 ms'), status: 504 },
  ])('$status when every query fails so', async ({ error, status }) => {
    const t = makeTestApp();
    t.metrics.queryError = error;
    const res = await request(t.app).get(URL);
    expect(res.status).toBe(status);
    expect(errorEnvelopeSchema.parse(res.body).error.message).toBe(error.message);
  });
});
