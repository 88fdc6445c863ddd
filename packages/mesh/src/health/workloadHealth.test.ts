import { describe, expect, it } from 'vitest';
import type { WorkloadInfo } from '../cluster/clusterState.ts';
import type { PromSample } from '../graph/types.ts';
import { inboundTraffic } from '../workloads/workloadView.ts';
import { entityHealth } from './entityHealth.ts';
import { DEFAULT_TOLERANCES, tolerance } from './tolerance.ts';
import { appHealth, healthKey, healthRates, requestHealthQuery, workloadHealth } from './workloadHealth.ts';

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

/** A sample of `requestHealthQuery`: `direction` says which side's labels it carries. */
const sample = (
  direction: 'inbound' | 'outbound',
  workload: string,
  code: string,
  value: number,
  protocol = 'http',
  grpc = '',
): PromSample => {
  const side = direction === 'inbound' ? 'destination' : 'source';
  return {
    metric: {
      direction,
      [`${side}_workload_namespace`]: 'bookinfo',
      [`${side}_workload`]: workload,
      [`${side}_canonical_service`]: workload === 'unknown' ? 'unknown' : workload.split('-')[0]!,
      request_protocol: protocol,
      response_code: code,
      grpc_response_status: grpc,
    },
    value,
  };
};

describe('requestHealthQuery', () => {
  it('one query, both directions from their own reporter, one namespace escaped', () => {
    expect(requestHealthQuery(600, 'book"info')).toBe(
      'label_replace(sum by (destination_workload_namespace,destination_workload,destination_canonical_service,request_protocol,response_code,grpc_response_status) ' +
        '(rate(istio_requests_total{reporter="destination",destination_workload_namespace="book\\"info"}[600s])), "direction", "inbound", "", "")' +
        ' or ' +
        'label_replace(sum by (source_workload_namespace,source_workload,source_canonical_service,request_protocol,response_code,grpc_response_status) ' +
        '(rate(istio_requests_total{reporter="source",source_workload_namespace="book\\"info"}[600s])), "direction", "outbound", "", "")',
    );
  });
  it('all namespaces at once: no namespace matcher', () => {
    const q = requestHealthQuery(120);
    expect(q).not.toContain('_workload_namespace=');
    expect(q).toContain('{reporter="destination"}[120s]');
    expect(q).toContain('{reporter="source"}[120s]');
  });
});

describe('healthRates + inboundTraffic', () => {
  const rates = healthRates([
    sample('inbound', 'reviews-v1', '200', 3),
    sample('inbound', 'reviews-v2', '200', 1),
    sample('inbound', 'reviews-v2', '503', 1),
    sample('inbound', 'ratings-v1', '0', 0.5),
    sample('inbound', 'ratings-v1', '200', 1.5),
    sample('inbound', 'grpc-v1', '200', 2, 'grpc', '14'),
    sample('inbound', 'grpc-v1', '200', 2, 'grpc', '0'),
    sample('inbound', 'db-v1', '0', 9, 'tcp'),
    sample('inbound', 'unknown', '503', 7),
    sample('inbound', 'idle-v1', '200', 0),
    sample('outbound', 'reviews-v2', '503', 4),
    { metric: { destination_workload: 'nodirection-v1', response_code: '500' }, value: 1 },
  ]);
  const inbound = (name: string) => inboundTraffic(rates.inbound.workloads.get(healthKey('bookinfo', name)));
  it.each<[string, string, { requestRate: number; errorPercent: number }]>([
    ['all good', 'reviews-v1', { requestRate: 3, errorPercent: 0 }],
    ['5xx count', 'reviews-v2', { requestRate: 2, errorPercent: 50 }],
    ['no response counts', 'ratings-v1', { requestRate: 2, errorPercent: 25 }],
    ['gRPC by status', 'grpc-v1', { requestRate: 4, errorPercent: 50 }],
    ['TCP is not requests', 'db-v1', { requestRate: 0, errorPercent: 0 }],
    ['zero rates are no traffic', 'idle-v1', { requestRate: 0, errorPercent: 0 }],
    ['a sample without direction is not read', 'nodirection-v1', { requestRate: 0, errorPercent: 0 }],
  ])('%s', (_, name, want) => {
    expect(inbound(name)).toEqual(want);
  });
  it('apps sum their workloads; the unknown destination is nobody', () => {
    expect(inboundTraffic(rates.inbound.apps.get('bookinfo/reviews'))).toEqual({
      requestRate: 5,
      errorPercent: 20,
    });
    expect(rates.inbound.workloads.has('bookinfo/unknown')).toBe(false);
    expect(rates.inbound.apps.has('bookinfo/unknown')).toBe(false);
  });
  it('outbound is kept apart from inbound', () => {
    expect(inboundTraffic(rates.outbound.workloads.get('bookinfo/reviews-v2'))).toEqual({
      requestRate: 4,
      errorPercent: 100,
    });
  });
});

describe('workloadHealth and appHealth: one rule for every page', () => {
  const rates = (samples: PromSample[]) => healthRates(samples);
  const cases: Array<[string, WorkloadInfo, PromSample[], string, string[]]> = [
    ['ready, no traffic', workload('a-v1'), [], 'Healthy', []],
    [
      'no pods ready fails',
      workload('a-v1', { desiredReplicas: 2, readyReplicas: 0 }),
      [],
      'Failure',
      ['a-v1: 0 of 2 pods ready'],
    ],
    [
      'some pods ready degrade',
      workload('a-v1', { desiredReplicas: 2, readyReplicas: 1 }),
      [],
      'Degraded',
      ['a-v1: 1 of 2 pods ready'],
    ],
    [
      'scaled to 0 is not ready, even with its callers failing to reach it',
      workload('a-v1', { desiredReplicas: 0, readyReplicas: 0 }),
      [sample('outbound', 'caller-v1', '503', 5)],
      'Not Ready',
      ['a-v1: scaled to 0 replicas'],
    ],
    [
      'inbound errors at 10 % fail, worst reason first',
      workload('a-v1', { desiredReplicas: 2, readyReplicas: 1 }),
      [sample('inbound', 'a-v1', '200', 8), sample('inbound', 'a-v1', '503', 2)],
      'Failure',
      ['20% of HTTP requests got 5xx or no response (failing at 10% or more)', 'a-v1: 1 of 2 pods ready'],
    ],
    [
      'a caller whose calls fail is failing, in words that say outbound',
      workload('a-v1'),
      [
        sample('inbound', 'a-v1', '200', 10),
        sample('outbound', 'a-v1', '200', 1),
        sample('outbound', 'a-v1', '503', 1),
      ],
      'Failure',
      ['50% of outbound HTTP requests got 5xx or no response (failing at 10% or more)'],
    ],
    [
      'outbound gRPC by status',
      workload('a-v1'),
      [
        sample('outbound', 'a-v1', '200', 99, 'grpc', '0'),
        sample('outbound', 'a-v1', '200', 1, 'grpc', '14'),
      ],
      'Degraded',
      ['1% of outbound gRPC requests got status 1-16 or no status (degraded above 0%)'],
    ],
  ];
  it.each(cases)('%s', (_, w, samples, status, reasons) => {
    expect(workloadHealth(w, rates(samples), DEFAULT_TOLERANCES)).toEqual({ status, reasons });
  });

  it('names the workload in request reasons when asked (lists of several)', () => {
    const got = workloadHealth(
      workload('a-v1'),
      rates([sample('outbound', 'a-v1', '503', 1)]),
      DEFAULT_TOLERANCES,
      'a-v1',
    );
    expect(got.reasons).toEqual([
      'a-v1: 100% of outbound HTTP requests got 5xx or no response (failing at 10% or more)',
    ]);
  });

  it('without Prometheus: pods only', () => {
    expect(workloadHealth(workload('a-v1', { readyReplicas: 0 }), null, DEFAULT_TOLERANCES)).toEqual({
      status: 'Failure',
      reasons: ['a-v1: 0 of 1 pods ready'],
    });
  });

  it('an app: all its pods, and the requests of the app as a whole', () => {
    const app = {
      name: 'a',
      namespace: 'bookinfo',
      workloads: [workload('a-v1'), workload('a-v2', { readyReplicas: 0 })],
    };
    expect(appHealth(app, rates([sample('inbound', 'a-v1', '200', 1)]), DEFAULT_TOLERANCES)).toEqual({
      status: 'Failure',
      reasons: ['a-v2: 0 of 1 pods ready'],
    });
    const calling = appHealth(
      { ...app, workloads: [workload('a-v1')] },
      rates([sample('outbound', 'a-v1', '200', 9), sample('outbound', 'a-v2', '404', 1)]),
      DEFAULT_TOLERANCES,
    );
    expect(calling).toEqual({
      status: 'Degraded',
      reasons: ['10% of outbound HTTP requests got 4xx (degraded at 10% or more)'],
    });
  });
});

describe('entityHealth', () => {
  const http = (entries: Array<[string, number]>) => ({ http: new Map(entries), grpc: new Map() });
  it("a tolerance's direction says which side it judges", () => {
    const inboundOnly = [tolerance('5XX', 0, 10, 'http', 'inbound')];
    expect(
      entityHealth({
        replicas: [],
        inbound: http([['200', 1]]),
        outbound: http([['503', 1]]),
        tolerances: inboundOnly,
      }),
    ).toEqual({ status: 'Healthy', reasons: [] });
    const outboundOnly = [tolerance('5XX', 0, 10, 'http', 'outbound')];
    expect(
      entityHealth({
        replicas: [],
        inbound: http([['503', 1]]),
        outbound: undefined,
        tolerances: outboundOnly,
      }),
    ).toEqual({ status: 'Healthy', reasons: [] });
  });
  it('no requests and no pods: no data', () => {
    expect(
      entityHealth({ replicas: [], inbound: undefined, outbound: undefined, tolerances: DEFAULT_TOLERANCES }),
    ).toEqual({ status: 'NA', reasons: [] });
  });
});
