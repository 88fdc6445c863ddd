import type { Graph } from '@sextant/contracts';
import { useQueries } from '@tanstack/react-query';
import { useCallback, useMemo, useRef } from 'react';
import { graphReplayQuery, type GraphParams } from '../../api/graph.ts';
import {
  batchCount,
  batchOf,
  batchWindow,
  frameCount,
  frameDuration,
  frameTime,
  replayStep,
  type ReplayWindow,
} from './model/replay.ts';

export interface ReplayFrames {
  /** The graph of frame `position`, or the last one shown while it loads; undefined before any. */
  graph: Graph | undefined;
  /** Whether `graph` is the frame asked for (false while its batch loads). */
  current: boolean;
  /** Which frames are in (for the timeline's buffer bar and to pace playback). */
  loaded: (index: number) => boolean;
  loadedCount: number;
  /** The batch of the frame on screen: pending, failed (with the error) or in. */
  status: 'pending' | 'error' | 'success';
  error: unknown;
  retry: () => void;
  fetching: boolean;
  /** Seconds of traffic each frame counts. */
  frameSeconds: number;
}

/**
 * The frames of a replay, a batch of 20 at a time: the batch of the frame on screen and the next
 * one (so playback does not wait), each batch one request and, on the server, one range query per
 * graph query. Batches already in stay cached while the window is the same.
 */
export function useReplayFrames(
  params: GraphParams,
  window: ReplayWindow | undefined,
  position: number,
): ReplayFrames {
  const step = window ? replayStep(window) : 1;
  const frameSeconds = window ? frameDuration(params.duration, window) : params.duration;
  const frameParams = useMemo(
    () => ({ ...params, duration: frameSeconds, queryTime: undefined }),
    [params, frameSeconds],
  );
  const current = batchOf(position);
  const batches = useQueries({
    queries: window
      ? Array.from({ length: batchCount(window) }, (_, k) => {
          const q = graphReplayQuery(frameParams, { ...batchWindow(window, k), step });
          return { ...q, enabled: q.enabled !== false && (k === current || k === current + 1) };
        })
      : [],
  });
  const arrived = batches.map((b) => b.dataUpdatedAt).join(',');
  const frames = useMemo(() => {
    const out = new Map<number, Graph>();
    for (const b of batches) for (const f of b.data?.frames ?? []) out.set(f.time, f.graph);
    return out;
    // `arrived` changes exactly when a batch's data does (`batches` is a new array every render).
  }, [arrived]);
  const loaded = useCallback(
    (index: number) =>
      window !== undefined && index < frameCount(window) && frames.has(frameTime(window, index)),
    [frames, window],
  );
  const wanted = window ? frames.get(frameTime(window, position)) : undefined;
  const shown = useRef<Graph | undefined>(undefined);
  if (wanted) shown.current = wanted;
  if (!window) shown.current = undefined;
  const batch = batches[current];
  return {
    graph: wanted ?? shown.current,
    current: wanted !== undefined,
    loaded,
    loadedCount: frames.size,
    status: !batch || batch.isPending ? 'pending' : batch.isError ? 'error' : 'success',
    error: batch?.error,
    retry: () => void batch?.refetch(),
    fetching: batches.some((b) => b.isFetching),
    frameSeconds,
  };
}
