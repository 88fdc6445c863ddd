import { describe, expect, it } from 'vitest';
import type { WorkloadInfo } from '../cluster/clusterState.ts';
import { DEFAULT_TOLERANCES } from '../health/tolerance.ts';
import {
  commonLabels,
  groupApps,
  inboundRatesBy,
  inboundRequestsQuery,
  inboundTraffic,
  judgeHealth,
  tolerancesFor,
  versionsOf,
  workloadWarnings,
} from './workloadView.ts';

const workload = (name: string, over: Partial<WorkloadInfo> = {}): WorkloadInfo => ({
  namespace: 'bookinfo',
  name,
  labels: { app: name.split('-')[0]!, version: name.split('-')[1] ?? 'v1' },
  annotations: {},
  desiredReplicas: 1,
  readyReplicas: 1,
  hasSidecar: true,
  serviceAccount: 'default',
  ...over,
});

const sample = (workload: string, code: string, value: number, protocol = 'http', grpc = '') => ({
  metric: {
    destination_workload: workload,
    destination_canonical_service: workload.split('-')[0]!,
    request_protocol: protocol,
    response_code: code,
    grpc_response_status: grpc,
  },
  value,
});

describe('inboundRequestsQuery', () => {
  it('asks once per namespace, escaped', () => {
    expect(inboundRequestsQuery('book"info', 600)).toBe(
      'sum by (destination_workload,destination_canonical_service,request_protocol,response_code,grpc_response_status) ' +
        '(rate(istio_requests_total{reporter="destination",destination_workload_namespace="book\\"info"}[600s]))',
    );
  });
});

describe('inboundRatesBy + inboundTraffic', () => {
  const samples = [
    sample('reviews-v1', '200', 3),
    sample('reviews-v2', '200', 1),
    sample('reviews-v2', '503', 1),
    sample('ratings-v1', '0', 0.5),
    sample('ratings-v1', '200', 1.5),
    sample('grpc-v1', '200', 2, 'grpc', '14'),
    sample('grpc-v1', '200', 2, 'grpc', '0'),
    sample('db-v1', '0', 9, 'tcp'),
    sample('unknown', '503', 7),
    sample('idle-v1', '200', 0),
  ];
  const cases: Array<
    [
      string,
      'destination_workload' | 'destination_canonical_service',
      string,
      { requestRate: number; errorPercent: number },
    ]
  > = [
    ['all good', 'destination_workload', 'reviews-v1', { requestRate: 3, errorPercent: 0 }],
    ['5xx count', 'destination_workload', 'reviews-v2', { requestRate: 2, errorPercent: 50 }],
    ['no response counts', 'destination_workload', 'ratings-v1', { requestRate: 2, errorPercent: 25 }],
    ['gRPC by status', 'destination_workload', 'grpc-v1', { requestRate: 4, errorPercent: 50 }],
    ['TCP is not requests', 'destination_workload', 'db-v1', { requestRate: 0, errorPercent: 0 }],
    ['zero rates are no traffic', 'destination_workload', 'idle-v1', { requestRate: 0, errorPercent: 0 }],
    [
      'apps sum their workloads',
      'destination_canonical_service',
      'reviews',
      { requestRate: 5, errorPercent: 20 },
    ],
  ];
  it.each(cases)('%s', (_, label, name, want) => {
    expect(inboundTraffic(inboundRatesBy(samples, label).get(name))).toEqual(want);
  });
  it('skips the unknown destination', () => {
    expect(inboundRatesBy(samples, 'destination_workload').has('unknown')).toBe(false);
  });
});

describe('judgeHealth', () => {
  const rates = (entries: Array<[string, number]>) => ({
    byCode: { http: new Map(entries), grpc: new Map() },
  });
  const cases: Array<[string, Parameters<typeof judgeHealth>[0], string, string[]]> = [
    [
      'ready, no traffic',
      { workloads: [workload('a-v1')], inbound: undefined, tolerances: DEFAULT_TOLERANCES },
      'Healthy',
      [],
    ],
    [
      'no pods ready fails',
      {
        workloads: [workload('a-v1', { desiredReplicas: 2, readyReplicas: 0 })],
        inbound: undefined,
        tolerances: DEFAULT_TOLERANCES,
      },
      'Failure',
      ['a-v1: 0 of 2 pods ready'],
    ],
    [
      'some pods ready degrade',
      {
        workloads: [workload('a-v1', { desiredReplicas: 2, readyReplicas: 1 })],
        inbound: undefined,
        tolerances: DEFAULT_TOLERANCES,
      },
      'Degraded',
      ['a-v1: 1 of 2 pods ready'],
    ],
    [
      'scaled to 0 is not ready',
      {
        workloads: [workload('a-v1', { desiredReplicas: 0, readyReplicas: 0 })],
        inbound: undefined,
        tolerances: DEFAULT_TOLERANCES,
      },
      'Not Ready',
      ['a-v1: scaled to 0 replicas'],
    ],
    [
      'errors at 10 % fail, worst reason first',
      {
        workloads: [workload('a-v1', { desiredReplicas: 2, readyReplicas: 1 })],
        inbound: rates([
          ['200', 8],
          ['503', 2],
        ]),
        tolerances: DEFAULT_TOLERANCES,
      },
      'Failure',
      ['20% of HTTP requests got 5xx or no response (failing at 10% or more)', 'a-v1: 1 of 2 pods ready'],
    ],
    [
      'an app is as bad as its worst workload',
      {
        workloads: [workload('a-v1'), workload('a-v2', { readyReplicas: 0 })],
        inbound: rates([['200', 1]]),
        tolerances: DEFAULT_TOLERANCES,
      },
      'Failure',
      ['a-v2: 0 of 1 pods ready'],
    ],
  ];
  it.each(cases)('%s', (_, input, status, reasons) => {
    expect(judgeHealth(input)).toEqual({ status, reasons });
  });
});

describe('tolerancesFor', () => {
  it('takes the workload annotation before the namespace one, and reports a bad one', () => {
    const w = workload('a-v1', { annotations: { 'health.sextant.io/rate': 'nonsense' } });
    const ns = { name: 'bookinfo', labels: {}, annotations: { 'health.sextant.io/rate': '5XX/50/90' } };
    const resolved = tolerancesFor([w], undefined, ns, DEFAULT_TOLERANCES);
    expect(resolved.tolerances.map((t) => [t.codes, t.degraded, t.failure])).toEqual([['5XX', 50, 90]]);
    expect(resolved.errors[0]).toContain('workload bookinfo/a-v1: ignoring annotation');
  });
  it('falls back to the configured tolerances', () => {
    expect(tolerancesFor([workload('a-v1')], undefined, undefined, DEFAULT_TOLERANCES).tolerances).toBe(
      DEFAULT_TOLERANCES,
    );
  });
});

describe('workloadWarnings', () => {
  const cases: Array<[string, WorkloadInfo, string[]]> = [
    ['a well-labelled meshed workload', workload('a-v1'), []],
    ['no sidecar', workload('a-v1', { hasSidecar: false }), ['missingSidecar']],
    ['no labels', workload('x', { labels: {} }), ['missingApp', 'missingVersion']],
  ];
  it.each(cases)('%s', (_, w, codes) => {
    expect(workloadWarnings(w).map((x) => x.code)).toEqual(codes);
  });
});

describe('apps', () => {
  const ws = [
    workload('reviews-v2'),
    workload('reviews-v1'),
    workload('details-v1'),
    workload('loner', { labels: {} }),
    workload('other-v1', { namespace: 'elsewhere' }),
  ];
  it('groups workloads by app label within the namespace, sorted', () => {
    expect(groupApps(ws, 'bookinfo').map((a) => [a.name, a.workloads.map((w) => w.name)])).toEqual([
      ['details', ['details-v1']],
      ['reviews', ['reviews-v1', 'reviews-v2']],
    ]);
  });
  it('keeps the labels all workloads share and lists the versions', () => {
    const reviews = groupApps(ws, 'bookinfo')[1]!.workloads;
    expect(commonLabels(reviews)).toEqual({ app: 'reviews' });
    expect(versionsOf(reviews)).toEqual(['v1', 'v2']);
    expect(commonLabels([])).toEqual({});
  });
});
