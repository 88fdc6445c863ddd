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

/** How many series a panel draws before "+N more": a few lines read, a dozen do not. */
export const MAX_DEFAULT_SERIES = 6;
/** Groups a panel of several stats keeps at least (when it has them), dropping stats to fit. */
const MIN_GROUPS_MULTI_STAT = 3;
/** Which stats of a duration or size panel stay when not all fit: the mean and the tail first. */
const STAT_PRIORITY = ['avg', 'p95', 'p99', 'p50'];

/** Each group's weight on a panel: the sum over its series of their mean value. */
export function groupWeights(series: readonly DashboardSeries[]): Map<string, number> {
  const weight = new Map<string, number>();
  for (const s of series) {
    const mean = s.points.length ? s.points.reduce((sum, [, v]) => sum + v, 0) / s.points.length : 0;
    weight.set(s.group, (weight.get(s.group) ?? 0) + mean);
  }
  return weight;
}

/**
 * The series a panel draws until the reader picks, at most MAX_DEFAULT_SERIES: the groups with
 * the most requests first (`volume`: the request volume per group, when the dashboard has it;
 * else the panel's own values). A one-stat panel draws its 6 busiest groups; a panel of several
 * stats (avg/p50/p95/p99) keeps 3 groups, or all it has if fewer, with the stats that fit, the
 * mean and the tail first (3 groups: avg and p95; 2 groups: avg, p95, p99). Labels of the chosen series.
 */
export function defaultShown(
  series: readonly DashboardSeries[],
  volume?: ReadonlyMap<string, number>,
): Set<string> {
  const own = groupWeights(series);
  const groups = [...own.keys()].sort(
    (a, b) =>
      (volume?.get(b) ?? -1) - (volume?.get(a) ?? -1) ||
      own.get(b)! - own.get(a)! ||
      a.localeCompare(b, 'en', { numeric: true }),
  );
  const rank = (stat: string) => {
    const i = STAT_PRIORITY.indexOf(stat);
    return i < 0 ? STAT_PRIORITY.length : i;
  };
  const stats = [...new Set(series.map((s) => s.stat))].sort((a, b) => rank(a) - rank(b));
  if (stats.length * groups.length <= MAX_DEFAULT_SERIES) return new Set(series.map((s) => s.label));
  const statCount =
    stats.length === 1
      ? 1
      : Math.max(1, Math.floor(MAX_DEFAULT_SERIES / Math.min(groups.length, MIN_GROUPS_MULTI_STAT)));
  const keptStats = new Set(stats.slice(0, statCount));
  const keptGroups = new Set(groups.slice(0, Math.floor(MAX_DEFAULT_SERIES / keptStats.size)));
  return new Set(series.filter((s) => keptGroups.has(s.group) && keptStats.has(s.stat)).map((s) => s.label));
}
