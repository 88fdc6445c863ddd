import { SHOP_HOST, SHOP_NAMESPACES, SHOP_PORTS } from '../../scenarios/shop.ts';
import type { TrafficModel } from '../model.ts';

const { edge, core, data } = SHOP_NAMESPACES;
const GRPC_NOT_FOUND = 5;
const GRPC_UNAVAILABLE = 14;

/**
 * The shop's calls (objects: `shopObjects()`). ~10 req/s of shoppers enter at the shop's gateway
 * and reach `web`, which calls the gRPC services of `shop-core`; those keep their state in
 * `shop-data` over TCP.
 *
 * Two gRPC paths fail steadily, the way gRPC servers fail (HTTP 200, the status in `grpc-status`):
 * `cart` answers UNAVAILABLE to 5 % of requests (its redis pool runs dry), which Istio's default
 * retry policy (`retryOn: ...unavailable...`) mostly hides from its callers' proxies; `catalog`
 * answers NOT_FOUND to 3 % (product ids from stale carts), which is never retried.
 */
export function shopTrafficModel(): TrafficModel {
  const grpc = (service: string, perRequest: number, propagateErrors = 0) => ({
    host: `${service}.${core}`,
    port: SHOP_PORTS.grpc,
    perRequest,
    requestBytes: { min: 60, max: 400 },
    propagateErrors,
  });
  const redis = (perRequest: number) => ({
    host: `redis.${data}.svc.cluster.local`,
    port: SHOP_PORTS.redis,
    perRequest,
    requestBytes: { min: 40, max: 160 },
  });
  const postgres = (perRequest: number) => ({
    host: `postgres.${data}.svc.cluster.local`,
    port: SHOP_PORTS.postgres,
    perRequest,
    requestBytes: { min: 200, max: 600 },
  });
  return {
    entries: [
      {
        from: { namespace: edge, app: 'shop-ingressgateway' },
        kind: 'gateway',
        ratePerSecond: 10,
        call: {
          host: SHOP_HOST,
          port: 8080,
          perRequest: 1,
          classes: [
            { weight: 0.7, path: '/' },
            { weight: 0.2, path: '/cart' },
            { weight: 0.1, method: 'POST', path: '/checkout' },
          ],
          requestBytes: { min: 500, max: 1500 },
        },
      },
    ],
    workloads: [
      {
        namespace: edge,
        app: 'web',
        latency: { medianMs: 9, p99Ms: 45 },
        responseBytes: { min: 6000, max: 18000 },
        calls: [grpc('catalog', 1), grpc('cart', 0.5, 0.5), grpc('checkout', 0.1, 1)],
      },
      {
        namespace: core,
        app: 'catalog',
        version: 'v1',
        latency: { medianMs: 3, p99Ms: 18 },
        responseBytes: { min: 300, max: 2500 },
        grpcErrors: [{ status: GRPC_NOT_FOUND, rate: 0.03 }],
        calls: [postgres(0.5)],
      },
      {
        // v2 adds recommendations: a little slower, one more query.
        namespace: core,
        app: 'catalog',
        latency: { medianMs: 5, p99Ms: 30 },
        responseBytes: { min: 400, max: 3500 },
        grpcErrors: [{ status: GRPC_NOT_FOUND, rate: 0.03 }],
        calls: [postgres(0.8)],
      },
      {
        namespace: core,
        app: 'cart',
        latency: { medianMs: 2, p99Ms: 12 },
        responseBytes: { min: 100, max: 900 },
        grpcErrors: [{ status: GRPC_UNAVAILABLE, rate: 0.05 }],
        calls: [redis(2), grpc('catalog', 1)],
      },
      {
        namespace: core,
        app: 'checkout',
        latency: { medianMs: 20, p99Ms: 90 },
        responseBytes: { min: 200, max: 600 },
        calls: [grpc('cart', 1, 1), postgres(1)],
      },
      {
        namespace: data,
        app: 'redis',
        latency: { medianMs: 0.3, p99Ms: 2 },
        responseBytes: { min: 50, max: 800 },
      },
      {
        namespace: data,
        app: 'postgres',
        latency: { medianMs: 2, p99Ms: 15 },
        responseBytes: { min: 500, max: 6000 },
      },
    ],
  };
}
