import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeServer } from '../../test/fakeServer.ts';
import { renderWithClient } from '../../test/renderWithClient.tsx';
import { WorkloadLogs } from './WorkloadLogs.tsx';

const POD = {
  name: 'reviews-v1-abc',
  phase: 'Running',
  ready: true,
  containers: [
    { name: 'reviews', isSidecar: false, isInit: false },
    { name: 'istio-proxy', isSidecar: true, isInit: false },
    { name: 'istio-init', isSidecar: false, isInit: true },
  ],
};
const access = (code: number, flags: string, path: string) =>
  `[2026-12-04T22:08:24.194Z] "GET ${path} HTTP/1.1" ${code} ${flags} via_upstream - "-" 0 10 7 6 "-" "-" "id" "reviews:9080" "10.0.0.6:9080" outbound|9080||ratings.bookinfo.svc.cluster.local - 10.0.0.6:9080 10.0.0.2:1 - default`;
const line = (text: string) => ({ time: '2026-12-04T22:08:24.194000000Z', text });

const PODS_PATH = 'GET /api/namespaces/bookinfo/workloads/reviews-v1/pods';
const LOGS_PATH = 'GET /api/namespaces/bookinfo/pods/reviews-v1-abc/logs';

function logsByContainer(request: { search: string }) {
  const container = new URLSearchParams(request.search).get('container');
  return {
    body: {
      pod: POD.name,
      container,
      lines:
        container === 'istio-proxy'
          ? [
              line('info\tEnvoy proxy is ready'),
              line(access(200, '-', '/ratings/1')),
              line(access(503, 'UH', '/ratings/2')),
            ]
          : [line('INFO  GET /reviews/0 -> 200 in 7 ms'), line('ERROR GET /reviews/1 -> 500 in 3 ms')],
    },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  // The view's choices live in the URL: each test starts from a clean one.
  window.history.replaceState(null, '', '/');
});

describe('WorkloadLogs', () => {
  it("shows the app container's lines first, then the sidecar's access log in columns with codes and flags", async () => {
    const server = installFakeServer({ [PODS_PATH]: { body: [POD] }, [LOGS_PATH]: logsByContainer });
    renderWithClient(<WorkloadLogs namespace="bookinfo" workload="reviews-v1" />);
    const lines = await screen.findByRole('list', { name: 'Log lines' });
    expect(within(lines).getAllByRole('listitem')).toHaveLength(2);
    expect(server.calls.at(-1)?.search).toBe('?container=reviews&tailLines=500');

    // A pod with a sidecar shows its containers side by side, the app's chosen.
    const containers = screen.getByRole('radiogroup', { name: 'Container' });
    expect(
      within(containers)
        .getAllByRole('radio')
        .map((r) => r.closest('label')?.textContent),
    ).toEqual(['reviews', 'istio-proxy (access log)', 'istio-init (init)']);
    expect(within(containers).getByRole('radio', { checked: true }).getAttribute('value')).toBe('reviews');
    await userEvent.click(within(containers).getByRole('radio', { name: 'istio-proxy (access log)' }));
    const table = await screen.findByRole('table', { name: 'Access log' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[2]!).getByText('503').className).toContain('logs-code--serverError');
    expect(within(rows[2]!).getByText('UH').getAttribute('title')).toBe('No healthy upstream hosts');
    expect(within(rows[1]!).getByText('ratings.bookinfo:9080')).toBeTruthy();
    // The raw line on demand.
    await userEvent.click(within(rows[2]!).getByRole('button', { expanded: false }));
    expect(within(table).getByText(/"GET \/ratings\/2 HTTP\/1.1" 503 UH/)).toBeTruthy();
  });

  it('filters by the search and marks the matches', async () => {
    installFakeServer({ [PODS_PATH]: { body: [POD] }, [LOGS_PATH]: logsByContainer });
    renderWithClient(<WorkloadLogs namespace="bookinfo" workload="reviews-v1" />);
    await screen.findByRole('list', { name: 'Log lines' });
    await userEvent.type(screen.getByRole('searchbox'), 'error');
    const lines = screen.getByRole('list', { name: 'Log lines' });
    expect(within(lines).getAllByRole('listitem')).toHaveLength(1);
    expect(lines.querySelector('mark')?.textContent).toBe('ERROR');
    expect(screen.getByText('1 of 2 lines match')).toBeTruthy();
    await userEvent.clear(screen.getByRole('searchbox'));
    await userEvent.type(screen.getByRole('searchbox'), 'nothing like it');
    expect(screen.getByText('No line matches “nothing like it”.')).toBeTruthy();
  });

  it('says so when the workload has no pods', async () => {
    installFakeServer({ [PODS_PATH]: { body: [] } });
    renderWithClient(<WorkloadLogs namespace="bookinfo" workload="reviews-v1" />);
    expect(await screen.findByRole('heading', { name: 'No pods' })).toBeTruthy();
  });

  it("shows Kubernetes' refusal of the log with a retry", async () => {
    installFakeServer({
      [PODS_PATH]: { body: [POD] },
      [LOGS_PATH]: {
        status: 403,
        body: { error: { code: 'FORBIDDEN', message: 'User "bob" cannot get resource "pods/log"' } },
      },
    });
    renderWithClient(<WorkloadLogs namespace="bookinfo" workload="reviews-v1" />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not read the log of reviews-v1-abc/reviews');
    expect(alert.textContent).toContain('cannot get resource "pods/log"');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('shows an empty container as such', async () => {
    installFakeServer({
      [PODS_PATH]: { body: [POD] },
      [LOGS_PATH]: { body: { pod: POD.name, container: 'reviews', lines: [] } },
    });
    renderWithClient(<WorkloadLogs namespace="bookinfo" workload="reviews-v1" />);
    await waitFor(() => expect(screen.getByText('reviews-v1-abc/reviews wrote nothing.')).toBeTruthy());
  });

  it('follows: the streamed lines show under "Live", and leaving follow reads the log again', async () => {
    const server = installFakeServer({ [PODS_PATH]: { body: [POD] }, [LOGS_PATH]: logsByContainer });
    const answerJson = globalThis.fetch;
    let streamController: ReadableStreamDefaultController<Uint8Array> | undefined;
    vi.stubGlobal('fetch', (input: string, init?: RequestInit) => {
      if (!String(input).includes('follow=true')) return answerJson(input, init);
      const body = new ReadableStream<Uint8Array>({ start: (c) => void (streamController = c) });
      return Promise.resolve(new Response(body, { headers: { 'content-type': 'application/x-ndjson' } }));
    });
    renderWithClient(<WorkloadLogs namespace="bookinfo" workload="reviews-v1" />);
    await screen.findByRole('list', { name: 'Log lines' });
    const snapshots = () => server.calls.filter((c) => c.path.endsWith('/logs')).length;
    expect(snapshots()).toBe(1);

    await userEvent.click(screen.getByRole('button', { name: 'Follow' }));
    await screen.findByText('Live');
    streamController!.enqueue(
      new TextEncoder().encode(
        '{"time":"2026-12-04T22:09:00Z","text":"INFO  GET /reviews/9 -> 200 in 4 ms"}\n',
      ),
    );
    const lines = await screen.findByRole('list', { name: 'Log lines' });
    await waitFor(() => expect(within(lines).getAllByRole('listitem')).toHaveLength(1));
    expect(lines.textContent).toContain('GET /reviews/9');

    await userEvent.click(screen.getByRole('button', { name: 'Following' }));
    await waitFor(() => expect(snapshots()).toBe(2));
  });

  it('keeps its choices in the URL: a reload (a new render from the same URL) shows the same view', async () => {
    installFakeServer({ [PODS_PATH]: { body: [POD] }, [LOGS_PATH]: logsByContainer });
    window.history.replaceState(null, '', '/namespaces/bookinfo/workloads/reviews-v1?tab=logs');
    const first = renderWithClient(<WorkloadLogs namespace="bookinfo" workload="reviews-v1" />);
    await screen.findByRole('list', { name: 'Log lines' });
    await userEvent.click(screen.getByRole('radio', { name: 'istio-proxy (access log)' }));
    await userEvent.type(screen.getByRole('searchbox'), '503');
    await waitFor(() => expect(new URLSearchParams(window.location.search).get('q')).toBe('503'));
    expect(window.location.search).toBe('?tab=logs&container=istio-proxy&q=503');
    first.unmount();

    renderWithClient(<WorkloadLogs namespace="bookinfo" workload="reviews-v1" />);
    const proxy = (await screen.findByRole('radio', {
      name: 'istio-proxy (access log)',
    })) as HTMLInputElement;
    expect(proxy.checked).toBe(true);
    expect((screen.getByRole('searchbox') as HTMLInputElement).value).toBe('503');
  });

  it('back and forward step through the choices, the search field included', async () => {
    installFakeServer({ [PODS_PATH]: { body: [POD] }, [LOGS_PATH]: logsByContainer });
    window.history.replaceState(null, '', '/namespaces/bookinfo/workloads/reviews-v1?tab=logs');
    renderWithClient(<WorkloadLogs namespace="bookinfo" workload="reviews-v1" />);
    await screen.findByRole('list', { name: 'Log lines' });
    await userEvent.type(screen.getByRole('searchbox'), 'GET');
    await userEvent.click(screen.getByRole('radio', { name: 'istio-proxy (access log)' }));
    await screen.findByRole('table', { name: 'Access log' });
    await userEvent.clear(screen.getByRole('searchbox'));
    await userEvent.type(screen.getByRole('searchbox'), '503');
    expect(window.location.search).toBe('?tab=logs&container=istio-proxy&q=503');

    // Back: the app container, and the search typed before the container changed.
    window.history.back();
    await waitFor(() => expect(window.location.search).toBe('?tab=logs&q=GET'));
    window.dispatchEvent(new PopStateEvent('popstate'));
    await waitFor(() =>
      expect((screen.getByRole('radio', { name: 'reviews' }) as HTMLInputElement).checked).toBe(true),
    );
    expect((screen.getByRole('searchbox') as HTMLInputElement).value).toBe('GET');
    expect(await screen.findByRole('list', { name: 'Log lines' })).toBeTruthy();
  });

  it('a pod with one container needs no choice among many: a plain select', async () => {
    const lone = { ...POD, containers: [POD.containers[0]!] };
    installFakeServer({ [PODS_PATH]: { body: [lone] }, [LOGS_PATH]: logsByContainer });
    renderWithClient(<WorkloadLogs namespace="bookinfo" workload="reviews-v1" />);
    await screen.findByRole('list', { name: 'Log lines' });
    expect(screen.queryByRole('radiogroup')).toBeNull();
    expect((screen.getByLabelText('Container') as HTMLSelectElement).value).toBe('reviews');
  });
});
