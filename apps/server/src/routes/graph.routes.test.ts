import {
  errorEnvelopeSchema,
  graphReplaySchema,
  graphSchema,
  type EdgeData,
  type Graph,
} from '@sextant/contracts';
import {
  frameTimes,
  graphQueries,
  parseRateAnnotation,
  regexAlternation,
  type PromMatrixEntry,
  type PromVectorEntry,
} from '@sextant/mesh';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { upstreamBadResponse, upstreamTimeout, upstreamUnavailable } from '../errors.ts';
import { graphQueryIdOf, requestSample, side } from '../testing/promSamples.ts';
import { makeTestApp, type TestApp } from '../testing/testApp.ts';
import { writeReplay } from './graph.routes.ts';
import { FakeChangeStore, unsyncedStatus } from '../testing/fakes.ts';
import type { NewChange } from '../history/changeStore.ts';
import type { ChangeHistory } from '../history/history.ts';
import { SYNCED_STATUS } from '../clients/kube.client.ts';
import { newChange } from '../testing/historyFixtures.ts';
import { reviewsSpec, seedBookinfo } from '../testing/istioFixtures.ts';

const NOW_S = Date.UTC(2025, 0, 1, 12) / 1000;
/** Kiali's defaults: requests, TCP bytes sent, response time and throughput. */
const QUERY_COUNT = graphQueries({ namespaces: ['a'], durationSeconds: 60, queryTime: 1, quantile: 0.95 })
  .queries.length;

const productpage = side('bookinfo', 'productpage-v1');
const reviewsV1 = side('bookinfo', 'reviews-v1', 'reviews', 'v1');
const reviewsV2 = side('bookinfo', 'reviews-v2', 'reviews', 'v2');
const ratings = side('bookinfo', 'ratings-v1');

/** Bookinfo-like traffic: productpage -> reviews v1/v2 (3:1), reviews-v2 -> ratings with 3 % 503s. */
const REQUESTS_IN: PromVectorEntry[] = [
  requestSample('destination', productpage, reviewsV1, 3),
  requestSample('destination', productpage, reviewsV2, 1),
  requestSample('destination', reviewsV2, ratings, 0.97),
  requestSample('destination', reviewsV2, ratings, 0.03, { code: '503' }),
];

/** The destination-reported request query, whatever the other parameters. */
const isRequestsIn = (promql: string) =>
  promql.includes('istio_requests_total{') && /reporter=~?"destination/.test(promql);

/** Answers requestsIn with REQUESTS_IN; everything else empty. */
function answerBookinfo(t: TestApp): void {
  t.metrics.answer = (promql) => (isRequestsIn(promql) ? REQUESTS_IN : []);
}

const get = (t: TestApp, query: string) => request(t.app).get(`/api/namespaces/graph?${query}`);
const replay = (t: TestApp, query: string) => request(t.app).get(`/api/namespaces/graph/replay?${query}`);

/** Each sample as a series with that value at every one of `times` (scaled by `scale(t)`). */
function matrixOf(
  samples: readonly PromVectorEntry[],
  times: readonly number[],
  scale: (time: number) => number = () => 1,
): PromMatrixEntry[] {
  return samples.map((s) => ({
    metric: s.metric,
    values: times.filter((t) => scale(t) > 0).map((t) => [t, String(Number(s.value[1]) * scale(t))] as const),
  }));
}

function edge(g: Graph, source: string, target: string): EdgeData {
  const e = g.elements.edges.find((x) => x.data.source === source && x.data.target === target);
  if (!e)
    throw new Error(`no edge ${source} -> ${target}: ${g.elements.edges.map((x) => x.data.id).join(', ')}`);
  return e.data;
}

const vapp = (workload: string) => `vapp_Kubernetes_bookinfo_${workload}`;
const wl = (workload: string) => `wl_Kubernetes_bookinfo_${workload}`;

describe('GET /api/namespaces/graph', () => {
  it("200 with Kiali's defaults: workload graph, 10m, no service nodes, p95, now", async () => {
    const t = makeTestApp();
    answerBookinfo(t);
    const res = await get(t, 'namespaces=bookinfo');
    expect(res.status).toBe(200);
    const g = graphSchema.parse(res.body);
    expect(g).toMatchObject({ timestamp: NOW_S, duration: 600, graphType: 'workload' });
    expect(g.errors).toBeUndefined();
    expect(g.elements.nodes.map((n) => n.data.id)).toEqual(
      expect.arrayContaining([wl('productpage-v1'), wl('reviews-v1'), wl('reviews-v2')]),
    );
    expect(g.elements.nodes.some((n) => n.data.nodeType === 'service')).toBe(false);
    expect(edge(g, wl('productpage-v1'), wl('reviews-v1')).traffic.rates?.httpPercentReq).toBe(75);
    // Health is judged only when the health appender is asked for, as in Kiali.
    expect(g.elements.nodes.some((n) => n.data.health !== undefined)).toBe(false);

    expect(t.metrics.queries).toHaveLength(QUERY_COUNT);
    expect(new Set(t.metrics.queries.map((q) => q.time))).toEqual(new Set([NOW_S]));
    expect(t.metrics.queries.every((q) => q.promql.includes('[600s]'))).toBe(true);
    expect(t.metrics.queries.some((q) => q.promql.startsWith('histogram_quantile(0.95,'))).toBe(true);
  });

  it("200 with every one of Kiali's parameters given", async () => {
    const t = makeTestApp();
    answerBookinfo(t);
    const queryTime = NOW_S - 3600;
    const res = await get(
      t,
      `namespaces=bookinfo&graphType=versionedApp&duration=1m&queryTime=${queryTime}&injectServiceNodes=true` +
        '&boxBy=namespace,app,cluster&includeIdleEdges=true&appenders=health,responseTime,istio&responseTime=avg' +
        '&throughputType=request&rateHttp=requests&rateGrpc=total&rateTcp=total&ambientTraffic=none' +
        '&configVendor=cytoscape&telemetryVendor=istio',
    );
    expect(res.status).toBe(200);
    const g = graphSchema.parse(res.body);
    expect(g).toMatchObject({ timestamp: queryTime, duration: 60, graphType: 'versionedApp' });
    const reviews = g.elements.nodes.find(
      (n) => n.data.nodeType === 'service' && n.data.service === 'reviews',
    );
    expect(edge(g, reviews!.data.id, vapp('reviews-v1')).traffic.rates?.httpPercentReq).toBe(75);
    expect(g.elements.nodes.some((n) => n.data.isBox === 'app')).toBe(true);
    expect(g.elements.nodes.find((n) => n.data.id === vapp('ratings-v1'))?.data.health).toBe('Degraded');
    const promql = t.metrics.queries.map((q) => q.promql);
    expect(new Set(t.metrics.queries.map((q) => q.time))).toEqual(new Set([queryTime]));
    expect(promql.some((q) => q.includes('istio_request_duration_milliseconds_sum'))).toBe(true);
    expect(promql.some((q) => q.includes('histogram_quantile'))).toBe(false);
    expect(promql.some((q) => q.includes('istio_request_messages_total'))).toBe(true);
    expect(promql.some((q) => q.includes('istio_tcp_sent_bytes_total'))).toBe(true);
    expect(promql.some((q) => q.includes('istio_request_bytes_sum'))).toBe(false); // no throughput appender
    // Idle edges kept: the traffic queries keep series that saw no traffic.
    expect(promql.filter((q) => !q.includes('duration')).every((q) => !q.includes('> 0'))).toBe(true);
    expect(promql.every((q) => !q.includes('waypoint'))).toBe(true);
  });

  it('runs no appender with an empty appenders parameter, and names a bad one', async () => {
    const t = makeTestApp();
    answerBookinfo(t);
    const res = await get(t, 'namespaces=bookinfo&appenders=');
    expect(res.status).toBe(200);
    expect(t.metrics.queries.map((q) => q.promql).some((q) => q.includes('histogram_quantile'))).toBe(false);
    const bad = await get(t, 'namespaces=bookinfo&appenders=health,bogus');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fieldErrors).toEqual([{ path: 'appenders', message: 'invalid appender "bogus"' }]);
  });

  it.each(['app', 'versionedApp', 'workload', 'service'])('200 for graphType=%s', async (graphType) => {
    const t = makeTestApp();
    answerBookinfo(t);
    const res = await get(t, `namespaces=bookinfo&graphType=${graphType}`);
    expect(res.status).toBe(200);
    expect(graphSchema.parse(res.body).graphType).toBe(graphType);
  });

  it('200 with queryTime up to a minute ahead (clock skew), sorted and de-duplicated namespaces', async () => {
    const t = makeTestApp();
    answerBookinfo(t);
    const res = await get(t, `namespaces=bookinfo,a,bookinfo&queryTime=${NOW_S + 59}`);
    expect(res.status).toBe(200);
    expect(t.metrics.queries[0]!.promql).toContain(`=~${regexAlternation(['a', 'bookinfo'])}`);
  });

  const long = 'a'.repeat(300);
  it.each([
    ['namespaces missing', '', 'namespaces', /is required/],
    ['namespaces empty', 'namespaces=', 'namespaces', /empty namespace name/],
    ['namespaces with an empty entry', 'namespaces=a,,b', 'namespaces', /empty namespace name/],
    ['namespaces=a;b', 'namespaces=a;b', 'namespaces', /"a;b" is not a DNS-1123 label/],
    ['upper case namespace', 'namespaces=Bookinfo', 'namespaces', /not a DNS-1123 label/],
    ['a 300-character namespace', `namespaces=${long}`, 'namespaces', /longer than 63 characters/],
    [
      'PromQL injection',
      `namespaces=${encodeURIComponent('a"}or vector(1)#')}`,
      'namespaces',
      /not a DNS-1123/,
    ],
    [
      'graphType=x',
      'namespaces=a&graphType=x',
      'graphType',
      /must be one of app, versionedApp, workload, service/,
    ],
    ['duration=-1', 'namespaces=a&duration=-1', 'duration', /must look like 60s, 10m or 1h/],
    ['duration without unit', 'namespaces=a&duration=60', 'duration', /must look like/],
    ['duration=0s', 'namespaces=a&duration=0s', 'duration', /between 1s and 86400s/],
    ['duration over a day', 'namespaces=a&duration=25h', 'duration', /between 1s and 86400s/],
    ['queryTime not a number', 'namespaces=a&queryTime=yesterday', 'queryTime', /positive unix time/],
    [
      'queryTime in the future',
      `namespaces=a&queryTime=${NOW_S + 120}`,
      'queryTime',
      /must not be in the future/,
    ],
    ['queryTime=0', 'namespaces=a&queryTime=0', 'queryTime', /positive unix time/],
    ['injectServiceNodes=yes', 'namespaces=a&injectServiceNodes=yes', 'injectServiceNodes', /true or false/],
    ['includeIdleEdges=1', 'namespaces=a&includeIdleEdges=1', 'includeIdleEdges', /true or false/],
    ['boxBy=box', 'namespaces=a&boxBy=box', 'boxBy', /app, cluster and\/or namespace/],
    ['rateHttp=sent', 'namespaces=a&rateHttp=sent', 'rateHttp', /must be one of requests, none/],
    [
      'rateTcp=requests',
      'namespaces=a&rateTcp=requests',
      'rateTcp',
      /must be one of sent, received, total, none/,
    ],
    ['rateGrpc=all', 'namespaces=a&rateGrpc=all', 'rateGrpc', /must be one of requests, sent/],
    [
      'ambientTraffic=some',
      'namespaces=a&ambientTraffic=some',
      'ambientTraffic',
      /must be one of none, total/,
    ],
    ['throughputType=both', 'namespaces=a&throughputType=both', 'throughputType', /request, response/],
    ['configVendor=other', 'namespaces=a&configVendor=other', 'configVendor', /cytoscape/],
    ["Sextant's old includeIdle", 'namespaces=a&includeIdle=true', 'includeIdle', /unknown parameter/],
    ['responseTime=90', 'namespaces=a&responseTime=90', 'responseTime', /must be one of avg, 50, 95, 99/],
    ['an unknown parameter', 'namespaces=a&namespace=b', 'namespace', /unknown parameter/],
    ['a parameter given twice', 'namespaces=a&graphType=app&graphType=workload', 'graphType', /given once/],
  ])('400 for %s, before any query', async (_name, query, param, message) => {
    const t = makeTestApp();
    const res = await get(t, query);
    expect(res.status).toBe(400);
    const { error } = errorEnvelopeSchema.parse(res.body);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(`${param}:`);
    expect(error.fieldErrors).toContainEqual({ path: param, message: expect.stringMatching(message) });
    expect(error.message.length).toBeLessThan(300);
    expect(t.metrics.queries).toEqual([]);
  });

  it('400 naming every bad parameter at once', async () => {
    const t = makeTestApp();
    const res = await get(t, 'graphType=x&duration=-1&foo=1');
    expect(res.status).toBe(400);
    expect(res.body.error.fieldErrors.map((e: { path: string }) => e.path).sort()).toEqual([
      'duration',
      'foo',
      'graphType',
      'namespaces',
    ]);
  });

  it.each([
    {
      name: '502 when Prometheus refuses the query (its 4xx)',
      error: upstreamBadResponse(
        'prometheus',
        'Prometheus /api/v1/query answered HTTP 400 (bad_data: parse error)',
      ),
      status: 502,
      code: 'UPSTREAM_BAD_RESPONSE',
    },
    {
      name: '503 when Prometheus is unreachable',
      error: upstreamUnavailable('prometheus', 'Prometheus is not reachable at http://p:9090: ECONNREFUSED'),
      status: 503,
      code: 'UPSTREAM_UNAVAILABLE',
    },
    {
      name: '504 when Prometheus is too slow',
      error: upstreamTimeout('prometheus', 'Prometheus did not answer within 10000 ms'),
      status: 504,
      code: 'UPSTREAM_TIMEOUT',
    },
  ])('$name', async ({ error, status, code }) => {
    const t = makeTestApp();
    t.metrics.queryError = error;
    const res = await get(t, 'namespaces=bookinfo');
    expect(res.status).toBe(status);
    const envelope = errorEnvelopeSchema.parse(res.body);
    expect(envelope.error).toEqual({ code, message: error.message, details: { upstream: 'prometheus' } });
    expect(envelope.error.message).toMatch(/Prometheus/);
    expect(res.text).not.toMatch(/\.ts:\d+/);
  });

  it('stops sending queries once a traffic query failed', async () => {
    const t = makeTestApp();
    const aborted: boolean[] = [];
    t.metrics.answer = (promql, _time, signal) => {
      if (isRequestsIn(promql)) throw upstreamUnavailable('prometheus', 'Prometheus is not reachable');
      return new Promise((resolve) => {
        signal?.addEventListener('abort', () => {
          aborted.push(true);
          resolve([]);
        });
      });
    };
    const res = await get(t, 'namespaces=bookinfo');
    expect(res.status).toBe(503);
    // The first wave (4 in flight) started; nothing after the failure did, and the wave was aborted.
    expect(t.metrics.queries.length).toBeLessThan(QUERY_COUNT);
    expect(aborted.length).toBe(t.metrics.queries.length - 1);
  });

  it('200 with errors[] when only a response-time query fails: the traffic is still shown', async () => {
    const t = makeTestApp();
    t.metrics.answer = (promql) => {
      const id = graphQueryIdOf(promql, { namespaces: ['bookinfo'], durationSeconds: 600 });
      if (id === 'responseTimeIn')
        throw upstreamTimeout('prometheus', 'Prometheus did not answer within 10000 ms');
      return id === 'requestsIn' ? REQUESTS_IN : [];
    };
    const res = await get(t, 'namespaces=bookinfo');
    expect(res.status).toBe(200);
    const g = graphSchema.parse(res.body);
    expect(g.elements.edges.length).toBeGreaterThan(0);
    expect(g.errors).toEqual([
      { source: 'prometheus', message: 'responseTimeIn: Prometheus did not answer within 10000 ms' },
    ]);
  });

  describe('latency queries split in parts (SEXTANT_GRAPH_QUERY_PARTS)', () => {
    const web = side('shop', 'web-v1');
    const cart = side('shop', 'cart-v1');
    const params = { namespaces: ['bookinfo', 'shop'], durationSeconds: 600, parts: 2 };
    /** requestsIn in both namespaces; each latency part answers for its own namespace only. */
    const answer =
      (failIn?: string) =>
      (promql: string): PromVectorEntry[] => {
        const id = graphQueryIdOf(promql, params);
        if (id === 'requestsIn')
          return [
            requestSample('destination', productpage, reviewsV1, 3),
            requestSample('destination', web, cart, 2),
          ];
        if (id !== 'responseTimeIn') return [];
        if (failIn && promql.includes(`=~"${failIn}"`))
          throw upstreamTimeout('prometheus', 'Prometheus did not answer within 10000 ms');
        if (promql.includes('destination_service_namespace=~"bookinfo"'))
          return [requestSample('destination', productpage, reviewsV1, 25)];
        if (promql.includes('destination_service_namespace=~"shop"'))
          return [requestSample('destination', web, cart, 40)];
        throw new Error(`a latency query over both namespaces: ${promql}`);
      };

    it('joins the parts: each namespace its latency, two more queries whatever the namespaces', async () => {
      const t = makeTestApp({ graph: { queryParts: 2 } });
      t.metrics.answer = answer();
      const res = await get(t, 'namespaces=bookinfo,shop&appenders=responseTime');
      expect(res.status).toBe(200);
      const g = graphSchema.parse(res.body);
      expect(g.errors).toBeUndefined();
      expect(edge(g, wl('productpage-v1'), wl('reviews-v1')).responseTime).toBe(25);
      expect(edge(g, 'wl_Kubernetes_shop_web-v1', 'wl_Kubernetes_shop_cart-v1').responseTime).toBe(40);
      const whole = makeTestApp();
      whole.metrics.answer = () => [];
      await get(whole, 'namespaces=bookinfo,shop&appenders=responseTime');
      expect(t.metrics.queries).toHaveLength(whole.metrics.queries.length + 2);
      // The latency parts are sent first: they are the longest work.
      expect(t.metrics.queries.slice(0, 4).every((q) => q.promql.startsWith('histogram_quantile('))).toBe(
        true,
      );
    });

    it('a failed part fails its query whole: one error, no edge with half the latencies', async () => {
      const t = makeTestApp({ graph: { queryParts: 2 } });
      t.metrics.answer = answer('shop');
      const res = await get(t, 'namespaces=bookinfo,shop&appenders=responseTime');
      expect(res.status).toBe(200);
      const g = graphSchema.parse(res.body);
      expect(g.errors).toEqual([
        { source: 'prometheus', message: 'responseTimeIn: Prometheus did not answer within 10000 ms' },
      ]);
      expect(edge(g, wl('productpage-v1'), wl('reviews-v1')).responseTime).toBeUndefined();
      expect(edge(g, 'wl_Kubernetes_shop_web-v1', 'wl_Kubernetes_shop_cart-v1').traffic.rates?.http).toBe(2);
    });
  });

  it('200 with traffic and a kubernetes error when the caches are not synced', async () => {
    const t = makeTestApp();
    answerBookinfo(t);
    t.kube.cacheStatus = unsyncedStatus('connect ECONNREFUSED 10.0.0.1:6443', undefined);
    t.kube.kindStatus.namespaces = SYNCED_STATUS;
    const res = await get(t, 'namespaces=bookinfo');
    expect(res.status).toBe(200);
    const g = graphSchema.parse(res.body);
    expect(g.elements.edges.length).toBeGreaterThan(0);
    expect(g.errors).toEqual([
      {
        source: 'kubernetes',
        message:
          'Kubernetes data is incomplete (deployments, pods, services, virtualServices, destinationRules, ' +
          'gateways, serviceEntries, peerAuthentications): connect ECONNREFUSED 10.0.0.1:6443',
      },
    ]);
  });

  it('sends the same number of queries for 1 and for 50 namespaces', async () => {
    const one = makeTestApp();
    expect((await get(one, 'namespaces=ns-0')).status).toBe(200);
    const fifty = makeTestApp();
    const names = Array.from({ length: 50 }, (_, i) => `ns-${i}`);
    expect((await get(fifty, `namespaces=${names.join(',')}`)).status).toBe(200);
    expect(one.metrics.queries).toHaveLength(QUERY_COUNT);
    expect(fifty.metrics.queries).toHaveLength(QUERY_COUNT);
  });

  it('puts only validated, escaped names into PromQL', async () => {
    const t = makeTestApp();
    const names = ['bookinfo', 'a-b', '0x1', 'z'.repeat(63)];
    expect((await get(t, `namespaces=${names.join(',')}`)).status).toBe(200);
    // Refused before reaching the fake: quotes, braces, regex and PromQL syntax.
    for (const bad of ['a"', 'a}', 'a.*', 'a|b', 'a\\', 'a b', 'a\n', '"}or vector(1)or{a="']) {
      expect((await get(t, `namespaces=${encodeURIComponent(bad)}`)).status).toBe(400);
    }
    expect(t.metrics.queries).toHaveLength(QUERY_COUNT);
    const expected = regexAlternation([...names].sort());
    for (const { promql } of t.metrics.queries) {
      const literals = stringLiterals(promql);
      // Every string literal is a fixed label value or exactly the namespace alternation.
      for (const literal of literals) {
        expect([
          '"destination|waypoint"',
          '"source|waypoint"',
          '"unknown"',
          expected,
          `"^.+\\\\.(${[...names].sort().join('|')})\\\\..+$"`,
        ]).toContain(literal);
      }
      expect(literals).toContain(expected);
    }
  });

  describe('identical requests share one computation', () => {
    it('two concurrent identical requests send one set of queries', async () => {
      const t = makeTestApp();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      t.metrics.answer = async (promql) => {
        await gate;
        return isRequestsIn(promql) ? REQUESTS_IN : [];
      };
      const first = get(t, 'namespaces=bookinfo').then((r) => r);
      const second = get(t, 'graphType=workload&namespaces=bookinfo').then((r) => r);
      await expect.poll(() => t.metrics.queries.length).toBeGreaterThan(0);
      release();
      const [a, b] = await Promise.all([first, second]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body).toEqual(b.body);
      expect(t.metrics.queries).toHaveLength(QUERY_COUNT);

      const metrics = await request(t.app).get('/metrics');
      expect(metrics.text).toMatch(
        /sextant_graph_duration_seconds_count\{graph_type="workload",result="computed"\} 1/,
      );
      expect(metrics.text).toMatch(
        /sextant_graph_duration_seconds_count\{graph_type="workload",result="joined"\} 1/,
      );
    });

    it('reuses a finished graph within the cache window only', async () => {
      const t = makeTestApp();
      answerBookinfo(t);
      expect((await get(t, 'namespaces=bookinfo')).status).toBe(200);
      t.clock.now += 999;
      expect((await get(t, 'namespaces=bookinfo')).status).toBe(200);
      expect(t.metrics.queries).toHaveLength(QUERY_COUNT);
      t.clock.now += 1;
      const fresh = await get(t, 'namespaces=bookinfo');
      expect(fresh.status).toBe(200);
      expect(t.metrics.queries).toHaveLength(2 * QUERY_COUNT);
      expect(fresh.body.timestamp).toBe(NOW_S + 1);
    });

    it('does not share between different parameters, nor keep failures', async () => {
      const t = makeTestApp();
      await Promise.all([get(t, 'namespaces=bookinfo'), get(t, 'namespaces=bookinfo&graphType=app')]);
      expect(t.metrics.queries).toHaveLength(2 * QUERY_COUNT);

      const failing = makeTestApp();
      failing.metrics.queryError = upstreamUnavailable('prometheus', 'down');
      expect((await get(failing, 'namespaces=bookinfo')).status).toBe(503);
      failing.metrics.queryError = undefined;
      expect((await get(failing, 'namespaces=bookinfo')).status).toBe(200);
    });
  });

  describe('health thresholds', () => {
    const ratingsEdge = (g: Graph) => g.elements.edges.find((e) => e.data.target === wl('ratings-v1'))!.data;
    const query = 'namespaces=bookinfo&graphType=workload&injectServiceNodes=false&appenders=health';

    it('3 % 5xx degrades an edge under the defaults', async () => {
      const t = makeTestApp();
      answerBookinfo(t);
      const g = graphSchema.parse((await get(t, query)).body);
      expect(ratingsEdge(g).health).toBe('Degraded');
    });

    it('the server config (SEXTANT_HEALTH_RATE) replaces the defaults', async () => {
      const parsed = parseRateAnnotation('5XX/5/10/http');
      if (!parsed.ok) throw new Error('bad test annotation');
      const t = makeTestApp({ health: { tolerances: parsed.tolerances } });
      answerBookinfo(t);
      const g = graphSchema.parse((await get(t, query)).body);
      expect(ratingsEdge(g).health).toBe('Healthy');
    });

    it('an annotation on the Deployment wins over the config', async () => {
      const parsed = parseRateAnnotation('5XX/5/10/http');
      if (!parsed.ok) throw new Error('bad test annotation');
      const t = makeTestApp({ health: { tolerances: parsed.tolerances } });
      answerBookinfo(t);
      t.kube.objects.deployments = [
        {
          metadata: {
            namespace: 'bookinfo',
            name: 'ratings-v1',
            annotations: { 'health.sextant.io/rate': '5XX/1/2/http/inbound' },
          },
          spec: { replicas: 1, template: { metadata: { labels: { app: 'ratings', version: 'v1' } } } },
          status: { readyReplicas: 1 },
        },
      ];
      const g = graphSchema.parse((await get(t, query)).body);
      expect(ratingsEdge(g).health).toBe('Failure');
    });
  });

  it('counts its Prometheus queries and reports cache sync in /metrics', async () => {
    const t = makeTestApp();
    t.kube.kindStatus.gateways = unsyncedStatus('HTTP 404', 404);
    await get(t, 'namespaces=bookinfo');
    const text = (await request(t.app).get('/metrics')).text;
    expect(text).toContain(`sextant_prometheus_queries_total{endpoint="query",outcome="ok"} ${QUERY_COUNT}`);
    expect(text).toMatch(
      new RegExp(`sextant_prometheus_query_duration_seconds_count\\{endpoint="query"\\} ${QUERY_COUNT}`),
    );
    expect(text).toContain('sextant_kube_cache_synced{kind="pods"} 1');
    expect(text).toContain('sextant_kube_cache_synced{kind="gateways"} 0');
  });
});

/** The double-quoted string literals of a PromQL text, quotes included, honouring backslash escapes. */
function stringLiterals(promql: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < promql.length; i++) {
    if (promql[i] !== '"') continue;
    let j = i + 1;
    while (j < promql.length && promql[j] !== '"') j += promql[j] === '\\' ? 2 : 1;
    if (j >= promql.length) throw new Error(`unterminated string literal in ${promql}`);
    out.push(promql.slice(i, j + 1));
    i = j;
  }
  return out;
}

describe('node graphs: GET /api/namespaces/{ns}/{workloads|apps|services}/{name}/graph', () => {
  const nodeGet = (t: TestApp, path: string, query = '') =>
    request(t.app).get(`/api/namespaces/bookinfo/${path}/graph${query ? `?${query}` : ''}`);

  it.each([
    [
      'workloads/reviews-v2',
      'workload',
      'destination_workload_namespace="bookinfo",destination_workload="reviews-v2"',
    ],
    ['apps/reviews', 'app', 'destination_canonical_service="reviews"'],
    ['apps/reviews/versions/v2', 'versionedApp', 'destination_canonical_revision="v2"'],
    [
      'services/reviews',
      'workload',
      'destination_service_namespace="bookinfo",destination_service_name="reviews"',
    ],
  ])('200 for %s with only the node’s own traffic queried', async (path, graphType, selector) => {
    const t = makeTestApp();
    answerBookinfo(t);
    const res = await nodeGet(t, path, `graphType=${graphType}`);
    expect(res.status).toBe(200);
    const g = graphSchema.parse(res.body);
    expect(g.graphType).toBe(graphType);
    expect(t.metrics.queries.some((q) => q.promql.includes(selector))).toBe(true);
    expect(t.metrics.queries.every((q) => !q.promql.includes('=~"bookinfo"'))).toBe(true);
  });

  it('narrows to a cluster with clusterName', async () => {
    const t = makeTestApp();
    answerBookinfo(t);
    expect((await nodeGet(t, 'workloads/reviews-v2', 'clusterName=east')).status).toBe(200);
    expect(t.metrics.queries.some((q) => q.promql.includes('destination_cluster="east"'))).toBe(true);
  });

  it.each([
    ['an app node graph of graphType workload', 'apps/reviews', 'graphType=workload', 'graphType'],
    ['a bad workload name', 'workloads/Bad_Name', '', 'workload'],
    ['an unknown parameter', 'workloads/reviews-v2', 'namespaces=bookinfo', 'namespaces'],
  ])('400 for %s', async (_what, path, query, param) => {
    const t = makeTestApp();
    const res = await nodeGet(t, path, query);
    expect(res.status).toBe(400);
    expect(res.body.error.fieldErrors.map((e: { path: string }) => e.path)).toContain(param);
    expect(t.metrics.queries).toEqual([]);
  });
});

describe('scope-first graph: GET /api/namespaces/graph/aggregate', () => {
  const aggregate = (t: TestApp, query: string) =>
    request(t.app).get(`/api/namespaces/graph/aggregate?${query}`);
  const nsSample = (src: string, dst: string, value: number, code = '200'): PromVectorEntry => ({
    metric: {
      source_workload_namespace: src,
      destination_workload_namespace: dst,
      destination_service_namespace: dst,
      request_protocol: 'http',
      response_code: code,
      connection_security_policy: 'mutual_tls',
    },
    value: [NOW_S, String(value)],
  });

  it('200: one node per namespace, aggregated edges, two queries at the request time', async () => {
    const t = makeTestApp();
    seedBookinfo(t.kube);
    t.metrics.answer = (promql) =>
      promql.includes('istio_requests_total')
        ? [
            nsSample('bookinfo', 'bookinfo', 4),
            nsSample('unknown', 'bookinfo', 2),
            nsSample('bookinfo', 'db', 1, '503'),
          ]
        : [];
    const res = await aggregate(t, 'namespaces=bookinfo&duration=5m&graphType=versionedApp');
    expect(res.status).toBe(200);
    const g = graphSchema.parse(res.body);
    expect(g.aggregation).toMatchObject({ level: 'namespace', queries: 2 });
    // reviews v1-v3 and ratings v1; Kiali's default leaves service nodes out.
    expect(g.aggregation!.estimatedNodes).toBe(4);
    const bookinfo = g.elements.nodes.find((n) => n.data.id === 'ns_Kubernetes_bookinfo')!.data;
    expect(bookinfo).toMatchObject({ nodeType: 'namespace', namespace: 'bookinfo' });
    expect(bookinfo.aggregate).toEqual({ workloads: 4, apps: 2, services: 2, nodes: 4 });
    expect(g.elements.nodes.find((n) => n.data.id === 'ns_Kubernetes_db')!.data.isOutside).toBe(true);
    expect(g.elements.edges.map((e) => e.data.id)).toHaveLength(3);
    expect(t.metrics.queries).toHaveLength(2);
    expect(t.metrics.queries.every((q) => q.time === NOW_S && q.promql.includes('[300s]'))).toBe(true);
  });

  it('sends the same two queries for 1 and for 50 namespaces', async () => {
    const t = makeTestApp();
    const many = Array.from({ length: 50 }, (_, i) => `ns-${i}`).join(',');
    await aggregate(t, `namespaces=${many}`).expect(200);
    expect(t.metrics.queries).toHaveLength(2);
  });

  it('400 naming each bad parameter', async () => {
    const t = makeTestApp();
    const res = await aggregate(t, 'namespaces=Bad_Name&duration=forever');
    expect(res.status).toBe(400);
    const body = errorEnvelopeSchema.parse(res.body);
    expect(body.error.fieldErrors?.map((f) => f.path).sort()).toEqual(['duration', 'namespaces']);
    expect(t.metrics.queries).toHaveLength(0);
  });

  it('503 when Prometheus is down; 200 with errors[] when only the TCP query fails', async () => {
    const down = makeTestApp();
    down.metrics.answer = () => {
      throw upstreamUnavailable('prometheus', 'connect ECONNREFUSED');
    };
    expect((await aggregate(down, 'namespaces=bookinfo')).status).toBe(503);

    const partial = makeTestApp();
    partial.metrics.answer = (promql) => {
      if (promql.includes('istio_tcp_sent_bytes_total'))
        throw upstreamTimeout('prometheus', 'Prometheus did not answer within 10000 ms');
      return [nsSample('bookinfo', 'bookinfo', 1)];
    };
    const res = await aggregate(partial, 'namespaces=bookinfo').expect(200);
    expect(res.body.errors).toEqual([{ source: 'prometheus', message: expect.stringContaining('nsTcp') }]);
  });
});

describe("Istio's recorded series (SEXTANT_RECORDED_METRICS=auto)", () => {
  const PROBE = 'count(workload:istio_requests_total)';
  const present = (t: TestApp, there: boolean) => {
    t.metrics.answer = (promql) =>
      promql === PROBE
        ? there
          ? [{ metric: {}, value: [NOW_S, '42'] }]
          : []
        : isRequestsIn(promql)
          ? REQUESTS_IN
          : [];
  };

  it('reads workload:istio_* once the rules cover the window, asking once for later windows', async () => {
    const t = makeTestApp({ graph: { recordedMetrics: 'auto', cacheTtlMs: 0 } });
    present(t, true);
    const g = graphSchema.parse((await get(t, 'namespaces=bookinfo&duration=60s').expect(200)).body);
    expect(g.elements.edges.length).toBeGreaterThan(0);
    const [probe, ...graph] = t.metrics.queries;
    expect(probe).toEqual(expect.objectContaining({ promql: PROBE, time: NOW_S - 60 }));
    expect(graph).toHaveLength(QUERY_COUNT);
    expect(graph.every((q) => !/(?<![\w:])istio_requests_total\{/.test(q.promql))).toBe(true);
    expect(graph.some((q) => q.promql.includes('workload:istio_requests_total{'))).toBe(true);

    t.clock.now += 5_000;
    t.metrics.queries.length = 0;
    await get(t, 'namespaces=bookinfo&duration=60s').expect(200);
    expect(t.metrics.queries.map((q) => q.promql)).not.toContain(PROBE);
    // The scope-first graph reads them too.
    t.metrics.queries.length = 0;
    await request(t.app).get('/api/namespaces/graph/aggregate?namespaces=bookinfo&duration=60s').expect(200);
    expect(t.metrics.queries.every((q) => q.promql.includes('workload:istio_'))).toBe(true);
  });

  it('keeps the raw series while the rules are absent, asking again after a minute', async () => {
    const t = makeTestApp({ graph: { recordedMetrics: 'auto', cacheTtlMs: 0 } });
    present(t, false);
    await get(t, 'namespaces=bookinfo').expect(200);
    expect(t.metrics.queries.filter((q) => q.promql === PROBE)).toHaveLength(1);
    expect(
      t.metrics.queries.some((q) => q.promql.includes('workload:'.concat('istio_requests_total{'))),
    ).toBe(false);
    await get(t, 'namespaces=bookinfo').expect(200);
    expect(t.metrics.queries.filter((q) => q.promql === PROBE)).toHaveLength(1);
    t.clock.now += 61_000;
    await get(t, 'namespaces=bookinfo').expect(200);
    expect(t.metrics.queries.filter((q) => q.promql === PROBE)).toHaveLength(2);
  });

  it('never asks when off (the default of createApp)', async () => {
    const t = makeTestApp();
    answerBookinfo(t);
    await get(t, 'namespaces=bookinfo').expect(200);
    expect(t.metrics.queries.map((q) => q.promql)).not.toContain(PROBE);
  });
});

describe('GET /api/namespaces/graph at a past queryTime, with the change history on', () => {
  const NOW_MS = NOW_S * 1000;
  const recorded = (
    over: Pick<NewChange, 'time' | 'kind' | 'objectKind' | 'name' | 'operation'> & { spec?: unknown },
  ): NewChange =>
    newChange({
      resourceVersion: String(over.time),
      paths: [],
      after: { metadata: { name: over.name, namespace: 'bookinfo' }, spec: over.spec ?? {} },
      ...over,
    });
  const shifted = reviewsSpec([
    ['v1', 50],
    ['v2', 50],
  ]);
  const shiftedWithTimeout = { ...shifted, http: [{ ...(shifted.http as object[])[0], timeout: '2s' }] };
  // The history: the rule from the start (a baseline); a route shifting 50/50 with a timeout created
  // 30 minutes ago (and whatever `later` adds). Live (seedBookinfo): the rule and a route sending
  // everything to v1.
  const history = (...later: NewChange[]) =>
    new FakeChangeStore()
      .seed(
        recorded({
          time: NOW_MS - 2 * 3_600_000,
          kind: 'destinationRules',
          objectKind: 'DestinationRule',
          name: 'reviews',
          operation: 'baseline',
          spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
        }),
        recorded({
          time: NOW_MS - 30 * 60_000,
          kind: 'virtualServices',
          objectKind: 'VirtualService',
          name: 'reviews',
          operation: 'create',
          spec: shiftedWithTimeout,
        }),
        ...later,
      )
      .asHistory();

  const reviewsAt = async (t: TestApp, queryTime?: number) => {
    const res = await get(
      t,
      `namespaces=bookinfo&graphType=versionedApp&injectServiceNodes=true` +
        (queryTime === undefined ? '' : `&queryTime=${queryTime}`),
    );
    expect(res.status).toBe(200);
    const reviews = graphSchema
      .parse(res.body)
      .elements.nodes.find((n) => n.data.nodeType === 'service' && n.data.service === 'reviews');
    if (!reviews) throw new Error('no reviews service node');
    const { hasVS, hasTrafficShifting, hasRequestTimeout } = reviews.data;
    return {
      hasVS: hasVS !== undefined,
      hasTrafficShifting: hasTrafficShifting === true,
      hasRequestTimeout: hasRequestTimeout === true,
    };
  };

  it.each([
    [
      'an hour ago: the rule only, no route yet',
      NOW_S - 3600,
      { hasVS: false, hasTrafficShifting: false, hasRequestTimeout: false },
    ],
    [
      'ten minutes ago: the route of that time, shifting with a timeout',
      NOW_S - 600,
      { hasVS: true, hasTrafficShifting: true, hasRequestTimeout: true },
    ],
    [
      'thirty seconds ago (within a minute): the live config',
      NOW_S - 30,
      { hasVS: true, hasTrafficShifting: false, hasRequestTimeout: false },
    ],
    [
      'before the history starts: the live config',
      NOW_S - 3 * 3600,
      { hasVS: true, hasTrafficShifting: false, hasRequestTimeout: false },
    ],
    ['now: the live config', undefined, { hasVS: true, hasTrafficShifting: false, hasRequestTimeout: false }],
  ])('%s', async (_, queryTime, badges) => {
    const t = makeTestApp({ graph: { cacheTtlMs: 0 } }, { history: history() });
    seedBookinfo(t.kube);
    answerBookinfo(t);
    expect(await reviewsAt(t, queryTime)).toEqual(badges);
  });

  /** Bookinfo's versioned-app replay from `start` to now with `store`'s history: each frame's reviews badges. */
  const replayedBadges = async (store: ChangeHistory, start: number, step: number, times: number[]) => {
    const t = makeTestApp({ graph: { cacheTtlMs: 0 } }, { history: store });
    seedBookinfo(t.kube);
    t.metrics.answerRange = (promql, range) =>
      isRequestsIn(promql) ? matrixOf(REQUESTS_IN, frameTimes(range.start, range.end, range.step)) : [];
    const res = await replay(
      t,
      `namespaces=bookinfo&graphType=versionedApp&injectServiceNodes=true&start=${start}&end=${NOW_S}&step=${step}`,
    ).expect(200);
    const frames = graphReplaySchema.parse(res.body).frames;
    expect(frames.map((f) => f.time)).toEqual(times);
    return frames.map((f) => {
      const reviews = f.graph.elements.nodes.find(
        (n) => n.data.nodeType === 'service' && n.data.service === 'reviews',
      )!.data;
      return [
        reviews.hasVS !== undefined,
        reviews.hasTrafficShifting === true,
        reviews.hasRequestTimeout === true,
      ];
    });
  };

  it('replay: every frame carries the config of its time', async () => {
    const badges = await replayedBadges(history(), NOW_S - 3600, 1785, [
      NOW_S - 3600,
      NOW_S - 1815,
      NOW_S - 30,
    ]);
    // Before the route; 30.25 minutes ago, just before it was created; 30 s ago: the route of then
    // (a look-back graph that recent draws today's config; a replay frame draws its own).
    expect(badges).toEqual([
      [false, false, false],
      [false, false, false],
      [true, true, true],
    ]);
  });

  it('replay: a frame after an update of an object the frame before had shows the update', async () => {
    // The history keeps objects without their resourceVersion: two versions differ only in content.
    const timeoutRemoved = recorded({
      time: NOW_MS - 5 * 60_000,
      kind: 'virtualServices',
      objectKind: 'VirtualService',
      name: 'reviews',
      operation: 'update',
      spec: shifted,
    });
    const badges = await replayedBadges(history(timeoutRemoved), NOW_S - 1200, 590, [
      NOW_S - 1200,
      NOW_S - 610,
      NOW_S - 20,
    ]);
    // 20 and 10 minutes ago: the route with its timeout; 20 s ago: the route of then, without it.
    expect(badges).toEqual([
      [true, true, true],
      [true, true, true],
      [true, true, false],
    ]);
  });

  it('with the history off, a past graph carries the live config', async () => {
    const t = makeTestApp({ graph: { cacheTtlMs: 0 } });
    seedBookinfo(t.kube);
    answerBookinfo(t);
    expect(await reviewsAt(t, NOW_S - 3600)).toEqual({
      hasVS: true,
      hasTrafficShifting: false,
      hasRequestTimeout: false,
    });
  });
});

describe('graph replay: GET /api/namespaces/graph/replay', () => {
  const START = NOW_S - 600;

  it('200: one range query per graph query for every frame; each frame the graph at its time', async () => {
    const t = makeTestApp();
    answerBookinfo(t);
    // Traffic that starts 5 minutes ago: the first frames have none.
    t.metrics.answerRange = (promql, range) =>
      isRequestsIn(promql)
        ? matrixOf(REQUESTS_IN, frameTimes(range.start, range.end, range.step), (time) =>
            time >= NOW_S - 300 ? 2 : 0,
          )
        : [];
    const res = await replay(t, `namespaces=bookinfo&duration=60s&start=${START}&end=${NOW_S}&step=2m`);
    expect(res.status).toBe(200);
    const body = graphReplaySchema.parse(res.body);
    expect(body).toMatchObject({ start: START, end: NOW_S, step: 120, duration: 60 });
    expect(body.frames.map((f) => f.time)).toEqual([0, 120, 240, 360, 480, 600].map((s) => START + s));
    expect(body.frames.map((f) => f.graph.timestamp)).toEqual(body.frames.map((f) => f.time));
    expect(body.frames.map((f) => f.graph.elements.edges.length)).toEqual([0, 0, 0, 3, 3, 3]);
    const last = body.frames.at(-1)!.graph;
    // Twice the instant answer's rates, as the matrix said.
    expect(edge(last, wl('productpage-v1'), wl('reviews-v1')).traffic.rates?.http).toBe(6);

    expect(t.metrics.queries).toEqual([]);
    expect(t.metrics.rangeQueries).toHaveLength(QUERY_COUNT);
    expect(t.metrics.rangeQueries.every((q) => q.range.start === START && q.range.end === NOW_S)).toBe(true);
    expect(t.metrics.rangeQueries.every((q) => q.range.step === 120 && q.promql.includes('[60s]'))).toBe(
      true,
    );
  });

  it('is the look-back graph at each frame time (same queries, same builder)', async () => {
    const t = makeTestApp({ graph: { cacheTtlMs: 0 } });
    answerBookinfo(t);
    t.metrics.answerRange = (promql, range) =>
      isRequestsIn(promql) ? matrixOf(REQUESTS_IN, frameTimes(range.start, range.end, range.step)) : [];
    const frames = graphReplaySchema.parse(
      (await replay(t, `namespaces=bookinfo&start=${START}&end=${START}&step=60`).expect(200)).body,
    ).frames;
    const lookBack = graphSchema.parse(
      (await get(t, `namespaces=bookinfo&queryTime=${START}`).expect(200)).body,
    );
    expect(frames).toHaveLength(1);
    expect(frames[0]!.graph).toEqual(lookBack);
    expect(t.metrics.rangeQueries.map((q) => q.promql).sort()).toEqual(
      t.metrics.queries.map((q) => q.promql).sort(),
    );
  });

  it.each([
    ['no start', `namespaces=bookinfo&end=${NOW_S}&step=60`, 'start'],
    ['an end before the start', `namespaces=bookinfo&start=${NOW_S}&end=${START}&step=60`, 'end'],
    ['an end in the future', `namespaces=bookinfo&start=${START}&end=${NOW_S + 3600}&step=60`, 'end'],
    ['more than 120 frames', `namespaces=bookinfo&start=${NOW_S - 7200}&end=${NOW_S}&step=30s`, 'step'],
    ['a step of 0', `namespaces=bookinfo&start=${START}&end=${NOW_S}&step=0`, 'step'],
    ['no namespaces', `start=${START}&end=${NOW_S}&step=60`, 'namespaces'],
  ])('400 for %s, naming the parameter, asking Prometheus nothing', async (_, query, param) => {
    const t = makeTestApp();
    const res = await replay(t, query);
    expect(res.status).toBe(400);
    expect(errorEnvelopeSchema.parse(res.body).error.fieldErrors?.map((f) => f.path)).toContain(param);
    expect(t.metrics.rangeQueries).toEqual([]);
  });

  it('stops building frames when the client leaves, and counts the replay as abandoned', async () => {
    // The history's second read (the second frame's config) waits until the client has gone.
    let reads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    class GatedStore extends FakeChangeStore {
      override async stateAt(time?: number, namespace?: string) {
        if (++reads === 2) await gate;
        return super.stateAt(time, namespace);
      }
    }
    const history = new GatedStore().seed(newChange({ time: (START - 3600) * 1000 })).asHistory();
    const t = makeTestApp({ graph: { cacheTtlMs: 0 } }, { history });
    answerBookinfo(t);
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const { port } = server.address() as AddressInfo;
      // The client reads the answer's first bytes, then goes.
      await new Promise<void>((resolve, reject) => {
        const req = http.get(
          `http://127.0.0.1:${port}/api/namespaces/graph/replay?namespaces=bookinfo&start=${START}&end=${NOW_S}&step=2m`,
          (res) => {
            expect(res.statusCode).toBe(200);
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          },
        );
        req.on('error', reject);
      });
      const connections = () => new Promise<number>((resolve) => server.getConnections((_, n) => resolve(n)));
      await expect.poll(connections).toBe(0);
      release();
      const replays = async () =>
        (await request(t.app).get('/metrics')).text
          .split('\n')
          .filter((l) => l.startsWith('sextant_graph_duration_seconds_count{graph_type="replay"'));
      await expect
        .poll(replays)
        .toEqual(['sextant_graph_duration_seconds_count{graph_type="replay",result="abandoned"} 1']);
      // The second frame was built and not sent; none after it.
      expect(reads).toBe(2);
    } finally {
      release();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('runs SEXTANT_REPLAY_CONCURRENCY replays at once: the next waits its turn; one whose client leaves gives up its place', async () => {
    const t = makeTestApp({ graph: { cacheTtlMs: 0, replayConcurrency: 1 } });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    t.metrics.answerRange = async (promql, range) => {
      await gate;
      return isRequestsIn(promql)
        ? matrixOf(REQUESTS_IN, frameTimes(range.start, range.end, range.step))
        : [];
    };
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const { port } = server.address() as AddressInfo;
      const url = (start: number) =>
        `http://127.0.0.1:${port}/api/namespaces/graph/replay?namespaces=bookinfo&start=${start}&end=${NOW_S}&step=2m`;
      const metric = async (name: string) =>
        (await request(t.app).get('/metrics')).text.split('\n').filter((l) => l.startsWith(name));
      const startsAsked = () => new Set(t.metrics.rangeQueries.map((q) => q.range.start));

      // The first replay runs (its queries held); a second waits for it.
      const first = fetch(url(START));
      await expect.poll(() => [...startsAsked()]).toEqual([START]);
      const second = fetch(url(START + 120));
      await expect
        .poll(() => metric('sextant_graph_replays_waiting'))
        .toEqual(['sextant_graph_replays_waiting 1']);

      // A third waits too, and its client leaves: it gives up its place, asking Prometheus nothing.
      const leaving = http.get(url(START + 240));
      leaving.on('error', () => undefined);
      await expect
        .poll(() => metric('sextant_graph_replays_waiting'))
        .toEqual(['sextant_graph_replays_waiting 2']);
      leaving.destroy();
      await expect
        .poll(() => metric('sextant_graph_replays_waiting'))
        .toEqual(['sextant_graph_replays_waiting 1']);
      expect(
        await metric('sextant_graph_duration_seconds_count{graph_type="replay",result="abandoned"}'),
      ).toEqual(['sextant_graph_duration_seconds_count{graph_type="replay",result="abandoned"} 1']);
      expect([...startsAsked()]).toEqual([START]);

      // The first ends; then the second runs, whole.
      release();
      const answers = await Promise.all([first, second]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      const bodies = await Promise.all(answers.map(async (r) => graphReplaySchema.parse(await r.json())));
      expect(bodies.map((b) => [b.start, b.frames.length])).toEqual([
        [START, 6],
        [START + 120, 5],
      ]);
      expect([...startsAsked()]).toEqual([START, START + 120]);
      const firstOfSecond = t.metrics.rangeQueries.findIndex((q) => q.range.start === START + 120);
      expect(t.metrics.rangeQueries.slice(0, firstOfSecond).every((q) => q.range.start === START)).toBe(true);
      expect(await metric('sextant_graph_replays_waiting')).toEqual(['sextant_graph_replays_waiting 0']);
    } finally {
      release();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('503 when Prometheus is down; a failed optional query is named in every frame', async () => {
    const down = makeTestApp();
    down.metrics.queryError = upstreamUnavailable('prometheus', 'connect ECONNREFUSED');
    expect((await replay(down, `namespaces=bookinfo&start=${START}&end=${NOW_S}&step=5m`)).status).toBe(503);

    const partial = makeTestApp();
    partial.metrics.answerRange = (promql, range) => {
      if (promql.startsWith('histogram_quantile'))
        throw upstreamTimeout('prometheus', 'Prometheus did not answer within 10000 ms');
      return isRequestsIn(promql)
        ? matrixOf(REQUESTS_IN, frameTimes(range.start, range.end, range.step))
        : [];
    };
    const body = graphReplaySchema.parse(
      (await replay(partial, `namespaces=bookinfo&start=${START}&end=${NOW_S}&step=5m`).expect(200)).body,
    );
    expect(body.frames).toHaveLength(3);
    for (const f of body.frames) expect(f.graph.errors?.[0]?.message).toMatch(/^responseTime/);
  });
});

describe('writeReplay (frames written as they are built)', () => {
  const head = { start: 100, end: 160, step: 30, duration: 60 };
  const emptyGraph = (time: number) =>
    ({
      timestamp: time,
      duration: 60,
      graphType: 'versionedApp',
      elements: { nodes: [], edges: [] },
    }) as never;
  const serve = (frames: () => AsyncGenerator<{ time: number; graph: never }>) => {
    const app = express();
    app.get('/', async (_req, res) => writeReplay(res, { ...head, frames: frames() }));
    return app;
  };

  it('writes the header and every frame in order as one JSON answer', async () => {
    const built: number[] = [];
    const app = serve(async function* () {
      for (const time of [100, 130, 160]) {
        built.push(time);
        yield { time, graph: emptyGraph(time) };
      }
    });
    const res = await request(app).get('/').expect(200).expect('content-type', /json/);
    expect(res.body).toEqual({
      ...head,
      frames: [100, 130, 160].map((time) => ({ time, graph: emptyGraph(time) })),
    });
    expect(built).toEqual([100, 130, 160]);
  });

  it('cuts the answer off when a frame fails after the status is sent: never a short replay that parses', async () => {
    const app = serve(async function* () {
      yield { time: 100, graph: emptyGraph(100) };
      throw new Error('frame 2 could not be built');
    });
    const failure = await request(app)
      .get('/')
      .then(
        (res) => `answered ${res.status} ${JSON.stringify(res.body)}`,
        (err: Error) => err.message,
      );
    expect(failure).not.toMatch(/^answered/);
  });
});
