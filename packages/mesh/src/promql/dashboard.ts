import type {
  DashboardGroupBy,
  DashboardKind,
  DashboardPanelId,
  DashboardReporter,
  DashboardSeries,
  DashboardUnit,
  MetricsDirection,
} from '@sextant/contracts';
import { parsePromNumber } from '../graph/types.ts';
import { escapePromString } from './escape.ts';

/**
 * The PromQL of a metrics dashboard (Kiali's Inbound/Outbound metrics) over Istio's standard
 * metrics, and the shaping of Prometheus' answers into chart series. Pure: the server runs the
 * queries, this decides what they are and what their answers mean.
 */

export interface DashboardQueryParams {
  namespace: string;
  kind: DashboardKind;
  name: string;
  direction: MetricsDirection;
  /** Undefined: `defaultReporter(kind, direction)`. */
  reporter?: DashboardReporter | undefined;
  groupBy: DashboardGroupBy;
  /** Each in (0, 1). */
  quantiles: readonly number[];
  /** `rate()` window, seconds. */
  rateSeconds: number;
}

export interface DashboardQuery {
  panel: DashboardPanelId;
  /** `total`, `avg`, `p95`... */
  stat: string;
  promql: string;
  /** The labels the answer's series are split by, in the order their values are shown. */
  groupLabels: readonly string[];
}

export interface DashboardPanelPlan {
  id: DashboardPanelId;
  title: string;
  unit: DashboardUnit;
  queries: DashboardQuery[];
}

/** Labels naming the dashboard's subject, by which end of the request it is. */
const SUBJECT_LABELS = {
  inbound: {
    apps: ['destination_workload_namespace', 'destination_canonical_service'],
    workloads: ['destination_workload_namespace', 'destination_workload'],
    services: ['destination_service_namespace', 'destination_service_name'],
  },
  outbound: {
    apps: ['source_workload_namespace', 'source_canonical_service'],
    workloads: ['source_workload_namespace', 'source_workload'],
  },
} as const;

/**
 * Inbound: what the subject's own proxies report (`destination`); outbound: what they report as
 * callers (`source`), as in Kiali. A service has no proxy of its own: its callers' reports also
 * count the requests that failed before reaching a pod (fault injection, no healthy upstream), as
 * the graph's edges into a service node and the sparklines do.
 */
export function defaultReporter(kind: DashboardKind, direction: MetricsDirection): 'source' | 'destination' {
  return direction === 'outbound' || kind === 'services' ? 'source' : 'destination';
}

/** `0.5` -> `p50`, `0.999` -> `p99.9`. */
export function quantileStat(q: number): string {
  return `p${Number((q * 100).toFixed(3))}`;
}

const PEER_LABELS = {
  inbound: ['source_workload_namespace', 'source_workload'],
  outbound: ['destination_service_namespace', 'destination_service_name'],
} as const;

function groupLabels(groupBy: DashboardGroupBy, direction: MetricsDirection, tcp: boolean): string[] {
  switch (groupBy) {
    case 'none':
      return [];
    case 'peer':
      return [...PEER_LABELS[direction]];
    case 'version':
      return [direction === 'inbound' ? 'destination_canonical_revision' : 'source_canonical_revision'];
    case 'responseCode':
      // TCP has no response codes: its panels stay whole.
      return tcp ? [] : ['response_code'];
    case 'reporter':
      return ['reporter'];
  }
}

const HISTOGRAMS = [
  ['requestDuration', 'Request duration', 'ms', 'istio_request_duration_milliseconds'],
  ['requestSize', 'Request size', 'bytes', 'istio_request_bytes'],
  ['responseSize', 'Response size', 'bytes', 'istio_response_bytes'],
] as const;

/** Every panel of the dashboard with its queries, in the order they are shown. */
export function dashboardQueries(p: DashboardQueryParams): DashboardPanelPlan[] {
  let subject: readonly [string, string];
  if (p.direction === 'outbound') {
    if (p.kind === 'services') throw new Error('services have no outbound traffic');
    subject = SUBJECT_LABELS.outbound[p.kind];
  } else {
    subject = SUBJECT_LABELS.inbound[p.kind];
  }
  const reporter = p.reporter ?? defaultReporter(p.kind, p.direction);
  const selector = [
    ...(reporter === 'both' ? [] : [`reporter="${reporter}"`]),
    `${subject[0]}="${escapePromString(p.namespace)}"`,
    `${subject[1]}="${escapePromString(p.name)}"`,
  ].join(',');
  const range = `[${p.rateSeconds}s]`;
  // Both reporters count each request twice: their series are kept apart, never added up.
  const labelsFor = (tcp: boolean) => {
    const labels = groupLabels(p.groupBy, p.direction, tcp);
    return reporter === 'both' && !labels.includes('reporter') ? [...labels, 'reporter'] : labels;
  };
  const sumBy = (labels: readonly string[]) => (labels.length ? `sum by (${labels.join(',')}) ` : 'sum');
  const rate = (metric: string, labels: readonly string[]) =>
    `${sumBy(labels)}(rate(${metric}{${selector}}${range}))`;
  const query = (panel: DashboardPanelId, stat: string, promql: string, labels: readonly string[]) => ({
    panel,
    stat,
    promql,
    groupLabels: labels,
  });

  const http = labelsFor(false);
  const tcp = labelsFor(true);
  const quantiles = [...new Set(p.quantiles)].sort((a, b) => a - b);
  const histogramPanels = HISTOGRAMS.map(([id, title, unit, metric]): DashboardPanelPlan => ({
    id,
    title,
    unit,
    queries: [
      query(id, 'avg', `${rate(`${metric}_sum`, http)} / ${rate(`${metric}_count`, http)}`, http),
      ...quantiles.map((q) =>
        query(
          id,
          quantileStat(q),
          `histogram_quantile(${q}, ${sumBy([...http, 'le'])}(rate(${metric}_bucket{${selector}}${range})))`,
          http,
        ),
      ),
    ],
  }));
  return [
    {
      id: 'requestVolume',
      title: 'Request volume',
      unit: 'rps',
      queries: [query('requestVolume', 'total', rate('istio_requests_total', http), http)],
    },
    ...histogramPanels,
    {
      id: 'requestThroughput',
      title: 'Request throughput',
      unit: 'Bps',
      queries: [query('requestThroughput', 'total', rate('istio_request_bytes_sum', http), http)],
    },
    {
      id: 'tcpSent',
      title: 'TCP sent',
      unit: 'Bps',
      queries: [query('tcpSent', 'total', rate('istio_tcp_sent_bytes_total', tcp), tcp)],
    },
    {
      id: 'tcpReceived',
      title: 'TCP received',
      unit: 'Bps',
      queries: [query('tcpReceived', 'total', rate('istio_tcp_received_bytes_total', tcp), tcp)],
    },
  ];
}

/** One series of a range query's answer, as Prometheus sends it. */
export interface PromRangeSeries {
  metric: Readonly<Record<string, string>>;
  values: ReadonlyArray<readonly [number, string]>;
}

/**
 * What a legend calls a series: the values of its group labels (`v2`; a peer of another namespace
 * as `namespace/name`), `all` when nothing splits the panel.
 */
export function groupName(
  metric: Readonly<Record<string, string>>,
  labels: readonly string[],
  namespace: string,
): string {
  if (labels.length === 0) return 'all';
  const value = (label: string) => {
    const v = metric[label];
    return v === undefined || v === '' ? 'unknown' : v;
  };
  const parts: string[] = [];
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label.endsWith('_namespace')) {
      // A namespace label is always followed by its name label: shown together.
      const name = value(labels[i + 1]!);
      const ns = value(label);
      parts.push(ns === namespace || ns === 'unknown' ? name : `${ns}/${name}`);
      i++;
    } else {
      parts.push(value(label));
    }
  }
  return parts.join(' · ');
}

/**
 * A query's answer as chart series: NaN and infinite points (an empty window's quantile or
 * average) become gaps, series without a single number are dropped. `multiStat`: the panel shows
 * several stats, so labels name the stat too.
 */
export function dashboardSeries(
  query: DashboardQuery,
  answer: readonly PromRangeSeries[],
  namespace: string,
  multiStat: boolean,
): DashboardSeries[] {
  const out: DashboardSeries[] = [];
  for (const entry of answer) {
    const points: Array<[number, number]> = [];
    for (const [t, text] of entry.values) {
      const v = parsePromNumber(text);
      if (Number.isFinite(v)) points.push([t, v]);
    }
    if (points.length === 0) continue;
    const group = groupName(entry.metric, query.groupLabels, namespace);
    const label = !multiStat ? group : group === 'all' ? query.stat : `${group} ${query.stat}`;
    out.push({ group, stat: query.stat, label, points });
  }
  return out.sort((a, b) => a.group.localeCompare(b.group, 'en', { numeric: true }));
}
