import type {
  DashboardGroupBy,
  DashboardKind,
  DashboardPanel,
  DashboardReporter,
  MetricsDirection,
} from '@sextant/contracts';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { dashboardQuery } from '../../api/dashboard.ts';
import type { ChangeMarker } from '../changes/changeMarkers.ts';
import { useChangeMarkers } from '../changes/useChangeMarkers.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { Link } from '../../components/Link.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { StaleBanner } from '../../components/StaleBanner.tsx';
import { navigate, useLocation } from '../../lib/router.ts';
import { formatDuration } from '../graph/urlState.ts';
import { allGroups, defaultShown, groupWeights, hasPoints, seriesStyles } from './chartData.ts';
import {
  DASHBOARD_RANGES,
  DASHBOARD_REFRESH_INTERVALS,
  decodeDashboardState,
  encodeDashboardState,
  graphAtWindowHref,
  zoomWindow,
  type DashboardViewState,
} from './dashboardUrlState.ts';
import { UNIT_NAMES } from './units.ts';
import { chartColor, TimeSeriesChart } from './uplot/TimeSeriesChart.tsx';
import './metrics.css';

export interface MetricsDashboardProps {
  namespace: string;
  kind: DashboardKind;
  name: string;
  direction: MetricsDirection;
}

const DIRECTION_TITLE: Record<MetricsDirection, string> = {
  inbound: 'Inbound metrics',
  outbound: 'Outbound metrics',
};

const GROUP_BY_LABEL = (direction: MetricsDirection): Record<DashboardGroupBy, string> => ({
  none: 'Nothing (totals)',
  peer: direction === 'inbound' ? 'Caller (source workload)' : 'Called service',
  version: 'Version',
  responseCode: 'Response code',
  reporter: 'Reporter',
});

const REPORTER_LABEL: Record<DashboardReporter, string> = {
  source: 'Source proxy',
  destination: 'Destination proxy',
  both: 'Both proxies',
};

/**
 * A node's Inbound or Outbound metrics (Kiali's metrics dashboards): request volume, duration,
 * sizes, throughput and TCP bytes over time, split by what the toolbar says. Its view lives in
 * the page's URL, so a link shows the same charts; dragging over a chart zooms to that window,
 * offered as a look-back graph of it.
 */
export default function MetricsDashboard({ namespace, kind, name, direction }: MetricsDashboardProps) {
  const location = useLocation();
  const view = decodeDashboardState(location.search);
  const update = (patch: Partial<DashboardViewState>, options: { push?: boolean } = {}) => {
    const search = encodeDashboardState({ ...view, ...patch }, location.search);
    navigate(`${location.pathname}${search ? `?${search}` : ''}`, { replace: !options.push });
  };
  const query = useQuery(
    dashboardQuery(
      {
        namespace,
        kind,
        name,
        direction,
        duration: view.zoom ? view.zoom.to - view.zoom.from : view.range,
        queryTime: view.zoom?.to,
        groupBy: view.groupBy,
        reporter: view.reporter,
      },
      // A zoomed window is in the past: it does not change.
      view.zoom ? 0 : view.refresh * 1000,
    ),
  );
  const title = DIRECTION_TITLE[direction];
  const headingId = `metrics-${direction}-heading`;
  const markers = useChangeMarkers(namespace, kind, name, query.data);
  return (
    <section
      className="metrics-dashboard"
      aria-labelledby={headingId}
      // For tests: the window of the charts on screen (unix seconds), once loaded.
      data-window={query.data ? `${query.data.start}-${query.data.end}` : undefined}
    >
      <h2 id={headingId} className="visually-hidden">
        {title}
      </h2>
      <Toolbar
        view={view}
        direction={direction}
        update={update}
        updatedAt={query.dataUpdatedAt}
        fetching={query.isFetching}
        defaultReporter={query.data?.reporter}
      />
      {view.zoom && (
        <div className="metrics-zoom" role="status" aria-label="Zoomed window">
          <span>
            Showing <strong>{formatClock(view.zoom.from)}</strong> to{' '}
            <strong>{formatClock(view.zoom.to)}</strong> ({formatDuration(view.zoom.to - view.zoom.from)})
          </span>
          <Link className="button button--small" href={graphAtWindowHref(namespace, kind, name, view.zoom)}>
            Open graph at this time
          </Link>
          <button type="button" className="button button--small" onClick={() => update({ zoom: undefined })}>
            Back to last {formatDuration(view.range)}
          </button>
        </div>
      )}
      {query.isPending ? (
        <LoadingState label="Loading metrics…" />
      ) : query.isError && !query.data ? (
        <ErrorPanel
          title={`Could not load the ${title.toLowerCase()}`}
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : (
        <>
          {query.isRefetchError && (
            <StaleBanner
              updatedAt={query.dataUpdatedAt}
              error={query.error ?? new Error('refresh failed')}
              onRetry={() => void query.refetch()}
            />
          )}
          <ChangeList markers={markers} />
          <Panels
            markers={markers}
            panels={query.data.panels}
            timeWindow={{ start: query.data.start, end: query.data.end }}
            direction={direction}
            // Bounded by the data's end, not this browser's clock: the two may disagree.
            onSelectWindow={(from, to) =>
              update({ zoom: zoomWindow(from, to, query.data.end) }, { push: true })
            }
          />
        </>
      )}
    </section>
  );
}

function Toolbar({
  view,
  direction,
  update,
  updatedAt,
  fetching,
  defaultReporter,
}: {
  view: DashboardViewState;
  direction: MetricsDirection;
  update: (patch: Partial<DashboardViewState>) => void;
  updatedAt: number;
  fetching: boolean;
  defaultReporter: DashboardReporter | undefined;
}) {
  const groupLabels = GROUP_BY_LABEL(direction);
  const ranges: number[] = DASHBOARD_RANGES.includes(view.range as (typeof DASHBOARD_RANGES)[number])
    ? [...DASHBOARD_RANGES]
    : [...DASHBOARD_RANGES, view.range].sort((a, b) => a - b);
  return (
    <div className="metrics-toolbar" role="toolbar" aria-label="Metrics settings">
      <label className="field">
        <span className="field__label">Time range</span>
        <select
          className="select"
          value={view.range}
          onChange={(e) => update({ range: Number(e.target.value), zoom: undefined })}
        >
          {ranges.map((r) => (
            <option key={r} value={r}>
              Last {formatDuration(r)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Group by</span>
        <select
          className="select"
          value={view.groupBy}
          onChange={(e) => update({ groupBy: e.target.value as DashboardGroupBy })}
        >
          {(Object.keys(groupLabels) as DashboardGroupBy[]).map((g) => (
            <option key={g} value={g}>
              {groupLabels[g]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Reported by</span>
        <select
          className="select"
          value={view.reporter ?? ''}
          onChange={(e) =>
            update({ reporter: e.target.value === '' ? undefined : (e.target.value as DashboardReporter) })
          }
        >
          <option value="">
            Default
            {defaultReporter && !view.reporter ? ` (${REPORTER_LABEL[defaultReporter].toLowerCase()})` : ''}
          </option>
          {(Object.keys(REPORTER_LABEL) as DashboardReporter[]).map((r) => (
            <option key={r} value={r}>
              {REPORTER_LABEL[r]}
            </option>
          ))}
        </select>
      </label>
      <div className="metrics-toolbar__spacer" />
      <span className="muted small metrics-toolbar__updated" aria-live="polite">
        {fetching ? 'Refreshing…' : updatedAt ? `Updated ${new Date(updatedAt).toLocaleTimeString()}` : ''}
      </span>
      <label className="field">
        <span className="field__label">Refresh every</span>
        <select
          className="select"
          value={view.refresh}
          disabled={view.zoom !== undefined}
          title={view.zoom ? 'A zoomed window is in the past: nothing to refresh' : undefined}
          onChange={(e) => update({ refresh: Number(e.target.value) })}
        >
          {DASHBOARD_REFRESH_INTERVALS.map((r) => (
            <option key={r} value={r}>
              {r === 0 ? 'Off' : formatDuration(r)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The changes marked on the charts, each a link to its diff on the Changes page. */
function ChangeList({ markers }: { markers: readonly ChangeMarker[] }) {
  if (markers.length === 0) return null;
  return (
    <div className="metrics-changes" role="group" aria-label="Config changes in this window">
      <span className="metrics-changes__title">
        {markers.length} config change{markers.length === 1 ? '' : 's'} in this window (dashed lines):
      </span>
      <ul className="metrics-changes__list">
        {markers.map((m) => (
          <li key={m.id}>
            <Link href={m.href}>
              {new Date(m.time * 1000).toLocaleTimeString()} {m.label}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Panels({
  panels,
  timeWindow,
  direction,
  onSelectWindow,
  markers,
}: {
  markers: readonly ChangeMarker[];
  panels: readonly DashboardPanel[];
  timeWindow: { start: number; end: number };
  direction: MetricsDirection;
  onSelectWindow: (from: number, to: number) => void;
}) {
  const groups = useMemo(() => allGroups(panels), [panels]);
  // Busy panels draw the groups with the most requests, whatever their own values (the slowest
  // version is not the one to show first on a duration panel).
  const volume = useMemo(() => {
    const requests = panels.find((p) => p.id === 'requestVolume');
    return requests && hasPoints(requests.series) ? groupWeights(requests.series) : undefined;
  }, [panels]);
  const nothing = panels.every((p) => !hasPoints(p.series) && p.error === undefined);
  return (
    <>
      {nothing && (
        <p className="metrics-empty-note" role="status">
          No {direction} requests or connections in this window. Traffic shows here once Prometheus has
          scraped some.
        </p>
      )}
      <div className="metrics-grid">
        {panels.map((p) => (
          <Panel
            key={p.id}
            markers={markers}
            panel={p}
            groups={groups}
            volume={volume}
            timeWindow={timeWindow}
            onSelectWindow={onSelectWindow}
          />
        ))}
      </div>
    </>
  );
}

function Panel({
  panel,
  groups,
  volume,
  timeWindow,
  onSelectWindow,
  markers,
}: {
  markers: readonly ChangeMarker[];
  panel: DashboardPanel;
  groups: readonly string[];
  volume: ReadonlyMap<string, number> | undefined;
  timeWindow: { start: number; end: number };
  onSelectWindow: (from: number, to: number) => void;
}) {
  const styles = useMemo(() => seriesStyles(panel.series, groups), [panel.series, groups]);
  // Busy panels draw their busiest groups first; the legend toggles any series on or off.
  const [picked, setPicked] = useState<ReadonlySet<string> | null>(null);
  const busiest = useMemo(() => defaultShown(panel.series, volume), [panel.series, volume]);
  const shown = picked ?? busiest;
  const drawn = panel.series.flatMap((s, i) => (shown.has(s.label) ? [{ s, style: styles[i]! }] : []));
  const hiddenCount = panel.series.length - drawn.length;
  const toggle = (label: string) => {
    const next = new Set(shown);
    if (next.has(label)) next.delete(label);
    else next.add(label);
    setPicked(next);
  };
  const headingId = `metrics-panel-${panel.id}`;
  const tcp = panel.id === 'tcpSent' || panel.id === 'tcpReceived';
  return (
    <section className="metrics-panel" aria-labelledby={headingId}>
      <h3 id={headingId} className="metrics-panel__title">
        {panel.title}
        <span className="metrics-panel__unit">{UNIT_NAMES[panel.unit]}</span>
      </h3>
      {panel.error !== undefined && (
        <p className="metrics-panel__error" role="alert">
          {panel.series.length ? 'Partly missing' : 'Not available'}: {panel.error}
        </p>
      )}
      {hasPoints(panel.series) ? (
        <>
          <TimeSeriesChart
            title={panel.title}
            unit={panel.unit}
            series={drawn.map((d) => d.s)}
            styles={drawn.map((d) => d.style)}
            window={timeWindow}
            onSelectWindow={onSelectWindow}
            markers={markers}
          />
          <ul className="metrics-legend" aria-label={`${panel.title} legend`}>
            {panel.series.map((s, i) => (
              <li
                key={s.label}
                className="metrics-legend__item"
                hidden={!shown.has(s.label) && picked === null}
              >
                <button
                  type="button"
                  className="metrics-legend__toggle"
                  aria-pressed={shown.has(s.label)}
                  title={shown.has(s.label) ? `Hide ${s.label}` : `Show ${s.label}`}
                  onClick={() => toggle(s.label)}
                >
                  <span
                    className={
                      styles[i]?.dash
                        ? 'metrics-legend__swatch metrics-legend__swatch--dashed'
                        : 'metrics-legend__swatch'
                    }
                    style={{ borderColor: chartColor(styles[i]?.color ?? i) }}
                    aria-hidden="true"
                  />
                  {s.label}
                </button>
              </li>
            ))}
            {hiddenCount > 0 && picked === null && (
              <li className="metrics-legend__item">
                <button
                  type="button"
                  className="button button--small metrics-legend__more"
                  onClick={() => setPicked(new Set(panel.series.map((s) => s.label)))}
                >
                  +{hiddenCount} more
                </button>
              </li>
            )}
            {picked !== null && panel.series.length > busiest.size && (
              <li className="metrics-legend__item">
                <button
                  type="button"
                  className="button button--small metrics-legend__more"
                  onClick={() => setPicked(null)}
                >
                  Busiest only
                </button>
              </li>
            )}
          </ul>
        </>
      ) : (
        panel.error === undefined && (
          <p className="metrics-panel__empty">
            {tcp ? 'No TCP traffic in this window' : 'No requests in this window'}
          </p>
        )
      )}
    </section>
  );
}

function formatClock(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleTimeString();
}
