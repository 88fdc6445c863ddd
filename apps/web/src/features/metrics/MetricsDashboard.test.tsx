import type { Dashboard, DashboardPanel } from '@sextant/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeServer, type FakeAnswer } from '../../test/fakeServer.ts';
import { renderWithClient } from '../../test/renderWithClient.tsx';
import MetricsDashboard from './MetricsDashboard.tsx';

// happy-dom draws no canvas: the chart stands in as its series and a way to drag over it.
vi.mock('./uplot/TimeSeriesChart.tsx', () => ({
  chartColor: (slot: number) => `var(--chart-${slot + 1})`,
  TimeSeriesChart: (props: {
    title: string;
    series: Array<{ label: string }>;
    onSelectWindow?: (from: number, to: number) => void;
  }) => (
    <div role="img" aria-label={`${props.title} chart`}>
      {props.series.map((s) => s.label).join(', ')}
      <button type="button" onClick={() => props.onSelectWindow?.(1735689000, 1735689300)}>
        drag over {props.title}
      </button>
    </div>
  ),
}));

const PATH = '/api/namespaces/bookinfo/services/reviews/dashboard';
const panel = (
  id: DashboardPanel['id'],
  title: string,
  over: Partial<DashboardPanel> = {},
): DashboardPanel => ({
  id,
  title,
  unit: 'rps',
  series: [],
  ...over,
});
const points: Array<[number, number]> = [
  [1735689000, 1],
  [1735689015, 2],
];

function dashboard(panels: DashboardPanel[]): Dashboard {
  return {
    namespace: 'bookinfo',
    kind: 'services',
    name: 'reviews',
    direction: 'inbound',
    groupBy: 'version',
    reporter: 'source',
    quantiles: [0.5, 0.95, 0.99],
    start: 1735687800,
    end: 1735689600,
    step: 15,
    rateInterval: 60,
    panels,
  };
}

const BY_VERSION = dashboard([
  panel('requestVolume', 'Request volume', {
    series: ['v1', 'v2', 'v3'].map((v) => ({ group: v, stat: 'total', label: v, points })),
  }),
  panel('requestDuration', 'Request duration', {
    unit: 'ms',
    series: [{ group: 'v1', stat: 'avg', label: 'v1 avg', points }],
    error: 'p99: Prometheus did not answer within 10000 ms',
  }),
  panel('tcpSent', 'TCP sent', { unit: 'Bps' }),
]);

function show(answer: FakeAnswer | (() => FakeAnswer), search = '') {
  window.history.replaceState(null, '', `/namespaces/bookinfo/services/reviews${search}`);
  const server = installFakeServer({ [`GET ${PATH}`]: typeof answer === 'function' ? answer : () => answer });
  const view = renderWithClient(
    <MetricsDashboard namespace="bookinfo" kind="services" name="reviews" direction="inbound" />,
  );
  return { server, view };
}

const params = () => new URLSearchParams(window.location.search);

describe('MetricsDashboard', () => {
  beforeEach(() => {
    vi.unstubAllGlobals();
  });

  it('loads, then draws each panel with its legend; an empty panel says so, a failed query is named', async () => {
    const { server } = show({ body: BY_VERSION }, '?groupBy=version');
    expect(screen.getByRole('status')).toHaveProperty('textContent', 'Loading metrics…');
    const volume = await screen.findByRole('region', { name: /Request volume/ });
    const legend = within(volume).getByRole('list', { name: 'Request volume legend' });
    expect(
      within(legend)
        .getAllByRole('button')
        .map((b) => [b.textContent, b.getAttribute('aria-pressed')]),
    ).toEqual([
      ['v1', 'true'],
      ['v2', 'true'],
      ['v3', 'true'],
    ]);
    const duration = screen.getByRole('region', { name: /Request duration/ });
    expect(within(duration).getByRole('alert').textContent).toBe(
      'Partly missing: p99: Prometheus did not answer within 10000 ms',
    );
    expect(within(duration).getByRole('img', { name: 'Request duration chart' })).toBeDefined();
    const tcp = screen.getByRole('region', { name: /TCP sent/ });
    expect(tcp.textContent).toContain('No TCP traffic in this window');
    expect(within(tcp).queryByRole('img')).toBeNull();
    const q = new URLSearchParams(server.calls[0]!.search);
    expect(Object.fromEntries(q)).toEqual({
      direction: 'inbound',
      duration: '1800s',
      step: '15s',
      groupBy: 'version',
    });
  });

  it('a busy panel draws its busiest groups, offers the rest, and the legend toggles series', async () => {
    const busy = dashboard([
      panel('requestVolume', 'Request volume', {
        series: ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8'].map((v, i) => ({
          group: v,
          stat: 'total',
          label: v,
          points: [[1735689000, i + 1]] as Array<[number, number]>,
        })),
      }),
    ]);
    show({ body: busy });
    const volume = await screen.findByRole('region', { name: /Request volume/ });
    const chart = within(volume).getByRole('img', { name: 'Request volume chart' });
    // The six busiest (v3..v8) are drawn; v1 and v2 wait behind "+2 more".
    expect(chart.textContent).toContain('v3, v4, v5, v6, v7, v8');
    expect(chart.textContent).not.toContain('v1');
    const legend = within(volume).getByRole('list', { name: 'Request volume legend' });
    expect(within(legend).queryByRole('button', { name: 'v1' })).toBeNull();
    await userEvent.click(within(legend).getByRole('button', { name: '+2 more' }));
    expect(chart.textContent).toContain('v1, v2, v3');
    const v4 = within(legend).getByRole('button', { name: 'v4' });
    expect(v4.getAttribute('aria-pressed')).toBe('true');
    await userEvent.click(v4);
    expect(v4.getAttribute('aria-pressed')).toBe('false');
    expect(chart.textContent).not.toContain('v4');
    await userEvent.click(within(legend).getByRole('button', { name: 'Busiest only' }));
    expect(chart.textContent).toContain('v3, v4, v5, v6, v7, v8');
  });

  it('a busy duration panel draws 6 lines: avg and p95 of the versions with the most requests', async () => {
    const flat = (v: number): Array<[number, number]> => [
      [1735689000, v],
      [1735689015, v],
    ];
    const versions = ['v1', 'v2', 'v3', 'v4'];
    // v4 is the slowest and the least called: the volume, not the latency, picks what is drawn.
    const rps = { v1: 5, v2: 4, v3: 3, v4: 0.1 } as Record<string, number>;
    show({
      body: dashboard([
        panel('requestVolume', 'Request volume', {
          series: versions.map((v) => ({ group: v, stat: 'total', label: v, points: flat(rps[v]!) })),
        }),
        panel('requestDuration', 'Request duration', {
          unit: 'ms',
          series: versions.flatMap((v, i) =>
            ['avg', 'p50', 'p95', 'p99'].map((stat) => ({
              group: v,
              stat,
              label: `${v} ${stat}`,
              points: flat(10 * (i + 1)),
            })),
          ),
        }),
      ]),
    });
    const duration = await screen.findByRole('region', { name: /Request duration/ });
    const chart = within(duration).getByRole('img', { name: 'Request duration chart' });
    expect(chart.textContent).toContain('v1 avg, v1 p95, v2 avg, v2 p95, v3 avg, v3 p95');
    const legend = within(duration).getByRole('list', { name: 'Request duration legend' });
    // Only the drawn series are in the legend, then the way to the other ten.
    expect(
      within(legend)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['v1 avg', 'v1 p95', 'v2 avg', 'v2 p95', 'v3 avg', 'v3 p95', '+10 more']);
    await userEvent.click(within(legend).getByRole('button', { name: '+10 more' }));
    expect(within(legend).getAllByRole('button', { pressed: true })).toHaveLength(16);
  });

  it('says when the window has no traffic at all', async () => {
    show({ body: dashboard([panel('requestVolume', 'Request volume'), panel('tcpSent', 'TCP sent')]) });
    expect(
      (await screen.findByText(/No inbound requests or connections in this window/)).getAttribute('role'),
    ).toBe('status');
    expect(screen.getByRole('region', { name: /Request volume/ }).textContent).toContain(
      'No requests in this window',
    );
  });

  it('shows why it could not load, and loads again on request', async () => {
    let answer: FakeAnswer = {
      status: 503,
      body: { error: { code: 'UPSTREAM_UNAVAILABLE', message: 'Prometheus is not reachable' } },
    };
    show(() => answer);
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert.textContent).toContain('Could not load the inbound metrics');
    expect(alert.textContent).toContain('Prometheus is not reachable');
    answer = { body: BY_VERSION };
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await screen.findByRole('list', { name: 'Request volume legend' });
  });

  it('keeps its settings in the URL and asks the server for them', async () => {
    const { server } = show({ body: BY_VERSION }, '?tab=inbound-metrics');
    await screen.findByRole('list', { name: 'Request volume legend' });
    const toolbar = screen.getByRole('toolbar', { name: 'Metrics settings' });
    await userEvent.selectOptions(within(toolbar).getByLabelText('Group by'), 'responseCode');
    await userEvent.selectOptions(within(toolbar).getByLabelText('Time range'), String(3600));
    await userEvent.selectOptions(within(toolbar).getByLabelText('Reported by'), 'both');
    await userEvent.selectOptions(within(toolbar).getByLabelText('Refresh every'), '0');
    expect(Object.fromEntries(params())).toEqual({
      tab: 'inbound-metrics',
      groupBy: 'responseCode',
      range: '1h',
      reporter: 'both',
      refresh: 'off',
    });
    await waitFor(() =>
      expect(Object.fromEntries(new URLSearchParams(server.calls.at(-1)!.search))).toEqual({
        direction: 'inbound',
        duration: '3600s',
        step: '30s',
        groupBy: 'responseCode',
        reporter: 'both',
      }),
    );
  });

  it('zooms to a window dragged over a chart and offers the graph at that time', async () => {
    const { server } = show({ body: BY_VERSION });
    await userEvent.click(await screen.findByRole('button', { name: 'drag over Request volume' }));
    expect([params().get('from'), params().get('to')]).toEqual(['1735689000', '1735689300']);
    const zoom = screen.getByRole('status', { name: 'Zoomed window' });
    const graph = new URL(
      within(zoom).getByRole('link', { name: 'Open graph at this time' }).getAttribute('href')!,
      'http://x',
    );
    expect(graph.pathname).toBe('/graph');
    expect(Object.fromEntries(graph.searchParams)).toMatchObject({
      namespaces: 'bookinfo',
      duration: '5m',
      queryTime: '1735689300',
      node: 'service:bookinfo:reviews',
    });
    await waitFor(() =>
      expect(new URLSearchParams(server.calls.at(-1)!.search).get('queryTime')).toBe('1735689300'),
    );
    expect(screen.getByLabelText('Refresh every')).toHaveProperty('disabled', true);
    await userEvent.click(within(zoom).getByRole('button', { name: 'Back to last 30m' }));
    expect(params().get('from')).toBeNull();
  });
});
