import type { FixtureSeries } from './fixture.ts';

/** The series of one fixture, placed in its time slot. */
export interface SlotSeries {
  /** Unix seconds: the fixture's shifted queryTime, where `rate()` must return each series' rate. */
  queryTime: number;
  series: readonly FixtureSeries[];
}

export interface OpenMetricsOptions {
  /** How far before each queryTime a series starts; must cover the longest rate window. Default 1800 s. */
  historySeconds?: number;
  /** Sample spacing, as a scrape interval. Default 15 s. */
  stepSeconds?: number;
}

/** Where every counter starts: far from zero, so Prometheus never extrapolates a counter back to 0. */
const START_VALUE = 1_000_000;

/**
 * OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`: each series is a counter
 * growing linearly at its rate, sampled every `stepSeconds` over the `historySeconds` before its
 * slot's queryTime, so `rate(x[d])` at queryTime is exactly the rate for any d <= historySeconds
 * that is a multiple of the step (a sample sits on both ends of the window: no extrapolation).
 * A series that appears in several slots keeps counting up from one slot to the next.
 *
 * Istio's counters end in `_total`: the family is declared without the suffix, as OpenMetrics
 * wants, and the samples keep the full name, which is what Prometheus stores.
 */
export function openMetricsText(slots: readonly SlotSeries[], options: OpenMetricsOptions = {}): string {
  const history = options.historySeconds ?? 1800;
  const step = options.stepSeconds ?? 15;
  if (history % step !== 0) throw new Error('historySeconds must be a multiple of stepSeconds');

  // metric -> series key -> labels and the (queryTime, rate) pairs it is sampled for.
  const families = new Map<string, Map<string, { labels: string; points: Array<[number, number]> }>>();
  for (const slot of slots) {
    for (const s of slot.series) {
      const byKey = families.get(s.metric) ?? new Map();
      families.set(s.metric, byKey);
      const labels = formatLabels(s.labels);
      const entry = byKey.get(labels) ?? { labels, points: [] };
      byKey.set(labels, entry);
      entry.points.push([slot.queryTime, s.rate]);
    }
  }

  const lines: string[] = [];
  for (const [metric, byKey] of [...families].sort(([a], [b]) => a.localeCompare(b))) {
    const counter = metric.endsWith('_total');
    lines.push(
      `# TYPE ${counter ? metric.slice(0, -'_total'.length) : metric} ${counter ? 'counter' : 'unknown'}`,
    );
    for (const { labels, points } of [...byKey.values()].sort((a, b) => a.labels.localeCompare(b.labels))) {
      let value = START_VALUE;
      let last = -Infinity;
      for (const [queryTime, rate] of points.sort(([a], [b]) => a - b)) {
        if (queryTime - history <= last) throw new Error(`time slots closer than ${history} s overlap`);
        for (let t = queryTime - history; t <= queryTime; t += step) {
          lines.push(`${metric}${labels} ${value} ${t}`);
          if (t < queryTime) value += rate * step;
        }
        last = queryTime;
      }
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function formatLabels(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels)
    .filter(([, v]) => v !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return pairs.length ? `{${pairs.join(',')}}` : '';
}
