import type { KubeObject } from '../store/types.ts';
import {
  controlPlaneObjects,
  deployment,
  istioObject,
  namespace,
  service,
  serviceAccount,
} from './objects.ts';

export const BOOKINFO_NAMESPACE = 'bookinfo';

/**
 * Istio's Bookinfo sample as installed with `istio-injection=enabled`, its ingress gateway, an
 * external API reached through a ServiceEntry, a MongoDB reached over TCP, and an unmeshed client
 * (`sleep` in `default`, no sidecar) that calls productpage directly.
 */
export function bookinfoObjects(): KubeObject[] {
  const ns = BOOKINFO_NAMESPACE;
  const http = (port = 9080) => [{ name: 'http', port }];
  const apps = [
    { app: 'productpage', versions: ['v1'] },
    { app: 'details', versions: ['v1'] },
    { app: 'reviews', versions: ['v1', 'v2', 'v3'] },
    { app: 'ratings', versions: ['v1'] },
  ];
  return [
    ...controlPlaneObjects(),
    namespace(ns, { 'istio-injection': 'enabled' }),
    namespace('default'),
    serviceAccount('istio-system', 'istio-ingressgateway-service-account'),
    deployment({
      namespace: 'istio-system',
      app: 'istio-ingressgateway',
      labels: { istio: 'ingressgateway' },
      serviceAccount: 'istio-ingressgateway-service-account',
      port: 8080,
      image: 'docker.io/istio/proxyv2:1.24.0',
      sidecar: false,
    }),
    service(
      'istio-system',
      'istio-ingressgateway',
      { app: 'istio-ingressgateway', istio: 'ingressgateway' },
      [
        { name: 'http2', port: 80, targetPort: 8080 },
        { name: 'https', port: 443, targetPort: 8443 },
      ],
    ),
    ...apps.flatMap(({ app, versions }) => [
      serviceAccount(ns, `bookinfo-${app}`),
      service(ns, app, { app }, http()),
      ...versions.map((version) =>
        deployment({ namespace: ns, app, version, serviceAccount: `bookinfo-${app}`, port: 9080 }),
      ),
    ]),
    serviceAccount(ns, 'bookinfo-mongodb'),
    service(ns, 'mongodb', { app: 'mongodb' }, [{ name: 'tcp-mongo', port: 27017 }]),
    deployment({
      namespace: ns,
      app: 'mongodb',
      version: 'v1',
      serviceAccount: 'bookinfo-mongodb',
      port: 27017,
      image: 'docker.io/istio/examples-bookinfo-mongodb:1.20.2',
    }),
    serviceAccount('default', 'sleep'),
    service('default', 'sleep', { app: 'sleep' }, [{ name: 'http', port: 80 }]),
    deployment({
      namespace: 'default',
      app: 'sleep',
      serviceAccount: 'sleep',
      port: 80,
      image: 'docker.io/curlimages/curl:8.10.1',
    }),
    istioObject('networking.istio.io/v1', 'Gateway', ns, 'bookinfo-gateway', {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
    }),
    istioObject('networking.istio.io/v1', 'VirtualService', ns, 'bookinfo', {
      hosts: ['*'],
      gateways: ['bookinfo-gateway'],
      http: [
        {
          match: [
            { uri: { exact: '/productpage' } },
            { uri: { prefix: '/static' } },
            { uri: { exact: '/login' } },
            { uri: { exact: '/logout' } },
            { uri: { prefix: '/api/v1/products' } },
          ],
          route: [{ destination: { host: 'productpage', port: { number: 9080 } } }],
        },
      ],
    }),
    istioObject('networking.istio.io/v1', 'ServiceEntry', ns, 'googleapis', {
      hosts: ['www.googleapis.com'],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
      ports: [{ number: 80, name: 'http', protocol: 'HTTP' }],
    }),
  ];
}
