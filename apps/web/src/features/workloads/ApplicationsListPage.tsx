import { appListQuery } from '../../api/workloads.ts';
import { NamespacedListPage } from './NamespacedListPage.tsx';
import { APP_COLUMNS } from './listColumns.tsx';

/** `/applications`: workloads grouped by their `app` label, judged together. */
export function ApplicationsListPage({ search }: { search: string }) {
  return (
    <NamespacedListPage
      kind="applications"
      heading="Applications"
      noun="applications"
      lede="Applications are the workloads sharing an app label, all versions together. Health counts their inbound requests and every version's pods."
      search={search}
      columns={APP_COLUMNS}
      query={appListQuery}
      rowsOf={(data) => data.apps}
      rowKey={(a) => `${a.namespace}/${a.name}`}
    />
  );
}
