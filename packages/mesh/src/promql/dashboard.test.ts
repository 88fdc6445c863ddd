import { describe, expect, it } from 'vitest';
import {
  dashboardQueries,
  dashboardSeries,
  defaultReporter,
  groupName,
  quantileStat,
  type DashboardQueryParams,
} from './dashboard.ts';

const params = (over: Partial<DashboardQueryParams> = {}): DashboardQueryParams => ({
  namespace: 'bookinfo',
  kind: 'services',
  name: 'reviews',
  direction: 'inbound',
  groupBy: 'none',
  quantiles: [0.5, 0.95, 0.99],
  rateSeconds: 60,
  ...over,
});
const promql = (p: DashboardQueryParams, panel: string, stat = 'total') =>
  dashboardQueries(p)
    .flatMap((x) => x.queries)
    .find((q) => q.panel === panel && q.stat === stat)!.promql;

describe('dashboardQueries', () => {
  it('plans every panel with its unit and stats, in the order they are shown', () => {
    const plan = dashboardQueries(params());
    expect(plan.map((p) => [p.id, p.unit, p.queries.map((q) => q.stat)])).toEqual([
      ['requestVolume', 'rps', ['total']],
      ['requestDuration', 'ms', ['avg', 'p50', 'p95', 'p99']],
      ['requestSize', 'bytes', ['avg', 'p50', 'p95', 'p99']],
      ['responseSize', 'bytes', ['avg', 'p50', 'p95', 'p99']],
      ['requestThroughput', 'Bps', ['total']],
      ['tcpSent', 'Bps', ['total']],
      ['tcpReceived', 'Bps', ['total']],
    ]);
  });

  it.each<[string, Partial<DashboardQueryParams>, string]>([
    [
      'inbound service: its callers report',
      {},
      'reporter="source",destination_service_namespace="bookinfo",destination_service_name="reviews"',
    ],
    [
      'inbound workload: its own proxy reports',
      { kind: 'workloads', name: 'reviews-v2' },
      'reporter="destination",destination_workload_namespace="bookinfo",destination_workload="reviews-v2"',
    ],
    [
      'inbound app',
      { kind: 'apps' },
      'reporter="destination",destination_workload_namespace="bookinfo",destination_canonical_service="reviews"',
    ],
    [
      'outbound workload: it reports as the caller',
      { kind: 'workloads', name: 'productpage-v1', direction: 'outbound' },
      'reporter="source",source_workload_namespace="bookinfo",source_workload="productpage-v1"',
    ],
    [
      'outbound app',
      { kind: 'apps', name: 'productpage', direction: 'outbound' },
      'reporter="source",source_workload_namespace="bookinfo",source_canonical_service="productpage"',
    ],
    [
      'reporter chosen',
      { kind: 'workloads', name: 'reviews-v2', reporter: 'source' },
      'reporter="source",destination_workload_namespace="bookinfo",destination_workload="reviews-v2"',
    ],
    [
      'both reporters: no reporter matcher',
      { reporter: 'both' },
      '{destination_service_namespace="bookinfo",destination_service_name="reviews"}',
    ],
    [
      'a quote in a name cannot leave its string',
      { kind: 'apps', name: 'a"}b' },
      'destination_canonical_service="a\\"}b"',
    ],
  ])('selects %s', (_, over, selector) => {
    for (const panel of dashboardQueries(params(over)))
      for (const q of panel.queries) expect(q.promql).toContain(selector);
  });

  it('refuses outbound traffic of a service', () => {
    expect(() => dashboardQueries(params({ direction: 'outbound' }))).toThrow(/no outbound/);
  });

  it.each<[string, Partial<DashboardQueryParams>, string, string]>([
    ['no grouping', {}, 'sum(', 'sum('],
    [
      'peer, inbound: the calling workload',
      { groupBy: 'peer' },
      'sum by (source_workload_namespace,source_workload) (',
      'sum by (source_workload_namespace,source_workload) (',
    ],
    [
      'peer, outbound: the called service',
      { kind: 'workloads', name: 'productpage-v1', direction: 'outbound', groupBy: 'peer' },
      'sum by (destination_service_namespace,destination_service_name) (',
      'sum by (destination_service_namespace,destination_service_name) (',
    ],
    [
      'version, inbound',
      { groupBy: 'version' },
      'sum by (destination_canonical_revision) (',
      'sum by (destination_canonical_revision) (',
    ],
    [
      'version, outbound',
      { kind: 'apps', direction: 'outbound', groupBy: 'version' },
      'sum by (source_canonical_revision) (',
      'sum by (source_canonical_revision) (',
    ],
    ['response code: TCP stays whole', { groupBy: 'responseCode' }, 'sum by (response_code) (', 'sum('],
    ['reporter', { groupBy: 'reporter' }, 'sum by (reporter) (', 'sum by (reporter) ('],
    [
      'both reporters are never added up',
      { groupBy: 'version', reporter: 'both' },
      'sum by (destination_canonical_revision,reporter) (',
      'sum by (destination_canonical_revision,reporter) (',
    ],
    [
      'both reporters, by response code: TCP by reporter only',
      { groupBy: 'responseCode', reporter: 'both' },
      'sum by (response_code,reporter) (',
      'sum by (reporter) (',
    ],
  ])('groups by %s', (_, over, http, tcp) => {
    const p = params(over);
    expect(promql(p, 'requestVolume')).toMatch(new RegExp(`^${escape(http)}rate\\(istio_requests_total\\{`));
    expect(promql(p, 'tcpSent')).toMatch(new RegExp(`^${escape(tcp)}rate\\(istio_tcp_sent_bytes_total\\{`));
  });

  it('writes Istio standard metrics PromQL, like Kiali', () => {
    const p = params({ groupBy: 'version', rateSeconds: 120 });
    const sel =
      'reporter="source",destination_service_namespace="bookinfo",destination_service_name="reviews"';
    const by = 'sum by (destination_canonical_revision) ';
    expect(promql(p, 'requestVolume')).toBe(`${by}(rate(istio_requests_total{${sel}}[120s]))`);
    expect(promql(p, 'requestDuration', 'avg')).toBe(
      `${by}(rate(istio_request_duration_milliseconds_sum{${sel}}[120s])) / ${by}(rate(istio_request_duration_milliseconds_count{${sel}}[120s]))`,
    );
    expect(promql(p, 'requestDuration', 'p95')).toBe(
      `histogram_quantile(0.95, sum by (destination_canonical_revision,le) (rate(istio_request_duration_milliseconds_bucket{${sel}}[120s])))`,
    );
    expect(promql(p, 'requestSize', 'p99')).toContain('istio_request_bytes_bucket');
    expect(promql(p, 'responseSize', 'avg')).toContain('istio_response_bytes_sum');
    expect(promql(p, 'requestThroughput')).toBe(`${by}(rate(istio_request_bytes_sum{${sel}}[120s]))`);
    expect(promql(p, 'tcpReceived')).toBe(`${by}(rate(istio_tcp_received_bytes_total{${sel}}[120s]))`);
  });

  it('asks each quantile once, in order', () => {
    const stats = dashboardQueries(params({ quantiles: [0.99, 0.5, 0.99, 0.999] }))[1]!.queries.map(
      (q) => q.stat,
    );
    expect(stats).toEqual(['avg', 'p50', 'p99', 'p99.9']);
  });
});

describe('defaultReporter', () => {
  it.each([
    ['workloads', 'inbound', 'destination'],
    ['apps', 'inbound', 'destination'],
    ['services', 'inbound', 'source'],
    ['workloads', 'outbound', 'source'],
    ['apps', 'outbound', 'source'],
  ] as const)('%s %s -> %s', (kind, direction, reporter) => {
    expect(defaultReporter(kind, direction)).toBe(reporter);
  });
});

describe('quantileStat', () => {
  it.each([
    [0.5, 'p50'],
    [0.95, 'p95'],
    [0.99, 'p99'],
    [0.999, 'p99.9'],
    [0.1, 'p10'],
  ])('%s -> %s', (q, stat) => {
    expect(quantileStat(q)).toBe(stat);
  });
});

describe('groupName', () => {
  it.each<[Record<string, string>, string[], string]>([
    [{}, [], 'all'],
    [{ destination_canonical_revision: 'v2' }, ['destination_canonical_revision'], 'v2'],
    [{}, ['destination_canonical_revision'], 'unknown'],
    [{ response_code: '' }, ['response_code'], 'unknown'],
    [
      { source_workload_namespace: 'bookinfo', source_workload: 'productpage-v1' },
      ['source_workload_namespace', 'source_workload'],
      'productpage-v1',
    ],
    [
      { source_workload_namespace: 'istio-system', source_workload: 'istio-ingressgateway' },
      ['source_workload_namespace', 'source_workload'],
      'istio-system/istio-ingressgateway',
    ],
    [
      { source_workload_namespace: 'unknown', source_workload: 'unknown' },
      ['source_workload_namespace', 'source_workload'],
      'unknown',
    ],
    [
      { destination_canonical_revision: 'v1', reporter: 'source' },
      ['destination_canonical_revision', 'reporter'],
      'v1 · source',
    ],
  ])('%j by %j -> %s', (metric, labels, name) => {
    expect(groupName(metric, labels, 'bookinfo')).toBe(name);
  });
});

describe('dashboardSeries', () => {
  const query = {
    panel: 'requestDuration' as const,
    stat: 'p95',
    promql: '',
    groupLabels: ['destination_canonical_revision'],
  };

  it('turns NaN into gaps, drops series without numbers, sorts by group, names the stat when asked', () => {
    const answer = [
      {
        metric: { destination_canonical_revision: 'v3' },
        values: [
          [10, '5'],
          [20, 'NaN'],
          [30, '6'],
        ] as const,
      },
      { metric: { destination_canonical_revision: 'v10' }, values: [[10, 'NaN']] as const },
      {
        metric: { destination_canonical_revision: 'v1' },
        values: [
          [10, '+Inf'],
          [20, '2.5'],
        ] as const,
      },
    ];
    expect(dashboardSeries(query, answer, 'bookinfo', true)).toEqual([
      { group: 'v1', stat: 'p95', label: 'v1 p95', points: [[20, 2.5]] },
      {
        group: 'v3',
        stat: 'p95',
        label: 'v3 p95',
        points: [
          [10, 5],
          [30, 6],
        ],
      },
    ]);
    expect(dashboardSeries(query, answer, 'bookinfo', false).map((s) => s.label)).toEqual(['v1', 'v3']);
  });

  it('labels an ungrouped series by its stat, or "all"', () => {
    const whole = { ...query, groupLabels: [] };
    const answer = [{ metric: {}, values: [[10, '1']] as const }];
    expect(dashboardSeries(whole, answer, 'bookinfo', true)[0]!.label).toBe('p95');
    expect(dashboardSeries(whole, answer, 'bookinfo', false)[0]!.label).toBe('all');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
