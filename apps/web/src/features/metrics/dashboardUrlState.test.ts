import { describe, expect, it } from 'vitest';
import { decodeViewState } from '../graph/urlState.ts';
import {
  decodeDashboardState,
  DEFAULT_DASHBOARD_VIEW,
  encodeDashboardState,
  graphAtWindowHref,
  zoomWindow,
  type DashboardViewState,
} from './dashboardUrlState.ts';

const state = (over: Partial<DashboardViewState> = {}): DashboardViewState => ({
  ...DEFAULT_DASHBOARD_VIEW,
  ...over,
});

describe('dashboard URL state', () => {
  it.each<[string, DashboardViewState, string]>([
    ['defaults', state(), ''],
    ['a range', state({ range: 3600 }), 'range=1h'],
    ['a day', state({ range: 86400 }), 'range=1d'],
    ['refresh off', state({ refresh: 0 }), 'refresh=off'],
    ['refresh 5m', state({ refresh: 300 }), 'refresh=5m'],
    ['group by version', state({ groupBy: 'version' }), 'groupBy=version'],
    ['both reporters', state({ reporter: 'both' }), 'reporter=both'],
    ['a zoom', state({ zoom: { from: 1735689600, to: 1735689720 } }), 'from=1735689600&to=1735689720'],
    [
      'everything',
      state({
        range: 600,
        refresh: 15,
        groupBy: 'responseCode',
        reporter: 'source',
        zoom: { from: 100, to: 400 },
      }),
      'range=10m&refresh=15s&groupBy=responseCode&reporter=source&from=100&to=400',
    ],
  ])('round-trips %s', (_, view, search) => {
    expect(encodeDashboardState(view)).toBe(search);
    expect(decodeDashboardState(search)).toEqual(view);
  });

  it("keeps the page's own parameters and replaces its own", () => {
    expect(
      encodeDashboardState(state({ groupBy: 'peer' }), 'tab=metrics-inbound&groupBy=version&range=1h'),
    ).toBe('tab=metrics-inbound&groupBy=peer');
  });

  it.each([
    ['range=30s', { range: DEFAULT_DASHBOARD_VIEW.range }],
    ['range=2d', { range: DEFAULT_DASHBOARD_VIEW.range }],
    ['range=banana', { range: DEFAULT_DASHBOARD_VIEW.range }],
    ['groupBy=app', { groupBy: 'none' }],
    ['reporter=proxy', { reporter: undefined }],
    ['from=100&to=130', { zoom: undefined }],
    ['from=400&to=100', { zoom: undefined }],
    ['from=x&to=100', { zoom: undefined }],
    ['to=100', { zoom: undefined }],
    ['from=0&to=86400000', { zoom: { from: 0, to: 86400 } }],
  ])('reads %s as %j', (search, expected) => {
    const decoded = decodeDashboardState(search);
    if (search.startsWith('from=0')) {
      // 0 is not a time anyone zoomed to.
      expect(decoded.zoom).toBeUndefined();
    } else {
      expect(decoded).toMatchObject(expected);
    }
  });
});

describe('zoomWindow', () => {
  it.each([
    ['whole seconds, either direction', 1000.4, 1200.6, 5000, { from: 1000, to: 1201 }],
    ['reversed', 1200, 1000, 5000, { from: 1000, to: 1200 }],
    ['widened to a minute around its middle', 1000, 1010, 5000, { from: 975, to: 1035 }],
    ['never ends in the future', 4900, 5100, 5000, { from: 4800, to: 5000 }],
  ])('%s', (_, from, to, now, expected) => {
    expect(zoomWindow(from, to, now)).toEqual(expected);
  });
});

describe('graphAtWindowHref', () => {
  it.each([
    ['services', 'service:bookinfo:reviews'],
    ['workloads', 'workload:bookinfo:reviews'],
    ['apps', 'app:bookinfo:reviews'],
  ] as const)('opens the graph at the window, focused on the %s node', (kind, node) => {
    const href = graphAtWindowHref('bookinfo', kind, 'reviews', { from: 1000, to: 1300 });
    expect(href.startsWith('/graph?')).toBe(true);
    const view = decodeViewState(href.slice('/graph?'.length));
    expect(view).toMatchObject({ namespaces: ['bookinfo'], duration: 300, queryTime: 1300, refresh: 0 });
    expect(new URLSearchParams(href.split('?')[1]).get('node')).toBe(node);
  });
});
