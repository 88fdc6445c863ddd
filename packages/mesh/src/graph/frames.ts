import { parsePromNumber, type PromSample } from './types.ts';

/**
 * Graph replay from range queries: a range query evaluates its expression at every step exactly as
 * an instant query at that time would, so one `query_range` per graph query gives the answers of
 * every frame at once. These helpers pick the frames' times and cut the matrices into the instant
 * vectors `buildGraph` reads, frame by frame.
 */

/** Prometheus' JSON range-vector entry, as `/api/v1/query_range` returns it. */
export interface PromMatrixEntry {
  metric: Readonly<Record<string, string>>;
  values: ReadonlyArray<readonly [number, string]>;
}

/** The most frames one replay request may ask for. */
export const MAX_REPLAY_FRAMES = 120;

/** `start`, `start + step`, ... up to `end` (unix seconds, whole); what a range query answers at. */
export function frameTimes(start: number, end: number, step: number): number[] {
  if (!Number.isInteger(start) || !Number.isInteger(end) || !Number.isInteger(step) || step <= 0)
    throw new RangeError('frame times are whole seconds and the step is positive');
  const times: number[] = [];
  for (let t = start; t <= end; t += step) times.push(t);
  return times;
}

/**
 * The instant vector of each query at each of `times`, from the range queries' matrices: frame `i`
 * holds, per query id, the samples whose series had a point at `times[i]`. A series without one
 * there (absent, or filtered out by `> 0`) is not in that frame, as an instant query would not
 * return it. A query missing from `matrices` (it failed) stays missing in every frame.
 */
export function framesFromMatrices<Id extends string>(
  matrices: Partial<Record<Id, readonly PromMatrixEntry[]>>,
  times: readonly number[],
): Partial<Record<Id, PromSample[]>>[] {
  const index = new Map<number, number>();
  times.forEach((t, i) => index.set(Math.round(t * 1000), i));
  const frames = times.map(() => ({}) as Partial<Record<Id, PromSample[]>>);
  for (const [id, matrix] of Object.entries(matrices) as [Id, readonly PromMatrixEntry[] | undefined][]) {
    if (!matrix) continue;
    for (const frame of frames) frame[id] = [];
    for (const series of matrix) {
      for (const [t, v] of series.values) {
        const i = index.get(Math.round(t * 1000));
        if (i !== undefined) frames[i]![id]!.push({ metric: series.metric, value: parsePromNumber(v) });
      }
    }
  }
  return frames;
}
