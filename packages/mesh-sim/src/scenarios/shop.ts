import type { KubeObject } from '../store/types.ts';
import {
  controlPlaneObjects,
  deployment,
  istioObject,
  namespace,
  service,
  serviceAccount,
} from './objects.ts';

/** The shop's three namespaces: what users reach, the gRPC services, the stores. */
export const SHOP_NAMESPACES = { edge: 'shop-edge', core: 'shop-core', data: 'shop-data' } as const;

/** The shop's gateway answers this host (load arrives on it, the VirtualService routes it). */
export const SHOP_HOST = 'shop.example.com';

/** Ports the shop's services listen on; Istio reads the protocol from the port name. */
export const SHOP_PORTS = { web: 8080, grpc: 9090, redis: 6379, postgres: 5432 } as const;

const image = (name: string, tag: string) => `ghcr.io/sextant-demo/shop-${name}:${tag}`;

/**
 * A small online shop whose services talk gRPC, all three namespaces `istio-injection=enabled`:
 *
 * - `shop-edge`: its own ingress gateway (a gateway deployed into the app's namespace, Istio's
 *   gateway-injection pattern) and `web`, the HTTP frontend;
 * - `shop-core`: `catalog` (v1 and v2), `cart` and `checkout`, gRPC services on port `grpc`;
 * - `shop-data`: `redis` (meshed, so reached with mTLS) and `postgres`, which opts out of
 *   injection (`sidecar.istio.io/inject: "false"`), so its callers reach it in plain TCP.
 *
 * The traffic that runs through it is `shopTrafficModel()`.
 */
export function shopObjects(): KubeObject[] {
  const { edge, core, data } = SHOP_NAMESPACES;
  const grpc = [{ name: 'grpc', port: SHOP_PORTS.grpc }];
  const coreApps = [
    { app: 'catalog', versions: ['v1', 'v2'], tag: { v1: '2.3.1', v2: '3.0.0' } },
    { app: 'cart', versions: ['v1'], tag: { v1: '1.8.0' } },
    { app: 'checkout', versions: ['v1'], tag: { v1: '1.2.4' } },
  ];
  return [
    ...controlPlaneObjects(),
    namespace(edge, { 'istio-injection': 'enabled' }),
    namespace(core, { 'istio-injection': 'enabled' }),
    namespace(data, { 'istio-injection': 'enabled' }),

    serviceAccount(edge, 'shop-ingressgateway'),
    deployment({
      namespace: edge,
      app: 'shop-ingressgateway',
      labels: { istio: 'shop-ingressgateway' },
      serviceAccount: 'shop-ingressgateway',
      port: 8080,
      image: 'docker.io/istio/proxyv2:1.24.0',
      sidecar: false,
    }),
    service(edge, 'shop-ingressgateway', { app: 'shop-ingressgateway', istio: 'shop-ingressgateway' }, [
      { name: 'http2', port: 80, targetPort: 8080 },
    ]),
    serviceAccount(edge, 'shop-web'),
    service(edge, 'web', { app: 'web' }, [{ name: 'http-web', port: SHOP_PORTS.web }]),
    deployment({
      namespace: edge,
      app: 'web',
      version: 'v1',
      replicas: 2,
      serviceAccount: 'shop-web',
      port: SHOP_PORTS.web,
      image: image('web', '1.4.0'),
    }),

    ...coreApps.flatMap(({ app, versions, tag }) => [
      serviceAccount(core, `shop-${app}`),
      service(core, app, { app }, grpc),
      ...versions.map((version) =>
        deployment({
          namespace: core,
          app,
          version,
          serviceAccount: `shop-${app}`,
          port: SHOP_PORTS.grpc,
          image: image(app, tag[version as keyof typeof tag] ?? '1.0.0'),
        }),
      ),
    ]),

    serviceAccount(data, 'redis'),
    service(data, 'redis', { app: 'redis' }, [{ name: 'tcp-redis', port: SHOP_PORTS.redis }]),
    deployment({
      namespace: data,
      app: 'redis',
      serviceAccount: 'redis',
      port: SHOP_PORTS.redis,
      image: 'docker.io/library/redis:7.4.1',
    }),
    serviceAccount(data, 'postgres'),
    service(data, 'postgres', { app: 'postgres' }, [{ name: 'tcp-postgres', port: SHOP_PORTS.postgres }]),
    deployment({
      namespace: data,
      app: 'postgres',
      serviceAccount: 'postgres',
      port: SHOP_PORTS.postgres,
      image: 'docker.io/library/postgres:16.4',
      sidecar: false,
    }),

    istioObject('networking.istio.io/v1', 'Gateway', edge, 'shop-gateway', {
      selector: { istio: 'shop-ingressgateway' },
      servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: [SHOP_HOST] }],
    }),
    istioObject('networking.istio.io/v1', 'VirtualService', edge, 'shop', {
      hosts: [SHOP_HOST],
      gateways: ['shop-gateway'],
      http: [{ route: [{ destination: { host: 'web', port: { number: SHOP_PORTS.web } } }] }],
    }),
  ];
}
