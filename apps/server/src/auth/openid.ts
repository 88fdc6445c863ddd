import * as oidc from 'openid-client';
import { describeError, upstreamUnavailable } from '../errors.ts';

/** The values an authorization request must be checked against on the way back (RFC 7636, OIDC nonce). */
export interface OpenIdChecks {
  codeVerifier: string;
  state: string;
  nonce: string;
}

export interface OpenIdTokens {
  idToken: string;
  /** Seconds since the epoch: when the ID token (the Kubernetes credential) expires. */
  expiresAt: number;
}

/** The OpenID Connect provider, as the sign-in routes use it. */
export interface OpenIdClient {
  /** Where to send the browser, and what to remember (sealed in a cookie) until it comes back. */
  start(): Promise<{ url: string; checks: OpenIdChecks }>;
  /** Exchanges the code in the callback URL for tokens, checking state, PKCE and nonce. */
  finish(callbackUrl: URL, checks: OpenIdChecks): Promise<OpenIdTokens>;
  /** The provider's RP-initiated logout URL, if it has one. */
  endSessionUrl(idToken: string, postLogoutRedirectUrl: string): Promise<string | undefined>;
}

export interface OpenIdSettings {
  issuerUrl: string;
  clientId: string;
  /** Undefined: a public client (PKCE alone). */
  clientSecret: string | undefined;
  /** The callback registered at the provider, e.g. https://sextant.example.com/auth/callback */
  redirectUrl: string;
  scopes: readonly string[];
}

/** http is accepted only for an issuer on the machine itself (tests, a port-forward); anything else needs https. */
function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/**
 * `openid-client` (v6) with the authorization-code flow and PKCE (S256). The provider's discovery
 * document is fetched on first use and kept; a failed fetch is retried by the next sign-in.
 */
export class OpenIdConnectClient implements OpenIdClient {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly settings: OpenIdSettings) {}

  private config(): Promise<oidc.Configuration> {
    this.configuration ??= this.discover().catch((err: unknown) => {
      this.configuration = undefined;
      throw upstreamUnavailable(
        'openid',
        `The OpenID provider ${this.settings.issuerUrl} cannot be reached: ${describeError(err)}`,
        err,
      );
    });
    return this.configuration;
  }

  private async discover(): Promise<oidc.Configuration> {
    const issuer = new URL(this.settings.issuerUrl);
    const insecure = isLoopbackHttp(issuer);
    return oidc.discovery(
      issuer,
      this.settings.clientId,
      this.settings.clientSecret,
      undefined,
      insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
  }

  async start(): Promise<{ url: string; checks: OpenIdChecks }> {
    const config = await this.config();
    const checks: OpenIdChecks = {
      codeVerifier: oidc.randomPKCECodeVerifier(),
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scopes.join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    });
    return { url: url.href, checks };
  }

  async finish(callbackUrl: URL, checks: OpenIdChecks): Promise<OpenIdTokens> {
    const config = await this.config();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (tokens.id_token === undefined || claims === undefined) {
      throw new Error('the provider returned no ID token');
    }
    return { idToken: tokens.id_token, expiresAt: claims.exp };
  }

  async endSessionUrl(idToken: string, postLogoutRedirectUrl: string): Promise<string | undefined> {
    const config = await this.config();
    if (config.serverMetadata().end_session_endpoint === undefined) return undefined;
    return oidc.buildEndSessionUrl(config, {
      id_token_hint: idToken,
      post_logout_redirect_uri: postLogoutRedirectUrl,
    }).href;
  }
}
