import { useSuspenseQuery } from '@tanstack/react-query';
import { overviewQuery } from '../../api/overview.ts';
import { RouteBoundary } from '../../components/RouteBoundary.tsx';
import { navigate } from '../../lib/router.ts';
import { useAuthSession } from '../auth/AuthSession.ts';
import { formatOverviewView, parseOverviewView, type OverviewViewState } from './overviewUrlState.ts';
import { OverviewView } from './OverviewView.tsx';

export function OverviewPage({ search }: { search: string }) {
  return (
    <section className="page" aria-labelledby="overview-heading">
      <header className="page__header">
        <h1 id="overview-heading">Overview</h1>
        <p className="page__lede">
          Every namespace you may read: how its apps and workloads are doing, the traffic they receive and the
          state of their Istio config.
        </p>
      </header>
      <RouteBoundary subject="the overview">
        <LiveOverview search={search} />
      </RouteBoundary>
    </section>
  );
}

function LiveOverview({ search }: { search: string }) {
  const query = useSuspenseQuery(overviewQuery());
  const user = useAuthSession()?.info.user ?? undefined;
  const view = parseOverviewView(search);
  const onViewChange = (next: OverviewViewState) => {
    const qs = formatOverviewView(next);
    navigate(qs ? `/?${qs}` : '/', { replace: true });
  };
  return (
    <OverviewView
      overview={query.data}
      view={view}
      onViewChange={onViewChange}
      updatedAt={query.dataUpdatedAt}
      staleError={query.isRefetchError ? query.error : null}
      onRetry={() => void query.refetch()}
      signedInAs={user?.name}
    />
  );
}
