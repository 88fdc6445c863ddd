import type { TrafficModel } from '../model.ts';

const NS = 'bookinfo';

/**
 * Bookinfo's call graph, with latencies and sizes in the range the real sample shows. Load: ~20
 * req/s of browsers through the ingress gateway plus an unmeshed `sleep` polling productpage.
 * A quarter of productpage's calls to reviews carry `end-user: jason`, the header Istio's
 * request-routing task matches on.
 */
export function bookinfoTrafficModel(): TrafficModel {
  return {
    entries: [
      {
        from: { namespace: 'istio-system', app: 'istio-ingressgateway' },
        kind: 'gateway',
        ratePerSecond: 20,
        // The Gateway listens on the pod port 8080 (the service maps 80 -> 8080).
        call: {
          host: 'bookinfo.example.com',
          port: 8080,
          perRequest: 1,
          classes: [
            { weight: 0.9, path: '/productpage' },
            { weight: 0.1, path: '/productpage?u=test' },
          ],
          requestBytes: { min: 400, max: 900 },
        },
      },
      {
        from: { namespace: 'default', app: 'sleep' },
        kind: 'client',
        ratePerSecond: 2,
        call: {
          host: `productpage.${NS}`,
          port: 9080,
          perRequest: 1,
          classes: [{ weight: 1, path: '/productpage' }],
        },
      },
    ],
    workloads: [
      {
        namespace: NS,
        app: 'productpage',
        latency: { medianMs: 12, p99Ms: 60 },
        responseBytes: { min: 4000, max: 6000 },
        errorRate: 0.002,
        calls: [
          { host: 'details', port: 9080, perRequest: 1, requestBytes: { min: 300, max: 500 } },
          {
            host: 'reviews',
            port: 9080,
            perRequest: 1,
            requestBytes: { min: 300, max: 500 },
            classes: [
              { weight: 0.75, path: '/reviews/0' },
              { weight: 0.25, path: '/reviews/0', headers: { 'end-user': 'jason' } },
            ],
          },
        ],
      },
      {
        namespace: NS,
        app: 'details',
        latency: { medianMs: 3, p99Ms: 15 },
        responseBytes: { min: 150, max: 220 },
        errorRate: 0.003,
        calls: [
          { host: 'www.googleapis.com', port: 80, perRequest: 0.1, requestBytes: { min: 200, max: 300 } },
        ],
      },
      {
        namespace: NS,
        app: 'reviews',
        version: 'v1',
        latency: { medianMs: 4, p99Ms: 20 },
        responseBytes: { min: 280, max: 330 },
      },
      {
        // v2, v3 and any other version call ratings.
        namespace: NS,
        app: 'reviews',
        latency: { medianMs: 6, p99Ms: 30 },
        responseBytes: { min: 350, max: 450 },
        calls: [{ host: 'ratings', port: 9080, perRequest: 1, requestBytes: { min: 200, max: 300 } }],
      },
      {
        namespace: NS,
        app: 'ratings',
        latency: { medianMs: 2, p99Ms: 10 },
        responseBytes: { min: 40, max: 60 },
        errorRate: 0.005,
        errorCode: 503,
        calls: [
          {
            host: 'mongodb',
            port: 27017,
            perRequest: 1,
            protocol: 'tcp',
            requestBytes: { min: 100, max: 200 },
          },
        ],
      },
      {
        namespace: NS,
        app: 'mongodb',
        latency: { medianMs: 1, p99Ms: 5 },
        responseBytes: { min: 200, max: 400 },
      },
    ],
    externals: [
      {
        host: 'www.googleapis.com',
        latency: { medianMs: 60, p99Ms: 250 },
        responseBytes: { min: 1000, max: 3000 },
      },
    ],
  };
}
