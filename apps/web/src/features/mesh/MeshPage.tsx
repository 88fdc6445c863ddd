import { useSuspenseQuery } from '@tanstack/react-query';
import { meshStatusQuery } from '../../api/mesh.ts';
import { RouteBoundary } from '../../components/RouteBoundary.tsx';
import { MeshView } from './MeshView.tsx';

export function MeshPage() {
  return (
    <section className="page" aria-labelledby="mesh-heading">
      <header className="page__header">
        <h1 id="mesh-heading">Mesh</h1>
        <p className="page__lede">
          Istio itself: the control plane, the gateways, the mesh-wide mTLS mode and the state of the config.
        </p>
      </header>
      <RouteBoundary subject="the mesh">
        <LiveMesh />
      </RouteBoundary>
    </section>
  );
}

function LiveMesh() {
  const query = useSuspenseQuery(meshStatusQuery());
  return (
    <MeshView
      mesh={query.data}
      updatedAt={query.dataUpdatedAt}
      staleError={query.isRefetchError ? query.error : null}
      onRetry={() => void query.refetch()}
    />
  );
}
