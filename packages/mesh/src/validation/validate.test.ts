import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../cluster/clusterState.ts';
import { emptyClusterState } from '../cluster/clusterState.ts';
import { toClusterState, type KubeObjectsByKind } from '../cluster/toClusterState.ts';
import { VALIDATION_CODES } from './codes.ts';
import type { IstioConfigObject } from './context.ts';
import { groupValidations, objectKey, validateIstioConfig, validateObject } from './validate.ts';
import { validationContext } from './context.ts';

const objects = JSON.parse(
  readFileSync(new URL('../graph/__fixtures__/bookinfo/kubernetes.json', import.meta.url), 'utf8'),
) as KubeObjectsByKind;
/** Bookinfo: services productpage, details, reviews (v1-v3), ratings (v1, v2), mongodb, legacy (no pods); mesh-wide STRICT. */
const bookinfo = toClusterState(objects);

const make =
  (kind: string) =>
  (name: string, spec: unknown, namespace = 'bookinfo', creationTimestamp?: string): IstioConfigObject => ({
    apiVersion:
      kind.endsWith('Authentication') || kind === 'AuthorizationPolicy'
        ? 'security.istio.io/v1'
        : 'networking.istio.io/v1',
    kind,
    metadata: { name, namespace, ...(creationTimestamp ? { creationTimestamp } : {}) },
    spec,
  });
const vs = make('VirtualService');
const dr = make('DestinationRule');
const gw = make('Gateway');
const se = make('ServiceEntry');
const pa = make('PeerAuthentication');
const sidecar = make('Sidecar');
const ap = make('AuthorizationPolicy');
const ra = make('RequestAuthentication');

const dest = (host: string, subset?: string, weight?: number, port?: number) => ({
  destination: { host, ...(subset ? { subset } : {}), ...(port ? { port: { number: port } } : {}) },
  ...(weight === undefined ? {} : { weight }),
});

/** `[code, path]` of the findings about the first object. */
function findingsOf(
  list: readonly IstioConfigObject[],
  cluster: ClusterState = bookinfo,
): Array<[string, string]> {
  const first = list[0]!;
  return validateIstioConfig(list, cluster)
    .filter((v) => v.objectRef.name === first.metadata?.name && v.objectRef.kind === first.kind)
    .map((v) => [v.code, v.path]);
}

describe('validateIstioConfig on the Bookinfo fixture', () => {
  const istio: IstioConfigObject[] = [
    ...(objects.virtualServices ?? []),
    ...(objects.destinationRules ?? []),
    ...(objects.gateways ?? []),
    ...(objects.peerAuthentications ?? []),
    ...(objects.serviceEntries ?? []),
  ].map((o) => o as IstioConfigObject);

  it('flags only the details subsets, which no DestinationRule defines', () => {
    const found = validateIstioConfig(istio, bookinfo);
    expect(found.map((v) => [v.objectRef.name, v.code, v.path])).toEqual([
      ['details', 'VS_SUBSET_NOT_FOUND', 'spec.http[0].route[0].destination.subset'],
      ['details', 'VS_SUBSET_NOT_FOUND', 'spec.http[0].route[1].destination.subset'],
      ['details', 'VS_SUBSET_NOT_FOUND', 'spec.http[0].mirror.subset'],
    ]);
    expect(found[0]).toEqual({
      code: 'VS_SUBSET_NOT_FOUND',
      severity: 'error',
      message:
        'Subset "v1" not found: no DestinationRule configures host "details" (details.bookinfo.svc.cluster.local)',
      objectRef: { kind: 'VirtualService', namespace: 'bookinfo', name: 'details' },
      path: 'spec.http[0].route[0].destination.subset',
    });
  });

  it('groups findings by object', () => {
    const grouped = groupValidations(validateIstioConfig(istio, bookinfo));
    expect([...grouped.keys()]).toEqual(['VirtualService/bookinfo/details']);
    expect(objectKey({ kind: 'Gateway', namespace: 'a', name: 'b' })).toBe('Gateway/a/b');
  });
});

type Row = [what: string, objects: IstioConfigObject[], expected: Array<[string, string]>];

describe('VirtualService checks', () => {
  it.each<Row>([
    [
      'a clean route',
      [vs('reviews', { hosts: ['reviews'], http: [{ route: [dest('reviews', 'v1')] }] })],
      [],
    ],
    [
      'destination host not found (short name relative to the VS namespace)',
      [vs('reviews', { hosts: ['reviews'], http: [{ route: [dest('reviewz')] }] })],
      [['VS_DEST_HOST_NOT_FOUND', 'spec.http[0].route[0].destination.host']],
    ],
    [
      'short name resolved in the VS namespace, not the service namespace',
      [vs('r', { hosts: ['x'], http: [{ route: [dest('reviews')] }] }, 'default')],
      [['VS_DEST_HOST_NOT_FOUND', 'spec.http[0].route[0].destination.host']],
    ],
    [
      'name.namespace and FQDN hosts resolve across namespaces',
      [
        vs(
          'r',
          {
            hosts: ['x'],
            http: [
              {
                route: [
                  dest('reviews.bookinfo', undefined, 50),
                  dest('ratings.bookinfo.svc.cluster.local', undefined, 50),
                ],
              },
            ],
          },
          'default',
        ),
      ],
      [],
    ],
    [
      'ServiceEntry hosts, exact and wildcard',
      [
        vs('ext', { hosts: ['www.googleapis.com'], tcp: [{ route: [dest('www.googleapis.com')] }] }),
        se('wild', { hosts: ['*.example.com'] }),
      ],
      [],
    ],
    [
      'a host matching a wildcard ServiceEntry',
      [
        vs('ext', { hosts: ['api.example.com'], http: [{ route: [dest('api.example.com')] }] }),
        se('wild', { hosts: ['*.example.com'] }),
      ],
      [],
    ],
    [
      'a ServiceEntry not exported to the VS namespace',
      [
        vs('ext', { hosts: ['x'], http: [{ route: [dest('api.example.com')] }] }, 'default'),
        se('wild', { hosts: ['api.example.com'], exportTo: ['.'] }),
      ],
      [['VS_DEST_HOST_NOT_FOUND', 'spec.http[0].route[0].destination.host']],
    ],
    [
      'port not on the service',
      [
        vs('reviews', {
          hosts: ['reviews'],
          http: [{ route: [dest('reviews', undefined, undefined, 8080)] }],
        }),
      ],
      [['VS_DEST_PORT_NOT_FOUND', 'spec.http[0].route[0].destination.port.number']],
    ],
    [
      'subset not defined in the DR for the host',
      [vs('reviews', { hosts: ['reviews'], http: [{ route: [dest('reviews', 'v4')] }] })],
      [['VS_SUBSET_NOT_FOUND', 'spec.http[0].route[0].destination.subset']],
    ],
    [
      'subset defined by a DR written with the FQDN, in another namespace',
      [
        vs('details', { hosts: ['details'], http: [{ route: [dest('details', 'v1')] }] }),
        dr(
          'd',
          {
            host: 'details.bookinfo.svc.cluster.local',
            subsets: [{ name: 'v1', labels: { version: 'v1' } }],
          },
          'default',
        ),
      ],
      [],
    ],
    [
      'subset from a DR exported elsewhere only',
      [
        vs('details', { hosts: ['details'], http: [{ route: [dest('details', 'v1')] }] }),
        dr(
          'd',
          { host: 'details.bookinfo.svc.cluster.local', exportTo: ['.'], subsets: [{ name: 'v1' }] },
          'default',
        ),
      ],
      [['VS_SUBSET_NOT_FOUND', 'spec.http[0].route[0].destination.subset']],
    ],
    [
      'the edited DR replaces the live one (subset v1 removed)',
      [
        vs('reviews', { hosts: ['reviews'], http: [{ route: [dest('reviews', 'v1')] }] }),
        dr('reviews', { host: 'reviews', subsets: [{ name: 'v2', labels: { version: 'v2' } }] }),
      ],
      [['VS_SUBSET_NOT_FOUND', 'spec.http[0].route[0].destination.subset']],
    ],
    [
      'weights summing to 90',
      [
        vs('reviews', {
          hosts: ['reviews'],
          http: [{ route: [dest('reviews', 'v1', 50), dest('reviews', 'v2', 40)] }],
        }),
      ],
      [['VS_WEIGHT_SUM_NOT_100', 'spec.http[0].route']],
    ],
    [
      'two destinations without weights',
      [
        vs('reviews', {
          hosts: ['reviews'],
          http: [{ route: [dest('reviews', 'v1'), dest('reviews', 'v2')] }],
        }),
      ],
      [['VS_WEIGHT_SUM_NOT_100', 'spec.http[0].route']],
    ],
    [
      'weights 100 + 0 are fine',
      [
        vs('reviews', {
          hosts: ['reviews'],
          http: [{ route: [dest('reviews', 'v1', 100), dest('reviews', 'v2', 0)] }],
        }),
      ],
      [],
    ],
    [
      'a single destination with weight 100 is fine',
      [vs('reviews', { hosts: ['reviews'], http: [{ route: [dest('reviews', 'v1', 100)] }] })],
      [],
    ],
    [
      'a single destination with weight 30',
      [vs('reviews', { hosts: ['reviews'], http: [{ route: [dest('reviews', 'v1', 30)] }] })],
      [['VS_SINGLE_DEST_WEIGHT', 'spec.http[0].route[0].weight']],
    ],
    [
      'a single destination with weight 150',
      [vs('reviews', { hosts: ['reviews'], http: [{ route: [dest('reviews', 'v1', 150)] }] })],
      [['VS_WEIGHT_SUM_NOT_100', 'spec.http[0].route']],
    ],
    [
      'negative and fractional weights (no sum finding on top)',
      [
        vs('reviews', {
          hosts: ['reviews'],
          http: [{ route: [dest('reviews', 'v1', -10), dest('reviews', 'v2', 10.5)] }],
        }),
      ],
      [
        ['VS_WEIGHT_INVALID', 'spec.http[0].route[0].weight'],
        ['VS_WEIGHT_INVALID', 'spec.http[0].route[1].weight'],
      ],
    ],
    [
      'TCP weights',
      [
        vs('db', {
          hosts: ['mongodb'],
          tcp: [{ route: [dest('mongodb', undefined, 60), dest('mongodb', undefined, 60, 27017)] }],
        }),
      ],
      [['VS_WEIGHT_SUM_NOT_100', 'spec.tcp[0].route']],
    ],
    [
      'the same host + subset twice in a route (short name and FQDN)',
      [
        vs('reviews', {
          hosts: ['reviews'],
          http: [
            { route: [dest('reviews', 'v1', 50), dest('reviews.bookinfo.svc.cluster.local', 'v1', 50)] },
          ],
        }),
      ],
      [['VS_DUPLICATE_DESTINATION', 'spec.http[0].route[1].destination']],
    ],
    [
      'the same host on different ports is no duplicate',
      [
        vs('reviews', {
          hosts: ['reviews'],
          http: [{ route: [dest('reviews', 'v1', 50, 9080), dest('reviews', 'v1', 50)] }],
        }),
      ],
      [],
    ],
    [
      'gateway forms: mesh, ns/name, bare name',
      [
        vs('g', {
          hosts: ['x.example.com'],
          gateways: ['mesh', 'bookinfo/bookinfo-gateway', 'bookinfo-gateway'],
          http: [{ route: [dest('productpage')] }],
        }),
      ],
      [],
    ],
    [
      'gateway not found (bare name resolves in the VS namespace)',
      [
        vs(
          'g',
          {
            hosts: ['x.example.com'],
            gateways: ['bookinfo-gateway', 'istio-system/nope'],
            http: [{ route: [dest('sleep')] }],
          },
          'default',
        ),
      ],
      [
        ['VS_GATEWAY_NOT_FOUND', 'spec.gateways[0]'],
        ['VS_GATEWAY_NOT_FOUND', 'spec.gateways[1]'],
      ],
    ],
    [
      'legacy gateway name form',
      [
        vs('g', {
          hosts: ['x.example.com'],
          gateways: ['bookinfo-gateway.bookinfo.svc.cluster.local'],
          http: [{ route: [dest('productpage')] }],
        }),
      ],
      [['VS_GATEWAY_LEGACY_NAME', 'spec.gateways[0]']],
    ],
    [
      'gateway in a match',
      [
        vs('g', {
          hosts: ['x.example.com'],
          gateways: ['mesh'],
          http: [{ match: [{ gateways: ['missing'] }], route: [dest('productpage')] }],
        }),
      ],
      [['VS_GATEWAY_NOT_FOUND', 'spec.http[0].match[0].gateways[0]']],
    ],
    [
      'routes after a route without match',
      [
        vs('reviews', {
          hosts: ['reviews'],
          http: [
            { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [dest('reviews', 'v2')] },
            { route: [dest('reviews', 'v1')] },
            { name: 'late', match: [{ uri: { prefix: '/api' } }], route: [dest('reviews', 'v3')] },
            { route: [dest('reviews', 'v3')] },
          ],
        }),
      ],
      [
        ['VS_UNREACHABLE_ROUTE', 'spec.http[2]'],
        ['VS_UNREACHABLE_ROUTE', 'spec.http[3]'],
      ],
    ],
    [
      'a match that matches everything (prefix /, ignoreUriCase, a name)',
      [
        vs('reviews', {
          hosts: ['reviews'],
          http: [
            {
              match: [{ uri: { exact: '/x' } }, { name: 'all', uri: { prefix: '/' }, ignoreUriCase: true }],
              route: [dest('reviews', 'v1')],
            },
            { route: [dest('reviews', 'v2')] },
          ],
        }),
      ],
      [['VS_UNREACHABLE_ROUTE', 'spec.http[1]']],
    ],
    [
      'restricting matches keep later routes reachable',
      [
        vs('reviews', {
          hosts: ['reviews'],
          http: [
            { match: [{ uri: { prefix: '/' }, method: { exact: 'GET' } }], route: [dest('reviews', 'v1')] },
            { match: [{ uri: { regex: '/a.*' } }], route: [dest('reviews', 'v1')] },
            { match: [{ sourceLabels: { app: 'productpage' } }], route: [dest('reviews', 'v1')] },
            { route: [dest('reviews', 'v2')] },
          ],
        }),
      ],
      [],
    ],
    [
      'TCP routes after a TCP route without match',
      [
        vs('db', {
          hosts: ['mongodb'],
          tcp: [{ route: [dest('mongodb')] }, { match: [{ port: 27017 }], route: [dest('mongodb')] }],
        }),
      ],
      [['VS_UNREACHABLE_ROUTE', 'spec.tcp[1]']],
    ],
    [
      'another VS for the same host on the mesh (the live reviews VS)',
      [
        vs('reviews-canary', {
          hosts: ['reviews.bookinfo.svc.cluster.local'],
          http: [{ route: [dest('reviews', 'v1')] }],
        }),
      ],
      [['VS_HOST_CONFLICT', 'spec.hosts[0]']],
    ],
    [
      'the same host on different gateways is no conflict',
      [
        vs('reviews-edge', {
          hosts: ['reviews'],
          gateways: ['bookinfo-gateway'],
          http: [{ route: [dest('reviews', 'v1')] }],
        }),
      ],
      [],
    ],
    [
      'the same host on a shared gateway',
      [
        vs('bookinfo-2', {
          hosts: ['*'],
          gateways: ['bookinfo/bookinfo-gateway'],
          http: [{ route: [dest('productpage')] }],
        }),
      ],
      [['VS_HOST_CONFLICT', 'spec.hosts[0]']],
    ],
    [
      'the same host, exported to disjoint namespaces',
      [
        vs('reviews-private', {
          hosts: ['reviews.bookinfo.svc.cluster.local'],
          exportTo: ['default'],
          http: [{ route: [dest('reviews', 'v1')] }],
        }),
        vs('reviews', { hosts: ['reviews'], exportTo: ['.'], http: [{ route: [dest('reviews', 'v1')] }] }),
      ],
      [],
    ],
    [
      'mirror and mirrors destinations are checked like routes',
      [
        vs('reviews', {
          hosts: ['reviews'],
          http: [
            {
              route: [dest('reviews', 'v1')],
              mirror: { host: 'nowhere' },
              mirrors: [{ destination: { host: 'reviews', subset: 'v9' } }],
            },
          ],
        }),
      ],
      [
        ['VS_DEST_HOST_NOT_FOUND', 'spec.http[0].mirror.host'],
        ['VS_SUBSET_NOT_FOUND', 'spec.http[0].mirrors[0].destination.subset'],
      ],
    ],
    [
      'malformed fields never throw',
      [
        vs('r', {
          hosts: 'reviews',
          http: [{ route: { destination: 1 } }, null, 7, { route: [null, { weight: 'x' }] }],
        }),
      ],
      [
        ['VS_WEIGHT_INVALID', 'spec.http[3].route[1].weight'],
        // A rule without match (here: not even an object) catches everything after it.
        ['VS_UNREACHABLE_ROUTE', 'spec.http[1]'],
        ['VS_UNREACHABLE_ROUTE', 'spec.http[2]'],
        ['VS_UNREACHABLE_ROUTE', 'spec.http[3]'],
      ],
    ],
  ])('%s', (_what, list, expected) => {
    expect(findingsOf(list)).toEqual(expected);
  });
});

describe('DestinationRule checks', () => {
  it.each<Row>([
    [
      'a clean rule',
      [dr('reviews', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] })],
      [],
    ],
    ['host not found', [dr('x', { host: 'reviewz' })], [['DR_HOST_NOT_FOUND', 'spec.host']]],
    ['a ServiceEntry host', [dr('g', { host: 'storage.googleapis.com' })], []],
    [
      'a mesh-wide wildcard host',
      [dr('all', { host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }, 'istio-system')],
      [],
    ],
    [
      'a wildcard host matching nothing',
      [dr('w', { host: '*.nowhere.org' })],
      [['DR_HOST_NOT_FOUND', 'spec.host']],
    ],
    [
      'subset labels matching no workload of the service',
      [
        dr('reviews', {
          host: 'reviews',
          subsets: [
            { name: 'v1', labels: { version: 'v1' } },
            { name: 'v4', labels: { version: 'v4' } },
            { name: 'all' },
          ],
        }),
      ],
      [['DR_SUBSET_NO_WORKLOAD', 'spec.subsets[1].labels']],
    ],
    [
      'a service without pods: every labelled subset matches nothing',
      [dr('legacy', { host: 'legacy', subsets: [{ name: 'v1', labels: { version: 'v1' } }] })],
      [['DR_SUBSET_NO_WORKLOAD', 'spec.subsets[0].labels']],
    ],
    [
      'another rule in the namespace for the same host and subset',
      [
        dr('reviews-2', {
          host: 'reviews.bookinfo.svc.cluster.local',
          subsets: [{ name: 'v2', labels: { version: 'v2' } }],
        }),
      ],
      [['DR_MULTIPLE_FOR_HOST', 'spec.host']],
    ],
    [
      'another rule for the same host, other subsets',
      [dr('reviews-2', { host: 'reviews', subsets: [{ name: 'v9-none', labels: { version: 'v3' } }] })],
      [],
    ],
    [
      'a host-wide rule beside a subset rule overlaps',
      [
        dr('reviews-cb', {
          host: 'reviews',
          trafficPolicy: { connectionPool: { tcp: { maxConnections: 10 } } },
        }),
      ],
      [['DR_MULTIPLE_FOR_HOST', 'spec.host']],
    ],
    [
      'a rule for the same host in another namespace is no overlap',
      [dr('reviews', { host: 'reviews.bookinfo.svc.cluster.local', subsets: [{ name: 'v1' }] }, 'default')],
      [],
    ],
    [
      'tls DISABLE while the mesh is STRICT',
      [dr('ratings', { host: 'ratings', trafficPolicy: { tls: { mode: 'DISABLE' } } })],
      [['DR_TLS_DISABLE_WITH_STRICT', 'spec.trafficPolicy.tls.mode']],
    ],
    [
      'tls DISABLE at port and subset level',
      [
        dr('reviews', {
          host: 'reviews',
          trafficPolicy: { portLevelSettings: [{ port: { number: 9080 }, tls: { mode: 'DISABLE' } }] },
          subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { tls: { mode: 'DISABLE' } } }],
        }),
      ],
      [
        ['DR_TLS_DISABLE_WITH_STRICT', 'spec.trafficPolicy.portLevelSettings[0].tls.mode'],
        ['DR_TLS_DISABLE_WITH_STRICT', 'spec.subsets[0].trafficPolicy.tls.mode'],
      ],
    ],
    [
      'tls DISABLE where the namespace overrides the mesh with PERMISSIVE',
      [
        dr('reviews', { host: 'reviews', trafficPolicy: { tls: { mode: 'DISABLE' } } }),
        pa('default', { mtls: { mode: 'PERMISSIVE' } }),
      ],
      [],
    ],
    [
      'tls DISABLE where a workload policy is STRICT in a PERMISSIVE namespace',
      [
        dr('reviews', {
          host: 'reviews',
          subsets: [
            { name: 'v1', labels: { version: 'v1' }, trafficPolicy: { tls: { mode: 'DISABLE' } } },
            { name: 'v2', labels: { version: 'v2' }, trafficPolicy: { tls: { mode: 'DISABLE' } } },
          ],
        }),
        pa('default', { mtls: { mode: 'PERMISSIVE' } }),
        pa('reviews-v2', {
          selector: { matchLabels: { app: 'reviews', version: 'v2' } },
          mtls: { mode: 'STRICT' },
        }),
      ],
      [['DR_TLS_DISABLE_WITH_STRICT', 'spec.subsets[1].trafficPolicy.tls.mode']],
    ],
    [
      'UNSET inherits: a workload policy with mode UNSET under a STRICT mesh',
      [
        dr('ratings', {
          host: 'ratings.bookinfo.svc.cluster.local',
          trafficPolicy: { tls: { mode: 'DISABLE' } },
        }),
        pa('ratings', { selector: { matchLabels: { app: 'ratings' } }, mtls: { mode: 'UNSET' } }),
      ],
      [['DR_TLS_DISABLE_WITH_STRICT', 'spec.trafficPolicy.tls.mode']],
    ],
    [
      'workloads without a sidecar are not affected by STRICT',
      [dr('sleep', { host: 'sleep', trafficPolicy: { tls: { mode: 'DISABLE' } } }, 'default')],
      [],
    ],
    [
      'a workload selector matching nothing',
      [
        dr(
          'ws',
          { host: 'reviews.bookinfo', workloadSelector: { matchLabels: { app: 'ghost' } } },
          'default',
        ),
      ],
      [['SELECTOR_NO_WORKLOAD', 'spec.workloadSelector.matchLabels']],
    ],
  ])('%s', (_what, list, expected) => {
    expect(findingsOf(list)).toEqual(expected);
  });

  it('names the policy and the workloads in the TLS message', () => {
    const [v] = validateIstioConfig(
      [
        dr(
          'x',
          { host: 'reviews.bookinfo.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } },
          'default',
        ),
      ],
      bookinfo,
    );
    expect(v?.message).toBe(
      'Clients are told to send plaintext, but PeerAuthentication istio-system/default requires mTLS (STRICT) for ' +
        'bookinfo/reviews-v1, bookinfo/reviews-v2, bookinfo/reviews-v3: their requests will be refused',
    );
  });

  it('picks the oldest namespace policy when two conflict', () => {
    const list = [
      dr(
        'x',
        { host: 'reviews.bookinfo.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } },
        'default',
      ),
      pa('newer', { mtls: { mode: 'PERMISSIVE' } }, 'bookinfo', '2025-06-01T00:00:00Z'),
      pa('older', { mtls: { mode: 'STRICT' } }, 'bookinfo', '2025-02-01T00:00:00Z'),
    ];
    expect(validateIstioConfig(list, bookinfo)[0]?.message).toContain('PeerAuthentication bookinfo/older');
  });
});

describe('selector checks', () => {
  it.each<Row>([
    [
      'PeerAuthentication matching a workload',
      [pa('p', { selector: { matchLabels: { app: 'reviews' } } })],
      [],
    ],
    [
      'PeerAuthentication matching nothing in its namespace',
      [pa('p', { selector: { matchLabels: { app: 'sleep' } } })],
      [['SELECTOR_NO_WORKLOAD', 'spec.selector.matchLabels']],
    ],
    ['PeerAuthentication without selector', [pa('p', { mtls: { mode: 'STRICT' } })], []],
    [
      'Sidecar workloadSelector matching nothing',
      [
        sidecar('s', {
          workloadSelector: { labels: { app: 'reviews', version: 'v9' } },
          egress: [{ hosts: ['./*'] }],
        }),
      ],
      [['SELECTOR_NO_WORKLOAD', 'spec.workloadSelector.labels']],
    ],
    ['Sidecar matching a workload', [sidecar('s', { workloadSelector: { labels: { app: 'ratings' } } })], []],
    [
      'AuthorizationPolicy matching nothing',
      [ap('deny', { selector: { matchLabels: { app: 'ghost' } }, action: 'DENY' })],
      [['SELECTOR_NO_WORKLOAD', 'spec.selector.matchLabels']],
    ],
    [
      'AuthorizationPolicy in the root namespace selects across namespaces',
      [ap('ingress', { selector: { matchLabels: { app: 'productpage' } } }, 'istio-system')],
      [],
    ],
    [
      'RequestAuthentication matching nothing',
      [ra('jwt', { selector: { matchLabels: { app: 'ghost' } } })],
      [['SELECTOR_NO_WORKLOAD', 'spec.selector.matchLabels']],
    ],
    [
      'Gateway selecting the ingress gateway of another namespace',
      [gw('g', { selector: { istio: 'ingressgateway' } })],
      [],
    ],
    [
      'Gateway selecting nothing',
      [gw('g', { selector: { istio: 'egressgateway' } })],
      [['SELECTOR_NO_WORKLOAD', 'spec.selector']],
    ],
  ])('%s', (_what, list, expected) => {
    expect(findingsOf(list)).toEqual(expected);
  });
});

describe('messages', () => {
  it.each<[string, IstioConfigObject[], string]>([
    [
      'subset missing from an existing rule',
      [vs('reviews', { hosts: ['reviews'], http: [{ route: [dest('reviews', 'v9')] }] })],
      'Subset "v9" not found: DestinationRule bookinfo/reviews defines v1, v2, v3',
    ],
    [
      'host conflict',
      [vs('reviews-2', { hosts: ['reviews'], http: [{ route: [dest('reviews', 'v1')] }] })],
      'Host "reviews" (reviews.bookinfo.svc.cluster.local) is also claimed by VirtualService bookinfo/reviews on mesh: which routes apply is ambiguous',
    ],
    [
      'duplicate destination',
      [
        vs('reviews', {
          hosts: ['reviews'],
          http: [{ route: [dest('reviews', 'v1', 50), dest('reviews', 'v1', 50)] }],
        }),
      ],
      'Host "reviews", subset "v1" already appears earlier in this route',
    ],
    [
      'port',
      [vs('reviews', { hosts: ['reviews'], http: [{ route: [dest('reviews', undefined, undefined, 80)] }] })],
      'Service bookinfo/reviews has no port 80 (ports: 9080)',
    ],
    [
      'unreachable',
      [
        vs('reviews', {
          hosts: ['reviews'],
          http: [{ route: [dest('reviews')] }, { name: 'v2', route: [dest('reviews')] }],
        }),
      ],
      'Route "v2" is never reached: spec.http[0] before it matches every request',
    ],
    [
      'weights',
      [
        vs('reviews', {
          hosts: ['reviews'],
          http: [{ route: [dest('reviews', 'v1', 50), dest('reviews', 'v2')] }],
        }),
      ],
      'Weights sum to 50, not 100 (unset weights count as 0)',
    ],
    [
      'subset labels',
      [dr('reviews', { host: 'reviews', subsets: [{ name: 'v4', labels: { version: 'v4', track: 'x' } }] })],
      'Subset "v4": no workload of Service bookinfo/reviews has labels version=v4,track=x',
    ],
    [
      'overlapping rules',
      [dr('reviews-2', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] })],
      'DestinationRule bookinfo/reviews also configures host reviews.bookinfo.svc.cluster.local (subsets v1): only one of them takes effect',
    ],
    [
      'selector',
      [gw('g', { selector: { istio: 'egress' } })],
      'No workload in any namespace has labels istio=egress',
    ],
  ])('%s', (_what, list, message) => {
    expect(validateIstioConfig(list, bookinfo)[0]?.message).toBe(message);
  });
});

describe('validateObject', () => {
  it('skips objects it cannot address and kinds it does not know', () => {
    const ctx = validationContext(bookinfo);
    expect(
      validateObject({ kind: 'VirtualService', spec: { http: [{ route: [dest('nowhere')] }] } }, ctx),
    ).toEqual([]);
    expect(validateObject({ kind: 'Deployment', metadata: { name: 'a', namespace: 'b' } }, ctx)).toEqual([]);
    expect(validateObject(se('s', { hosts: ['a.example.com'] }), ctx)).toEqual([]);
  });

  it('works on an empty cluster', () => {
    expect(
      validateIstioConfig(
        [vs('reviews', { hosts: ['reviews'], http: [{ route: [dest('reviews', 'v1')] }] }, 'x')],
        emptyClusterState(),
      ).map((v) => v.code),
    ).toEqual(['VS_DEST_HOST_NOT_FOUND']);
  });

  it('gives every finding the severity of its code', () => {
    const list = [
      vs('reviews', {
        hosts: ['reviews'],
        gateways: ['gw.bookinfo'],
        http: [{ route: [dest('reviews', 'v1', 30)] }, { route: [] }],
      }),
    ];
    for (const v of validateIstioConfig(list, bookinfo)) {
      expect(v.severity).toBe(VALIDATION_CODES[v.code as keyof typeof VALIDATION_CODES].severity);
    }
  });
});

describe('validation/README.md', () => {
  it('documents every code with its severity', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    for (const [code, { severity }] of Object.entries(VALIDATION_CODES)) {
      expect(readme).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${severity}\\s*\\|`));
    }
  });
});
