import type { Graph } from '@sextant/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeServer } from '../../test/fakeServer.ts';
import { renderWithClient } from '../../test/renderWithClient.tsx';
import type { NodeGraphCanvasProps } from '../graph/cytoscape/NodeGraphCanvas.tsx';
import { TrafficSection } from './TrafficSection.tsx';

// happy-dom draws no canvas: the drawing stands in as the nodes and edges it is given, each node a
// button that does what a tap on it does. Chromium checks the real drawing (e2e/applications.spec.ts).
vi.mock('../graph/cytoscape/NodeGraphCanvas.tsx', () => ({
  default: (props: NodeGraphCanvasProps) => (
    <>
      <div role="img" aria-label={props.label} />
      <ul aria-label="Drawn nodes">
        {props.elements
          .filter((e) => e.group === 'nodes')
          .map((e) => (
            <li key={String(e.data.id)}>
              <button
                type="button"
                aria-current={String(e.classes).split(' ').includes('subject') ? 'true' : undefined}
                onClick={() => {
                  const href = props.links.get(String(e.data.id));
                  if (href) props.onOpen(href);
                }}
              >
                {String(e.data.name)}
              </button>
            </li>
          ))}
      </ul>
      <ul aria-label="Drawn edges">
        {props.elements
          .filter((e) => e.group === 'edges')
          .map((e) => (
            <li key={String(e.data.id)}>{String(e.data.label).replace('\n', ' / ')}</li>
          ))}
      </ul>
    </>
  ),
}));

const GRAPH_PATH = 'GET /api/namespaces/bookinfo/workloads/reviews-v2/graph';
const subject = { kind: 'workload', namespace: 'bookinfo', name: 'reviews-v2' } as const;

const node = (id: string, workload: string) => ({
  data: {
    id,
    cluster: 'Kubernetes',
    namespace: 'bookinfo',
    nodeType: 'workload',
    workload,
    app: workload.replace(/-v\d$/, ''),
    version: workload.slice(-2),
    health: 'Healthy',
  },
});
const edge = (source: string, target: string, http: number, httpPercentErr = 0) => ({
  data: {
    id: `${source}>${target}`,
    source,
    target,
    traffic: { protocol: 'http', rates: { http, httpPercentErr }, responses: {} },
    health: httpPercentErr > 0 ? 'Degraded' : 'Healthy',
  },
});

/** reviews-v2's node graph as the server answers it: the workload, its caller and its callee. */
function reviewsV2NodeGraph(): Graph {
  return {
    timestamp: 1_700_000_000,
    duration: 120,
    graphType: 'workload',
    elements: {
      nodes: [node('pp', 'productpage-v1'), node('r2', 'reviews-v2'), node('rt', 'ratings-v1')],
      edges: [edge('pp', 'r2', 0.4), edge('r2', 'rt', 0.39, 5)],
    },
  } as unknown as Graph;
}

const quietGraph = (): Graph => ({ ...reviewsV2NodeGraph(), elements: { nodes: [], edges: [] } });

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

describe('TrafficSection (compact: the Overview tab of a details page)', () => {
  it('draws the node graph, lists callers and callees with links, and links the traffic graph', async () => {
    installFakeServer({ [GRAPH_PATH]: { body: reviewsV2NodeGraph() } });
    renderWithClient(<TrafficSection subject={subject} compact />);
    const drawing = await screen.findByRole('img', { name: /^Node graph of reviews-v2/ });
    expect(drawing.getAttribute('aria-label')).toBe('Node graph of reviews-v2: 1 caller, 1 callee');
    const drawn = screen.getByRole('list', { name: 'Drawn nodes' });
    expect(
      within(drawn)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['productpage-v1', 'reviews-v2', 'ratings-v1']);
    // The subject is marked; the edges carry the rate, and the error share when there is one.
    expect(within(drawn).getByRole('button', { current: true }).textContent).toBe('reviews-v2');
    expect(
      within(screen.getByRole('list', { name: 'Drawn edges' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['0.4 rps', '0.39 rps / 5% err']);
    // A tap on the subject goes nowhere; on a peer, to its page.
    await userEvent.click(within(drawn).getByRole('button', { name: 'reviews-v2' }));
    expect(window.location.pathname).toBe('/');
    await userEvent.click(within(drawn).getByRole('button', { name: 'ratings-v1' }));
    expect(window.location.pathname).toBe('/namespaces/bookinfo/workloads/ratings-v1');

    const callers = screen.getByRole('list', { name: 'Called by' });
    const caller = within(callers).getByRole('link', { name: 'productpage-v1' });
    expect(caller.getAttribute('href')).toBe('/namespaces/bookinfo/workloads/productpage-v1');
    expect(callers.textContent).toMatch(/productpage-v1 [\d.]+ req\/s/);
    const callees = screen.getByRole('list', { name: 'Calls' });
    expect(within(callees).getByRole('link', { name: 'ratings-v1' }).getAttribute('href')).toBe(
      '/namespaces/bookinfo/workloads/ratings-v1',
    );
    expect(screen.getByRole('link', { name: 'Open in the traffic graph' }).getAttribute('href')).toBe(
      '/graph?namespaces=bookinfo&graphType=workload&node=workload:bookinfo:reviews-v2',
    );

    // A click on a peer's name opens its page in the app (no reload).
    await userEvent.click(caller);
    expect(window.location.pathname).toBe('/namespaces/bookinfo/workloads/productpage-v1');
  });

  it('says when nothing flowed, instead of an empty drawing', async () => {
    installFakeServer({ [GRAPH_PATH]: { body: quietGraph() } });
    renderWithClient(<TrafficSection subject={subject} compact />);
    const empty = await screen.findByText('No traffic in the last 2 minutes');
    expect(empty.closest('[role="status"]')?.textContent).toContain('Nothing called reviews-v2');
    expect(screen.queryByRole('img', { name: /Node graph/ })).toBeNull();
    expect(screen.getByRole('link', { name: 'Open in the traffic graph' })).toBeTruthy();
  });

  it('shows why the traffic could not be read, with a retry that recovers', async () => {
    const server = installFakeServer({
      [GRAPH_PATH]: {
        status: 503,
        body: { error: { code: 'UPSTREAM_UNAVAILABLE', message: 'Prometheus is unreachable' } },
      },
    });
    renderWithClient(<TrafficSection subject={subject} compact />);
    const alert = await screen.findByRole('alert', {}, { timeout: 5_000 });
    expect(alert.textContent).toContain('Callers and callees could not be read');
    expect(alert.textContent).toContain('Prometheus is unreachable');

    server.routes[GRAPH_PATH] = { body: reviewsV2NodeGraph() };
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('img', { name: /^Node graph of reviews-v2/ })).toBeTruthy();
  });
});

describe('TrafficSection (the Traffic tab)', () => {
  it('tables inbound and outbound peers with their pages linked', async () => {
    installFakeServer({ [GRAPH_PATH]: { body: reviewsV2NodeGraph() } });
    renderWithClient(<TrafficSection subject={subject} />);
    const inbound = await screen.findByRole('table', { name: 'Inbound traffic' });
    expect(within(inbound).getByRole('link', { name: 'productpage-v1' })).toBeTruthy();
    const outbound = screen.getByRole('table', { name: 'Outbound traffic' });
    expect(within(outbound).getByRole('rowheader').textContent).toContain('ratings-v1');
  });
});
