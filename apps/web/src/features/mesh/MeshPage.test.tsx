import type { MeshStatus } from '@sextant/contracts';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeServer } from '../../test/fakeServer.ts';
import { renderWithClient } from '../../test/renderWithClient.tsx';
import { MeshPage } from './MeshPage.tsx';

const MESH: MeshStatus = {
  rootNamespace: 'istio-system',
  controlPlane: [
    {
      namespace: 'istio-system',
      name: 'istiod',
      role: 'istiod',
      version: '1.24.0',
      desiredReplicas: 1,
      readyReplicas: 1,
      health: { status: 'Healthy', reasons: [] },
    },
  ],
  gateways: [
    {
      namespace: 'istio-system',
      name: 'istio-ingressgateway',
      role: 'ingressgateway',
      version: '1.24.0',
      desiredReplicas: 2,
      readyReplicas: 0,
      health: { status: 'Failure', reasons: ['istio-ingressgateway: 0 of 2 pods ready'] },
    },
  ],
  mtls: { meshPolicyMode: 'STRICT', status: 'ENABLED' },
  config: { namespaces: 3, objects: 7, errors: 1, warnings: 2 },
};

afterEach(() => vi.unstubAllGlobals());

describe('MeshPage', () => {
  it('shows istiod with version and health, gateways, the mesh-wide mode and config totals', async () => {
    installFakeServer({ 'GET /api/mesh': { body: MESH } });
    renderWithClient(<MeshPage />);
    expect(screen.getByText('Loading the mesh…')).toBeTruthy();
    const control = await screen.findByRole('table', { name: 'Control plane' });
    const istiod = within(control).getByRole('row', { name: /istio-system\/istiod/ });
    expect(within(istiod).getByText('1.24.0')).toBeTruthy();
    expect(within(istiod).getByText(/Healthy/)).toBeTruthy();
    const gateways = screen.getByRole('table', { name: 'Gateways' });
    expect(within(gateways).getByText('istio-ingressgateway: 0 of 2 pods ready')).toBeTruthy();
    expect(screen.getByText('STRICT')).toBeTruthy();
    expect(screen.getByText('7 objects')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open the config list' }).getAttribute('href')).toBe(
      '/istio?valid=false',
    );
  });

  it('says when there is no control plane the user may see', async () => {
    installFakeServer({
      'GET /api/mesh': {
        body: { ...MESH, controlPlane: [], gateways: [], mtls: { meshPolicyMode: null, status: null } },
      },
    });
    renderWithClient(<MeshPage />);
    expect(await screen.findByText('No control plane')).toBeTruthy();
    expect(screen.getByText('No mesh-wide policy')).toBeTruthy();
  });

  it('a failed load says so', async () => {
    installFakeServer({
      'GET /api/mesh': {
        status: 403,
        body: { error: { code: 'FORBIDDEN', message: 'Kubernetes refused access' } },
      },
    });
    renderWithClient(<MeshPage />);
    expect(await screen.findByText('Could not load the mesh')).toBeTruthy();
  });
});
