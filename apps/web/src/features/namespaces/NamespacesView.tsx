import type { Namespace } from '@sextant/contracts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { StaleBanner } from '../../components/StaleBanner.tsx';
import { NamespaceTable } from './NamespaceTable.tsx';

interface Props {
  namespaces: Namespace[];
  updatedAt: number;
  /** The error of the last refresh when it failed; the namespaces shown are then older. */
  staleError: Error | null;
  refreshing: boolean;
  onRefresh: () => void;
  /** The signed-in user: the list is what Kubernetes RBAC lets them read, and an empty one says so. */
  signedInAs?: string | undefined;
}

export function NamespacesView({
  namespaces,
  updatedAt,
  staleError,
  refreshing,
  onRefresh,
  signedInAs,
}: Props) {
  const injected = namespaces.filter((ns) => ns.istioInjection).length;
  return (
    <div className="stack">
      {staleError && <StaleBanner updatedAt={updatedAt} error={staleError} onRetry={onRefresh} />}
      <div className="toolbar">
        <p className="toolbar__summary">
          {countLabel(namespaces.length, 'namespace')} · {injected} with sidecar injection
        </p>
        <button type="button" className="button button--small" onClick={onRefresh} disabled={refreshing}>
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {namespaces.length === 0 ? (
        signedInAs !== undefined ? (
          <EmptyState title="No namespaces you may read">
            Kubernetes RBAC lets {signedInAs} read no namespace of this cluster. Ask your cluster
            administrator for a RoleBinding (for example to the <code>view</code> role) in the namespaces you
            work in.
          </EmptyState>
        ) : (
          <EmptyState title="No namespaces">
            The cluster returned no namespaces. Check that the kubeconfig points at the cluster you expect.
          </EmptyState>
        )
      ) : (
        <NamespaceTable namespaces={namespaces} />
      )}
    </div>
  );
}

function countLabel(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
