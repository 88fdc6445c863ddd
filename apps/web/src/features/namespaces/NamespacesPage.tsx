import { useSuspenseQuery } from '@tanstack/react-query';
import { namespacesQuery } from '../../api/namespaces.ts';
import { RouteBoundary } from '../../components/RouteBoundary.tsx';
import { useAuthSession } from '../auth/AuthSession.ts';
import { NamespacesView } from './NamespacesView.tsx';

export function NamespacesPage() {
  return (
    <section className="page" aria-labelledby="namespaces-heading">
      <header className="page__header">
        <h1 id="namespaces-heading">Namespaces</h1>
        <p className="page__lede">
          The namespaces of the cluster and whether Istio injects its sidecar into their pods.
        </p>
      </header>
      <RouteBoundary subject="namespaces">
        <LiveNamespaces />
      </RouteBoundary>
    </section>
  );
}

function LiveNamespaces() {
  const query = useSuspenseQuery(namespacesQuery());
  const user = useAuthSession()?.info.user ?? undefined;
  return (
    <NamespacesView
      signedInAs={user?.name}
      namespaces={query.data}
      updatedAt={query.dataUpdatedAt}
      staleError={query.isRefetchError ? query.error : null}
      refreshing={query.isFetching}
      onRefresh={() => void query.refetch()}
    />
  );
}
