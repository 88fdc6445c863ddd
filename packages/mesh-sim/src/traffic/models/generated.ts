import type { KubeObject } from '../../store/types.ts';
import type { CallSpec, EntrySpec, TrafficModel, WorkloadBehavior } from '../model.ts';
import { Prng } from '../prng.ts';

export interface GeneratedOptions {
  namespaces: number;
  services: number;
  seed?: number;
}

interface GeneratedService {
  namespace: string;
  app: string;
  layer: number;
  versions: string[];
  protocol: 'http' | 'grpc';
  port: number;
  calls: Array<{ host: string; port: number }>;
}

const GATEWAY_NAMESPACE = 'istio-system';
const GATEWAY_NAME = 'mesh-gateway';
const LAYERS = 4;
/** Every namespace's entry service gets this much external load. */
const ENTRY_RATE_PER_NAMESPACE = 5;

const nsName = (i: number) => `ns-${i}`;
const appName = (j: number) => `svc-${j}`;

/**
 * The `generated` scenario's topology: N namespaces of M services in layers. Layer 0 (`svc-0`) is
 * the namespace's entry behind the ingress gateway; every service of a deeper layer is called by
 * one service of the layer above in its own namespace, and some services add a call into
 * another namespace. Same options, same mesh.
 */
function topology(opts: GeneratedOptions): GeneratedService[] {
  const rng = new Prng(opts.seed ?? 1);
  const layers = Math.min(LAYERS, opts.services);
  const layerOf = (j: number) =>
    j === 0
      ? 0
      : Math.min(layers - 1, 1 + Math.floor(((j - 1) * (layers - 1)) / Math.max(1, opts.services - 1)));
  const all: GeneratedService[] = [];
  for (let i = 0; i < opts.namespaces; i++) {
    for (let j = 0; j < opts.services; j++) {
      const grpc = j > 0 && rng.chance(0.1);
      all.push({
        namespace: nsName(i),
        app: appName(j),
        layer: layerOf(j),
        versions: j > 0 && rng.chance(0.15) ? ['v1', 'v2'] : ['v1'],
        protocol: grpc ? 'grpc' : 'http',
        port: grpc ? 9090 : 8080,
        calls: [],
      });
    }
  }
  const byNsLayer = new Map<string, GeneratedService[]>();
  for (const s of all) {
    const key = `${s.namespace}/${s.layer}`;
    let l = byNsLayer.get(key);
    if (!l) byNsLayer.set(key, (l = []));
    l.push(s);
  }
  for (const s of all) {
    if (s.layer === 0) continue;
    const callers = byNsLayer.get(`${s.namespace}/${s.layer - 1}`) ?? [];
    const caller = callers[rng.int(callers.length)];
    caller?.calls.push({ host: s.app, port: s.port });
  }
  // Cross-namespace calls make the graph a mesh rather than N islands.
  if (opts.namespaces > 1) {
    for (const s of all) {
      if (s.layer === 0 || s.layer >= layers - 1 || !rng.chance(0.3)) continue;
      const other = nsName(
        (Number(s.namespace.slice(3)) + 1 + rng.int(opts.namespaces - 1)) % opts.namespaces,
      );
      const targets = byNsLayer.get(`${other}/${s.layer + 1}`) ?? [];
      const target = targets[rng.int(targets.length)];
      if (target) s.calls.push({ host: `${target.app}.${target.namespace}`, port: target.port });
    }
  }
  return all;
}

function deployment(s: GeneratedService, version: string): KubeObject {
  const labels = { app: s.app, version };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `${s.app}-${version}`, namespace: s.namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: s.app,
          containers: [
            { name: s.app, image: 'docker.io/sextant/generated-app:1.0', ports: [{ containerPort: s.port }] },
          ],
        },
      },
    },
  };
}

/**
 * Kubernetes and Istio objects of the `generated` scenario, in the shape of the Bookinfo
 * scenario's (deployments, not pods: the simulated controllers create ready pods).
 */
export function generatedScenarioObjects(opts: GeneratedOptions): KubeObject[] {
  const services = topology(opts);
  const objects: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: GATEWAY_NAMESPACE, labels: {} } },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'istio-ingressgateway-service-account', namespace: GATEWAY_NAMESPACE },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'istio-ingressgateway',
        namespace: GATEWAY_NAMESPACE,
        labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'istio-ingressgateway', istio: 'ingressgateway' } },
        template: {
          metadata: {
            labels: {
              app: 'istio-ingressgateway',
              istio: 'ingressgateway',
              'sidecar.istio.io/inject': 'false',
            },
          },
          spec: {
            serviceAccountName: 'istio-ingressgateway-service-account',
            containers: [
              {
                name: 'istio-proxy',
                image: 'docker.io/istio/proxyv2:1.24.0',
                ports: [{ containerPort: 8080 }],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'istio-ingressgateway',
        namespace: GATEWAY_NAMESPACE,
        labels: { app: 'istio-ingressgateway' },
      },
      spec: {
        selector: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
        ports: [{ name: 'http2', port: 80, targetPort: 8080, protocol: 'TCP' }],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
      },
    },
  ];
  for (let i = 0; i < opts.namespaces; i++) {
    const ns = nsName(i);
    objects.push(
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, labels: { 'istio-injection': 'enabled' } },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'entry', namespace: ns },
        spec: {
          hosts: [`${ns}.example.com`],
          gateways: [`${GATEWAY_NAMESPACE}/${GATEWAY_NAME}`],
          http: [{ route: [{ destination: { host: appName(0), port: { number: 8080 } } }] }],
        },
      },
    );
  }
  for (const s of services) {
    objects.push(
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: s.app, namespace: s.namespace } },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: s.app, namespace: s.namespace, labels: { app: s.app, service: s.app } },
        spec: {
          selector: { app: s.app },
          ports: [
            {
              name: s.protocol === 'grpc' ? 'grpc' : 'http',
              port: s.port,
              targetPort: s.port,
              protocol: 'TCP',
            },
          ],
        },
      },
      ...s.versions.map((v) => deployment(s, v)),
    );
  }
  return objects;
}

/** The traffic model matching `generatedScenarioObjects` with the same options. */
export function generatedTrafficModel(opts: GeneratedOptions): TrafficModel {
  const services = topology(opts);
  const rng = new Prng((opts.seed ?? 1) ^ 0x5bd1e995);
  const entries: EntrySpec[] = [];
  for (let i = 0; i < opts.namespaces; i++) {
    entries.push({
      from: { namespace: GATEWAY_NAMESPACE, app: 'istio-ingressgateway' },
      kind: 'gateway',
      ratePerSecond: ENTRY_RATE_PER_NAMESPACE,
      call: {
        host: `${nsName(i)}.example.com`,
        port: 8080,
        perRequest: 1,
        classes: [{ weight: 1, path: '/' }],
      },
    });
  }
  const workloads: WorkloadBehavior[] = services.map((s) => {
    const calls: CallSpec[] = s.calls.map((c) => ({
      host: c.host,
      port: c.port,
      perRequest: 1,
      requestBytes: { min: 100, max: 600 },
      propagateErrors: 0.3,
    }));
    const median = 2 + rng.next() * 8;
    return {
      namespace: s.namespace,
      app: s.app,
      latency: { medianMs: median, p99Ms: median * (3 + rng.next() * 5) },
      responseBytes: { min: 200, max: 200 + Math.round(rng.next() * 4000) },
      // A few services fail now and then: error edges exist without every edge doubling its series.
      errorRate: rng.chance(0.05) ? 0.005 : 0,
      calls,
    };
  });
  return { entries, workloads };
}
