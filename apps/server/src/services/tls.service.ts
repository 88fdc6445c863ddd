import type { MtlsStatus } from '@sextant/contracts';
import { meshTlsStatus, namespaceTlsStatus } from '@sextant/mesh';
import type { KubeKind } from '../clients/kube.client.ts';
import { aggregateStatus, assertUsable } from '../clients/kube.client.ts';
import { notFound } from '../errors.ts';
import type { ClusterStateSource, ClusterView } from './clusterState.service.ts';

/** What mTLS status is computed from: which namespaces exist, what servers accept, what clients send. */
const TLS_KINDS: readonly KubeKind[] = ['namespaces', 'peerAuthentications', 'destinationRules'];

/** mTLS status of the mesh and of namespaces, from the watch caches. */
export class TlsService {
  constructor(private readonly cluster: ClusterStateSource) {}

  /** Throws 503/403 while the policies cannot be read: a guess would be worse than no answer. */
  mesh(): MtlsStatus {
    return meshTlsStatus(this.usableView().state);
  }

  namespace(name: string): MtlsStatus {
    const { state } = this.usableView();
    if (!state.namespaces.some((n) => n.name === name)) throw notFound(`Namespace ${name} not found`);
    return namespaceTlsStatus(name, state);
  }

  /** For lists that show mTLS next to other data: null while the policies cannot be read. */
  namespaceStatuses(): (name: string) => MtlsStatus | null {
    const view = this.cluster.current();
    if (!aggregateStatus(view.statuses, TLS_KINDS).usable) return () => null;
    return (name) => namespaceTlsStatus(name, view.state);
  }

  private usableView(): ClusterView {
    const view = this.cluster.current();
    assertUsable(aggregateStatus(view.statuses, TLS_KINDS));
    return view;
  }
}
