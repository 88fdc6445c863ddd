import type { MtlsStatus } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import type { ClusterState, DestinationRuleSpec, PeerAuthenticationSpec } from '../cluster/clusterState.ts';
import { DEFAULT_MESH_SETTINGS, emptyClusterState } from '../cluster/clusterState.ts';
import { meshTlsStatus, mixStatuses, namespaceTlsStatus, scopeStatus } from './meshTls.ts';

type Mode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

const pa = (
  namespace: string,
  mode: Mode,
  extra: Partial<PeerAuthenticationSpec> = {},
  created?: string,
) => ({
  namespace,
  name: `pa-${namespace}-${mode.toLowerCase()}`,
  ...(created ? { created } : {}),
  spec: { mtls: { mode }, ...extra } as PeerAuthenticationSpec,
});
const workloadPa = (namespace: string, mode: Mode, extra: Partial<PeerAuthenticationSpec> = {}) =>
  pa(namespace, mode, { selector: { matchLabels: { app: 'reviews' } }, ...extra });
const dr = (namespace: string, host: string, mode: string, extra: Partial<DestinationRuleSpec> = {}) => ({
  namespace,
  name: `dr-${host}`,
  spec: { host, trafficPolicy: { tls: { mode } }, ...extra } as DestinationRuleSpec,
});
const ns = (name: string) => ({ name, labels: {}, annotations: {} });

function state(over: Partial<ClusterState> = {}, autoMtls = true): ClusterState {
  return emptyClusterState({
    namespaces: [ns('istio-system'), ns('bookinfo'), ns('default')],
    mesh: { ...DEFAULT_MESH_SETTINGS, autoMtls },
    ...over,
  });
}

describe('meshTlsStatus', () => {
  it.each<[string, Partial<ClusterState>, boolean, MtlsStatus]>([
    ['no policy at all', {}, true, 'NOT_ENABLED'],
    [
      'mesh-wide STRICT with auto-mTLS',
      { peerAuthentications: [pa('istio-system', 'STRICT')] },
      true,
      'ENABLED',
    ],
    [
      'mesh-wide STRICT, auto-mTLS off, no DR',
      { peerAuthentications: [pa('istio-system', 'STRICT')] },
      false,
      'PARTIALLY_ENABLED',
    ],
    [
      'mesh-wide STRICT, auto-mTLS off, mesh DR ISTIO_MUTUAL',
      {
        peerAuthentications: [pa('istio-system', 'STRICT')],
        destinationRules: [dr('istio-system', '*.local', 'ISTIO_MUTUAL')],
      },
      false,
      'ENABLED',
    ],
    [
      'mesh-wide STRICT, one namespace PERMISSIVE',
      { peerAuthentications: [pa('istio-system', 'STRICT'), pa('bookinfo', 'PERMISSIVE')] },
      true,
      'PARTIALLY_ENABLED',
    ],
    [
      'mesh-wide STRICT, namespace UNSET inherits STRICT',
      { peerAuthentications: [pa('istio-system', 'STRICT'), pa('bookinfo', 'UNSET')] },
      true,
      'ENABLED',
    ],
    [
      'mesh-wide STRICT, one workload DISABLE',
      { peerAuthentications: [pa('istio-system', 'STRICT'), workloadPa('bookinfo', 'DISABLE')] },
      true,
      'PARTIALLY_ENABLED',
    ],
    [
      'mesh-wide STRICT, one workload port PERMISSIVE',
      {
        peerAuthentications: [
          pa('istio-system', 'STRICT'),
          workloadPa('bookinfo', 'UNSET', { portLevelMtls: { '9080': { mode: 'PERMISSIVE' } } }),
        ],
      },
      true,
      'PARTIALLY_ENABLED',
    ],
    [
      'mesh-wide STRICT, a DR disables TLS to one service',
      {
        peerAuthentications: [pa('istio-system', 'STRICT')],
        destinationRules: [dr('bookinfo', 'reviews', 'DISABLE')],
      },
      true,
      'PARTIALLY_ENABLED',
    ],
    [
      'mesh-wide STRICT, a DR for an external host is not about the mesh',
      {
        peerAuthentications: [pa('istio-system', 'STRICT')],
        destinationRules: [dr('bookinfo', 'www.googleapis.com', 'SIMPLE')],
      },
      true,
      'ENABLED',
    ],
    [
      'mesh-wide STRICT but mesh DR DISABLE',
      {
        peerAuthentications: [pa('istio-system', 'STRICT')],
        destinationRules: [dr('istio-system', '*.local', 'DISABLE')],
      },
      true,
      'PARTIALLY_ENABLED',
    ],
    [
      'mesh-wide PERMISSIVE',
      { peerAuthentications: [pa('istio-system', 'PERMISSIVE')] },
      true,
      'NOT_ENABLED',
    ],
    [
      'mesh-wide unset, one namespace STRICT',
      { peerAuthentications: [pa('bookinfo', 'STRICT')] },
      true,
      'PARTIALLY_ENABLED',
    ],
    [
      'mesh-wide unset, one workload STRICT in the root namespace',
      { peerAuthentications: [workloadPa('istio-system', 'STRICT')] },
      true,
      'PARTIALLY_ENABLED',
    ],
    ['mesh-wide DISABLE', { peerAuthentications: [pa('istio-system', 'DISABLE')] }, true, 'DISABLED'],
    [
      'mesh-wide DISABLE and mesh DR DISABLE',
      {
        peerAuthentications: [pa('istio-system', 'DISABLE')],
        destinationRules: [dr('istio-system', '*', 'DISABLE')],
      },
      true,
      'DISABLED',
    ],
    [
      'mesh DR DISABLE only',
      { destinationRules: [dr('istio-system', '*.local', 'DISABLE')] },
      true,
      'DISABLED',
    ],
    [
      'mesh DR ISTIO_MUTUAL only',
      { destinationRules: [dr('istio-system', '*.local', 'ISTIO_MUTUAL')] },
      true,
      'PARTIALLY_ENABLED',
    ],
    [
      'mesh-wide DISABLE, one namespace STRICT',
      { peerAuthentications: [pa('istio-system', 'DISABLE'), pa('bookinfo', 'STRICT')] },
      true,
      'PARTIALLY_ENABLED',
    ],
    [
      'mesh-wide unset, one namespace DISABLE: nothing is enabled anywhere',
      { peerAuthentications: [pa('bookinfo', 'DISABLE')] },
      true,
      'NOT_ENABLED',
    ],
    [
      'the oldest of two mesh-wide policies wins',
      {
        peerAuthentications: [
          pa('istio-system', 'DISABLE', {}, '2025-02-01T00:00:00Z'),
          pa('istio-system', 'STRICT', {}, '2025-01-01T00:00:00Z'),
        ],
      },
      true,
      'ENABLED',
    ],
    [
      'a policy with a selector in the root namespace is not mesh-wide',
      { peerAuthentications: [pa('istio-system', 'STRICT'), workloadPa('istio-system', 'STRICT')] },
      true,
      'ENABLED',
    ],
  ])('%s -> %s', (_what, over, autoMtls, expected) => {
    expect(meshTlsStatus(state(over, autoMtls))).toBe(expected);
  });

  it('honours another root namespace', () => {
    const s = state({ peerAuthentications: [pa('mesh-root', 'STRICT')] });
    expect(meshTlsStatus(s)).toBe('PARTIALLY_ENABLED'); // mesh-root is just a namespace here
    expect(meshTlsStatus({ ...s, mesh: { ...s.mesh, rootNamespace: 'mesh-root' } })).toBe('ENABLED');
  });
});

describe('namespaceTlsStatus', () => {
  it.each<[string, Partial<ClusterState>, string, MtlsStatus]>([
    [
      'inherits mesh-wide STRICT',
      { peerAuthentications: [pa('istio-system', 'STRICT')] },
      'bookinfo',
      'ENABLED',
    ],
    [
      'namespace PERMISSIVE under mesh STRICT',
      { peerAuthentications: [pa('istio-system', 'STRICT'), pa('bookinfo', 'PERMISSIVE')] },
      'bookinfo',
      'NOT_ENABLED',
    ],
    [
      'another namespace is not affected',
      { peerAuthentications: [pa('istio-system', 'STRICT'), pa('bookinfo', 'PERMISSIVE')] },
      'default',
      'ENABLED',
    ],
    [
      'namespace STRICT with a PERMISSIVE workload',
      { peerAuthentications: [pa('bookinfo', 'STRICT'), workloadPa('bookinfo', 'PERMISSIVE')] },
      'bookinfo',
      'PARTIALLY_ENABLED',
    ],
    [
      'namespace-wide DR DISABLE under mesh STRICT',
      {
        peerAuthentications: [pa('istio-system', 'STRICT')],
        destinationRules: [dr('istio-system', '*.bookinfo.svc.cluster.local', 'DISABLE')],
      },
      'bookinfo',
      'PARTIALLY_ENABLED',
    ],
    ['namespace DISABLE', { peerAuthentications: [pa('bookinfo', 'DISABLE')] }, 'bookinfo', 'DISABLED'],
    [
      'a DR sending mTLS to one service of a PERMISSIVE namespace',
      { destinationRules: [dr('bookinfo', 'reviews', 'ISTIO_MUTUAL')] },
      'bookinfo',
      'PARTIALLY_ENABLED',
    ],
    [
      'a short DR host belongs to the DR namespace',
      { destinationRules: [dr('default', 'reviews', 'ISTIO_MUTUAL')] },
      'bookinfo',
      'NOT_ENABLED',
    ],
    [
      'a `name.namespace` DR host belongs to that namespace',
      { destinationRules: [dr('default', 'reviews.bookinfo', 'ISTIO_MUTUAL')] },
      'bookinfo',
      'PARTIALLY_ENABLED',
    ],
    [
      'a subset disabling TLS under STRICT',
      {
        peerAuthentications: [pa('istio-system', 'STRICT')],
        destinationRules: [
          {
            namespace: 'bookinfo',
            name: 'reviews',
            spec: { host: 'reviews', subsets: [{ name: 'v1', trafficPolicy: { tls: { mode: 'DISABLE' } } }] },
          },
        ],
      },
      'bookinfo',
      'PARTIALLY_ENABLED',
    ],
    [
      'an unknown namespace inherits the mesh',
      { peerAuthentications: [pa('istio-system', 'STRICT')] },
      'nope',
      'ENABLED',
    ],
  ])('%s -> %s', (_what, over, namespace, expected) => {
    expect(namespaceTlsStatus(namespace, state(over))).toBe(expected);
  });
});

describe('scopeStatus', () => {
  it.each<[Parameters<typeof scopeStatus>[0], Parameters<typeof scopeStatus>[1], boolean, MtlsStatus]>([
    ['STRICT', undefined, true, 'ENABLED'],
    ['STRICT', 'mutual', false, 'ENABLED'],
    ['STRICT', undefined, false, 'PARTIALLY_ENABLED'],
    ['STRICT', 'plain', true, 'PARTIALLY_ENABLED'],
    ['DISABLE', undefined, true, 'DISABLED'],
    ['DISABLE', 'plain', true, 'DISABLED'],
    ['DISABLE', 'mutual', true, 'PARTIALLY_ENABLED'],
    ['PERMISSIVE', undefined, true, 'NOT_ENABLED'],
    [undefined, undefined, true, 'NOT_ENABLED'],
    [undefined, undefined, false, 'NOT_ENABLED'],
    ['PERMISSIVE', 'mutual', true, 'PARTIALLY_ENABLED'],
    ['PERMISSIVE', 'plain', true, 'DISABLED'],
  ])('server %s, client %s, auto-mTLS %s -> %s', (server, client, auto, expected) => {
    expect(scopeStatus(server, client, auto)).toBe(expected);
  });

  it('mixes scopes', () => {
    expect(mixStatuses(['ENABLED', 'ENABLED'])).toBe('ENABLED');
    expect(mixStatuses(['ENABLED', 'NOT_ENABLED'])).toBe('PARTIALLY_ENABLED');
    expect(mixStatuses(['DISABLED', 'PARTIALLY_ENABLED'])).toBe('PARTIALLY_ENABLED');
    expect(mixStatuses(['DISABLED', 'NOT_ENABLED'])).toBe('NOT_ENABLED');
  });
});
