import { useLayoutEffect, useRef, useState } from 'react';
import type { PodLogParams } from '../../api/logs.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { AccessLogTable } from './AccessLogTable.tsx';
import { filterRows } from './logsView.ts';
import { PlainLogLines } from './PlainLogLines.tsx';
import { usePodLog } from './usePodLog.ts';

interface Props {
  namespace: string;
  pod: string;
  params: PodLogParams;
  follow: boolean;
  /** The sidecar: its lines are Envoy's access log, shown in columns. */
  accessLog: boolean;
  search: string;
}

/** How close to the bottom (px) still counts as "at the latest line". */
const STICK_SLACK_PX = 24;

/** One container's log: loading, error, empty, or the lines, scrolled to the latest while following. */
export function LogView({ namespace, pod, params, follow, accessLog, search }: Props) {
  const state = usePodLog(namespace, pod, params, follow, accessLog);
  const viewport = useRef<HTMLDivElement>(null);
  const [stick, setStick] = useState(true);
  const rows = state.status === 'loading' ? [] : state.rows;
  const shown = filterRows(rows, search);

  // Follow the newest line unless the user scrolled up to read; scrolling back down resumes.
  useLayoutEffect(() => {
    const el = viewport.current;
    if (el && stick) el.scrollTop = el.scrollHeight;
  }, [shown, stick]);

  if (state.status === 'loading')
    return (
      <LoadingState
        label={
          follow
            ? `Connecting to ${pod}/${params.container}…`
            : `Loading the log of ${pod}/${params.container}…`
        }
      />
    );
  if (state.status === 'error' && rows.length === 0)
    return (
      <ErrorPanel
        title={`Could not read the log of ${pod}/${params.container}`}
        error={state.error}
        onRetry={state.retry}
      />
    );

  const where = `${pod}/${params.container}`;
  return (
    <div className="logs-view">
      <div className="logs-status" role="status">
        {state.status === 'ready' && state.live && (
          <span className="logs-live">
            <span className="logs-live__dot" aria-hidden="true" />
            Live
          </span>
        )}
        <span className="muted">
          {search.trim() === ''
            ? `${rows.length} line${rows.length === 1 ? '' : 's'}`
            : `${shown.length} of ${rows.length} lines match`}
        </span>
        {follow && !stick && (
          <button type="button" className="link-button" onClick={() => setStick(true)}>
            Paused while you read: jump to the latest
          </button>
        )}
        {state.status === 'ready' && state.refresh && (
          <button
            type="button"
            className="button button--small"
            onClick={state.refresh}
            disabled={state.refreshing}
          >
            {state.refreshing ? 'Refreshing…' : 'Refresh'}
          </button>
        )}
      </div>
      {state.status === 'error' && (
        <div className="banner banner--stale" role="alert">
          <p className="banner__text">
            The log stream stopped: {state.error instanceof Error ? state.error.message : 'unknown error'}.
          </p>
          <button type="button" className="button button--small" onClick={state.retry}>
            Reconnect
          </button>
        </div>
      )}
      <div
        ref={viewport}
        className="logs-viewport"
        tabIndex={0}
        aria-label={`Log of ${where}`}
        onScroll={(e) => {
          const el = e.currentTarget;
          const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_SLACK_PX;
          if (atBottom !== stick) setStick(atBottom);
        }}
      >
        {rows.length === 0 ? (
          <p className="logs-empty">
            {follow
              ? `Waiting for ${where} to write…`
              : `${where} wrote nothing${params.sinceSeconds ? ' in the chosen time' : ''}.`}
          </p>
        ) : shown.length === 0 ? (
          <p className="logs-empty">No line matches “{search.trim()}”.</p>
        ) : accessLog ? (
          <AccessLogTable rows={shown} search={search} />
        ) : (
          <PlainLogLines rows={shown} search={search} />
        )}
      </div>
    </div>
  );
}
