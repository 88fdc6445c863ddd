import { KubeApiError } from '../store/errors.ts';
import { createOidcVerifier, type OidcOptions } from './oidc.ts';
import type { StaticToken } from './tokenFile.ts';
import { ADMIN_USER, ANONYMOUS_USER, withAuthenticatedGroup, type UserInfo } from './user.ts';

/** How mesh-sim authenticates, after kube-apiserver's flags. Absent: no authentication at all. */
export interface AuthOptions {
  /** Static bearer tokens (`--token-auth-file`). */
  tokens?: StaticToken[];
  /** OpenID Connect ID tokens (`--oidc-*`). */
  oidc?: OidcOptions;
  /** Requests without credentials run as `system:anonymous`; default false (401). */
  anonymous?: boolean;
  /** The bootstrap token of `mesh-sim-admin` in `system:masters`; generated when absent. */
  adminToken?: string;
}

export const unauthorized = (): KubeApiError => new KubeApiError(401, 'Unauthorized', 'Unauthorized');

/**
 * Turns the `Authorization` header into a user, as kube-apiserver's union of authenticators:
 * static tokens first, then an OIDC ID token. A bearer token that no authenticator accepts is a
 * 401 even when anonymous requests are allowed; only a request without one can be anonymous.
 */
export function createAuthenticator(
  options: AuthOptions & { adminToken: string },
): (authorization: string | undefined) => Promise<UserInfo> {
  const tokens = new Map<string, UserInfo>();
  for (const t of options.tokens ?? [])
    tokens.set(t.token, {
      username: t.user,
      groups: t.groups ?? [],
      ...(t.uid !== undefined ? { uid: t.uid } : {}),
    });
  tokens.set(options.adminToken, ADMIN_USER);
  const verifyOidc = options.oidc ? createOidcVerifier(options.oidc) : undefined;
  return async (authorization) => {
    const [scheme, token, ...rest] = (authorization ?? '').trim().split(/\s+/);
    if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length > 0) {
      if (options.anonymous) return ANONYMOUS_USER;
      throw unauthorized();
    }
    const known = tokens.get(token);
    if (known) return withAuthenticatedGroup(known);
    if (verifyOidc && token.split('.').length === 3) {
      try {
        return withAuthenticatedGroup(await verifyOidc(token));
      } catch {
        throw unauthorized();
      }
    }
    throw unauthorized();
  };
}
