import type { Namespace } from '@sextant/contracts';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
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

function render(props: Partial<Parameters<typeof NamespacesView>[0]> = {}): string {
  return renderToStaticMarkup(
    <NamespacesView
      namespaces={NAMESPACES}
      updatedAt={0}
      staleError={null}
      refreshing={false}
      onRefresh={() => {}}
      {...props}
    />,
  );
}

describe('NamespacesView', () => {
  it('lists namespaces in a named table with injection badges and labels', () => {
    const html = render();
    expect(html).toContain('<table class="table" aria-label="Namespaces">');
    expect(html).toContain('<th scope="row" class="table__name">bookinfo</th>');
    expect(html).toContain('Enabled');
    expect(html).toContain('Disabled');
    expect(html).toContain('istio-injection=enabled');
    expect(html).not.toContain('kubernetes.io/metadata.name');
    expect(html).toContain('2 namespaces · 1 with sidecar injection');
    expect(html).not.toContain('role="status"');
  });

  it('shows an empty state instead of an empty table', () => {
    const html = render({ namespaces: [] });
    expect(html).toContain('No namespaces');
    expect(html).not.toContain('<table');
  });

  it('a signed-in user with no namespace is told it is RBAC, not an empty cluster', () => {
    const html = render({ namespaces: [], signedInAs: 'carol@example.com' });
    expect(html).toContain('No namespaces you may read');
    expect(html).toContain('Kubernetes RBAC lets carol@example.com read no namespace');
  });

  it('keeps the data and adds a stale banner when the refresh failed', () => {
    const error = new ApiError({
      status: 503,
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'Kubernetes is not reachable',
    });
    const html = render({ staleError: error });
    expect(html).toContain('role="status"');
    expect(html).toContain('The last refresh failed: Kubernetes is not reachable');
    expect(html).toContain('bookinfo');
  });

  it('disables Refresh while a refresh runs', () => {
    expect(render({ refreshing: true })).toMatch(/<button[^>]*disabled="">Refreshing…<\/button>/);
  });
});
