import { errorEnvelopeSchema, graphSchema, type EdgeData, type Graph } from '@sextant/contracts';
import { GRAPH_QUERY_IDS, parseRateAnnotation, regexAlternation, type PromVectorEntry } from '@sextant/mesh';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { upstreamBadResponse, upstreamTimeout, upstreamUnavailable } from '../errors.ts';
import { graphQueryIdOf, requestSample, side } from '../testing/promSamples.ts';
import { makeTestApp, type TestApp } from '../testing/testApp.ts';

const NOW_S = Date.UTC(2025, 0, 1, 12) / 1000;
const QUERY_COUNT = GRAPH_QUERY_IDS.length;

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

/** Answers requestsIn with REQUESTS_IN for the given namespaces and duration; everything else empty. */
function answerBookinfo(t: TestApp, durationSeconds = 600, namespaces = ['bookinfo']): void {
  t.metrics.answer = (promql) =>
    graphQueryIdOf(promql, { namespaces, durationSeconds }) === 'requestsIn' ? REQUESTS_IN : [];
}

const get = (t: TestApp, query: string) => request(t.app).get(`/api/namespaces/graph?${query}`);

function edge(g: Graph, source: string, target: string): EdgeData {
  const e = g.elements.edges.find((x) => x.data.source === source && x.data.target === target);
  if (!e)
    throw new Error(`no edge ${source} -> ${target}: ${g.elements.edges.map((x) => x.data.id).join(', ')}`);
  return e.data;
}

const appNode = (app: string, version?: string) =>
  `app:bookinfo:${app}${version === undefined ? '' : `:${version}`}`;

describe('GET /api/namespaces/graph', () => {
  it('200 with Kiali defaults: versionedApp, 10m, service nodes injected, p95, now', async () => {
    const t = makeTestApp();
    answerBookinfo(t);
    const res = await get(t, 'namespaces=bookinfo');
    expect(res.status).toBe(200);
    const g = graphSchema.parse(res.body);
    expect(g).toMatchObject({ timestamp: NOW_S, duration: 600, graphType: 'versionedApp' });
    expect(g.errors).toBeUndefined();

    const ids = g.elements.nodes.map((n) => n.data.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        appNode('productpage', 'v1'),
        appNode('reviews', 'v1'),
        appNode('reviews', 'v2'),
      ]),
    );
    const reviewsService = g.elements.nodes.find(
      (n) => n.data.nodeType === 'service' && n.data.service === 'reviews',
    );
    expect(reviewsService?.data.isInjected).toBe(true);
    expect(edge(g, reviewsService!.data.id, appNode('reviews', 'v1')).traffic.rates.httpPercentReq).toBe(75);

    expect(t.metrics.queries).toHaveLength(QUERY_COUNT);
    expect(new Set(t.metrics.queries.map((q) => q.time))).toEqual(new Set([NOW_S]));
    expect(t.metrics.queries.every((q) => q.promql.includes('[600s]'))).toBe(true);
    expect(t.metrics.queries.some((q) => q.promql.startsWith('histogram_quantile(0.95,'))).toBe(true);
  });

  it('200 with every parameter given', async () => {
    const t = makeTestApp();
    answerBookinfo(t, 60);
    const queryTime = NOW_S - 3600;
    const res = await get(
      t,
      `namespaces=bookinfo&graphType=workload&duration=1m&queryTime=${queryTime}&injectServiceNodes=false` +
        '&boxBy=namespace,app&includeIdle=true&responseTime=avg',
    );
    expect(res.status).toBe(200);
    const g = graphSchema.parse(res.body);
    expect(g).toMatchObject({ timestamp: queryTime, duration: 60, graphType: 'workload' });
    expect(g.elements.nodes.some((n) => n.data.nodeType === 'service')).toBe(false);
    expect(g.elements.nodes.some((n) => n.data.isBox === 'namespace')).toBe(true);
    const pp = 'workload:Kubernetes:bookinfo:productpage-v1';
    expect(edge(g, pp, 'workload:Kubernetes:bookinfo:reviews-v1').traffic.rates.httpPercentReq).toBe(75);
    expect(new Set(t.metrics.queries.map((q) => q.time))).toEqual(new Set([queryTime]));
    expect(t.metrics.queries.some((q) => q.promql.includes('istio_request_duration_milliseconds_sum'))).toBe(
      true,
    );
    expect(t.metrics.queries.some((q) => q.promql.includes('histogram_quantile'))).toBe(false);
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
    answerBookinfo(t, 600, ['a', 'bookinfo']);
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
    ['includeIdle=1', 'namespaces=a&includeIdle=1', 'includeIdle', /true or false/],
    ['boxBy=cluster', 'namespaces=a&boxBy=cluster', 'boxBy', /app and\/or namespace/],
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
      if (graphQueryIdOf(promql, { namespaces: ['bookinfo'], durationSeconds: 600 }) === 'requestsIn')
        throw upstreamUnavailable('prometheus', 'Prometheus is not reachable');
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

  it('200 with traffic and a kubernetes error when the caches are not synced', async () => {
    const t = makeTestApp();
    answerBookinfo(t);
    t.kube.cacheStatus = {
      synced: false,
      lastError: 'connect ECONNREFUSED 10.0.0.1:6443',
      lastErrorStatus: undefined,
    };
    t.kube.kindStatus.namespaces = { synced: true, lastError: undefined, lastErrorStatus: undefined };
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
        expect(['"destination"', '"source"', expected]).toContain(literal);
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
        return graphQueryIdOf(promql, { namespaces: ['bookinfo'], durationSeconds: 600 }) === 'requestsIn'
          ? REQUESTS_IN
          : [];
      };
      const first = get(t, 'namespaces=bookinfo').then((r) => r);
      const second = get(t, 'graphType=versionedApp&namespaces=bookinfo').then((r) => r);
      await expect.poll(() => t.metrics.queries.length).toBeGreaterThan(0);
      release();
      const [a, b] = await Promise.all([first, second]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body).toEqual(b.body);
      expect(t.metrics.queries).toHaveLength(QUERY_COUNT);

      const metrics = await request(t.app).get('/metrics');
      expect(metrics.text).toMatch(
        /sextant_graph_duration_seconds_count\{graph_type="versionedApp",result="computed"\} 1/,
      );
      expect(metrics.text).toMatch(
        /sextant_graph_duration_seconds_count\{graph_type="versionedApp",result="joined"\} 1/,
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
    const ratingsEdge = (g: Graph) =>
      g.elements.edges.find((e) => e.data.target === 'workload:Kubernetes:bookinfo:ratings-v1')!.data;
    const query = 'namespaces=bookinfo&graphType=workload&injectServiceNodes=false';

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
    t.kube.kindStatus.gateways = { synced: false, lastError: 'HTTP 404', lastErrorStatus: 404 };
    await get(t, 'namespaces=bookinfo');
    const text = (await request(t.app).get('/metrics')).text;
    expect(text).toContain(`sextant_prometheus_queries_total{endpoint="query",outcome="ok"} ${QUERY_COUNT}`);
    expect(text).toMatch(/sextant_prometheus_query_duration_seconds_count\{endpoint="query"\} 12/);
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
