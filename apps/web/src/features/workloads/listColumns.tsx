import type { AppListItem, WorkloadListItem } from '@sextant/contracts';
import { HEALTH_RANK } from '@sextant/mesh';

/** The one ranking of health (worst highest), shared with the server's domain code. */
export { HEALTH_RANK };
import type { DataTableColumn } from '../../components/DataTable/DataTable.tsx';
import { Link } from '../../components/Link.tsx';
import { ConfigLinks, ErrorRate, LabelChips, Warnings, formatRequestRate } from './cells.tsx';
import { HealthStatusBadge } from './HealthStatusBadge.tsx';
import { appDetailsHref, workloadDetailsHref } from './workloadsUrlState.ts';

/** Worst first when sorted descending. */

type Common = WorkloadListItem | AppListItem;

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

function commonColumns<R extends Common>(): DataTableColumn<R>[] {
  return [
    {
      id: 'namespace',
      header: 'Namespace',
      width: '120px',
      cell: (r) => r.namespace,
      sortValue: (r) => r.namespace,
      filterText: (r) => r.namespace,
    },
    {
      id: 'health',
      header: 'Health',
      width: '300px',
      cell: (r) => <HealthStatusBadge health={r.health} />,
      sortValue: (r) => HEALTH_RANK[r.health.status],
      filterText: (r) => `${r.health.status} ${r.health.reasons.join(' ')}`,
    },
    {
      id: 'labels',
      header: 'Labels',
      width: '160px',
      cell: (r) => <LabelChips labels={r.labels} />,
      filterText: (r) => labelText(r.labels),
    },
    {
      id: 'warnings',
      header: 'Warnings',
      width: '140px',
      cell: (r) => <Warnings warnings={r.warnings} />,
      sortValue: (r) => r.warnings.length,
      filterText: (r) => r.warnings.map((w) => w.message).join(' '),
    },
    {
      id: 'config',
      header: 'Istio config',
      width: '160px',
      cell: (r) => <ConfigLinks config={r.istioConfig} />,
      sortValue: (r) => r.istioConfig.length,
      filterText: (r) => r.istioConfig.map((c) => `${c.kind} ${c.name}`).join(' '),
    },
    {
      id: 'rate',
      header: 'Requests',
      width: '110px',
      cell: (r) => formatRequestRate(r.traffic),
      sortValue: (r) => r.traffic?.requestRate ?? -1,
    },
    {
      id: 'errors',
      header: 'Errors',
      width: '100px',
      cell: (r) => <ErrorRate traffic={r.traffic} />,
      sortValue: (r) => (r.traffic && r.traffic.requestRate > 0 ? r.traffic.errorPercent : -1),
    },
  ];
}

export const WORKLOAD_COLUMNS: DataTableColumn<WorkloadListItem>[] = [
  {
    id: 'name',
    header: 'Name',
    width: '180px',
    rowHeader: true,
    cell: (w) => <Link href={workloadDetailsHref(w.namespace, w.name)}>{w.name}</Link>,
    sortValue: (w) => w.name,
    filterText: (w) => w.name,
  },
  ...commonColumns<WorkloadListItem>().slice(0, 2),
  {
    id: 'pods',
    header: 'Pods',
    width: '80px',
    defaultHidden: true,
    cell: (w) => `${w.readyReplicas}/${w.replicas}`,
    sortValue: (w) => w.readyReplicas,
  },
  ...commonColumns<WorkloadListItem>().slice(2),
];

export const APP_COLUMNS: DataTableColumn<AppListItem>[] = [
  {
    id: 'name',
    header: 'Name',
    width: '170px',
    rowHeader: true,
    cell: (a) => <Link href={appDetailsHref(a.namespace, a.name)}>{a.name}</Link>,
    sortValue: (a) => a.name,
    filterText: (a) => `${a.name} ${a.workloads.map((w) => w.name).join(' ')}`,
  },
  ...commonColumns<AppListItem>().slice(0, 2),
  {
    id: 'versions',
    header: 'Versions',
    width: '120px',
    cell: (a) => (
      <span className="chips" title={a.workloads.map((w) => w.name).join('\n')}>
        {a.versions.length ? (
          a.versions.map((v) => (
            <span key={v} className="chip">
              {v}
            </span>
          ))
        ) : (
          <span className="muted">none</span>
        )}
      </span>
    ),
    sortValue: (a) => a.versions.length,
    filterText: (a) => a.versions.join(' '),
  },
  ...commonColumns<AppListItem>().slice(2),
];
