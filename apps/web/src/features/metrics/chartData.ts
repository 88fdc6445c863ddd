import type { DashboardSeries } from '@sextant/contracts';

/**
 * Dashboard series -> the column layout charts draw: one shared, sorted time axis and each
 * series' values on it, `null` where the series has no point (a gap, never a made-up zero).
 */
export interface ChartColumns {
  /** Unix seconds. */
  times: number[];
  values: Array<Array<number | null>>;
}

export function toColumns(series: readonly DashboardSeries[]): ChartColumns {
  const times = [...new Set(series.flatMap((s) => s.points.map(([t]) => t)))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const values = series.map((s) => {
    const column: Array<number | null> = new Array<number | null>(times.length).fill(null);
    for (const [t, v] of s.points) column[index.get(t)!] = v;
    return column;
  });
  return { times, values };
}

/** Whether a panel has anything to draw: some point, zeros included (zero traffic is a fact). */
export const hasPoints = (series: readonly DashboardSeries[]): boolean =>
  series.some((s) => s.points.length > 0);

/**
 * How each series is drawn. Split panels: the same group keeps its colour across panels (v2 is
 * the same colour in every chart) and the stats of one group differ by dash. A panel of one group
 * has nothing to keep apart but its stats: they get colours.
 */
export function seriesStyles(
  series: readonly DashboardSeries[],
  groups: readonly string[],
): Array<{ color: number; dash: number[] | undefined }> {
  const panelGroups = new Set(series.map((s) => s.group));
  if (panelGroups.size <= 1) {
    const stats = [...new Set(series.map((s) => s.stat))];
    return series.map((s) => ({ color: stats.indexOf(s.stat), dash: undefined }));
  }
  return series.map((s) => ({ color: Math.max(0, groups.indexOf(s.group)), dash: dashOf(s.stat) }));
}

/** The groups of every panel, in a stable order, so each gets one colour for the whole dashboard. */
export function allGroups(panels: ReadonlyArray<{ series: readonly DashboardSeries[] }>): string[] {
  return [...new Set(panels.flatMap((p) => p.series.map((s) => s.group)))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
}

/** Line dash by stat: averages solid, higher quantiles ever shorter dashes. */
export function dashOf(stat: string): number[] | undefined {
  switch (stat) {
    case 'total':
    case 'avg':
      return undefined;
    case 'p50':
      return [8, 4];
    case 'p95':
      return [4, 3];
    default:
      return [2, 2];
  }
}

/** How many groups a panel draws before "+N more": a few lines read, a dozen do not. */
export const MAX_GROUPS_SINGLE_STAT = 6;
export const MAX_GROUPS_MULTI_STAT = 3;

/**
 * The series a panel draws until the reader picks: every series of the busiest groups (by the
 * average of their series' points), at most 6 groups on a one-stat panel and 3 on a panel of
 * several stats (avg/p50/p95/p99 of 3 groups is already 12 lines). Labels of the chosen series.
 */
export function defaultShown(series: readonly DashboardSeries[]): Set<string> {
  const weight = new Map<string, number>();
  for (const s of series) {
    const mean = s.points.length ? s.points.reduce((sum, [, v]) => sum + v, 0) / s.points.length : 0;
    weight.set(s.group, (weight.get(s.group) ?? 0) + mean);
  }
  const multiStat = new Set(series.map((s) => s.stat)).size > 1;
  const keep = new Set(
    [...weight]
      .sort(([a, wa], [b, wb]) => wb - wa || a.localeCompare(b, 'en', { numeric: true }))
      .slice(0, multiStat ? MAX_GROUPS_MULTI_STAT : MAX_GROUPS_SINGLE_STAT)
      .map(([group]) => group),
  );
  return new Set(series.filter((s) => keep.has(s.group)).map((s) => s.label));
}
