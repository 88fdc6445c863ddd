/**
 * Graph replay: the graph of the namespaces frame by frame over a past window, under a timeline.
 * The window is in the URL (`replay=start..end`), the frame on screen is the graph's `queryTime`,
 * so a replay link opens at the same moment. Always 60 steps: the step is the window over 60.
 */

/** What the bar offers: the last 5 minutes up to the last 6 hours (seconds). */
export const REPLAY_RANGES = [300, 900, 1800, 3600, 10800, 21600] as const;
export const DEFAULT_REPLAY_RANGE = 900;
/** Steps in a window (so 61 frames, both ends included). */
export const REPLAY_STEPS = 60;
/** Frames asked of the server at once: a batch is one range query per graph query. */
export const REPLAY_BATCH = 20;
/** Longest window a URL may ask for: a week. */
export const MAX_REPLAY_SECONDS = 7 * 86400;

/** Unix seconds, `start < end`. */
export interface ReplayWindow {
  start: number;
  end: number;
}

/** Seconds between frames. */
export function replayStep(w: ReplayWindow): number {
  return Math.max(1, Math.round((w.end - w.start) / REPLAY_STEPS));
}

/** The last `rangeSeconds` up to `nowSeconds`, its end on a step so links and caches line up. */
export function replayWindow(rangeSeconds: number, nowSeconds: number): ReplayWindow {
  const step = Math.max(1, Math.round(rangeSeconds / REPLAY_STEPS));
  const end = Math.floor(nowSeconds / step) * step;
  return { start: end - step * REPLAY_STEPS, end };
}

export function frameCount(w: ReplayWindow): number {
  return Math.floor((w.end - w.start) / replayStep(w)) + 1;
}

export function frameTime(w: ReplayWindow, index: number): number {
  return w.start + index * replayStep(w);
}

/** The frame shown for `time`: the last one at or before it, clamped to the window; no time: the first. */
export function frameIndex(w: ReplayWindow, time: number | undefined): number {
  if (time === undefined) return 0;
  const i = Math.floor((time - w.start) / replayStep(w));
  return Math.min(frameCount(w) - 1, Math.max(0, i));
}

/** The first frame at or after `time`: the first that shows the effect of a change made then. */
export function frameAtOrAfter(w: ReplayWindow, time: number): number {
  const i = Math.ceil((time - w.start) / replayStep(w));
  return Math.min(frameCount(w) - 1, Math.max(0, i));
}

/** Batch `k`: its first and last frame times (the server's `start` and `end`). */
export function batchWindow(w: ReplayWindow, k: number): ReplayWindow {
  const first = k * REPLAY_BATCH;
  const last = Math.min(frameCount(w), first + REPLAY_BATCH) - 1;
  return { start: frameTime(w, first), end: frameTime(w, last) };
}

export function batchCount(w: ReplayWindow): number {
  return Math.ceil(frameCount(w) / REPLAY_BATCH);
}

export const batchOf = (index: number): number => Math.floor(index / REPLAY_BATCH);

/**
 * The window of each frame's rates: the graph's duration, but never shorter than a step, so the
 * frames together cover the whole replay (no traffic falls between two frames).
 */
export function frameDuration(durationSeconds: number, w: ReplayWindow): number {
  return Math.max(durationSeconds, replayStep(w));
}

/** `start..end` in the URL. */
export function encodeReplay(w: ReplayWindow): string {
  return `${w.start}..${w.end}`;
}

export function decodeReplay(text: string | undefined): ReplayWindow | undefined {
  const m = /^(\d{1,12})\.\.(\d{1,12})$/.exec(text ?? '');
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = Number(m[2]);
  return start > 0 && end > start && end - start <= MAX_REPLAY_SECONDS ? { start, end } : undefined;
}

/** Where on the timeline (0..1) a time falls. */
export function timelineFraction(w: ReplayWindow, time: number): number {
  return Math.min(1, Math.max(0, (time - w.start) / (w.end - w.start)));
}
