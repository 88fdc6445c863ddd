import type { GraphType, Namespace } from '@sextant/contracts';
import { fromLocalInput, toLocalInput } from '../lookBack.ts';
import type { UpdateView } from '../useGraphViewState.ts';
import {
  DURATIONS,
  durationLabel,
  formatDuration,
  REFRESH_INTERVALS,
  type GraphViewState,
} from '../urlState.ts';
import { DisplayMenu } from './DisplayMenu.tsx';
import { NamespacePicker } from './NamespacePicker.tsx';

const GRAPH_TYPES: Array<{ value: GraphType; label: string }> = [
  { value: 'versionedApp', label: 'Versioned app' },
  { value: 'app', label: 'App' },
  { value: 'workload', label: 'Workload' },
  { value: 'service', label: 'Service' },
];

interface Props {
  view: GraphViewState;
  update: UpdateView;
  namespaces: readonly Namespace[];
  refreshing: boolean;
  onRefresh: () => void;
  /** When the graph on screen was fetched (epoch ms), 0 before the first. */
  updatedAt: number;
  /** Opens the replay timeline (absent: replay is not offered, e.g. for a node graph). */
  onReplay?: (() => void) | undefined;
}

export function GraphToolbar({
  view,
  update,
  namespaces,
  refreshing,
  onRefresh,
  updatedAt,
  onReplay,
}: Props) {
  const durations = DURATIONS.includes(view.duration as (typeof DURATIONS)[number])
    ? [...DURATIONS]
    : [...DURATIONS, view.duration].sort((a, b) => a - b);
  const lookingBack = view.queryTime !== undefined;
  const replaying = view.replay !== undefined;
  return (
    <div className="graph-toolbar" role="toolbar" aria-label="Graph settings">
      <NamespacePicker
        namespaces={namespaces}
        selected={view.namespaces}
        onChange={(selected) => update({ namespaces: selected, selected: undefined })}
      />
      <label className="field">
        <span className="field__label">Graph type</span>
        <select
          className="select"
          value={view.graphType}
          onChange={(e) => update({ graphType: e.target.value as GraphType, selected: undefined })}
        >
          {GRAPH_TYPES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Duration</span>
        <select
          className="select"
          value={view.duration}
          onChange={(e) => update({ duration: Number(e.target.value) })}
        >
          {durations.map((d) => (
            <option key={d} value={d}>
              {durationLabel(d)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Ending at</span>
        <input
          className="input input--time"
          type="datetime-local"
          value={lookingBack ? toLocalInput(view.queryTime!) : ''}
          max={toLocalInput(Math.floor(Date.now() / 1000))}
          disabled={replaying}
          title={replaying ? "The replay's timeline sets the time" : undefined}
          onChange={(e) => update({ queryTime: fromLocalInput(e.target.value) })}
        />
      </label>
      {lookingBack && !replaying && (
        <button
          type="button"
          className="button button--small"
          onClick={() => update({ queryTime: undefined })}
        >
          Back to live
        </button>
      )}
      {onReplay && !replaying && (
        <button
          type="button"
          className="button button--small"
          onClick={onReplay}
          disabled={view.namespaces.length === 0}
          title="Play the graph back over the last minutes or hours, with the config changes on a timeline"
        >
          Replay
        </button>
      )}
      <div className="graph-toolbar__spacer" />
      <label className="field">
        <span className="field__label">Refresh every</span>
        <select
          className="select"
          value={view.refresh}
          disabled={lookingBack || replaying}
          onChange={(e) => update({ refresh: Number(e.target.value) }, { replace: true })}
        >
          {REFRESH_INTERVALS.map((r) => (
            <option key={r} value={r}>
              {r === 0 ? 'Off' : formatDuration(r)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="icon-button"
        onClick={onRefresh}
        disabled={refreshing || view.namespaces.length === 0}
        aria-label="Refresh now"
        title={updatedAt ? `Updated ${new Date(updatedAt).toLocaleTimeString()}` : 'Refresh now'}
      >
        <RefreshIcon spinning={refreshing} />
      </button>
      <DisplayMenu view={view} update={update} />
    </div>
  );
}

function RefreshIcon({ spinning }: { spinning: boolean }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="17"
      height="17"
      aria-hidden="true"
      className={spinning ? 'spin' : undefined}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M21 12a9 9 0 1 1-2.64-6.36" />
      <path d="M21 3v6h-6" />
    </svg>
  );
}
