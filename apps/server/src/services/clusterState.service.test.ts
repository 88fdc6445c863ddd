import { describe, expect, it } from 'vitest';
import { perKind, type KubeSnapshot } from '../clients/kube.client.ts';
import type { CacheStatus } from '../clients/watchCache.ts';
import { FakeKubeClient, staleStatus, unsyncedStatus } from '../testing/fakes.ts';
import { ClusterStateSource, describeUnsynced } from './clusterState.service.ts';
import { SYNCED_STATUS } from '../clients/kube.client.ts';

const synced: CacheStatus = SYNCED_STATUS;

describe('ClusterStateSource', () => {
  it('converts the caches once per revision', () => {
    const kube = new FakeKubeClient([{ metadata: { name: 'bookinfo' } }]);
    let revision = '1';
    const snapshot = kube.snapshot.bind(kube);
    kube.snapshot = (): KubeSnapshot => ({ ...snapshot(), revision });
    const source = new ClusterStateSource(kube);
    const first = source.current();
    expect(first.state.namespaces.map((n) => n.name)).toEqual(['bookinfo']);
    kube.namespaces = [{ metadata: { name: 'other' } }];
    expect(source.current()).toBe(first);
    revision = '2';
    expect(source.current().state.namespaces.map((n) => n.name)).toEqual(['other']);
  });
});

describe('describeUnsynced', () => {
  it('is empty when every cache is synced', () => {
    expect(describeUnsynced(perKind(() => synced))).toEqual([]);
  });

  it('gives one line per distinct reason, naming the kinds', () => {
    const statuses = perKind<CacheStatus>(() => synced);
    statuses.pods = unsyncedStatus('connect ECONNREFUSED', undefined);
    statuses.services = unsyncedStatus('connect ECONNREFUSED', undefined);
    statuses.gateways = unsyncedStatus('Kubernetes API answered HTTP 404', 404);
    statuses.namespaces = unsyncedStatus(undefined, undefined);
    expect(describeUnsynced(statuses)).toEqual([
      { source: 'kubernetes', message: 'Kubernetes data is incomplete (namespaces): not synced yet' },
      {
        source: 'kubernetes',
        message: 'Kubernetes data is incomplete (pods, services): connect ECONNREFUSED',
      },
      {
        source: 'kubernetes',
        message: 'Kubernetes data is incomplete (gateways): Kubernetes API answered HTTP 404',
      },
    ]);
  });

  it('leaves out stale content that is still served (the staleness marker covers it)', () => {
    const statuses = perKind<CacheStatus>(() =>
      staleStatus(Date.parse('2026-12-04T18:00:00Z'), 'connect ECONNREFUSED'),
    );
    statuses.pods = unsyncedStatus('connect ECONNREFUSED', undefined);
    expect(describeUnsynced(statuses)).toEqual([
      { source: 'kubernetes', message: 'Kubernetes data is incomplete (pods): connect ECONNREFUSED' },
    ]);
  });
});
