import type { NamespaceOverview, OverviewHealth } from '@sextant/contracts';

/** What the Overview shows, kept in the URL so a reload or a shared link shows the same. */
export interface OverviewViewState {
  layout: 'cards' | 'table';
  sort: OverviewSort;
  /** Substring of the namespace name; empty: all. */
  filter: string;
  /** Only namespaces in these states; empty: all. */
  health: OverviewHealth[];
}

export const OVERVIEW_SORTS = ['health', 'name', 'rate', 'errors'] as const;
export type OverviewSort = (typeof OVERVIEW_SORTS)[number];

export const HEALTH_FILTERS: readonly OverviewHealth[] = [
  'failing',
  'degraded',
  'notReady',
  'healthy',
  'noData',
];

export const DEFAULT_OVERVIEW_VIEW: OverviewViewState = {
  layout: 'cards',
  sort: 'health',
  filter: '',
  health: [],
};

export function parseOverviewView(search: string): OverviewViewState {
  const params = new URLSearchParams(search);
  const layout = params.get('view') === 'table' ? 'table' : 'cards';
  const sortText = params.get('sort');
  const sort = (OVERVIEW_SORTS as readonly string[]).includes(sortText ?? '')
    ? (sortText as OverviewSort)
    : DEFAULT_OVERVIEW_VIEW.sort;
  const health = [
    ...new Set(
      (params.get('health') ?? '')
        .split(',')
        .filter((h): h is OverviewHealth => (HEALTH_FILTERS as readonly string[]).includes(h)),
    ),
  ];
  return { layout, sort, filter: params.get('filter') ?? '', health };
}

/** Only what differs from the defaults, so the plain Overview stays at `/`. */
export function formatOverviewView(state: OverviewViewState): string {
  const params = new URLSearchParams();
  if (state.layout !== DEFAULT_OVERVIEW_VIEW.layout) params.set('view', state.layout);
  if (state.sort !== DEFAULT_OVERVIEW_VIEW.sort) params.set('sort', state.sort);
  if (state.filter !== '') params.set('filter', state.filter);
  if (state.health.length > 0) params.set('health', state.health.join(','));
  return params.toString();
}

const HEALTH_RANK: Record<OverviewHealth, number> = {
  failing: 0,
  degraded: 1,
  notReady: 2,
  healthy: 3,
  noData: 4,
};

/** The namespaces the view shows, in its order; ties fall back to the name. */
export function visibleNamespaces(
  all: readonly NamespaceOverview[],
  state: OverviewViewState,
): NamespaceOverview[] {
  const needle = state.filter.trim().toLowerCase();
  const shown = all.filter(
    (n) =>
      (needle === '' || n.name.toLowerCase().includes(needle)) &&
      (state.health.length === 0 || state.health.includes(n.health)),
  );
  const rate = (n: NamespaceOverview) => n.traffic?.requestRate ?? -1;
  const errors = (n: NamespaceOverview) => n.traffic?.errorPercent ?? -1;
  const by: Record<OverviewSort, (a: NamespaceOverview, b: NamespaceOverview) => number> = {
    name: () => 0,
    health: (a, b) => HEALTH_RANK[a.health] - HEALTH_RANK[b.health],
    rate: (a, b) => rate(b) - rate(a),
    errors: (a, b) => errors(b) - errors(a),
  };
  return [...shown].sort((a, b) => by[state.sort](a, b) || a.name.localeCompare(b.name));
}
