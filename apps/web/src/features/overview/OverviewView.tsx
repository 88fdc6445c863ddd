import type { Overview, OverviewHealth } from '@sextant/contracts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { StaleBanner } from '../../components/StaleBanner.tsx';
import { NamespaceCard } from './NamespaceCard.tsx';
import { HEALTH_WORDS } from './overviewFormat.ts';
import { OverviewTable } from './OverviewTable.tsx';
import {
  HEALTH_FILTERS,
  OVERVIEW_SORTS,
  visibleNamespaces,
  type OverviewSort,
  type OverviewViewState,
} from './overviewUrlState.ts';
import './overview.css';

interface Props {
  overview: Overview;
  view: OverviewViewState;
  onViewChange: (next: OverviewViewState) => void;
  updatedAt: number;
  /** The last refresh's error when it failed: the data shown is older. */
  staleError: Error | null;
  onRetry: () => void;
  /** The signed-in user, whose RBAC decides which namespaces there are. */
  signedInAs?: string | undefined;
}

const SORT_WORDS: Record<OverviewSort, string> = {
  health: 'Worst health first',
  name: 'Name',
  rate: 'Most requests first',
  errors: 'Most errors first',
};

export function OverviewView({
  overview,
  view,
  onViewChange,
  updatedAt,
  staleError,
  onRetry,
  signedInAs,
}: Props) {
  const shown = visibleNamespaces(overview.namespaces, view);
  const start = overview.timestamp - overview.duration;
  const tally = (h: OverviewHealth) => overview.namespaces.filter((n) => n.health === h).length;
  const failing = tally('failing');
  const degraded = tally('degraded');
  return (
    <div className="stack">
      {staleError && <StaleBanner updatedAt={updatedAt} error={staleError} onRetry={onRetry} />}
      {overview.errors?.map((e) => (
        <div key={e.message} className="ov-note" role="status">
          <strong>{e.source === 'prometheus' ? 'Prometheus' : 'Kubernetes'}:</strong> {e.message}
        </div>
      ))}
      <div className="ov-toolbar" role="search" aria-label="Filter namespaces">
        <p className="toolbar__summary">
          {overview.namespaces.length} namespace{overview.namespaces.length === 1 ? '' : 's'}
          {failing > 0 && ` · ${failing} failing`}
          {degraded > 0 && ` · ${degraded} degraded`}
        </p>
        <input
          className="ov-input"
          type="search"
          placeholder="Filter by name"
          aria-label="Filter by name"
          value={view.filter}
          onChange={(e) => onViewChange({ ...view, filter: e.target.value })}
        />
        <select
          className="ov-input"
          aria-label="Health"
          value={view.health[0] ?? ''}
          onChange={(e) =>
            onViewChange({ ...view, health: e.target.value ? [e.target.value as OverviewHealth] : [] })
          }
        >
          <option value="">Any health</option>
          {HEALTH_FILTERS.map((h) => (
            <option key={h} value={h}>
              {HEALTH_WORDS[h]}
            </option>
          ))}
        </select>
        <select
          className="ov-input"
          aria-label="Sort"
          value={view.sort}
          onChange={(e) => onViewChange({ ...view, sort: e.target.value as OverviewSort })}
        >
          {OVERVIEW_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_WORDS[s]}
            </option>
          ))}
        </select>
        <div className="ov-segmented" role="group" aria-label="Layout">
          {(['cards', 'table'] as const).map((layout) => (
            <button
              key={layout}
              type="button"
              aria-pressed={view.layout === layout}
              onClick={() => onViewChange({ ...view, layout })}
            >
              {layout === 'cards' ? 'Cards' : 'Table'}
            </button>
          ))}
        </div>
      </div>
      {overview.namespaces.length === 0 ? (
        <EmptyState title={signedInAs ? 'No namespaces you may read' : 'No namespaces'}>
          {signedInAs
            ? `Kubernetes RBAC lets ${signedInAs} read no namespace of this cluster. Ask your cluster administrator for a RoleBinding in the namespaces you work in.`
            : 'The cluster returned no namespaces. Check that the kubeconfig points at the cluster you expect.'}
        </EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState title="No namespace matches">
          None of the {overview.namespaces.length} namespaces matches the filter.
        </EmptyState>
      ) : view.layout === 'cards' ? (
        <div className="ov-grid">
          {shown.map((ns) => (
            <NamespaceCard key={ns.name} ns={ns} start={start} end={overview.timestamp} />
          ))}
        </div>
      ) : (
        <OverviewTable namespaces={shown} start={start} end={overview.timestamp} />
      )}
    </div>
  );
}
