import { useQuery, useSuspenseQueries, useSuspenseQuery } from '@tanstack/react-query';
import { namespacesQuery } from '../../api/namespaces.ts';
import { SERVICES_PAGE_REFRESH_MS, servicesQuery } from '../../api/services.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Link } from '../../components/Link.tsx';
import { RouteBoundary } from '../../components/RouteBoundary.tsx';
import { StaleBanner } from '../../components/StaleBanner.tsx';
import { navigate } from '../../lib/router.ts';
import { RoutingBadges } from './RoutingBadges.tsx';
import {
  parseServicesListState,
  serviceDetailsHref,
  servicesListHref,
  type ServicesListState,
} from './servicesUrlState.ts';
import { formatPort, serviceRows } from './servicesView.ts';
import './services.css';

/** `/services?namespaces=a,b`: the Services of the chosen namespaces (all when none is chosen). */
export function ServicesListPage({ search }: { search: string }) {
  const state = parseServicesListState(search);
  const update = (next: ServicesListState) => navigate(servicesListHref(next), { replace: true });
  return (
    <section className="page" aria-labelledby="services-heading">
      <header className="page__header">
        <h1 id="services-heading">Services</h1>
        <p className="page__lede">
          The Services of the mesh, the workloads behind them and the routing that applies. Open one to shift
          traffic, route by header, inject faults or set timeouts.
        </p>
      </header>
      <NamespaceFilter state={state} onChange={update} />
      <RouteBoundary
        subject="services"
        notFound={
          <EmptyState title="Namespace not found">
            One of {state.namespaces.join(', ')} does not exist.{' '}
            <Link href="/services">Show every namespace</Link>.
          </EmptyState>
        }
      >
        {state.namespaces.length > 0 ? <ServicesTable namespaces={state.namespaces} /> : <AllNamespaces />}
      </RouteBoundary>
    </section>
  );
}

function NamespaceFilter({
  state,
  onChange,
}: {
  state: ServicesListState;
  onChange: (next: ServicesListState) => void;
}) {
  const namespaces = useQuery(namespacesQuery());
  const known = namespaces.data?.map((n) => n.name) ?? [];
  const names = [...new Set([...known, ...state.namespaces])].sort();
  const selected = state.namespaces.length > 0 ? state.namespaces : known;
  const toggle = (ns: string) => {
    const next = selected.includes(ns) ? selected.filter((x) => x !== ns) : [...selected, ns];
    if (next.length > 0) onChange({ namespaces: next.sort() });
  };
  if (names.length === 0) return null;
  return (
    <div className="filters" role="group" aria-label="Filters">
      <fieldset className="filters__group">
        <legend>Namespaces</legend>
        {names.map((ns) => (
          <label key={ns} className="check">
            <input type="checkbox" checked={selected.includes(ns)} onChange={() => toggle(ns)} />
            {ns}
          </label>
        ))}
      </fieldset>
      {state.namespaces.length > 0 && (
        <button
          type="button"
          className="link-button service-filter__all"
          onClick={() => onChange({ namespaces: [] })}
        >
          All namespaces
        </button>
      )}
    </div>
  );
}

function AllNamespaces() {
  const { data } = useSuspenseQuery(namespacesQuery());
  if (data.length === 0) return <EmptyState title="No namespaces">The cluster has no namespaces.</EmptyState>;
  return <ServicesTable namespaces={data.map((n) => n.name).sort()} />;
}

function ServicesTable({ namespaces }: { namespaces: string[] }) {
  const results = useSuspenseQueries({
    queries: namespaces.map((ns) => servicesQuery(ns, undefined, SERVICES_PAGE_REFRESH_MS)),
  });
  const rows = serviceRows(results.map((r) => r.data));
  const failed = results.find((r) => r.isRefetchError);
  return (
    <div className="stack">
      {failed && (
        <StaleBanner
          updatedAt={failed.dataUpdatedAt}
          error={failed.error ?? new Error('refresh failed')}
          onRetry={() => void failed.refetch()}
        />
      )}
      {rows.length === 0 ? (
        <EmptyState title={`No services in ${namespaces.join(', ')}`}>
          These namespaces have no Services. Pick other namespaces above.
        </EmptyState>
      ) : (
        <div className="table-card">
          <table className="table" aria-label="Services">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Namespace</th>
                <th scope="col">Ports</th>
                <th scope="col">Workloads</th>
                <th scope="col">Routing</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={`${s.namespace}/${s.name}`}>
                  <th scope="row" className="table__name">
                    <Link href={serviceDetailsHref(s.namespace, s.name)}>{s.name}</Link>
                  </th>
                  <td>{s.namespace}</td>
                  <td>
                    <span className="chips">
                      {s.ports.map((p) => (
                        <span key={`${p.port}/${p.protocol ?? ''}`} className="chip">
                          {formatPort(p)}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td>
                    <span className="service-workloads">
                      <span>
                        {s.workloads} {s.workloads === 1 ? 'workload' : 'workloads'}
                      </span>
                      {s.versions.length > 0 && (
                        <span className="chips" aria-label="Versions">
                          {s.versions.map((v) => (
                            <span key={v} className="chip">
                              {v}
                            </span>
                          ))}
                        </span>
                      )}
                    </span>
                  </td>
                  <td>
                    <RoutingBadges config={s.config} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
