import { destinationRuleToForm } from '@sextant/mesh';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
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

/** The form with the editor's queries answered from the cache (no network in a component test). */
function show(
  workloads = ['v1', 'v2', 'v3'].map(workload),
  problems: ReadonlyMap<string, string[]> = new Map(),
) {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(namespaceKeys.list(), [
    { name: 'bookinfo', labels: {}, istioInjection: true, mtls: null },
  ]);
  client.setQueryData(serviceKeys.list('bookinfo'), [
    { name: 'details', namespace: 'bookinfo', selector: { app: 'details' }, ports: [], warnings: [] },
    { name: 'reviews', namespace: 'bookinfo', selector: { app: 'reviews' }, ports: [], warnings: [] },
  ]);
  client.setQueryData(serviceKeys.workloads('bookinfo', 'reviews'), {
    service: 'reviews',
    namespace: 'bookinfo',
    selector: { app: 'reviews' },
    workloads,
  });
  function Editable() {
    const [form, setForm] = useState(destinationRuleToForm(DR));
    return (
      <DestinationRuleFormView namespace="bookinfo" form={form} onChange={setForm} problems={problems} />
    );
  }
  return render(
    <QueryClientProvider client={client}>
      <Editable />
    </QueryClientProvider>,
  );
}

const options = (container: HTMLElement) =>
  [...container.querySelectorAll('datalist option')].map((o) => (o as HTMLOptionElement).value);

describe('DestinationRuleFormView', () => {
  it('reads the FQDN host as the Service and names the workloads it selects', () => {
    show();
    expect(
      screen.getByText('Service reviews selects 3 workloads: reviews-v1, reviews-v2, reviews-v3'),
    ).toBeTruthy();
  });

  it('suggests the namespace’s services as hosts and the workloads’ label keys and values', () => {
    const { container } = show();
    expect(options(container)).toEqual(expect.arrayContaining(['details', 'version', 'v3']));
  });

  it('tells per subset which workloads it matches, and warns when none', () => {
    show();
    expect(screen.getByText('Matches 1 workload: reviews-v1')).toBeTruthy();
    expect(screen.getByText(/Matches no workload of reviews/)).toBeTruthy();
  });

  it('offers the missing versions as subsets, and adds them on a click', async () => {
    show();
    expect(screen.getByText(/No subset yet for v2, v3/)).toBeTruthy();
    const add = screen.getByRole('button', { name: /^Add a subset per version/ });
    expect(add).toHaveProperty('disabled', false);
    await userEvent.click(add);
    expect(screen.getByText(/Every version has a subset/)).toBeTruthy();
    expect(screen.getByText('Matches 1 workload: reviews-v3')).toBeTruthy();
  });

  it('shows subset policies collapsed to a summary, and opens one on request', async () => {
    show();
    expect(screen.getAllByText(/outlier detection/).length).toBeGreaterThanOrEqual(1);
    expect(screen.queryByRole('region', { name: 'Traffic policy of subset 2' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Edit traffic policy of subset 2' }));
    expect(screen.getByRole('region', { name: 'Traffic policy of subset 2' })).toBeTruthy();
  });

  it('disables the per-version button when every version has a subset', () => {
    show([workload('v1')]);
    expect(screen.getByText(/Every version has a subset/)).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Add a subset per version/ })).toHaveProperty(
      'disabled',
      true,
    );
  });

  it('shows findings at the subset they are about, opening a subset policy that has one', () => {
    show(
      undefined,
      new Map([
        ['spec.subsets[1].labels', ['warning: Subset "v9": no workload has labels version=v9']],
        ['spec.subsets[0].trafficPolicy.tls.mode', ['warning: DISABLE against STRICT']],
        ['spec.workloadSelector.matchLabels', ['warning: No workload has labels app=x']],
      ]),
    );
    expect(screen.getByText(/no workload has labels version=v9/)).toBeTruthy();
    const policy = screen.getByRole('region', { name: 'Traffic policy of subset 1' });
    expect(within(policy).getByText(/DISABLE against STRICT/)).toBeTruthy();
    expect(
      screen.getByText('spec.workloadSelector.matchLabels: warning: No workload has labels app=x'),
    ).toBeTruthy();
  });
});
