import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, useState } from 'react';
import { createQueryClient } from './api/queryClient.ts';
import { AppShell } from './components/AppShell.tsx';
import { EmptyState } from './components/EmptyState.tsx';
import { LoadingState } from './components/LoadingState.tsx';
import { PageBoundary } from './components/PageBoundary.tsx';
import { AuthDonePage } from './features/auth/AuthDonePage.tsx';
import { AuthGate } from './features/auth/AuthGate.tsx';
import { NamespacesPage } from './features/namespaces/NamespacesPage.tsx';
import { Link } from './components/Link.tsx';
import {
  istioDetailsParams,
  matchRoute,
  namespacedDetailsParams,
  serviceDetailsParams,
  useLocation,
  workloadLogsParams,
} from './lib/router.ts';

// The config editor brings the form mapping, YAML and diffing; load it with its pages.
const IstioListPage = lazy(() =>
  import('./features/istio/IstioListPage.tsx').then((m) => ({ default: m.IstioListPage })),
);
const IstioDetailsPage = lazy(() =>
  import('./features/istio/IstioDetailsPage.tsx').then((m) => ({ default: m.IstioDetailsPage })),
);
const ServicesListPage = lazy(() =>
  import('./features/services/ServicesListPage.tsx').then((m) => ({ default: m.ServicesListPage })),
);
const ServiceDetailsPage = lazy(() =>
  import('./features/services/ServiceDetailsPage.tsx').then((m) => ({ default: m.ServiceDetailsPage })),
);
const IstioCreatePage = lazy(() =>
  import('./features/istio/create/IstioCreatePage.tsx').then((m) => ({ default: m.IstioCreatePage })),
);
const TrafficShiftPage = lazy(() =>
  import('./features/istio/wizard/TrafficShiftPage.tsx').then((m) => ({ default: m.TrafficShiftPage })),
);

const WorkloadLogsPage = lazy(() =>
  import('./features/logs/WorkloadLogsPage.tsx').then((m) => ({ default: m.WorkloadLogsPage })),
);
const OverviewPage = lazy(() =>
  import('./features/overview/OverviewPage.tsx').then((m) => ({ default: m.OverviewPage })),
);
const MeshPage = lazy(() => import('./features/mesh/MeshPage.tsx').then((m) => ({ default: m.MeshPage })));
const WorkloadsListPage = lazy(() =>
  import('./features/workloads/WorkloadsListPage.tsx').then((m) => ({ default: m.WorkloadsListPage })),
);
const ApplicationsListPage = lazy(() =>
  import('./features/workloads/ApplicationsListPage.tsx').then((m) => ({ default: m.ApplicationsListPage })),
);
const WorkloadDetailsPage = lazy(() =>
  import('./features/workloads/WorkloadDetailsPage.tsx').then((m) => ({ default: m.WorkloadDetailsPage })),
);
const AppDetailsPage = lazy(() =>
  import('./features/workloads/AppDetailsPage.tsx').then((m) => ({ default: m.AppDetailsPage })),
);

const ChangesPage = lazy(() =>
  import('./features/changes/ChangesPage.tsx').then((m) => ({ default: m.ChangesPage })),
);

// The graph page carries cytoscape and its layouts; the namespaces page should not wait for them.
const GraphPage = lazy(() =>
  import('./features/graph/GraphPage.tsx').then((m) => ({ default: m.GraphPage })),
);

export function App() {
  const [queryClient] = useState(createQueryClient);
  const location = useLocation();
  const route = matchRoute(location.pathname);
  return (
    <QueryClientProvider client={queryClient}>
      {/* The sign-in popup's landing page: outside the gate, it only reports back and closes. */}
      {route === 'authDone' ? (
        <AuthDonePage />
      ) : (
        <AuthGate>
          <AppShell route={route} wide={route === 'graph'}>
            {route === 'overview' && (
              <PageBoundary fallback={<LoadingState label="Loading the overview…" />}>
                <OverviewPage search={location.search} />
              </PageBoundary>
            )}
            {route === 'mesh' && (
              <PageBoundary fallback={<LoadingState label="Loading the mesh…" />}>
                <MeshPage />
              </PageBoundary>
            )}
            {route === 'namespaces' && (
              <PageBoundary fallback={<LoadingState label="Loading namespaces…" />}>
                <NamespacesPage />
              </PageBoundary>
            )}
            {route === 'graph' && (
              <PageBoundary fallback={<LoadingState label="Loading the traffic graph…" />}>
                <GraphPage search={location.search} />
              </PageBoundary>
            )}
            {route === 'servicesList' && (
              <PageBoundary fallback={<LoadingState label="Loading services…" />}>
                <ServicesListPage search={location.search} />
              </PageBoundary>
            )}
            {route === 'serviceDetails' && (
              <PageBoundary fallback={<LoadingState label="Loading the service…" />}>
                <ServiceDetailsPage key={location.pathname} {...serviceDetailsParams(location.pathname)!} />
              </PageBoundary>
            )}
            {route === 'workloadsList' && (
              <PageBoundary fallback={<LoadingState label="Loading workloads…" />}>
                <WorkloadsListPage search={location.search} />
              </PageBoundary>
            )}
            {route === 'applicationsList' && (
              <PageBoundary fallback={<LoadingState label="Loading applications…" />}>
                <ApplicationsListPage search={location.search} />
              </PageBoundary>
            )}
            {route === 'workloadDetails' && (
              <PageBoundary fallback={<LoadingState label="Loading the workload…" />}>
                <WorkloadDetailsPage
                  key={location.pathname}
                  {...namespacedDetailsParams('workloads', location.pathname)!}
                  search={location.search}
                />
              </PageBoundary>
            )}
            {route === 'applicationDetails' && (
              <PageBoundary fallback={<LoadingState label="Loading the application…" />}>
                <AppDetailsPage
                  key={location.pathname}
                  {...namespacedDetailsParams('applications', location.pathname)!}
                  search={location.search}
                />
              </PageBoundary>
            )}
            {route === 'istioList' && (
              <PageBoundary fallback={<LoadingState label="Loading Istio config…" />}>
                <IstioListPage search={location.search} />
              </PageBoundary>
            )}
            {route === 'istioDetails' && (
              <PageBoundary fallback={<LoadingState label="Loading the editor…" />}>
                <IstioDetailsPage key={location.pathname} {...istioDetailsParams(location.pathname)!} />
              </PageBoundary>
            )}
            {route === 'istioCreate' && (
              <PageBoundary fallback={<LoadingState label="Loading the editor…" />}>
                <IstioCreatePage search={location.search} />
              </PageBoundary>
            )}
            {route === 'trafficShift' && (
              <PageBoundary fallback={<LoadingState label="Loading the wizard…" />}>
                <TrafficShiftPage search={location.search} />
              </PageBoundary>
            )}
            {route === 'workloadLogs' && (
              <PageBoundary fallback={<LoadingState label="Loading logs…" />}>
                <WorkloadLogsPage key={location.pathname} {...workloadLogsParams(location.pathname)!} />
              </PageBoundary>
            )}
            {route === 'changes' && (
              <PageBoundary fallback={<LoadingState label="Loading the changes…" />}>
                <ChangesPage search={location.search} />
              </PageBoundary>
            )}
            {route === 'notFound' && (
              <EmptyState title="Page not found">
                There is nothing at {location.pathname}. Go to the <Link href="/">overview</Link> or the{' '}
                <Link href="/graph">traffic graph</Link>.
              </EmptyState>
            )}
          </AppShell>
        </AuthGate>
      )}
    </QueryClientProvider>
  );
}
