import { authInfoSchema, type AuthInfo } from '@sextant/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api, type ApiClient } from './client.ts';

export const authKeys = {
  all: ['auth'] as const,
  info: () => [...authKeys.all, 'info'] as const,
};

/** Who is signed in; answered without a session, so it is how the app learns there is none. */
export function authInfoQuery(client: ApiClient = api) {
  return queryOptions({
    queryKey: authKeys.info(),
    queryFn: ({ signal }) => client.request('/api/auth/info', authInfoSchema, { signal }),
    // Changes only by signing in or out, which set it directly; the session-ended dialog polls it.
    staleTime: Infinity,
  });
}

/** `token` strategy: a 401 ApiError when Kubernetes does not accept the token. */
export function signInWithToken(token: string, client: ApiClient = api): Promise<AuthInfo> {
  return client.request('/api/auth/login', authInfoSchema, { method: 'POST', body: { token } });
}

export function signOut(client: ApiClient = api): Promise<AuthInfo> {
  return client.request('/api/auth/logout', authInfoSchema, { method: 'POST' });
}

/** The OpenID sign-in URL that comes back to `returnPath` (a path in the app, with its query). */
export function openIdSignInHref(loginUrl: string, returnPath: string): string {
  const separator = loginUrl.includes('?') ? '&' : '?';
  return `${loginUrl}${separator}return=${encodeURIComponent(returnPath)}`;
}

/** Where the sign-in popup comes back to; that page tells this one and closes. */
export const AUTH_DONE_PATH = '/auth/done';
