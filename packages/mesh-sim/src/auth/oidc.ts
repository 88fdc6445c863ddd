import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { UserInfo } from './user.ts';

/** kube-apiserver's `--oidc-*` flags. */
export interface OidcOptions {
  /** `--oidc-issuer-url`: must equal the tokens' `iss` and the discovery document's `issuer`. */
  issuerUrl: string;
  /** `--oidc-client-id`: the tokens' `aud` must contain it. */
  clientId: string;
  /** `--oidc-username-claim`, default `sub`. */
  usernameClaim?: string;
  /**
   * `--oidc-username-prefix`. Unset: `<issuerUrl>#` unless the claim is `email`, as in
   * Kubernetes; `-` turns prefixing off.
   */
  usernamePrefix?: string;
  /** `--oidc-groups-claim`: a string or an array of strings. */
  groupsClaim?: string;
  /** `--oidc-groups-prefix`. */
  groupsPrefix?: string;
  /** `--oidc-signing-algs`, default `RS256` only, as in Kubernetes. */
  signingAlgs?: string[];
}

export class OidcClaimError extends Error {}

export function usernamePrefixOf(options: OidcOptions): string {
  if (options.usernamePrefix === '-') return '';
  if (options.usernamePrefix !== undefined) return options.usernamePrefix;
  return (options.usernameClaim ?? 'sub') === 'email' ? '' : `${options.issuerUrl}#`;
}

/** The user a verified ID token's claims stand for, mapped as kube-apiserver does. */
export function oidcUser(claims: JWTPayload, options: OidcOptions): UserInfo {
  const claim = options.usernameClaim ?? 'sub';
  const value = claims[claim];
  if (typeof value !== 'string' || value === '')
    throw new OidcClaimError(`oidc: parse username claims "${claim}": claim not present or not a string`);
  if (claim === 'email' && 'email_verified' in claims && claims.email_verified !== true)
    throw new OidcClaimError('oidc: email not verified');
  const groups: string[] = [];
  if (options.groupsClaim !== undefined && claims[options.groupsClaim] !== undefined) {
    const raw = claims[options.groupsClaim];
    const list = typeof raw === 'string' ? [raw] : raw;
    if (!Array.isArray(list) || !list.every((g): g is string => typeof g === 'string'))
      throw new OidcClaimError(
        `oidc: parse groups claim "${options.groupsClaim}": not a string or an array of strings`,
      );
    groups.push(...list.map((g) => `${options.groupsPrefix ?? ''}${g}`));
  }
  return {
    username: `${usernamePrefixOf(options)}${value}`,
    groups,
    ...(typeof claims.sub === 'string' ? { uid: claims.sub } : {}),
  };
}

interface Discovery {
  issuer: string;
  jwks_uri: string;
}

/**
 * Verifies ID tokens against the issuer's key set, found through its discovery document
 * (`/.well-known/openid-configuration` -> `jwks_uri`). The document is fetched on first use and
 * kept; a failed fetch is retried on the next token. jose caches the key set and refetches it
 * when a token names an unknown key.
 */
export function createOidcVerifier(
  options: OidcOptions,
  fetchImpl: typeof fetch = fetch,
): (token: string) => Promise<UserInfo> {
  let keySet: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const loadKeySet = async (): Promise<ReturnType<typeof createRemoteJWKSet>> => {
    const url = `${options.issuerUrl.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetchImpl(url);
    if (!response.ok) throw new Error(`oidc: get provider config: ${response.status}`);
    const doc = (await response.json()) as Partial<Discovery>;
    if (doc.issuer !== options.issuerUrl)
      throw new Error(`oidc: issuer did not match the issuer returned by provider: ${String(doc.issuer)}`);
    if (typeof doc.jwks_uri !== 'string') throw new Error('oidc: provider config has no jwks_uri');
    return createRemoteJWKSet(new URL(doc.jwks_uri));
  };
  return async (token) => {
    keySet ??= loadKeySet().catch((error: unknown) => {
      keySet = undefined;
      throw error;
    });
    const { payload } = await jwtVerify(token, await keySet, {
      issuer: options.issuerUrl,
      audience: options.clientId,
      algorithms: options.signingAlgs ?? ['RS256'],
      requiredClaims: ['exp'],
    });
    return oidcUser(payload, options);
  };
}
