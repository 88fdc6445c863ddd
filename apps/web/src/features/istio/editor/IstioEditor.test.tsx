import { ISTIO_RESOURCES, type IstioObjectEnvelope, type IstioResource } from '@sextant/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '../../../api/session.ts';
import { installFakeServer, unauthenticated, type FakeAnswer } from '../../../test/fakeServer.ts';
import { renderWithClient } from '../../../test/renderWithClient.tsx';
import { AuthGate } from '../../auth/AuthGate.tsx';
import { IstioEditor } from './IstioEditor.tsx';

const LOADED: IstioObjectEnvelope = {
  object: {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '41' },
    spec: {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
    },
  },
  validations: [],
};

const ALLOW = { allowed: true };
const RBAC_REASON = 'Kubernetes RBAC does not let bob update virtualservices in bookinfo';

function permissions(virtualservices: object = {}) {
  const istio = Object.fromEntries(
    (Object.keys(ISTIO_RESOURCES) as IstioResource[]).map((r) => [
      r,
      { create: ALLOW, update: ALLOW, delete: ALLOW },
    ]),
  );
  return {
    namespace: 'bookinfo',
    istio: { ...istio, virtualservices: { ...istio.virtualservices, ...virtualservices } },
  };
}

const OBJECT_PATH = '/api/namespaces/bookinfo/istio/virtualservices/reviews';

function setup(strategy: 'token' | 'openid', routes: Record<string, FakeAnswer> = {}) {
  return installFakeServer({
    'GET /api/auth/info': {
      body: {
        strategy,
        user: { name: 'bob', groups: [] },
        expiresAt: null,
        ...(strategy === 'openid' ? { loginUrl: '/api/auth/openid/login' } : {}),
      },
    },
    'GET /api/namespaces/bookinfo/permissions': { body: permissions() },
    ...routes,
  });
}

function renderEditor() {
  return renderWithClient(
    <AuthGate>
      <IstioEditor
        namespace="bookinfo"
        resource="virtualservices"
        loaded={LOADED}
        onSaved={() => {}}
        onEdit={() => {}}
      />
    </AuthGate>,
  );
}

/**
 * A control inside a disabled fieldset is disabled for the browser (and Playwright's isEditable);
 * happy-dom's `:disabled` does not follow fieldsets, so the test looks for one.
 */
const lockedByFieldset = (el: HTMLElement) => el.closest('fieldset[disabled]') !== null;

const timeoutField = () => screen.getByRole('textbox', { name: 'Timeout' });

beforeEach(() => sessionStore.reset());
afterEach(() => vi.unstubAllGlobals());

describe('IstioEditor and an ended session', () => {
  it('keeps the unsaved edit under the session-ended dialog and after signing in again there', async () => {
    const server = setup('token', {
      [`PUT ${OBJECT_PATH}`]: unauthenticated(),
      'POST /api/auth/login': {
        body: { strategy: 'token', user: { name: 'bob', groups: [] }, expiresAt: null },
      },
    });
    const user = userEvent.setup();
    renderEditor();
    await user.type(await screen.findByRole('textbox', { name: 'Timeout' }), '3s');
    await user.click(screen.getByRole('button', { name: 'Review changes' }));

    const dialog = await screen.findByRole('dialog', { name: 'Your session has ended' });
    expect(timeoutField()).toHaveProperty('value', '3s');

    await user.type(within(dialog).getByLabelText('Kubernetes token'), 'fresh-token');
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(timeoutField()).toHaveProperty('value', '3s');
    expect(server.calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
  });

  it('openid: re-signs in through a popup to /auth/done and resumes when it reports back', async () => {
    const server = setup('openid', { [`PUT ${OBJECT_PATH}`]: unauthenticated() });
    const open = vi.fn(() => ({}) as Window);
    vi.stubGlobal('open', open);
    const user = userEvent.setup();
    renderEditor();
    await user.type(await screen.findByRole('textbox', { name: 'Timeout' }), '3s');
    await user.click(screen.getByRole('button', { name: 'Review changes' }));
    const dialog = await screen.findByRole('dialog', { name: 'Your session has ended' });

    await user.click(within(dialog).getByRole('button', { name: 'Sign in again' }));
    expect(open).toHaveBeenCalledWith(
      '/api/auth/openid/login?return=%2Fauth%2Fdone',
      'sextant-sign-in',
      expect.any(String),
    );
    // What /auth/done says once the provider sent the popup back.
    window.postMessage({ type: 'sextant-auth', event: 'signed-in' }, window.location.origin);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(timeoutField()).toHaveProperty('value', '3s');
    expect(server.calls.filter((c) => c.path === '/api/auth/info').length).toBeGreaterThanOrEqual(2);
  });

  it('openid with the popup blocked: saves the unsaved YAML, signs in on the page, and restores it on return', async () => {
    setup('openid', { [`PUT ${OBJECT_PATH}`]: unauthenticated() });
    vi.stubGlobal(
      'open',
      vi.fn(() => null),
    );
    const assign = vi.fn();
    vi.stubGlobal('location', {
      ...window.location,
      assign,
      pathname: '/istio/bookinfo/virtualservices/reviews',
      search: '',
    });
    const user = userEvent.setup();
    const first = renderEditor();
    await user.type(await screen.findByRole('textbox', { name: 'Timeout' }), '3s');
    await user.click(screen.getByRole('button', { name: 'Review changes' }));
    const dialog = await screen.findByRole('dialog', { name: 'Your session has ended' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign in again' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/blocked the sign-in window/);
    expect(within(dialog).getByText(/unsaved edits are kept/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Sign in on this page' }));
    expect(assign).toHaveBeenCalledWith(
      '/api/auth/openid/login?return=%2Fistio%2Fbookinfo%2Fvirtualservices%2Freviews',
    );

    // Back from the provider: a new page load, the same tab's sessionStorage.
    first.unmount();
    sessionStore.reset();
    renderEditor();
    await waitFor(() => expect(timeoutField()).toHaveProperty('value', '3s'));
    expect(screen.getByText(/unsaved edit from before signing in again is back/)).toBeTruthy();
  });
});

describe('IstioEditor write access', () => {
  it('opens read-only with the RBAC reason when the user may not update', async () => {
    setup('token', {
      'GET /api/namespaces/bookinfo/permissions': {
        body: permissions({
          update: { allowed: false, reason: RBAC_REASON },
          delete: {
            allowed: false,
            reason: 'Kubernetes RBAC does not let bob delete virtualservices in bookinfo',
          },
        }),
      },
    });
    renderEditor();
    const banner = await waitFor(() => {
      const found = screen.getAllByRole('status').find((s) => s.textContent?.includes(RBAC_REASON));
      expect(found).toBeDefined();
      return found!;
    });
    expect(banner.textContent).toBe(`!Read-only. ${RBAC_REASON}`);
    expect(lockedByFieldset(timeoutField())).toBe(true);
    const remove = screen.getByRole('button', { name: 'Delete…' });
    expect(remove).toHaveProperty('disabled', true);
    expect(remove.getAttribute('title')).toBe(
      'Kubernetes RBAC does not let bob delete virtualservices in bookinfo',
    );
    expect(screen.getByRole('button', { name: 'Review changes' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('list', { name: 'Why Apply is disabled' }).textContent).toContain(RBAC_REASON);
  });

  it('stays editable when the permissions cannot be had: the server still judges the write', async () => {
    setup('token', {
      'GET /api/namespaces/bookinfo/permissions': {
        status: 503,
        body: { error: { code: 'UPSTREAM_UNAVAILABLE', message: 'Kubernetes is unreachable' } },
      },
      [`PUT ${OBJECT_PATH}`]: {
        status: 403,
        body: {
          error: {
            code: 'FORBIDDEN',
            message:
              'virtualservices.networking.istio.io "reviews" is forbidden: User "bob" cannot update resource',
          },
        },
      },
    });
    const user = userEvent.setup();
    renderEditor();
    const field = await screen.findByRole('textbox', { name: 'Timeout' });
    expect(lockedByFieldset(field)).toBe(false);
    await user.type(field, '3s');
    await user.click(screen.getByRole('button', { name: 'Review changes' }));
    // Kubernetes' own message, in the editor's error and its banner.
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('User "bob" cannot update resource');
    expect(
      screen.getAllByRole('status').some((s) => s.textContent?.includes('User "bob" cannot update')),
    ).toBe(true);
    expect(field).toHaveProperty('value', '3s');
  });
});
