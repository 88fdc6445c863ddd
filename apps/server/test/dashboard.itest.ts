import { dashboardSchema, type Dashboard } from '@sextant/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphStack, type GraphStack } from './graphStack.ts';

/**
 * The metrics dashboard against mesh-sim's Bookinfo and a real Prometheus: its numbers are the
 * ones Prometheus gives for the same PromQL written by hand here, point by point.
 */
let stack: GraphStack;

beforeAll(async () => {
  stack = await startGraphStack();
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

async function dashboard(path: string): Promise<Dashboard> {
  const res = await fetch(`${stack.url}${path}`);
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return dashboardSchema.parse(body);
}

const series = (d: Dashboard, panel: string) => d.panels.find((p) => p.id === panel)!.series;

/**
 * Asks for the dashboard ending a few seconds ago (every sample up to its last point scraped)
 * until `panel` has `groups` series of at least `points` points: Prometheus needs a while after
 * the stack starts before a window is full.
 */
async function waitForDashboard(
  path: (end: number) => string,
  panel: string,
  groups: number,
  points: number,
): Promise<{ d: Dashboard; end: number }> {
  let found: { d: Dashboard; end: number } | undefined;
  await expect
    .poll(
      async () => {
        const end = Math.floor(Date.now() / 1000) - 3;
        const d = await dashboard(path(end));
        const s = series(d, panel);
        if (s.length === groups && s.every((x) => x.points.length >= points)) found = { d, end };
        return found !== undefined;
      },
      { timeout: 90_000, interval: 1000 },
    )
    .toBe(true);
  return found!;
}

/** Prometheus' own answer to a range query: `{group label value: [[t, v]]}`. */
async function direct(
  promql: string,
  range: { start: number; end: number; step: number },
  label: string,
): Promise<Record<string, Array<[number, number]>>> {
  const body = new URLSearchParams({
    query: promql,
    start: String(range.start),
    end: String(range.end),
    step: String(range.step),
  });
  const res = await fetch(`${stack.prometheus.url}/api/v1/query_range`, { method: 'POST', body });
  const json = (await res.json()) as {
    data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
  };
  return Object.fromEntries(
    json.data.result.map((r) => [
      r.metric[label] ?? 'all',
      r.values.map(([t, v]) => [t, Number(v)] as [number, number]).filter(([, v]) => Number.isFinite(v)),
    ]),
  );
}

describe('metrics dashboard against mesh-sim and Prometheus', () => {
  it("reviews' inbound traffic by version: the rates and p95 Prometheus gives, for v1, v2 and v3", async () => {
    const { d, end } = await waitForDashboard(
      (end) =>
        `/api/namespaces/bookinfo/services/reviews/dashboard?groupBy=version&duration=60s&step=5s&rateInterval=20s&queryTime=${end}`,
      'requestVolume',
      3,
      8,
    );
    const range = { start: end - 60, end, step: 5 };
    expect([d.start, d.end, d.step, d.reporter]).toEqual([range.start, range.end, 5, 'source']);
    expect(d.panels.every((p) => p.error === undefined)).toBe(true);

    const sel =
      'reporter="source",destination_service_namespace="bookinfo",destination_service_name="reviews"';
    const rates = await direct(
      `sum by (destination_canonical_revision) (rate(istio_requests_total{${sel}}[20s]))`,
      range,
      'destination_canonical_revision',
    );
    const volume = series(d, 'requestVolume');
    expect(volume.map((s) => s.label)).toEqual(['v1', 'v2', 'v3']);
    for (const s of volume) {
      expect(s.points).toEqual(rates[s.group]);
      expect(s.points.some(([, v]) => v > 0)).toBe(true);
    }

    const p95 = await direct(
      `histogram_quantile(0.95, sum by (le, destination_canonical_revision) (rate(istio_request_duration_milliseconds_bucket{${sel}}[20s])))`,
      range,
      'destination_canonical_revision',
    );
    const durations = series(d, 'requestDuration').filter((s) => s.stat === 'p95');
    expect(durations.map((s) => s.label)).toEqual(['v1 p95', 'v2 p95', 'v3 p95']);
    for (const s of durations) expect(s.points).toEqual(p95[s.group]);
    expect(series(d, 'requestDuration').map((s) => s.stat)).toEqual(
      expect.arrayContaining(['avg', 'p50', 'p95', 'p99']),
    );
    expect(series(d, 'responseSize').length).toBeGreaterThan(0);
    expect(series(d, 'requestThroughput').length).toBe(3);
  });

  it("the database's inbound TCP bytes, as its own proxy reports them", async () => {
    const { d, end } = await waitForDashboard(
      (end) =>
        `/api/namespaces/bookinfo/workloads/mongodb-v1/dashboard?duration=60s&step=10s&rateInterval=20s&queryTime=${end}`,
      'tcpReceived',
      1,
      4,
    );
    expect(d.reporter).toBe('destination');
    const range = { start: end - 60, end, step: 10 };
    const received = await direct(
      'sum(rate(istio_tcp_received_bytes_total{reporter="destination",destination_workload_namespace="bookinfo",destination_workload="mongodb-v1"}[20s]))',
      range,
      'none',
    );
    const tcp = series(d, 'tcpReceived');
    expect(tcp).toHaveLength(1);
    expect(tcp[0]!.points).toEqual(received.all);
    expect(tcp[0]!.points.some(([, v]) => v > 0)).toBe(true);
    // No HTTP reaches a TCP database: empty panels, not errors.
    expect(series(d, 'requestVolume')).toEqual([]);
  });
});
