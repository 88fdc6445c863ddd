import { encodeTableState, type TableState } from '../../components/DataTable/tableState.ts';
import { DEFAULT_VIEW, encodeViewState } from '../graph/urlState.ts';

/** The Services list's filter, as shared in `/services?namespaces=a,b`. Empty: every namespace. */
export interface ServicesListState {
  namespaces: string[];
}

export function parseServicesListState(search: string): ServicesListState {
  const raw = new URLSearchParams(search).get('namespaces') ?? '';
  return {
    namespaces: [
      ...new Set(
        raw
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      ),
    ],
  };
}

export function servicesListSearch(state: ServicesListState): string {
  if (state.namespaces.length === 0) return '';
  const params = new URLSearchParams({ namespaces: state.namespaces.join(',') });
  return params.toString().replaceAll('%2C', ',');
}

export const servicesListHref = (state: ServicesListState): string => {
  const search = servicesListSearch(state);
  return search ? `/services?${search}` : '/services';
};

/** The list's href with the shared table's sort, filter and columns beside the namespaces. */
export function servicesListPageHref(state: ServicesListState, table: TableState): string {
  const params = new URLSearchParams(servicesListSearch(state));
  encodeTableState(table, params);
  const search = params.toString().replaceAll('%2C', ',');
  return search ? `/services?${search}` : '/services';
}

export const serviceDetailsHref = (namespace: string, name: string): string =>
  `/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(name)}`;

/** The graph of the service's namespace with the service and its versions found (highlighted). */
export function serviceGraphHref(namespace: string, name: string): string {
  return `/graph?${encodeViewState({
    ...DEFAULT_VIEW,
    namespaces: [namespace],
    find: `service = ${name} or app = ${name}`,
  })}`;
}
