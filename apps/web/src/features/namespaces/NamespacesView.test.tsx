import type { Namespace } from '@sextant/contracts';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/apiError.ts';
import { NamespacesView } from './NamespacesView.tsx';

const NAMESPACES: Namespace[] = [
  { name: 'bookinfo', labels: { 'istio-injection': 'enabled' }, istioInjection: true, mtls: null },
  {
    name: 'istio-system',
    labels: { 'kubernetes.io/metadata.name': 'istio-system' },
    istioInjection: false,
    mtls: null,
  },
];

function show(props: Partial<Parameters<typeof NamespacesView>[0]> = {}) {
  const onRefresh = vi.fn();
  render(
    <NamespacesView
      namespaces={NAMESPACES}
      updatedAt={0}
      staleError={null}
      refreshing={false}
      onRefresh={onRefresh}
      {...props}
    />,
  );
  return { onRefresh };
}

describe('NamespacesView', () => {
  it('lists namespaces in a named table, one row each, with injection in words and the labels that matter', () => {
    show();
    const table = screen.getByRole('table', { name: 'Namespaces' });
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((th) => th.textContent),
    ).toEqual(['bookinfo', 'istio-system']);
    const bookinfo = within(table).getByRole('rowheader', { name: 'bookinfo' }).closest('tr')!;
    expect(within(bookinfo).getByText('Enabled')).toBeTruthy();
    expect(within(bookinfo).getByText('istio-injection=enabled')).toBeTruthy();
    const system = within(table).getByRole('rowheader', { name: 'istio-system' }).closest('tr')!;
    expect(within(system).getByText('Disabled')).toBeTruthy();
    // Kubernetes' own name label says nothing new: it is left out.
    expect(screen.queryByText(/kubernetes\.io\/metadata\.name/)).toBeNull();
    expect(screen.getByText('2 namespaces · 1 with sidecar injection')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('shows an empty state instead of an empty table', () => {
    show({ namespaces: [] });
    expect(screen.getByText('No namespaces')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('a signed-in user with no namespace is told it is RBAC, not an empty cluster', () => {
    show({ namespaces: [], signedInAs: 'carol@example.com' });
    expect(screen.getByText('No namespaces you may read')).toBeTruthy();
    expect(screen.getByText(/Kubernetes RBAC lets carol@example\.com read no namespace/)).toBeTruthy();
  });

  it('keeps the data and adds a stale banner when the refresh failed', () => {
    const error = new ApiError({
      status: 503,
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'Kubernetes is not reachable',
    });
    show({ staleError: error });
    expect(screen.getByRole('status').textContent).toContain(
      'The last refresh failed: Kubernetes is not reachable',
    );
    expect(screen.getByRole('rowheader', { name: 'bookinfo' })).toBeTruthy();
  });

  it('Refresh asks for a refresh; it is disabled while one runs', async () => {
    const { onRefresh } = show();
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(onRefresh).toHaveBeenCalledTimes(1);
  });

  it('disables Refresh while a refresh runs', () => {
    show({ refreshing: true });
    expect(screen.getByRole('button', { name: 'Refreshing…' })).toHaveProperty('disabled', true);
  });
});
