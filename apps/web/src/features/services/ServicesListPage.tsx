import type { ServiceListItem } from '@sextant/contracts';
import { useSuspenseQueries, useSuspenseQuery } from '@tanstack/react-query';
import { namespacesQuery } from '../../api/namespaces.ts';
import { servicesWithHealthQuery } from '../../api/services.ts';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable.tsx';
import { decodeTableState, type TableState } from '../../components/DataTable/tableState.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Link } from '../../components/Link.tsx';
import { RouteBoundary } from '../../components/RouteBoundary.tsx';
import { StaleBanner } from '../../components/StaleBanner.tsx';
import { navigate } from '../../lib/router.ts';
import { RoutingBadges } from './RoutingBadges.tsx';
import {
  parseServicesListState,
  serviceDetailsHref,
  servicesListPageHref,
  type ServicesListState,
} from './servicesUrlState.ts';
import { formatPort, serviceRows } from './servicesView.ts';
import './services.css';
import { NamespaceChooser } from '../../components/NamespaceChooser.tsx';
import { ErrorRate, Warnings, formatRequestRate } from '../workloads/cells.tsx';
import { HealthStatusBadge } from '../workloads/HealthStatusBadge.tsx';
import { HEALTH_RANK } from '../workloads/listColumns.tsx';

/** `/services?namespaces=a,b`: the Services of the chosen namespaces (all when none is chosen). */
export function ServicesListPage({ search }: { search: string }) {
  const state = parseServicesListState(search);
  const table = decodeTableState(
    new URLSearchParams(search),
    SERVICE_COLUMNS.map((c) => c.id),
  );
  const update = (next: ServicesListState, nextTable = table) =>
    navigate(servicesListPageHref(next, nextTable), { replace: true });
  const onTable = (next: TableState) => update(state, next);
  return (
    <section className="page" aria-labelledby="services-heading">
      <header className="page__header">
        <h1 id="services-heading">Services</h1>
        <p className="page__lede">
          The Services of the mesh, the workloads behind them and the routing that applies. Open one to shift
          traffic, route by header, inject faults or set timeouts.
        </p>
      </header>
      <NamespaceChooser
        chosen={state.namespaces}
        onChange={(namespaces) => update({ ...state, namespaces })}
      />
      <RouteBoundary
        subject="services"
        notFound={
          <EmptyState title="Namespace not found">
            One of {state.namespaces.join(', ')} does not exist.{' '}
            <Link href="/services">Show every namespace</Link>.
          </EmptyState>
        }
      >
        {state.namespaces.length > 0 ? (
          <ServicesTable namespaces={state.namespaces} table={table} onTable={onTable} />
        ) : (
          <AllNamespaces table={table} onTable={onTable} />
        )}
      </RouteBoundary>
    </section>
  );
}

function AllNamespaces(props: TableProps) {
  const { data } = useSuspenseQuery(namespacesQuery());
  if (data.length === 0) return <EmptyState title="No namespaces">The cluster has no namespaces.</EmptyState>;
  return <ServicesTable namespaces={data.map((n) => n.name).sort()} {...props} />;
}

function ServicesTable({ namespaces, table, onTable }: { namespaces: string[] } & TableProps) {
  const results = useSuspenseQueries({
    queries: namespaces.map((ns) => servicesWithHealthQuery(ns)),
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
        <DataTable
          label="Services"
          columns={SERVICE_COLUMNS}
          rows={rows}
          rowKey={(s) => `${s.namespace}/${s.name}`}
          state={table}
          onStateChange={onTable}
          rowHeight={52}
        />
      )}
    </div>
  );
}

interface TableProps {
  table: TableState;
  onTable: (next: TableState) => void;
}

const SERVICE_COLUMNS: DataTableColumn<ServiceListItem>[] = [
  {
    id: 'name',
    header: 'Name',
    rowHeader: true,
    width: '14%',
    cell: (s) => <Link href={serviceDetailsHref(s.namespace, s.name)}>{s.name}</Link>,
    sortValue: (s) => s.name,
    filterText: (s) => s.name,
  },
  {
    id: 'namespace',
    header: 'Namespace',
    width: '10%',
    cell: (s) => s.namespace,
    sortValue: (s) => s.namespace,
    filterText: (s) => s.namespace,
  },
  {
    id: 'ports',
    header: 'Ports',
    width: '12%',
    defaultHidden: true,
    cell: (s) => (
      <span className="chips">
        {s.ports.map((p) => (
          <span key={`${p.port}/${p.protocol ?? ''}`} className="chip">
            {formatPort(p)}
          </span>
        ))}
      </span>
    ),
    filterText: (s) => s.ports.map(formatPort).join(' '),
  },
  {
    id: 'workloads',
    header: 'Workloads',
    width: '15%',
    cell: (s) => (
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
    ),
    sortValue: (s) => s.workloads,
    filterText: (s) => s.versions.join(' '),
  },
  {
    id: 'health',
    header: 'Health',
    width: '27%',
    cell: (s) => (s.health ? <HealthStatusBadge health={s.health} /> : <span className="muted">—</span>),
    sortValue: (s) => (s.health ? HEALTH_RANK[s.health.status] : -1),
    filterText: (s) => (s.health ? `${s.health.status} ${s.health.reasons.join(' ')}` : ''),
  },
  {
    id: 'routing',
    header: 'Routing',
    width: '12%',
    cell: (s) => <RoutingBadges config={s.config} />,
  },
  {
    id: 'warnings',
    header: 'Warnings',
    width: '12%',
    defaultHidden: true,
    cell: (s) => <Warnings warnings={s.warnings} />,
    sortValue: (s) => s.warnings.length,
    filterText: (s) => s.warnings.map((w) => w.message).join(' '),
  },
  {
    id: 'rate',
    header: 'Requests',
    width: '12%',
    cell: (s) => formatRequestRate(s.traffic),
    sortValue: (s) => s.traffic?.requestRate ?? -1,
  },
  {
    id: 'errors',
    header: 'Errors',
    width: '10%',
    cell: (s) => <ErrorRate traffic={s.traffic} />,
    sortValue: (s) => (s.traffic && s.traffic.requestRate > 0 ? s.traffic.errorPercent : -1),
  },
];
