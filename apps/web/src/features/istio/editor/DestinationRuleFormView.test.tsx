import { destinationRuleToForm } from '@sextant/mesh';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { namespaceKeys } from '../../../api/namespaces.ts';
import { serviceKeys } from '../../../api/services.ts';
import { DestinationRuleFormView } from './DestinationRuleFormView.tsx';

const DR = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'reviews', namespace: 'bookinfo' },
  spec: {
    host: 'reviews.bookinfo.svc.cluster.local',
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      {
        name: 'v9',
        labels: { version: 'v9' },
        trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3 } },
      },
    ],
  },
};

const workload = (v: string) => ({
  name: `reviews-${v}`,
  kind: 'Deployment' as const,
  labels: { app: 'reviews', version: v },
  replicas: 1,
});

function render(
  workloads = ['v1', 'v2', 'v3'].map(workload),
  problems: ReadonlyMap<string, string[]> = new Map(),
) {
  const client = new QueryClient();
  client.setQueryData(namespaceKeys.list(), [
    { name: 'bookinfo', labels: {}, istioInjection: true, mtls: null },
  ]);
  client.setQueryData(serviceKeys.list('bookinfo'), [
    { name: 'details', namespace: 'bookinfo', selector: { app: 'details' }, ports: [] },
    { name: 'reviews', namespace: 'bookinfo', selector: { app: 'reviews' }, ports: [] },
  ]);
  client.setQueryData(serviceKeys.workloads('bookinfo', 'reviews'), {
    service: 'reviews',
    namespace: 'bookinfo',
    selector: { app: 'reviews' },
    workloads,
  });
  return renderToStaticMarkup(
    <QueryClientProvider client={client}>
      <DestinationRuleFormView
        namespace="bookinfo"
        form={destinationRuleToForm(DR)}
        onChange={() => undefined}
        problems={problems}
      />
    </QueryClientProvider>,
  );
}

describe('DestinationRuleFormView', () => {
  const html = render();

  it('reads the FQDN host as the Service and names the workloads it selects', () => {
    expect(html).toContain('Service reviews selects 3 workloads: reviews-v1, reviews-v2, reviews-v3');
  });

  it('suggests the namespace’s services as hosts and the workloads’ label keys and values', () => {
    expect(html).toContain('<option value="details">');
    expect(html).toContain('<option value="version">');
    expect(html).toContain('<option value="v3">');
  });

  it('tells per subset which workloads it matches, and warns when none', () => {
    expect(html).toContain('Matches 1 workload: reviews-v1');
    expect(html).toContain('Matches no workload of reviews');
  });

  it('offers the missing versions as subsets', () => {
    expect(html).toContain('No subset yet for v2, v3');
    expect(html).toMatch(/<button type="button" class="button button--small">Add a subset per version/);
  });

  it('shows subset policies collapsed to a summary', () => {
    expect(html).toContain('Subset policy:</span> none');
    expect(html).toContain('outlier detection');
    expect(html).toContain('aria-label="Edit traffic policy of subset 2"');
    expect(html).not.toContain('aria-label="Traffic policy of subset 2"');
  });

  it('disables the per-version button when every version has a subset', () => {
    const only = render([workload('v1')]);
    expect(only).toContain('Every version has a subset');
    expect(only).toMatch(
      /<button type="button" class="button button--small" disabled="">Add a subset per version/,
    );
  });

  it('shows findings at the subset they are about, opening a subset policy that has one', () => {
    const withProblems = render(
      undefined,
      new Map([
        ['spec.subsets[1].labels', ['warning: Subset "v9": no workload has labels version=v9']],
        ['spec.subsets[0].trafficPolicy.tls.mode', ['warning: DISABLE against STRICT']],
        ['spec.workloadSelector.matchLabels', ['warning: No workload has labels app=x']],
      ]),
    );
    expect(withProblems).toContain('no workload has labels version=v9');
    expect(withProblems).toContain('aria-label="Traffic policy of subset 1"');
    expect(withProblems).toContain('DISABLE against STRICT');
    expect(withProblems).toContain(
      'spec.workloadSelector.matchLabels: warning: No workload has labels app=x',
    );
  });
});
