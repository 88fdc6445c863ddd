/**
 * A real OpenID provider for tests: panva's `oidc-provider` on a free loopback port, with test
 * users, a login page of its own (no dev interactions), consent granted automatically for the
 * registered clients, RP-initiated logout, and RS256 ID tokens that carry the users' `email`,
 * `email_verified`, `name` and `groups`, so that mesh-sim (as a kube-apiserver with `--oidc-*`
 * flags) can take them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, {
  type Adapter,
  type AdapterPayload,
  type Configuration,
  type InteractionResults,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { TEST_USERS, type OidcTestUser } from './testUsers.ts';

export { TEST_USERS, type OidcTestUser };

export interface OidcTestClient {
  clientId: string;
  clientSecret: string;
  /** Exact redirect URIs, e.g. `http://127.0.0.1:20001/auth/callback`. */
  redirectUris: string[];
  /** Where RP-initiated logout may send the browser back; default: `<origin>/` of each redirect URI. */
  postLogoutRedirectUris?: string[];
}

export interface OidcProviderOptions {
  /** Clients known from the start; more can be added with `registerClient` once the port is known. */
  clients?: OidcTestClient[];
  /** Default `TEST_USERS`. */
  users?: readonly OidcTestUser[];
  /** Lifetime of ID tokens (and access tokens); default 3600. Short ones exercise session expiry. */
  idTokenTtlSeconds?: number;
  /** Default 0: a free port. */
  port?: number;
  /** The login page's heading; default "Test identity provider". */
  title?: string;
}

export interface RunningOidcProvider {
  /** `http://127.0.0.1:PORT`, no trailing slash: the ID tokens' `iss` and `--oidc-issuer-url`. */
  issuer: string;
  users: readonly OidcTestUser[];
  /** The registered clients, in order of registration. */
  clients(): readonly OidcTestClient[];
  /** Lifetime of the ID (and access) tokens issued from now on, e.g. 3 s to let a session expire. */
  setIdTokenTtl(seconds: number): void;
  /** Adds (or replaces, by client id) a client; it can sign users in from the next request on. */
  registerClient(client: OidcTestClient): void;
  /** Closes the server and every open connection. Idempotent. */
  stop(): Promise<void>;
}

/** Scopes a client may ask for, and the claims each brings (into the ID token too). */
const SCOPE_CLAIMS = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name', 'preferred_username'],
  groups: ['groups'],
};

export const DEFAULT_TITLE = 'Test identity provider';
export const LOGIN_ERROR = 'Invalid username or password';

/**
 * Confidential clients may authenticate with `client_secret_basic` or `client_secret_post`, as
 * Dex and Keycloak allow; oidc-provider takes only the one method a client registered, so the
 * client is registered per request with the method that request uses.
 */
const usesBasicAuth = new AsyncLocalStorage<boolean>();

function clientMetadata(client: OidcTestClient): AdapterPayload {
  return {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris ?? [
      ...new Set(client.redirectUris.map((uri) => `${new URL(uri).origin}/`)),
    ],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: usesBasicAuth.getStore() ? 'client_secret_basic' : 'client_secret_post',
  };
}

/** oidc-provider's storage, in memory: its own memory adapter warns it is for development. */
function memoryAdapter(clients: Map<string, OidcTestClient>): (model: string) => Adapter {
  const entries = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const live = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) entries.delete(key);
    return entries.get(key)?.payload;
  };
  const findWhere = (model: string, match: (p: AdapterPayload) => boolean): AdapterPayload | undefined => {
    for (const key of entries.keys()) {
      const payload = key.startsWith(`${model}:`) ? live(key) : undefined;
      if (payload && match(payload)) return payload;
    }
    return undefined;
  };
  return (model) => {
    if (model === 'Client') {
      const client = (id: string) => clients.get(id);
      return {
        find: (id) => Promise.resolve(client(id) && clientMetadata(client(id)!)),
        upsert: () => Promise.reject(new Error('register test clients with registerClient()')),
        findByUid: () => Promise.resolve(undefined),
        findByUserCode: () => Promise.resolve(undefined),
        consume: () => Promise.resolve(),
        destroy: (id) => Promise.resolve(void clients.delete(id)),
        revokeByGrantId: () => Promise.resolve(),
      };
    }
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert(id, payload, expiresIn) {
        entries.set(key(id), {
          payload,
          expiresAt: expiresIn === undefined ? Infinity : Date.now() + expiresIn * 1000,
        });
        return Promise.resolve();
      },
      find: (id) => Promise.resolve(live(key(id))),
      findByUid: (uid) => Promise.resolve(findWhere(model, (p) => p.uid === uid)),
      findByUserCode: (code) => Promise.resolve(findWhere(model, (p) => p.userCode === code)),
      consume(id) {
        const payload = live(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
        return Promise.resolve();
      },
      destroy: (id) => Promise.resolve(void entries.delete(key(id))),
      revokeByGrantId(grantId) {
        for (const [k, entry] of entries) if (entry.payload.grantId === grantId) entries.delete(k);
        return Promise.resolve();
      },
    };
  };
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <style>
    body { font-family: system-ui, sans-serif; background: #f4f5f7; margin: 0; }
    main { max-width: 22rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 6px;
           box-shadow: 0 1px 3px rgba(0,0,0,.2); }
    h1 { font-size: 1.4rem; margin-top: 0; }
    label { display: block; margin: .8rem 0 .3rem; }
    input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; }
    button { margin-top: 1.2rem; width: 100%; padding: .6rem; font-size: 1rem; }
    [role=alert] { color: #b00020; }
  </style>
</head>
<body><main>
${body}
</main></body>
</html>`;
}

function loginPage(options: {
  title: string;
  action: string;
  clientId: string;
  username: string;
  error?: string;
}): string {
  return page(
    `Sign in · ${options.title}`,
    `<h1>${escapeHtml(options.title)}</h1>
<p>Sign in to continue to <strong>${escapeHtml(options.clientId)}</strong>.</p>
${options.error ? `<p role="alert">${escapeHtml(options.error)}</p>` : ''}
<form method="post" action="${escapeHtml(options.action)}">
  <label for="username">Username</label>
  <input id="username" name="username" autocomplete="username" required autofocus value="${escapeHtml(options.username)}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>
</form>`,
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startOidcProvider(options: OidcProviderOptions = {}): Promise<RunningOidcProvider> {
  const users = options.users ?? TEST_USERS;
  const title = options.title ?? DEFAULT_TITLE;
  let idTokenTtl = options.idTokenTtlSeconds ?? 3600;
  const clients = new Map<string, OidcTestClient>();
  for (const client of options.clients ?? []) clients.set(client.clientId, client);
  const findUser = (name: string) => users.find((u) => u.id === name || u.email === name);

  // The issuer names the port: the server listens before the provider exists.
  let handle: RequestListener = (_req, res) => void res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));

  /** `/interaction/:uid` (GET: the login form, or consent granted at once) and `/interaction/:uid/login` (POST). */
  async function interaction(op: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await op.interactionDetails(req, res);
    const clientId = String(details.params.client_id);
    const action = `/interaction/${details.uid}/login`;
    const finish = (result: InteractionResults) =>
      op.interactionFinished(req, res, result, { mergeWithLastSubmission: false });

    if (req.method === 'POST' && req.url?.split('?')[0] === action) {
      const form = await readForm(req);
      const username = form.get('username') ?? '';
      const user = findUser(username);
      if (!user || user.password !== (form.get('password') ?? '')) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(loginPage({ title, action, clientId, username, error: LOGIN_ERROR }));
        return;
      }
      // Registered clients are trusted: consent is given with the login, no page for it.
      const grant = new op.Grant({ accountId: user.id, clientId });
      grant.addOIDCScope(String(details.params.scope ?? 'openid'));
      const grantId = await grant.save();
      await finish({ login: { accountId: user.id }, consent: { grantId } });
      return;
    }

    if (details.prompt.name === 'consent') {
      const accountId = details.session?.accountId;
      if (!accountId) throw new Error('consent asked without a signed-in user');
      const grant = details.grantId
        ? ((await op.Grant.find(details.grantId)) ?? new op.Grant({ accountId, clientId }))
        : new op.Grant({ accountId, clientId });
      const missing = details.prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
        grant.addResourceScope(indicator, scopes.join(' '));
      await finish({ consent: { grantId: await grant.save() } });
      return;
    }

    const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(loginPage({ title, action, clientId, username: hint }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
  const configuration: Configuration = {
    adapter: memoryAdapter(clients),
    jwks: { keys: [signingKey] },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      // Distinct names: the provider and the app under test share the host 127.0.0.1 (cookies ignore ports).
      names: { session: 'test_op_session', interaction: 'test_op_interaction', resume: 'test_op_resume' },
    },
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access', ...Object.keys(SCOPE_CLAIMS).filter((s) => s !== 'openid')],
    claims: SCOPE_CLAIMS,
    // Put the scopes' claims into the ID token too: Kubernetes reads email and groups from there.
    conformIdTokenClaims: false,
    findAccount(_ctx, sub) {
      const user = users.find((u) => u.id === sub);
      if (!user) return undefined;
      return {
        accountId: user.id,
        claims: () => ({
          sub: user.id,
          email: user.email,
          email_verified: user.email_verified,
          name: user.name,
          preferred_username: user.id,
          groups: user.groups,
        }),
      };
    },
    ttl: {
      IdToken: () => idTokenTtl,
      AccessToken: () => idTokenTtl,
      AuthorizationCode: 60,
      Interaction: 3600,
      Session: 24 * 3600,
      Grant: 24 * 3600,
      RefreshToken: 24 * 3600,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // No confirmation step: the sign-out form submits itself (its button is there without JS).
        logoutSource(ctx: KoaContextWithOIDC, form: string) {
          ctx.body = page(
            `Sign out · ${title}`,
            `<h1>${escapeHtml(title)}</h1>
<p>Signing you out…</p>
${form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>')}
<button type="submit" form="op.logoutForm">Sign out</button>
<script>document.forms[0].submit()</script>`,
          );
        },
        postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          ctx.body = page(
            `Signed out · ${title}`,
            `<h1>${escapeHtml(title)}</h1>\n<p>You are signed out.</p>`,
          );
        },
      },
      revocation: { enabled: true },
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page(
        `Error · ${title}`,
        `<h1>${escapeHtml(title)}</h1>\n<p role="alert">${escapeHtml(out.error)}: ${escapeHtml(out.error_description ?? '')}</p>`,
      );
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();
  handle = (req, res) => {
    if ((req.url ?? '/').startsWith('/interaction/')) {
      interaction(provider, req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`interaction failed: ${(error as Error).message}`);
      });
      return;
    }
    const basic = /^basic\s/i.test(req.headers.authorization ?? '');
    void usesBasicAuth.run(basic, () => callback(req, res));
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return stopping;
  };

  return {
    issuer,
    users,
    clients: () => [...clients.values()],
    setIdTokenTtl(seconds) {
      idTokenTtl = seconds;
    },
    registerClient(client) {
      clients.set(client.clientId, client);
    },
    stop,
  };
}
