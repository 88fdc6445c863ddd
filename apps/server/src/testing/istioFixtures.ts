import type { IstioObjectJson } from '@sextant/contracts';
import type { KubeObjectJson } from '@sextant/mesh';
import type { FakeKubeClient } from './fakes.ts';

/**
 * A small Bookinfo for the Istio config routes: namespace `bookinfo` with Services reviews (v1-v3)
 * and ratings (v1), a DestinationRule defining the reviews subsets, a VirtualService routing to
 * v1, a Sidecar and an AuthorizationPolicy; `default` exists and is empty.
 */
export function seedBookinfo(kube: FakeKubeClient): void {
  kube.namespaces = [
    { metadata: { name: 'bookinfo', labels: { 'istio-injection': 'enabled' } } },
    { metadata: { name: 'default' } },
  ];
  kube.objects.services = [service('reviews'), service('ratings')];
  kube.objects.deployments = [
    deployment('reviews', 'v1'),
    deployment('reviews', 'v2'),
    deployment('reviews', 'v3'),
    deployment('ratings', 'v1'),
  ];
  kube.seedIstio('destinationrules', {
    metadata: { name: 'reviews', namespace: 'bookinfo' },
    spec: {
      host: 'reviews',
      subsets: ['v1', 'v2', 'v3'].map((v) => ({ name: v, labels: { version: v } })),
    },
  });
  kube.seedIstio('virtualservices', {
    metadata: { name: 'reviews', namespace: 'bookinfo' },
    spec: reviewsSpec([['v1', 100]]),
  });
  kube.seedIstio('sidecars', {
    metadata: { name: 'default', namespace: 'bookinfo' },
    spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] },
  });
  kube.seedIstio('authorizationpolicies', {
    metadata: { name: 'allow-nothing', namespace: 'bookinfo' },
    spec: {},
  });
}

/** A VirtualService spec splitting the traffic for `hosts` between subsets of reviews. */
export function reviewsSpec(
  split: Array<[subset: string, weight: number | string]>,
  hosts = ['reviews'],
): Record<string, unknown> {
  return {
    hosts,
    http: [
      {
        route: split.map(([subset, weight]) => ({ destination: { host: 'reviews', subset }, weight })),
      },
    ],
  };
}

/** A VirtualService body as an editor sends it. */
export function virtualService(
  name: string,
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): IstioObjectJson {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace: 'bookinfo', ...metadata },
    spec,
  };
}

function service(app: string): KubeObjectJson {
  return {
    metadata: { name: app, namespace: 'bookinfo' },
    spec: { selector: { app }, ports: [{ name: 'http', port: 9080 }] },
  };
}

function deployment(app: string, version: string): KubeObjectJson {
  const labels = { app, version };
  return {
    metadata: { name: `${app}-${version}`, namespace: 'bookinfo', labels },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels } } },
    status: { readyReplicas: 1 },
  };
}
