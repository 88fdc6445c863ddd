import { readFileSync } from 'node:fs';
import type { IstioConfigObject } from '../../validation/context.ts';

/**
 * Realistic Istio objects for the form round-trip tests: as `kubectl apply` leaves them (metadata
 * bookkeeping, last-applied annotation, managedFields, status), with fields the forms do not
 * model at every level, fields of future Istio versions, and odd-but-valid shapes.
 */

const kubectlMetadata = (name: string, namespace: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace,
  uid: `0b5c6d1e-7f3a-4c2b-9e8d-${name.padEnd(12, '0').slice(0, 12)}`,
  resourceVersion: '918273',
  generation: 4,
  creationTimestamp: '2025-03-14T09:26:53Z',
  labels: { app: name, 'app.kubernetes.io/part-of': 'bookinfo' },
  annotations: {
    'kubectl.kubernetes.io/last-applied-configuration': `{"apiVersion":"networking.istio.io/v1","kind":"X","metadata":{"name":"${name}"}}\n`,
    'sextant.io/owner': 'team-a',
  },
  managedFields: [
    {
      apiVersion: 'networking.istio.io/v1',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:annotations': { '.': {} } }, 'f:spec': { '.': {}, 'f:hosts': {} } },
      manager: 'kubectl-client-side-apply',
      operation: 'Update',
      time: '2025-03-14T09:26:53Z',
    },
  ],
  ...extra,
});

export const reviewsVirtualService: IstioConfigObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: kubectlMetadata('reviews', 'bookinfo'),
  spec: {
    hosts: ['reviews', 'reviews.bookinfo.svc.cluster.local'],
    exportTo: ['.', 'istio-system'],
    http: [
      {
        name: 'jason',
        match: [
          {
            name: 'by-user',
            headers: { 'end-user': { exact: 'jason' }, 'x-canary': { regex: '^(1|true)$' } },
            uri: { prefix: '/reviews' },
            ignoreUriCase: true,
            queryParams: { debug: { exact: '1' } },
            withoutHeaders: { 'x-skip': {} },
          },
        ],
        route: [
          {
            destination: { host: 'reviews', subset: 'v2', port: { number: 9080 } },
            headers: { request: { set: { 'x-route': 'jason' } } },
          },
        ],
        corsPolicy: {
          allowOrigins: [{ exact: 'https://bookinfo.example.com' }],
          allowMethods: ['GET', 'POST'],
          maxAge: '24h',
        },
        headers: { response: { remove: ['x-envoy-upstream-service-time'] } },
        retries: {
          attempts: 3,
          perTryTimeout: '2s',
          retryOn: 'gateway-error,connect-failure',
          retryRemoteLocalities: true,
        },
        timeout: '10s',
      },
      {
        name: 'default',
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: 75 },
          {
            destination: { host: 'reviews', subset: 'v3' },
            weight: 25,
            headers: { response: { add: { 'x-v': '3' } } },
          },
        ],
        fault: {
          delay: { percentage: { value: 10 }, fixedDelay: '5s' },
          abort: { percentage: { value: 1.5 }, httpStatus: 503 },
        },
        mirror: { host: 'reviews', subset: 'v3', port: { number: 9080 } },
        mirrorPercentage: { value: 12.5 },
        rewrite: { uri: '/v1/reviews', authority: 'reviews.internal' },
      },
    ],
  },
  status: { observedGeneration: 4, conditions: [{ type: 'Reconciled', status: 'True' }] },
} as IstioConfigObject;

export const gatewayVirtualService: IstioConfigObject = {
  apiVersion: 'networking.istio.io/v1beta1',
  kind: 'VirtualService',
  metadata: kubectlMetadata('bookinfo-edge', 'bookinfo'),
  spec: {
    hosts: ['bookinfo.example.com'],
    gateways: ['istio-system/public', 'mesh'],
    http: [
      { match: [{ uri: { exact: '/' } }], redirect: { uri: '/productpage', redirectCode: 301 } },
      {
        match: [{ uri: { prefix: '/api/v1/products' }, method: { exact: 'GET' } }],
        delegate: { name: 'products', namespace: 'bookinfo' },
      },
      {
        match: [{ uri: { regex: '/static/.*' } }, { uri: { prefix: '/login' } }],
        route: [{ destination: { host: 'productpage.bookinfo.svc.cluster.local', port: { number: 9080 } } }],
      },
    ],
    tls: [
      {
        match: [{ port: 443, sniHosts: ['bookinfo.example.com'] }],
        route: [{ destination: { host: 'productpage' } }],
      },
    ],
    tcp: [
      {
        match: [{ port: 27017, sourceLabels: { app: 'ratings' } }, { port: 27018 }],
        route: [
          { destination: { host: 'mongodb', port: { number: 27017 } }, weight: 90 },
          { destination: { host: 'mongodb-backup' }, weight: 10 },
        ],
      },
    ],
  },
} as IstioConfigObject;

/** Fields of Istio versions that do not exist yet, at every level the forms touch. */
export const futureVirtualService: IstioConfigObject = {
  apiVersion: 'networking.istio.io/v2alpha1',
  kind: 'VirtualService',
  metadata: {
    name: 'future',
    namespace: 'default',
    labels: { tier: 'edge' },
    annotations: {},
    finalizers: ['x/y'],
  },
  spec: {
    hosts: ['future'],
    futureTopLevel: { a: [1, 2, { b: null }] },
    http: [
      {
        futureRouteField: 'keep me',
        match: [
          {
            uri: { prefix: '/' },
            futureMatchField: true,
            headers: { 'x-odd': {}, 'x-two': { exact: 'a', prefix: 'b' } },
          },
        ],
        route: [
          {
            destination: { host: 'future', futureDestField: 7, port: { number: 80, futurePort: 'p' } },
            weight: 100,
          },
        ],
        fault: {
          delay: { exponentialDelay: '1s', percent: 5 },
          abort: { grpcStatus: 'UNAVAILABLE' },
          futureFault: {},
        },
        retries: { attempts: 0, backoff: '25ms' },
        mirrors: [{ destination: { host: 'shadow' }, percentage: { value: 1 } }],
        mirrorPercentage: { value: 3, futurePct: true },
      },
    ],
    tcp: [{ route: [{ destination: { host: 'future' } }], futureTcp: 1 }],
  },
} as IstioConfigObject;

/** Odd but valid shapes: empty lists kept as written, no weights, no spec parts at all. */
export const sparseVirtualServices: IstioConfigObject[] = [
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'nospec', namespace: 'a' },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'empty-lists', namespace: 'a' },
    spec: { hosts: [], gateways: [], http: [], tcp: [] },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'delegate-child', namespace: 'a' },
    spec: {
      http: [
        {
          match: [{ uri: { prefix: '/api' } }],
          route: [{ destination: { host: 'api' } }, { destination: { host: 'api2' } }],
        },
      ],
    },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'blank-strings', namespace: 'a' },
    spec: {
      hosts: ['x'],
      http: [
        {
          name: '',
          timeout: '',
          route: [{ destination: { host: 'x', subset: '' } }],
          fault: {},
          retries: {},
          mirror: {},
        },
      ],
    },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'empty-matchers', namespace: 'a' },
    spec: {
      hosts: ['x'],
      http: [
        {
          match: [
            {
              uri: { exact: '' },
              method: { prefix: '' },
              headers: { 'x-empty': { exact: '' }, 'x-present': {} },
              ignoreUriCase: true,
            },
          ],
          route: [{ destination: { host: 'x' } }],
        },
      ],
    },
  },
];

export const reviewsDestinationRule: IstioConfigObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: kubectlMetadata('reviews', 'bookinfo'),
  spec: {
    host: 'reviews.bookinfo.svc.cluster.local',
    exportTo: ['*'],
    workloadSelector: { matchLabels: { app: 'productpage' } },
    trafficPolicy: {
      loadBalancer: { consistentHash: { httpHeaderName: 'x-user' }, localityLbSetting: { enabled: true } },
      connectionPool: {
        tcp: {
          maxConnections: 100,
          connectTimeout: '30ms',
          tcpKeepalive: { time: '7200s', interval: '75s' },
        },
        http: {
          http1MaxPendingRequests: 10,
          http2MaxRequests: 1000,
          maxRequestsPerConnection: 10,
          idleTimeout: '1h',
        },
      },
      outlierDetection: {
        consecutive5xxErrors: 7,
        interval: '5m',
        baseEjectionTime: '15m',
        maxEjectionPercent: 50,
        splitExternalLocalOriginErrors: true,
      },
      tls: { mode: 'SIMPLE', credentialName: 'reviews-cert', sni: 'reviews.example.com' },
      portLevelSettings: [{ port: { number: 9080 }, loadBalancer: { simple: 'LEAST_REQUEST' } }],
    },
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      {
        name: 'v2',
        labels: { version: 'v2', track: 'canary' },
        trafficPolicy: {
          loadBalancer: { simple: 'ROUND_ROBIN' },
          tunnel: { protocol: 'CONNECT', targetHost: 'h', targetPort: 8080 },
        },
      },
      {
        name: 'v3',
        labels: { version: 'v3' },
        trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 } } },
        futureSubset: 1,
      },
    ],
  },
  status: { validationMessages: [] },
} as IstioConfigObject;

export const oddDestinationRules: IstioConfigObject[] = [
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'nospec', namespace: 'a' },
  },
  {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'DestinationRule',
    metadata: { name: 'host-only', namespace: 'a' },
    spec: { host: 'x' },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'odd', namespace: 'a' },
    spec: {
      host: 'x',
      subsets: [{ name: 'n', labels: { version: 'v1', weird: 3 } }, {}],
      trafficPolicy: {
        loadBalancer: { simple: 'FUTURE_ALGO' },
        tls: { mode: 'FUTURE_MODE' },
        connectionPool: {},
      },
      futureSpec: ['x'],
    },
  },
];

/** The objects of the Bookinfo graph fixture. */
export function bookinfoObjects(): IstioConfigObject[] {
  const all = JSON.parse(
    readFileSync(new URL('../../graph/__fixtures__/bookinfo/kubernetes.json', import.meta.url), 'utf8'),
  ) as Record<string, IstioConfigObject[]>;
  return [...(all.virtualServices ?? []), ...(all.destinationRules ?? [])];
}
