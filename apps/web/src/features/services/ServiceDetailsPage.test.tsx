import type { ServiceDetails, ServiceListItem } from '@sextant/contracts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render as renderDom, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeServer } from '../../test/fakeServer.ts';
import { namespaceKeys } from '../../api/namespaces.ts';
import { serviceKeys } from '../../api/services.ts';
import { ServiceDetailsPage } from './ServiceDetailsPage.tsx';
import { ServicesListPage } from './ServicesListPage.tsx';

const reviews: ServiceDetails = {
  service: {
    name: 'reviews',
    namespace: 'bookinfo',
    selector: { app: 'reviews' },
    ports: [{ name: 'http', port: 9080, protocol: 'TCP' }],
    labels: { app: 'reviews' },
    type: 'ClusterIP',
    clusterIP: '10.96.0.12',
  },
  workloads: ['v1', 'v2'].map((v, i) => ({
    name: `reviews-${v}`,
    kind: 'Deployment' as const,
    labels: { app: 'reviews', version: v },
    replicas: 2,
    readyReplicas: 2 - i,
  })),
  versions: ['v1', 'v2'],
  istioConfig: [
    {
      kind: 'DestinationRule',
      name: 'reviews',
      namespace: 'bookinfo',
      relation: 'host',
      hosts: ['reviews'],
      subsets: ['v1', 'v2'],
      validations: [],
    },
    {
      kind: 'VirtualService',
      name: 'reviews',
      namespace: 'bookinfo',
      relation: 'host',
      hosts: ['reviews'],
      subsets: [],
      validations: [
        {
          code: 'VS_SUBSET_NOT_FOUND',
          severity: 'error',
          message: 'subset "v9" is not defined by any DestinationRule for reviews',
          objectRef: { kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' },
          path: 'spec.http[0].route[1].destination.subset',
        },
      ],
    },
    {
      kind: 'VirtualService',
      name: 'edge',
      namespace: 'gateways',
      relation: 'destination',
      hosts: ['*'],
      subsets: [],
      validations: [],
    },
  ],
};

/** A client whose seeded answers stay fresh: what is not seeded goes to a fake server (404). */
function client() {
  const c = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  c.setQueryData(namespaceKeys.list(), [
    { name: 'bookinfo', labels: {}, istioInjection: true, mtls: null },
    { name: 'default', labels: {}, istioInjection: false, mtls: null },
  ]);
  return c;
}

const render = (c: QueryClient, page: React.ReactElement) => {
  installFakeServer({});
  return renderDom(<QueryClientProvider client={c}>{page}</QueryClientProvider>);
};

afterEach(() => vi.unstubAllGlobals());

const href = (name: string | RegExp) => screen.getByRole('link', { name }).getAttribute('href');

describe('ServiceDetailsPage', () => {
  const show = () => {
    const c = client();
    c.setQueryData(serviceKeys.details('bookinfo', 'reviews'), reviews);
    return render(c, <ServiceDetailsPage namespace="bookinfo" name="reviews" />);
  };

  it('shows the service: type, cluster IP, ports, selector', () => {
    show();
    const card = screen.getByRole('region', { name: 'Service' });
    for (const text of ['ClusterIP', '10.96.0.12', 'http 9080/TCP'])
      expect(within(card).getByText(text)).toBeTruthy();
    expect(within(card).getAllByText('app=reviews').length).toBeGreaterThanOrEqual(1);
  });

  it('lists the routing with links to the editors and validity as icon and word', () => {
    show();
    const routing = screen.getByRole('region', { name: 'Routing' });
    const links = within(routing)
      .getAllByRole('link')
      .map((a) => a.getAttribute('href'));
    expect(links).toEqual(
      expect.arrayContaining([
        '/istio/bookinfo/virtualservices/reviews',
        '/istio/bookinfo/destinationrules/reviews',
        '/istio/gateways/virtualservices/edge',
      ]),
    );
    expect(within(routing).getByRole('link', { name: 'gateways/edge' })).toBeTruthy();
    expect(within(routing).getAllByText('Error').length).toBeGreaterThanOrEqual(1);
    expect(within(routing).getAllByText('Valid').length).toBeGreaterThanOrEqual(1);
    expect(within(routing).getByText(/subset "v9" is not defined/)).toBeTruthy();
    expect(screen.getByText(/reviews already has routing/)).toBeTruthy();
  });

  it('links the four wizards with the versions and the graph', () => {
    show();
    expect(href('Shift traffic')).toBe(
      '/istio/wizards/traffic-shift?namespace=bookinfo&service=reviews&versions=v1,v2',
    );
    expect(href('Set timeout')).toMatch(/versions=v1,v2&kind=timeout$/);
    expect(href('Show in graph')).toBe(
      '/graph?namespaces=bookinfo&find=service+%3D+reviews+or+app+%3D+reviews',
    );
  });

  it('shows replicas, warning when fewer are ready', () => {
    show();
    const workloads = screen.getByRole('region', { name: 'Workloads' });
    expect(within(workloads).getByText('2 of 2 ready')).toBeTruthy();
    expect(within(workloads).getByText('1 of 2 ready').closest('.replicas--short')).not.toBeNull();
  });

  it('disables the two-version wizards for a single version, saying why', () => {
    const single = client();
    single.setQueryData(serviceKeys.details('bookinfo', 'ratings'), {
      ...reviews,
      service: { ...reviews.service, name: 'ratings' },
      versions: ['v1'],
      istioConfig: [],
    });
    render(single, <ServiceDetailsPage namespace="bookinfo" name="ratings" />);
    expect(screen.getByRole('button', { name: 'Shift traffic' })).toHaveProperty('disabled', true);
    expect(screen.getByText(/Needs two versions of ratings; it has one \(v1\)/)).toBeTruthy();
    expect(screen.getByText(/No VirtualService or DestinationRule applies to ratings/)).toBeTruthy();
  });
});

describe('ServicesListPage', () => {
  const item = (name: string, extra: Partial<ServiceListItem>): ServiceListItem => ({
    name,
    namespace: 'bookinfo',
    selector: { app: name },
    ports: [{ name: 'http', port: 9080 }],
    labels: {},
    workloads: 1,
    versions: ['v1'],
    warnings: [],
    ...extra,
  });

  it('lists the services with workloads, versions, routing badges, health and traffic', () => {
    const c = client();
    c.setQueryData(serviceKeys.listWithHealth('bookinfo'), [
      item('reviews', {
        workloads: 3,
        versions: ['v1', 'v2', 'v3'],
        config: { hasVS: true, hasDR: true, worstSeverity: 'error' },
        health: { status: 'Failure', reasons: ['12% of HTTP requests got 5xx or no response'] },
        traffic: { requestRate: 4.2, errorPercent: 12 },
      }),
      item('ratings', { config: { hasVS: false, hasDR: false } }),
      item('details', {}),
    ]);
    render(c, <ServicesListPage search="namespaces=bookinfo" />);
    expect(href('reviews')).toBe('/namespaces/bookinfo/services/reviews');
    const row = (name: string) => screen.getByRole('rowheader', { name }).closest('tr')!;
    const reviewsRow = row('reviews');
    expect(within(reviewsRow).getByText('3 workloads')).toBeTruthy();
    expect(within(reviewsRow).getByText('VS')).toBeTruthy();
    expect(within(reviewsRow).getByText('DR')).toBeTruthy();
    expect(within(reviewsRow).getByText('Error')).toBeTruthy();
    expect(within(reviewsRow).getByText('Failure')).toBeTruthy();
    expect(within(reviewsRow).getByText(/12% of HTTP requests got 5xx or no response/)).toBeTruthy();
    expect(within(reviewsRow).getByText(/4\.2/)).toBeTruthy();
    expect(within(row('ratings')).getByText('No routing')).toBeTruthy();
    expect(within(row('details')).getByText('Unknown')).toBeTruthy();
  });

  it('says when a namespace has no services', () => {
    const c = client();
    c.setQueryData(serviceKeys.listWithHealth('default'), []);
    render(c, <ServicesListPage search="namespaces=default" />);
    expect(screen.getByText('No services in default')).toBeTruthy();
  });
});
