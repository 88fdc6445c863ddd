import type { WorkloadList } from '@sextant/contracts';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeServer } from '../../test/fakeServer.ts';
import { renderWithClient } from '../../test/renderWithClient.tsx';
import { WorkloadsListPage } from './WorkloadsListPage.tsx';

afterEach(() => vi.unstubAllGlobals());

const list: WorkloadList = {
  namespace: 'bookinfo',
  duration: 120,
  workloads: [
    {
      name: 'details-v1',
      namespace: 'bookinfo',
      kind: 'Deployment',
      labels: { app: 'details', version: 'v1' },
      app: 'details',
      version: 'v1',
      replicas: 0,
      readyReplicas: 0,
      hasSidecar: true,
      health: { status: 'Not Ready', reasons: ['details-v1: scaled to 0 replicas'] },
      warnings: [],
      istioConfig: [],
      traffic: { requestRate: 0, errorPercent: 0 },
    },
    {
      name: 'reviews-v2',
      namespace: 'bookinfo',
      kind: 'Deployment',
      labels: { app: 'reviews' },
      app: 'reviews',
      replicas: 1,
      readyReplicas: 1,
      hasSidecar: false,
      health: {
        status: 'Failure',
        reasons: ['20% of HTTP requests got 5xx or no response (failing at 10% or more)'],
      },
      warnings: [
        { code: 'missingSidecar', message: 'reviews-v2 has no istio-proxy sidecar' },
        { code: 'missingVersion', message: 'reviews-v2 has no version label' },
      ],
      istioConfig: [
        {
          kind: 'VirtualService',
          namespace: 'bookinfo',
          name: 'reviews',
          via: 'service',
          worstSeverity: 'error',
        },
      ],
      traffic: { requestRate: 2.5, errorPercent: 20 },
    },
  ],
  errors: [{ source: 'prometheus', message: 'Traffic and request health are unavailable: timeout' }],
};

describe('WorkloadsListPage', () => {
  it('shows each workload with health in words, warnings, config links and rates', async () => {
    installFakeServer({
      'GET /api/namespaces': { body: [{ name: 'bookinfo', labels: {}, istioInjection: 'enabled' }] },
      'GET /api/namespaces/bookinfo/workloads': { body: list },
    });
    renderWithClient(<WorkloadsListPage search="namespaces=bookinfo" />);
    const table = await screen.findByRole('table', { name: 'Workloads' });
    const row = (name: string) =>
      within(table)
        .getAllByRole('row')
        .find((r) => within(r).queryByRole('rowheader', { name }))!;
    expect(within(row('details-v1')).getByText('Not Ready')).toBeTruthy();
    expect(within(row('details-v1')).getByText('details-v1: scaled to 0 replicas')).toBeTruthy();
    const reviews = row('reviews-v2');
    expect(within(reviews).getByText('No sidecar')).toBeTruthy();
    expect(within(reviews).getByText('No version label')).toBeTruthy();
    expect(
      within(reviews)
        .getByRole('link', { name: /VS: reviews/ })
        .getAttribute('href'),
    ).toBe('/istio/bookinfo/virtualservices/reviews');
    expect(within(reviews).getByRole('link', { name: 'reviews-v2' }).getAttribute('href')).toBe(
      '/namespaces/bookinfo/workloads/reviews-v2',
    );
    expect(within(reviews).getByText('2.5 req/s')).toBeTruthy();
    expect(within(reviews).getByText('20%')).toBeTruthy();
    expect(screen.getByText('Traffic and request health are unavailable: timeout')).toBeTruthy();
  });

  it('says why when the namespace does not exist', async () => {
    installFakeServer({
      'GET /api/namespaces': { body: [] },
      'GET /api/namespaces/nope/workloads': {
        status: 404,
        body: { error: { code: 'NOT_FOUND', message: 'namespaces "nope" not found' } },
      },
    });
    renderWithClient(<WorkloadsListPage search="namespaces=nope" />);
    expect(await screen.findByRole('heading', { name: 'Namespace not found' })).toBeTruthy();
  });
});
