import { namespaceListSchema } from '@sextant/contracts';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { authInfoQuery, openIdSignInHref, signInWithToken, signOut } from './auth.ts';
import { createApiClient } from './client.ts';
import { createFreshnessStore } from './clusterFreshness.ts';
import { createSessionStore } from './session.ts';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const UNAUTHENTICATED = (message: string) => ({ error: { code: 'UNAUTHENTICATED', message } });

/** A client whose fetch answers `respond`, with its own session store to watch. */
function recordingClient(respond: (url: string, init: RequestInit | undefined) => Response) {
  const calls: Array<{ url: string; method: string | undefined; body: unknown }> = [];
  const session = createSessionStore();
  const client = createApiClient(
    async (input, init) => {
      calls.push({
        url: String(input),
        method: init?.method,
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      });
      return respond(String(input), init);
    },
    createFreshnessStore(),
    session,
  );
  return { client, calls, session };
}

const BOB = { name: 'bob', groups: ['system:authenticated', 'mesh-editors'] };

describe('auth api', () => {
  it.each([
    { strategy: 'anonymous', user: null, expiresAt: null },
    { strategy: 'token', user: null, expiresAt: null },
    { strategy: 'token', user: BOB, expiresAt: '2026-12-04T22:00:00Z' },
    {
      strategy: 'openid',
      user: null,
      expiresAt: null,
      loginUrl: '/api/auth/openid/login',
    },
    { strategy: 'header', user: null, expiresAt: null },
  ])('reads the auth info of strategy $strategy (user $user.name)', async (info) => {
    const { client, calls } = recordingClient(() => json(info));
    const data = await new QueryClient().fetchQuery(authInfoQuery(client));
    expect(calls).toEqual([{ url: '/api/auth/info', method: 'GET', body: undefined }]);
    expect(data).toEqual(info);
  });

  it('refuses auth info off the contract', async () => {
    const { client } = recordingClient(() => json({ strategy: 'kerberos', user: null, expiresAt: null }));
    await expect(new QueryClient().fetchQuery(authInfoQuery(client))).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
    });
  });

  it('posts the token and returns the signed-in info', async () => {
    const info = { strategy: 'token', user: BOB, expiresAt: '2026-12-04T22:00:00Z' };
    const { client, calls } = recordingClient(() => json(info));
    await expect(signInWithToken('eyJhbGciOi', client)).resolves.toEqual(info);
    expect(calls).toEqual([{ url: '/api/auth/login', method: 'POST', body: { token: 'eyJhbGciOi' } }]);
  });

  it("a refused token is the server's 401 as an ApiError, and no ended session", async () => {
    const { client, session } = recordingClient(() =>
      json(UNAUTHENTICATED('Kubernetes did not accept this token'), 401),
    );
    await expect(signInWithToken('nope', client)).rejects.toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      message: 'Kubernetes did not accept this token',
    });
    expect(session.ended()).toBe(false);
  });

  it('signs out and returns the info with the end-session URL', async () => {
    const after = {
      strategy: 'openid',
      user: null,
      expiresAt: null,
      endSessionUrl: 'https://idp.example/logout',
    };
    const { client, calls } = recordingClient(() => json(after));
    await expect(signOut(client)).resolves.toEqual(after);
    expect(calls[0]).toMatchObject({ url: '/api/auth/logout', method: 'POST' });
  });

  it('ends the session on a 401 UNAUTHENTICATED from any other route, not on other errors', async () => {
    const { client, session } = recordingClient((url) =>
      url === '/api/namespaces'
        ? json({ error: { code: 'FORBIDDEN', message: 'no' } }, 403)
        : json(UNAUTHENTICATED('The session has expired'), 401),
    );
    await expect(client.request('/api/namespaces', namespaceListSchema)).rejects.toMatchObject({
      status: 403,
    });
    expect(session.ended()).toBe(false);
    await expect(client.request('/api/namespaces/bookinfo/istio', namespaceListSchema)).rejects.toMatchObject(
      {
        code: 'UNAUTHENTICATED',
      },
    );
    expect(session.ended()).toBe(true);
    session.reset();
    expect(session.ended()).toBe(false);
  });

  it.each([
    [
      '/api/auth/openid/login',
      '/istio/bookinfo/virtualservices/reviews?view=yaml',
      '/api/auth/openid/login?return=%2Fistio%2Fbookinfo%2Fvirtualservices%2Freviews%3Fview%3Dyaml',
    ],
    [
      '/api/auth/openid/login?prompt=login',
      '/auth/done',
      '/api/auth/openid/login?prompt=login&return=%2Fauth%2Fdone',
    ],
  ])('openid sign-in at %s returning to %s', (loginUrl, back, href) =>
    expect(openIdSignInHref(loginUrl, back)).toBe(href),
  );
});
