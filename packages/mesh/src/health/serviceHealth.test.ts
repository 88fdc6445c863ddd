import { describe, expect, it } from 'vitest';
import { emptyClusterState, type ServiceInfo, type WorkloadInfo } from '../cluster/clusterState.ts';
import { DEFAULT_TOLERANCES } from './tolerance.ts';
import { serviceHealth, serviceHealthQuery, serviceRates, serviceWarnings } from './serviceHealth.ts';

const workload = (name: string, hasSidecar = true): WorkloadInfo => ({
  namespace: 'shop',
  name,
  labels: { app: 'cart' },
  annotations: {},
  desiredReplicas: 1,
  readyReplicas: 1,
  hasSidecar,
  serviceAccount: 'default',
});
const service = (name: string, selector: Record<string, string>): ServiceInfo => ({
  namespace: 'shop',
  name,
  selector,
  ports: [],
  labels: {},
  annotations: {},
});

describe('serviceHealthQuery', () => {
  it('what arrived plus what never reached a pod, one namespace, escaped', () => {
    const q = serviceHealthQuery('sh"op', 120);
    expect(q).toBe(
      'sum by (destination_service_name,request_protocol,response_code,grpc_response_status) (' +
        'rate(istio_requests_total{reporter="destination",destination_service_namespace="sh\\"op"}[120s]) or ' +
        'rate(istio_requests_total{reporter="source",destination_workload="unknown",destination_service_namespace="sh\\"op"}[120s]))',
    );
  });
});

describe('serviceRates + serviceHealth', () => {
  const rates = serviceRates([
    {
      metric: { destination_service_name: 'cart', request_protocol: 'http', response_code: '200' },
      value: 3,
    },
    {
      metric: { destination_service_name: 'cart', request_protocol: 'http', response_code: '503' },
      value: 1,
    },
    { metric: { destination_service_name: 'db', request_protocol: 'tcp', response_code: '0' }, value: 5 },
    {
      metric: { destination_service_name: 'api', request_protocol: 'grpc', grpc_response_status: '' },
      value: 1,
    },
  ]);
  it.each<[string, string, string, string[]]>([
    [
      '5xx at 25 % fails',
      'cart',
      'Failure',
      ['25% of HTTP requests got 5xx or no response (failing at 10% or more)'],
    ],
    ['TCP is not judged', 'db', 'NA', []],
    [
      'gRPC without a status is an error',
      'api',
      'Failure',
      ['100% of gRPC requests got status 1-16 or no status (failing at 10% or more)'],
    ],
    ['no requests, no data', 'idle', 'NA', []],
  ])('%s', (_, name, status, reasons) => {
    expect(serviceHealth(rates.get(name), DEFAULT_TOLERANCES)).toEqual({ status, reasons });
  });
});

describe('serviceWarnings', () => {
  const state = emptyClusterState({ workloads: [workload('cart-v1'), workload('cart-v2', false)] });
  it.each<[string, ServiceInfo, string[]]>([
    [
      'selects meshed and unmeshed workloads',
      service('cart', { app: 'cart' }),
      ['cart-v2 behind cart has no istio-proxy sidecar: that traffic is outside the mesh'],
    ],
    [
      'selects nothing',
      service('ghost', { app: 'ghost' }),
      ['ghost selects no workload: requests to it have nowhere to go'],
    ],
    ['no selector: Endpoints managed elsewhere, no warning', service('external', {}), []],
  ])('%s', (_, s, messages) => {
    expect(serviceWarnings(state, s).map((w) => w.message)).toEqual(messages);
  });
});
