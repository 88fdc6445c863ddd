import type { ServiceDetails, ServiceListItem } from '@sextant/contracts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
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

function client() {
  const c = new QueryClient();
  c.setQueryData(namespaceKeys.list(), [
    { name: 'bookinfo', labels: {}, istioInjection: true, mtls: null },
    { name: 'default', labels: {}, istioInjection: false, mtls: null },
  ]);
  return c;
}

const render = (c: QueryClient, page: React.ReactElement) =>
  renderToStaticMarkup(<QueryClientProvider client={c}>{page}</QueryClientProvider>);

describe('ServiceDetailsPage', () => {
  const c = client();
  c.setQueryData(serviceKeys.details('bookinfo', 'reviews'), reviews);
  const html = render(c, <ServiceDetailsPage namespace="bookinfo" name="reviews" />);

  it('shows the service: type, cluster IP, ports, selector', () => {
    for (const text of ['ClusterIP', '10.96.0.12', 'http 9080/TCP', 'app=reviews'])
      expect(html).toContain(text);
  });

  it('lists the routing with links to the editors and validity as icon and word', () => {
    expect(html).toContain('href="/istio/bookinfo/virtualservices/reviews"');
    expect(html).toContain('href="/istio/bookinfo/destinationrules/reviews"');
    expect(html).toContain('href="/istio/gateways/virtualservices/edge">gateways/edge</a>');
    expect(html).toMatch(/✕<\/span>Error/);
    expect(html).toMatch(/✓<\/span>Valid/);
    expect(html).toContain('subset &quot;v9&quot; is not defined');
    expect(html).toContain('reviews already has routing');
  });

  it('links the four wizards with the versions and the graph', () => {
    const link = (label: string) => new RegExp(`<a href="([^"]*)"[^>]*>${label}</a>`).exec(html)?.[1];
    expect(link('Shift traffic')).toBe(
      '/istio/wizards/traffic-shift?namespace=bookinfo&amp;service=reviews&amp;versions=v1,v2',
    );
    expect(link('Set timeout')).toMatch(/versions=v1,v2&amp;kind=timeout$/);
    expect(link('Show in graph')).toBe(
      '/graph?namespaces=bookinfo&amp;find=service+%3D+reviews+or+app+%3D+reviews',
    );
  });

  it('shows replicas, warning when fewer are ready', () => {
    expect(html).toContain('2 of 2 ready');
    expect(html).toMatch(/replicas--short.*1 of 2 ready/);
  });

  it('disables the two-version wizards for a single version, saying why', () => {
    const single = client();
    single.setQueryData(serviceKeys.details('bookinfo', 'ratings'), {
      ...reviews,
      service: { ...reviews.service, name: 'ratings' },
      versions: ['v1'],
      istioConfig: [],
    });
    const out = render(single, <ServiceDetailsPage namespace="bookinfo" name="ratings" />);
    expect(out).toMatch(/<button[^>]*disabled[^>]*>Shift traffic<\/button>/);
    expect(out).toContain('Needs two versions of ratings; it has one (v1)');
    expect(out).toContain('No VirtualService or DestinationRule applies to ratings');
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

  it('lists the services with workloads, versions and routing badges', () => {
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
    const html = render(c, <ServicesListPage search="namespaces=bookinfo" />);
    expect(html).toContain('href="/namespaces/bookinfo/services/reviews"');
    expect(html).toContain('3 workloads');
    expect(html).toMatch(/VS<\/abbr>.*DR<\/abbr>.*✕<\/span>Error/);
    expect(html).toContain('No routing');
    expect(html).toContain('Unknown');
    expect(html).toContain('12% of HTTP requests got 5xx or no response');
    expect(html).toContain('4.2');
  });

  it('says when a namespace has no services', () => {
    const c = client();
    c.setQueryData(serviceKeys.listWithHealth('default'), []);
    const html = render(c, <ServicesListPage search="namespaces=default" />);
    expect(html).toContain('No services in default');
  });
});
