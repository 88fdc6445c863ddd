import type { NamespaceOverview, Overview } from '@sextant/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLocation } from '../../lib/router.ts';
import { installFakeServer } from '../../test/fakeServer.ts';
import { renderWithClient } from '../../test/renderWithClient.tsx';
import { OverviewPage } from './OverviewPage.tsx';

const counts = (over: object = {}) => ({
  healthy: 0,
  degraded: 0,
  failing: 0,
  notReady: 0,
  noData: 0,
  ...over,
});

const ns = (over: Partial<NamespaceOverview>): NamespaceOverview => ({
  name: 'bookinfo',
  istioInjection: true,
  mtls: 'ENABLED',
  health: 'healthy',
  apps: counts({ healthy: 4 }),
  workloads: counts({ healthy: 6 }),
  reasons: [],
  config: { objects: 3, errors: 0, warnings: 0 },
  traffic: {
    requestRate: 12.5,
    errorPercent: 0,
    requestSeries: [
      [100, 12],
      [130, 12.5],
    ],
    errorSeries: [],
  },
  ...over,
});

const OVERVIEW: Overview = {
  timestamp: 130,
  duration: 600,
  namespaces: [
    ns({}),
    ns({
      name: 'shop',
      health: 'failing',
      apps: counts({ failing: 1, healthy: 1 }),
      workloads: counts({ failing: 1, healthy: 1 }),
      reasons: ['cart-v1: 0 of 2 pods ready'],
      config: { objects: 2, errors: 1, warnings: 0 },
    }),
  ],
};

/** The page as App mounts it: the query string comes from the location. */
function Routed() {
  return <OverviewPage search={useLocation().search} />;
}

beforeEach(() => window.history.replaceState(null, '', '/'));
afterEach(() => vi.unstubAllGlobals());

describe('OverviewPage', () => {
  it('shows a card per namespace, failing first, with counts, reasons, rates and links', async () => {
    installFakeServer({ 'GET /api/overview': { body: OVERVIEW } });
    renderWithClient(<OverviewPage search="" />);
    expect(screen.getByText('Loading the overview…')).toBeTruthy();
    const cards = await screen.findAllByRole('article');
    expect(cards.map((c) => c.getAttribute('data-namespace'))).toEqual(['shop', 'bookinfo']);
    const shop = within(cards[0]!);
    expect(shop.getByText('Failing')).toBeTruthy();
    expect(shop.getByText('cart-v1: 0 of 2 pods ready')).toBeTruthy();
    expect(shop.getByRole('link', { name: '1 error' }).getAttribute('href')).toBe(
      '/istio?namespaces=shop&valid=false',
    );
    expect(shop.getByRole('link', { name: 'shop' }).getAttribute('href')).toBe('/graph?namespaces=shop');
    const bookinfo = within(cards[1]!);
    expect(bookinfo.getByText('12.5')).toBeTruthy();
    expect(bookinfo.getByText('4 healthy')).toBeTruthy();
    expect(bookinfo.getByRole('img', { name: /Inbound requests of bookinfo/ })).toBeTruthy();
  });

  it('switches to the table through the URL and filters by name', async () => {
    installFakeServer({ 'GET /api/overview': { body: OVERVIEW } });
    const user = userEvent.setup();
    renderWithClient(<Routed />);
    await user.click(await screen.findByRole('button', { name: 'Table' }));
    expect(window.location.search).toBe('?view=table');
    const table = await screen.findByRole('table', { name: 'Namespaces overview' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    await user.type(screen.getByRole('searchbox', { name: 'Filter by name' }), 'book');
    expect(window.location.search).toBe('?view=table&filter=book');
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2);
  });

  it('says when Prometheus is down, and keeps health from Kubernetes', async () => {
    installFakeServer({
      'GET /api/overview': {
        body: {
          ...OVERVIEW,
          namespaces: [ns({ traffic: null })],
          errors: [{ source: 'prometheus', message: 'Traffic and request health are unavailable' }],
        },
      },
    });
    renderWithClient(<OverviewPage search="" />);
    expect((await screen.findByText(/Traffic and request health are unavailable/)).textContent).toContain(
      'Prometheus',
    );
    expect(screen.getByText('Traffic unknown: Prometheus did not answer.')).toBeTruthy();
    expect(within(screen.getByRole('article')).getByText('Healthy')).toBeTruthy();
  });

  it('an empty cluster and a failed first load are said in words', async () => {
    installFakeServer({ 'GET /api/overview': { body: { ...OVERVIEW, namespaces: [] } } });
    const { unmount } = renderWithClient(<OverviewPage search="" />);
    expect(await screen.findByText('No namespaces')).toBeTruthy();
    unmount();
    installFakeServer({
      'GET /api/overview': {
        status: 403,
        body: { error: { code: 'FORBIDDEN', message: 'Kubernetes refused access' } },
      },
    });
    renderWithClient(<OverviewPage search="" />);
    expect(await screen.findByText('Could not load the overview')).toBeTruthy();
  });
});
