import { ISTIO_RESOURCES, type IstioResource } from '@sextant/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeServer } from '../../../test/fakeServer.ts';
import { renderWithClient } from '../../../test/renderWithClient.tsx';
import { CreateMenu } from './CreateMenu.tsx';

const ALLOW = { allowed: true };
const REASON = 'Kubernetes RBAC does not let bob create virtualservices in bookinfo';

afterEach(() => vi.unstubAllGlobals());

describe('CreateMenu', () => {
  it('offers the kinds the user may create; the others are disabled with the reason', async () => {
    const istio = Object.fromEntries(
      (Object.keys(ISTIO_RESOURCES) as IstioResource[]).map((r) => [
        r,
        {
          create: r === 'virtualservices' ? { allowed: false, reason: REASON } : ALLOW,
          update: ALLOW,
          delete: ALLOW,
        },
      ]),
    );
    installFakeServer({
      'GET /api/namespaces/bookinfo/permissions': { body: { namespace: 'bookinfo', istio } },
      'GET /api/status': { body: { viewOnly: false, version: 'test' } },
    });
    const user = userEvent.setup();
    renderWithClient(<CreateMenu namespaces={['bookinfo']} />);
    await user.click(screen.getByRole('button', { name: 'Create' }));
    const menu = screen.getByRole('group', { name: 'Create Istio config' });

    // Offered until the permissions answer, like any kind when they cannot be had.
    const denied = await waitFor(() => {
      const link = within(menu).getByRole('link', { name: /^VirtualService/ });
      expect(link.getAttribute('aria-disabled')).toBe('true');
      return link;
    });
    expect(denied.getAttribute('title')).toBe(REASON);
    expect(denied.getAttribute('href')).toBeNull();
    const allowed = within(menu).getByRole('link', { name: /^DestinationRule/ });
    expect(allowed.getAttribute('href')).toBe('/istio/new?namespace=bookinfo&kind=destinationrules');
  });
});
