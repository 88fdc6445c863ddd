import { workloadListQuery } from '../../api/workloads.ts';
import { NamespacedListPage } from './NamespacedListPage.tsx';
import { WORKLOAD_COLUMNS } from './listColumns.tsx';

/** `/workloads`: every Deployment of the chosen namespaces with its health, config and traffic. */
export function WorkloadsListPage({ search }: { search: string }) {
  return (
    <NamespacedListPage
      kind="workloads"
      heading="Workloads"
      noun="workloads"
      lede="Deployments of the mesh: are their pods ready, do they fail requests, is anything keeping them out of the mesh. Open one for its pods, traffic and config."
      search={search}
      columns={WORKLOAD_COLUMNS}
      query={workloadListQuery}
      rowsOf={(data) => data.workloads}
      rowKey={(w) => `${w.namespace}/${w.name}`}
    />
  );
}
