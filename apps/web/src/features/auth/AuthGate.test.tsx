import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { namespaceKeys, namespacesQuery } from '../../api/namespaces.ts';
import { sessionStore } from '../../api/session.ts';
import { AppShell } from '../../components/AppShell.tsx';
import { installFakeServer, unauthenticated } from '../../test/fakeServer.ts';
import { renderWithClient } from '../../test/renderWithClient.tsx';
import { useQuery } from '@tanstack/react-query';
import { AuthGate } from './AuthGate.tsx';

const BOB = { name: 'bob', groups: ['system:authenticated', 'mesh-editors'] };
const signedOut = (strategy: string, extra: object = {}) => ({
  strategy,
  user: null,
  expiresAt: null,
  ...extra,
});
const signedIn = (strategy = 'token') => ({ strategy, user: BOB, expiresAt: '2026-12-04T22:00:00Z' });
const NAMESPACES = [{ name: 'bookinfo', labels: {}, istioInjection: true, mtls: null }];

/** A page that shows server data, so a test can see whether it stays or goes. */
function NamespaceNames() {
  const { data } = useQuery(namespacesQuery());
  return (
    <ul aria-label="Namespaces">
      {data?.map((n) => (
        <li key={n.name}>{n.name}</li>
      ))}
    </ul>
  );
}

function renderApp() {
  return renderWithClient(
    <AuthGate>
      <AppShell route="namespaces">
        <NamespaceNames />
      </AppShell>
    </AuthGate>,
  );
}

beforeEach(() => sessionStore.reset());
afterEach(() => vi.unstubAllGlobals());

describe('AuthGate sign-in page', () => {
  it('token strategy: a token field with a hint, and the server refusing the token said under it', async () => {
    const server = installFakeServer({
      'GET /api/auth/info': { body: signedOut('token') },
      'POST /api/auth/login': ({ body }) =>
        (body as { token: string }).token === 'good-token'
          ? { body: signedIn() }
          : {
              status: 401,
              body: { error: { code: 'UNAUTHENTICATED', message: 'Kubernetes did not accept this token' } },
            },
      'GET /api/namespaces': { body: NAMESPACES },
    });
    const user = userEvent.setup();
    renderApp();

    expect(await screen.findByRole('heading', { name: 'Sign in to Sextant' })).toBeTruthy();
    const field = screen.getByLabelText('Kubernetes token');
    expect(field.getAttribute('type')).toBe('password');
    expect(screen.getByText(/kubectl create token <serviceaccount>/)).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Namespaces' })).toBeNull();

    await user.type(field, 'bad-token');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Kubernetes did not accept this token');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    // A refused token is an answer, not an ended session.
    expect(sessionStore.ended()).toBe(false);

    await user.clear(field);
    await user.type(field, 'good-token');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('bookinfo')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Signed in as bob' }).getAttribute('title')).toBe(
      'Groups: system:authenticated, mesh-editors',
    );
    expect(server.calls.filter((c) => c.path === '/api/auth/login').map((c) => c.body)).toEqual([
      { token: 'bad-token' },
      { token: 'good-token' },
    ]);
  });

  it('token strategy: an empty token is caught before asking the server', async () => {
    const server = installFakeServer({ 'GET /api/auth/info': { body: signedOut('token') } });
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('alert').textContent).toBe('Paste a token to sign in.');
    expect(server.calls.some((c) => c.path === '/api/auth/login')).toBe(false);
  });

  it('openid strategy: a button that goes to the provider, coming back to the page asked for', async () => {
    installFakeServer({
      'GET /api/auth/info': { body: signedOut('openid', { loginUrl: '/api/auth/openid/login' }) },
    });
    window.history.replaceState(null, '', '/istio?namespaces=bookinfo');
    const assign = vi.fn();
    vi.stubGlobal('location', {
      ...window.location,
      assign,
      pathname: '/istio',
      search: '?namespaces=bookinfo',
    });
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByRole('button', { name: 'Sign in with OpenID Connect' }));
    expect(assign).toHaveBeenCalledWith('/api/auth/openid/login?return=%2Fistio%3Fnamespaces%3Dbookinfo');
    expect(screen.queryByLabelText('Kubernetes token')).toBeNull();
  });

  it('openid strategy: a failed sign-in comes back with the reason, shown above the button', async () => {
    installFakeServer({
      'GET /api/auth/info': { body: signedOut('openid', { loginUrl: '/api/auth/openid/login' }) },
    });
    window.history.replaceState(
      null,
      '',
      '/?signInError=The%20OpenID%20provider%20refused%20the%20sign-in%20(access_denied)',
    );
    renderApp();
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The OpenID provider refused the sign-in (access_denied)',
    );
    expect(screen.getByRole('button', { name: 'Sign in with OpenID Connect' })).toBeTruthy();
    window.history.replaceState(null, '', '/');
  });

  it('header strategy: no form, the proxy sent no credentials', async () => {
    installFakeServer({ 'GET /api/auth/info': { body: signedOut('header') } });
    renderApp();
    expect(await screen.findByRole('heading', { name: 'Sign in to Sextant' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(/authenticating proxy.*sent no credentials/);
    expect(screen.getByText(/ask your administrator/)).toBeTruthy();
    expect(screen.queryByLabelText('Kubernetes token')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Sign in/ })).toBeNull();
  });

  it('anonymous strategy: the app as before, no account corner', async () => {
    installFakeServer({
      'GET /api/auth/info': { body: signedOut('anonymous') },
      'GET /api/namespaces': { body: NAMESPACES },
    });
    renderApp();
    expect(await screen.findByText('bookinfo')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
  });

  it('a server from before sign-in (no /api/auth/info) shows the app as before', async () => {
    installFakeServer({ 'GET /api/namespaces': { body: NAMESPACES } });
    renderApp();
    expect(await screen.findByText('bookinfo')).toBeTruthy();
  });
});

describe('AuthGate session', () => {
  it('signs out: the sign-in page, and nothing of the previous user left in the cache', async () => {
    const server = installFakeServer({
      'GET /api/auth/info': { body: signedIn() },
      'POST /api/auth/logout': { body: signedOut('token') },
      'GET /api/namespaces': { body: NAMESPACES },
    });
    const user = userEvent.setup();
    const { queryClient } = renderApp();
    expect(await screen.findByText('bookinfo')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Signed in as bob' })).toBeTruthy();
    expect(screen.getByText(/until/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to Sextant' })).toBeTruthy();
    expect(screen.queryByText('bookinfo')).toBeNull();
    expect(screen.queryByRole('group', { name: 'Signed in as bob' })).toBeNull();
    expect(queryClient.getQueryData(namespaceKeys.list())).toBeUndefined();
    expect(server.calls.some((c) => c.method === 'POST' && c.path === '/api/auth/logout')).toBe(true);
  });

  it('openid sign-out goes on to the provider’s end-session URL', async () => {
    installFakeServer({
      'GET /api/auth/info': { body: signedIn('openid') },
      'POST /api/auth/logout': {
        body: signedOut('openid', { endSessionUrl: 'https://idp.example/logout' }),
      },
      'GET /api/namespaces': { body: NAMESPACES },
    });
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, assign });
    const user = userEvent.setup();
    const { queryClient } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://idp.example/logout'));
    expect(queryClient.getQueryData(namespaceKeys.list())).toBeUndefined();
  });

  it('a 401 after sign-in puts the dialog over the page, which stays; signing in there resumes', async () => {
    const server = installFakeServer({
      'GET /api/auth/info': { body: signedIn() },
      'GET /api/namespaces': { body: NAMESPACES },
      'POST /api/auth/login': { body: signedIn() },
    });
    const user = userEvent.setup();
    const { queryClient } = renderApp();
    expect(await screen.findByText('bookinfo')).toBeTruthy();

    server.routes['GET /api/namespaces'] = unauthenticated();
    await queryClient.refetchQueries({ queryKey: namespaceKeys.list() }).catch(() => undefined);
    const dialog = await screen.findByRole('dialog', { name: 'Your session has ended' });
    // The page is still there under the dialog, with its last data.
    expect(screen.getByText('bookinfo')).toBeTruthy();

    server.routes['GET /api/namespaces'] = { body: [...NAMESPACES, { ...NAMESPACES[0]!, name: 'default' }] };
    await user.type(within(dialog).getByLabelText('Kubernetes token'), 'fresh-token');
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // Queries are refetched for the new session.
    expect(await screen.findByText('default')).toBeTruthy();
    expect(sessionStore.ended()).toBe(false);
  });
});
