import { DEFAULT_VIEW, encodeViewState } from '../graph/urlState.ts';
import {
  decodeTableState,
  encodeTableState,
  type TableState,
} from '../../components/DataTable/tableState.ts';

/** A list page's view: the namespaces shown (empty: all) and the table's sort, filter, columns. */
export interface ListPageState {
  namespaces: string[];
  table: TableState;
}

export function decodeListPageState(search: string, columnIds: readonly string[]): ListPageState {
  const params = new URLSearchParams(search);
  const raw = params.get('namespaces') ?? '';
  return {
    namespaces: [
      ...new Set(
        raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ],
    table: decodeTableState(params, columnIds),
  };
}

export function encodeListPageState(state: ListPageState): string {
  const params = new URLSearchParams();
  if (state.namespaces.length) params.set('namespaces', state.namespaces.join(','));
  encodeTableState(state.table, params);
  return params.toString().replaceAll('%2C', ',');
}

export type ListKind = 'workloads' | 'applications';

export const listHref = (kind: ListKind, state: ListPageState): string => {
  const search = encodeListPageState(state);
  return search ? `/${kind}?${search}` : `/${kind}`;
};

export const workloadDetailsHref = (namespace: string, name: string, tab?: DetailsTab): string =>
  `/namespaces/${encodeURIComponent(namespace)}/workloads/${encodeURIComponent(name)}${tab && tab !== 'overview' ? `?tab=${tab}` : ''}`;

export const appDetailsHref = (namespace: string, name: string, tab?: DetailsTab): string =>
  `/namespaces/${encodeURIComponent(namespace)}/applications/${encodeURIComponent(name)}${tab && tab !== 'overview' ? `?tab=${tab}` : ''}`;

/** The tabs of a details page, in order; the id is the `?tab=` value. */
export const DETAILS_TABS = ['overview', 'traffic', 'inbound-metrics', 'outbound-metrics', 'logs'] as const;
export type DetailsTab = (typeof DETAILS_TABS)[number];

export function decodeDetailsTab(search: string): DetailsTab {
  const tab = new URLSearchParams(search).get('tab');
  return (DETAILS_TABS as readonly string[]).includes(tab ?? '') ? (tab as DetailsTab) : 'overview';
}

/** `/graph` as a node graph of the workload, app or service: it, its callers and its callees. */
export function nodeGraphHref(kind: 'workload' | 'app' | 'service', namespace: string, name: string): string {
  return `/graph?${encodeViewState({
    ...DEFAULT_VIEW,
    namespaces: [namespace],
    graphType: kind === 'app' ? 'versionedApp' : 'workload',
    node: { kind, namespace, name },
  })}`;
}
