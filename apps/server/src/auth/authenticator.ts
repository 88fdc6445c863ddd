import type { AuthInfo, AuthStrategy, AuthUser } from '@sextant/contracts';
import type { Request, Response } from 'express';
import { decodeJwt } from 'jose';
import type { KubeClient } from '../clients/kube.client.ts';
import { AppError, badRequest, unauthenticated } from '../errors.ts';
import type { OpenIdChecks, OpenIdClient } from './openid.ts';
import { SERVER_PRINCIPAL, tokenKey, type Principal } from './principal.ts';
import { clearCookie, CookieSealer, cookieKey, readCookie, setCookie } from './sessionCookie.ts';

export const SESSION_COOKIE = 'sextant-session';
const OPENID_COOKIE = 'sextant-openid';
const SESSION_PURPOSE = 'session';
const OPENID_PURPOSE = 'openid-login';
/** How long a sign-in at the OpenID provider may take. */
const OPENID_LOGIN_TTL_MS = 10 * 60_000;
/** Kiali's default token session is 24 h; a console left open over a weekend should ask again. */
export const DEFAULT_SESSION_TTL_MS = 8 * 3_600_000;
/** `header` strategy: how long Kubernetes' answer to "who is this token" is reused. */
const HEADER_REVIEW_TTL_MS = 30_000;

export interface AuthConfig {
  strategy: AuthStrategy;
  /** The secret session cookies are sealed with (SEXTANT_SESSION_SECRET); undefined: random per process. */
  sessionSecret?: string | undefined;
  /** Upper bound of a session; the token's own expiry ends it sooner. */
  sessionTtlMs?: number;
  /** `header`: the header the authenticating proxy sets; default `Authorization` (`Bearer <token>`). */
  header?: string;
  /** `openid`: the provider and the path of the callback (the path of SEXTANT_OIDC_REDIRECT_URL). */
  openid?: { client: OpenIdClient; redirectUrl: string };
}

interface Session {
  strategy: 'token' | 'openid';
  token: string;
  user: AuthUser;
  expiresAt: number;
}

/** A path inside the app to come back to after signing in; anything else (another site, `//x`) is `/`. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return '/';
  return value.length > 2_000 ? '/' : value;
}

/**
 * The four strategies of `SEXTANT_AUTH`. `anonymous` acts as the server itself. `token` and
 * `openid` keep the user's Kubernetes token in a sealed, HttpOnly, SameSite cookie that ends with
 * the token (or the session TTL); `header` takes the token from every request, as the proxy sends it.
 */
export class Authenticator {
  private readonly sealer: CookieSealer;
  private readonly ttlMs: number;
  private readonly headerName: string;
  private readonly reviewed = new Map<string, { expiresAt: number; user: Promise<AuthUser> }>();

  constructor(
    private readonly config: AuthConfig,
    private readonly kube: KubeClient,
    /** Milliseconds since the epoch. */
    private readonly now: () => number,
  ) {
    this.sealer = new CookieSealer(cookieKey(config.sessionSecret), now);
    this.ttlMs = config.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
    this.headerName = (config.header ?? 'authorization').toLowerCase();
  }

  get strategy(): AuthStrategy {
    return this.config.strategy;
  }

  /** Who the request acts as; undefined: nobody is signed in (or the session ended). */
  async principal(req: Request): Promise<Principal | undefined> {
    switch (this.config.strategy) {
      case 'anonymous':
        return SERVER_PRINCIPAL;
      case 'token':
      case 'openid': {
        const session = await this.session(req);
        return session && sessionPrincipal(session);
      }
      case 'header':
        return this.fromHeader(req);
    }
  }

  /** The 401 for a request without a principal, in words for the strategy. */
  missing(): AppError {
    switch (this.config.strategy) {
      case 'header':
        return unauthenticated(
          `No valid credentials from the authenticating proxy (the ${this.headerName} header): ask your administrator`,
          { strategy: 'header' },
        );
      default:
        return unauthenticated('Sign in to use Sextant: there is no session, or it has ended', {
          strategy: this.config.strategy,
        });
    }
  }

  info(principal: Principal | undefined): AuthInfo {
    const user = principal?.kind === 'user' ? principal.user : null;
    const expiresAt =
      principal?.kind === 'user' && principal.expiresAt !== undefined
        ? new Date(principal.expiresAt).toISOString()
        : null;
    return {
      strategy: this.config.strategy,
      user,
      expiresAt,
      ...(this.config.strategy === 'openid' ? { loginUrl: '/api/auth/openid/login' } : {}),
    };
  }

  /** `token`: Kubernetes must accept the token (SelfSubjectReview) before it becomes a session. */
  async loginWithToken(req: Request, res: Response, token: string): Promise<AuthInfo> {
    if (this.config.strategy !== 'token') {
      throw badRequest(
        `Signing in with a token is the token strategy's; this server uses ${this.config.strategy}`,
      );
    }
    let user: AuthUser;
    try {
      user = await this.kube.forToken(token).whoAmI();
    } catch (err) {
      if (err instanceof AppError && err.status === 401) {
        throw unauthenticated('Kubernetes did not accept this token (it is wrong, expired or revoked)', {
          upstream: 'kubernetes',
        });
      }
      throw err;
    }
    const expiresAt = this.sessionEnd(tokenExpiry(token));
    if (expiresAt <= this.now()) throw unauthenticated('This token has expired');
    return this.startSession(req, res, { strategy: 'token', token, user, expiresAt });
  }

  /** `openid`: the provider's authorization URL; the PKCE verifier, state and nonce go in a sealed cookie. */
  async startOpenIdLogin(req: Request, res: Response, returnPath: string): Promise<string> {
    const openid = this.requireOpenId();
    const { url, checks } = await openid.client.start();
    const expiresAt = this.now() + OPENID_LOGIN_TTL_MS;
    const sealed = await this.sealer.seal(OPENID_PURPOSE, { ...checks, returnPath }, expiresAt);
    setCookie(req, res, OPENID_COOKIE, sealed, { maxAgeSeconds: OPENID_LOGIN_TTL_MS / 1000 });
    return url;
  }

  /** The provider sent the browser back: exchange the code, start the session; the path to return to. */
  async finishOpenIdLogin(req: Request, res: Response): Promise<string> {
    const openid = this.requireOpenId();
    const sealed = readCookie(req, OPENID_COOKIE);
    const login = sealed === undefined ? undefined : await this.sealer.open(OPENID_PURPOSE, sealed);
    clearCookie(req, res, OPENID_COOKIE);
    if (!login) throw badRequest('This sign-in has expired or was started in another browser: sign in again');
    const error = typeof req.query.error === 'string' ? req.query.error : undefined;
    if (error !== undefined) {
      const description =
        typeof req.query.error_description === 'string' ? `: ${req.query.error_description}` : '';
      throw unauthenticated(`The OpenID provider refused the sign-in (${error}${description})`);
    }
    const callback = new URL(openid.redirectUrl);
    callback.search = new URL(req.originalUrl, 'http://callback').search;
    let tokens;
    try {
      tokens = await openid.client.finish(callback, login as unknown as OpenIdChecks);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw unauthenticated(`The OpenID sign-in could not be completed: ${(err as Error).message}`);
    }
    let user: AuthUser;
    try {
      user = await this.kube.forToken(tokens.idToken).whoAmI();
    } catch (err) {
      if (err instanceof AppError && err.status === 401) {
        throw unauthenticated(
          "Kubernetes does not accept this provider's ID tokens: its --oidc-issuer-url and --oidc-client-id must name this provider and client",
        );
      }
      throw err;
    }
    const expiresAt = this.sessionEnd(tokens.expiresAt * 1000);
    await this.startSession(req, res, { strategy: 'openid', token: tokens.idToken, user, expiresAt });
    return safeReturnPath(login.returnPath);
  }

  /** Ends the session; with `openid`, also where to end the provider's own session. */
  async logout(req: Request, res: Response, postLogoutRedirectUrl: string): Promise<AuthInfo> {
    const session = await this.session(req);
    clearCookie(req, res, SESSION_COOKIE);
    const info = this.info(undefined);
    if (this.config.strategy === 'openid' && session?.strategy === 'openid') {
      const endSessionUrl = await this.requireOpenId()
        .client.endSessionUrl(session.token, postLogoutRedirectUrl)
        .catch(() => undefined);
      if (endSessionUrl !== undefined) return { ...info, endSessionUrl };
    }
    return info;
  }

  private requireOpenId(): NonNullable<AuthConfig['openid']> {
    if (this.config.strategy !== 'openid' || this.config.openid === undefined) {
      throw badRequest(
        `OpenID Connect sign-in is the openid strategy's; this server uses ${this.config.strategy}`,
      );
    }
    return this.config.openid;
  }

  private sessionEnd(tokenExpiresAt: number | undefined): number {
    const bound = this.now() + this.ttlMs;
    return tokenExpiresAt === undefined ? bound : Math.min(bound, tokenExpiresAt);
  }

  private async startSession(req: Request, res: Response, session: Session): Promise<AuthInfo> {
    const sealed = await this.sealer.seal(SESSION_PURPOSE, { ...session }, session.expiresAt);
    try {
      setCookie(req, res, SESSION_COOKIE, sealed, { maxAgeSeconds: (session.expiresAt - this.now()) / 1000 });
    } catch (err) {
      throw badRequest(`This token is too large to keep in a session: ${(err as Error).message}`);
    }
    return this.info(sessionPrincipal(session));
  }

  private async session(req: Request): Promise<Session | undefined> {
    const sealed = readCookie(req, SESSION_COOKIE);
    if (sealed === undefined) return undefined;
    const payload = await this.sealer.open(SESSION_PURPOSE, sealed);
    if (!payload) return undefined;
    const { strategy, token, user, expiresAt } = payload as Partial<Session>;
    // A cookie of another strategy (the setting changed) is no session of this one.
    if (
      strategy !== this.config.strategy ||
      typeof token !== 'string' ||
      !user ||
      typeof expiresAt !== 'number'
    ) {
      return undefined;
    }
    if (expiresAt <= this.now()) return undefined;
    return { strategy, token, user, expiresAt };
  }

  private async fromHeader(req: Request): Promise<Principal | undefined> {
    const raw = req.get(this.headerName)?.trim();
    if (!raw) return undefined;
    const bearer = /^bearer\s+(.+)$/i.exec(raw)?.[1]?.trim();
    const token = this.headerName === 'authorization' ? bearer : (bearer ?? raw);
    if (!token) return undefined;
    const key = tokenKey(token);
    const now = this.now();
    let entry = this.reviewed.get(key);
    if (!entry || entry.expiresAt <= now) {
      entry = { expiresAt: now + HEADER_REVIEW_TTL_MS, user: this.kube.forToken(token).whoAmI() };
      this.reviewed.set(key, entry);
      const made = entry;
      made.user.catch(() => {
        if (this.reviewed.get(key) === made) this.reviewed.delete(key);
      });
      for (const [k, e] of this.reviewed) if (e.expiresAt <= now) this.reviewed.delete(k);
    }
    try {
      const user = await entry.user;
      return { kind: 'user', strategy: 'header', user, token, expiresAt: tokenExpiry(token), key };
    } catch (err) {
      if (err instanceof AppError && err.status === 401) return undefined;
      throw err;
    }
  }
}

function sessionPrincipal(session: Session): Principal {
  const { strategy, user, token, expiresAt } = session;
  return { kind: 'user', strategy, user, token, expiresAt, key: tokenKey(token) };
}

/** A JWT's `exp` in milliseconds (service-account and OIDC tokens are JWTs); undefined for opaque tokens. */
function tokenExpiry(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
