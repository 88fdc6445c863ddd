import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { followPodLogs, podLogsQuery, type PodLogParams } from '../../api/logs.ts';
import { appendRows, toRows, type LogRow } from './logsView.ts';

export type PodLogState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown; rows: readonly LogRow[]; retry: () => void }
  | { status: 'ready'; rows: readonly LogRow[]; live: boolean; refresh?: () => void; refreshing?: boolean };

/**
 * A container's log lines: one snapshot when not following, else the live stream (which starts
 * with the same tail), capped at MAX_ROWS. `parse` turns access-log lines into fields (sidecars).
 */
export function usePodLog(
  namespace: string,
  pod: string,
  params: PodLogParams,
  follow: boolean,
  parse: boolean,
): PodLogState {
  const snapshot = useQuery({ ...podLogsQuery(namespace, pod, params), enabled: !follow });
  const snapshotRows = useMemo(
    () => (snapshot.data ? toRows(snapshot.data.lines, 0, parse) : []),
    [snapshot.data, parse],
  );
  const live = useLiveLog(namespace, pod, params, follow, parse);
  // Leaving "follow" reads the log again: the snapshot from before would be older than what was just shown.
  const wasFollowing = useRef(follow);
  const { refetch } = snapshot;
  useEffect(() => {
    if (wasFollowing.current && !follow) void refetch();
    wasFollowing.current = follow;
  }, [follow, refetch]);
  if (follow) return live;
  if (snapshot.isPending) return { status: 'loading' };
  if (snapshot.isError)
    return {
      status: 'error',
      error: snapshot.error,
      rows: snapshotRows,
      retry: () => void snapshot.refetch(),
    };
  return {
    status: 'ready',
    rows: snapshotRows,
    live: false,
    refresh: () => void snapshot.refetch(),
    refreshing: snapshot.isFetching,
  };
}

function useLiveLog(
  namespace: string,
  pod: string,
  params: PodLogParams,
  follow: boolean,
  parse: boolean,
): PodLogState {
  const [rows, setRows] = useState<readonly LogRow[]>([]);
  const [status, setStatus] = useState<'loading' | 'open' | 'ended' | 'error'>('loading');
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const { container, tailLines, sinceSeconds } = params;
  useEffect(() => {
    if (!follow) return;
    const controller = new AbortController();
    let nextId = 0;
    setRows([]);
    setStatus('loading');
    setError(undefined);
    followPodLogs(
      namespace,
      pod,
      { container, tailLines, sinceSeconds },
      {
        onOpen: () => setStatus('open'),
        onLines: (lines) => {
          const added = toRows(lines, nextId, parse);
          nextId += lines.length;
          setRows((previous) => appendRows(previous, added));
        },
      },
      controller.signal,
    ).then(
      () => !controller.signal.aborted && setStatus('ended'),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err);
        setStatus('error');
      },
    );
    return () => controller.abort();
  }, [namespace, pod, container, tailLines, sinceSeconds, follow, parse, attempt]);
  if (status === 'loading') return { status: 'loading' };
  if (status === 'error') return { status: 'error', error, rows, retry: () => setAttempt((a) => a + 1) };
  return { status: 'ready', rows, live: status === 'open' };
}
