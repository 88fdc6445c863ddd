/**
 * The test OpenID provider end to end without a browser: the authorization code flow with PKCE
 * through its own login page (fetch with a cookie jar), its ID tokens taken by mesh-sim as a
 * kube-apiserver with `--oidc-*` flags, and the sign-in scenario's RBAC applied with kubectl.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyBookinfoRbac,
  kubeconfigCaCert,
  startMeshSim,
  staticTokenOf,
  TEST_USERS,
  tokenAuthFileCsv,
  type RunningMeshSim,
} from '../src/index.ts';
import { LOGIN_ERROR, startOidcProvider, type RunningOidcProvider } from '../src/oidcProvider.ts';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
const run = promisify(execFile);

const CLIENT = {
  clientId: 'sextant',
  clientSecret: 'sextant-secret',
  // Never contacted: the flow stops at the redirect and reads the code from its Location.
  redirectUris: ['http://127.0.0.1:9/auth/callback'],
};
const SCOPE = 'openid email profile groups';

let provider: RunningOidcProvider;
let sim: RunningMeshSim;
let dir: string;
let caFile: string;
let caCert: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'testkit-oidc-'));
  provider = await startOidcProvider();
  // Registered after the start, as a test does once it knows the port of the server under test.
  provider.registerClient(CLIENT);
  const tokenAuthFile = path.join(dir, 'tokens.csv');
  await writeFile(tokenAuthFile, tokenAuthFileCsv());
  sim = await startMeshSim({
    scenario: 'bookinfo',
    kubeconfigOut: path.join(dir, 'kubeconfig'),
    timeoutMs: 60_000,
    auth: { tokenAuthFile, oidc: { issuerUrl: provider.issuer, clientId: CLIENT.clientId } },
  });
  await applyBookinfoRbac(sim.kubeconfig);
  caCert = (await kubeconfigCaCert(sim.kubeconfig))!;
  caFile = path.join(dir, 'ca.crt');
  await writeFile(caFile, caCert);
});

afterAll(async () => {
  await sim?.child.stop();
  await provider?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Cookies by name, as a browser keeps them for 127.0.0.1 (paths do not matter to the provider). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', value = ''] = pair.trim().split(/=(.*)/s);
      const expired = attributes.some(
        (a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now(),
      );
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

async function browse(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
  });
  jar.take(response);
  return response;
}

/** Follows redirects on the provider until one leaves it (the callback) or a page is shown. */
async function follow(jar: CookieJar, response: Response): Promise<Response | URL> {
  let current = response;
  for (let hops = 0; hops < 10; hops++) {
    const location = current.headers.get('location');
    if (current.status < 300 || current.status >= 400 || !location) return current;
    const next = new URL(location, provider.issuer);
    if (next.origin !== provider.issuer) return next;
    current = await browse(jar, next.href);
  }
  throw new Error('too many redirects');
}

const base64url = (data: Buffer) => data.toString('base64url');

interface Login {
  jar: CookieJar;
  verifier: string;
  state: string;
  nonce: string;
  /** The login page, or the callback URL when the provider's session signed the user in at once. */
  landing: Response | URL;
}

async function authorize(jar = new CookieJar()): Promise<Login> {
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(12));
  const nonce = base64url(randomBytes(12));
  const url = new URL(`${provider.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: CLIENT.clientId,
    redirect_uri: CLIENT.redirectUris[0]!,
    response_type: 'code',
    scope: SCOPE,
    state,
    nonce,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();
  return { jar, verifier, state, nonce, landing: await follow(jar, await browse(jar, url.href)) };
}

function formOf(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in:\n${html}`);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    fields[m[1]!] = m[2]!;
  return { action: action.replace(/&#38;/g, '&'), fields };
}

async function submitLogin(login: Login, username: string, password: string): Promise<Response | URL> {
  if (login.landing instanceof URL) throw new Error('no login page: already signed in');
  const { action } = formOf(await login.landing.clone().text());
  const response = await browse(login.jar, new URL(action, provider.issuer).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  return follow(login.jar, response);
}

interface Tokens {
  id_token: string;
  access_token: string;
  token_type: string;
  expires_in: number;
}

async function redeem(login: Login, callback: URL, auth: 'basic' | 'post' = 'basic'): Promise<Tokens> {
  expect(callback.origin + callback.pathname).toBe(CLIENT.redirectUris[0]);
  expect(callback.searchParams.get('state')).toBe(login.state);
  expect(callback.searchParams.get('iss')).toBe(provider.issuer);
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code')!,
    redirect_uri: CLIENT.redirectUris[0]!,
    code_verifier: login.verifier,
    ...(auth === 'post' ? { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret } : {}),
  });
  const response = await fetch(`${provider.issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(auth === 'basic'
        ? {
            authorization: `Basic ${Buffer.from(`${encodeURIComponent(CLIENT.clientId)}:${encodeURIComponent(CLIENT.clientSecret)}`).toString('base64')}`,
          }
        : {}),
    },
    body,
  });
  const json = (await response.json()) as Tokens;
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json;
}

async function signIn(
  username: string,
  auth: 'basic' | 'post' = 'basic',
): Promise<Tokens & { login: Login }> {
  const login = await authorize();
  const callback = await submitLogin(login, username, TEST_USERS.find((u) => u.id === username)!.password);
  if (!(callback instanceof URL)) throw new Error(`no redirect after login: ${await callback.text()}`);
  return { ...(await redeem(login, callback, auth)), login };
}

const jwtPart = (token: string, index: 0 | 1): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString('utf8')) as Record<string, unknown>;

/** One request to mesh-sim's HTTPS API as the bearer of `token`. */
function kube(
  token: string,
  apiPath: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${sim.kubeApi}${apiPath}`,
      {
        method: init.method ?? 'GET',
        ca: caCert,
        headers: {
          authorization: `Bearer ${token}`,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    req.once('error', reject);
    req.end(init.body ? JSON.stringify(init.body) : undefined);
  });
}

const virtualService = (name: string) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace: 'bookinfo' },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] },
});
const VS_PATH = '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices';

describe('the test OpenID provider', () => {
  it('publishes its discovery document: RS256, PKCE, the groups scope and claim, end session', async () => {
    const response = await fetch(`${provider.issuer}/.well-known/openid-configuration`);
    const doc = (await response.json()) as Record<string, unknown>;
    expect(provider.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(doc).toMatchObject({
      issuer: provider.issuer,
      id_token_signing_alg_values_supported: expect.arrayContaining(['RS256']),
      code_challenge_methods_supported: ['S256'],
      scopes_supported: expect.arrayContaining(['openid', 'email', 'profile', 'groups']),
      claims_supported: expect.arrayContaining(['email', 'email_verified', 'name', 'groups']),
      token_endpoint_auth_methods_supported: expect.arrayContaining([
        'client_secret_basic',
        'client_secret_post',
      ]),
      end_session_endpoint: `${provider.issuer}/session/end`,
    });
  });

  it('signs alice in through its login page; the ID token carries email, name and groups', async () => {
    const login = await authorize();
    if (login.landing instanceof URL) throw new Error('signed in without a login page');
    const html = await login.landing.clone().text();
    expect(html).toContain('<h1>Test identity provider</h1>');
    expect(html).toMatch(/<label for="username">Username<\/label>/);
    expect(html).toMatch(/<label for="password">Password<\/label>/);
    expect(html).toContain('<button type="submit">Sign in</button>');

    const callback = await submitLogin(login, 'alice', 'alice-password');
    if (!(callback instanceof URL)) throw new Error('no redirect to the client after a good login');
    const tokens = await redeem(login, callback);
    expect(jwtPart(tokens.id_token, 0)).toMatchObject({ alg: 'RS256' });
    const claims = jwtPart(tokens.id_token, 1);
    expect(claims).toMatchObject({
      iss: provider.issuer,
      aud: CLIENT.clientId,
      sub: 'alice',
      nonce: login.nonce,
      email: 'alice@example.com',
      email_verified: true,
      name: 'Alice Editor',
      groups: ['bookinfo-editors'],
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
  });

  it('re-shows the form with an error for a wrong password, and takes the email as user name', async () => {
    const login = await authorize();
    const refused = await submitLogin(login, 'alice', 'not-her-password');
    if (refused instanceof URL) throw new Error('signed in with a wrong password');
    expect(refused.status).toBe(200);
    const html = await refused.text();
    expect(html).toContain(`<p role="alert">${LOGIN_ERROR}</p>`);
    expect(html).toContain('<button type="submit">Sign in</button>');
    expect(html).toContain('value="alice"');
    // The same interaction goes on: the right password now signs in.
    const retry = { ...login, landing: new Response(html) };
    const callback = await submitLogin(retry, 'alice@example.com', 'alice-password');
    expect(callback).toBeInstanceOf(URL);
    expect(jwtPart((await redeem(login, callback as URL)).id_token, 1)).toMatchObject({ sub: 'alice' });
  });

  it('takes client_secret_post as well as client_secret_basic', async () => {
    const { id_token } = await signIn('bob', 'post');
    expect(jwtPart(id_token, 1)).toMatchObject({ email: 'bob@example.com', groups: ['bookinfo-viewers'] });
  });

  it('keeps the provider session (SSO) until RP-initiated logout ends it', async () => {
    const { id_token, login } = await signIn('carol');
    const again = await authorize(login.jar);
    expect(again.landing).toBeInstanceOf(URL); // no login page: straight back with a code

    const end = new URL(`${provider.issuer}/session/end`);
    end.search = new URLSearchParams({
      id_token_hint: id_token,
      post_logout_redirect_uri: 'http://127.0.0.1:9/',
      state: 'bye',
    }).toString();
    const confirm = await browse(login.jar, end.href);
    expect(confirm.status).toBe(200);
    const { action, fields } = formOf(await confirm.text());
    expect(fields.logout).toBe('yes');
    const done = await browse(login.jar, new URL(action, provider.issuer).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('http://127.0.0.1:9/?state=bye');

    const afterLogout = await authorize(login.jar);
    expect(afterLogout.landing).toBeInstanceOf(Response);
    expect(await (afterLogout.landing as Response).text()).toContain(
      '<button type="submit">Sign in</button>',
    );
  });
});

describe('mesh-sim with --oidc-* takes the ID tokens and applies the bookinfo RBAC', () => {
  let tokens: Record<'alice' | 'bob' | 'carol', string>;
  beforeAll(async () => {
    tokens = {
      alice: (await signIn('alice')).id_token,
      bob: (await signIn('bob')).id_token,
      carol: (await signIn('carol')).id_token,
    };
  });

  it.skipIf(!hasKubectl)('kubectl auth whoami with the ID token names the user and groups', async () => {
    const { stdout } = await run(
      'kubectl',
      [
        '--server',
        sim.kubeApi,
        '--certificate-authority',
        caFile,
        '--token',
        tokens.alice,
        'auth',
        'whoami',
        '-o',
        'json',
      ],
      { env: { ...process.env, KUBECONFIG: path.join(dir, 'no-kubeconfig') }, timeout: 30_000 },
    );
    expect(JSON.parse(stdout)).toMatchObject({
      kind: 'SelfSubjectReview',
      status: {
        userInfo: {
          username: 'alice@example.com',
          uid: 'alice',
          groups: ['bookinfo-editors', 'system:authenticated'],
        },
      },
    });
  });

  it('alice creates, changes and deletes a VirtualService in bookinfo, and reads the namespace', async () => {
    const created = await kube(tokens.alice, VS_PATH, { method: 'POST', body: virtualService('alice-vs') });
    expect(created.status).toBe(201);
    const patched = await kube(tokens.alice, `${VS_PATH}/alice-vs`, {
      method: 'PUT',
      body: { ...virtualService('alice-vs'), metadata: (created.body as { metadata: object }).metadata },
    });
    expect(patched.status).toBe(200);
    expect((await kube(tokens.alice, `${VS_PATH}/alice-vs`, { method: 'DELETE' })).status).toBe(200);
    expect((await kube(tokens.alice, '/api/v1/namespaces/bookinfo')).status).toBe(200);
    expect((await kube(tokens.alice, '/api/v1/namespaces/bookinfo/pods')).status).toBe(200);
    // edit, not admin: no RBAC changes, nothing outside bookinfo.
    expect(
      (await kube(tokens.alice, '/apis/rbac.authorization.k8s.io/v1/namespaces/bookinfo/roles')).status,
    ).toBe(403);
    expect((await kube(tokens.alice, '/api/v1/namespaces/default/pods')).status).toBe(403);
  });

  it('bob reads bookinfo (Istio config, pods, the namespace itself) and may change nothing', async () => {
    expect((await kube(tokens.bob, VS_PATH)).status).toBe(200);
    expect(
      (await kube(tokens.bob, '/apis/security.istio.io/v1/namespaces/bookinfo/peerauthentications')).status,
    ).toBe(200);
    expect((await kube(tokens.bob, '/api/v1/namespaces/bookinfo/pods')).status).toBe(200);
    expect((await kube(tokens.bob, '/api/v1/namespaces/bookinfo')).status).toBe(200);
    expect((await kube(tokens.bob, '/api/v1/namespaces')).status).toBe(403);
    const create = await kube(tokens.bob, VS_PATH, { method: 'POST', body: virtualService('bob-vs') });
    expect(create.status).toBe(403);
    expect(create.body.message).toBe(
      'virtualservices.networking.istio.io is forbidden: User "bob@example.com" cannot create resource "virtualservices" in API group "networking.istio.io" in the namespace "bookinfo"',
    );
  });

  it('carol is signed in but may not list pods in bookinfo (403)', async () => {
    const review = await kube(tokens.carol, '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      method: 'POST',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(review.body).toMatchObject({ status: { userInfo: { username: 'carol@example.com' } } });
    const pods = await kube(tokens.carol, '/api/v1/namespaces/bookinfo/pods');
    expect(pods.status).toBe(403);
    expect(pods.body).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
    expect((await kube(tokens.carol, '/api/v1/namespaces/bookinfo')).status).toBe(403);
  });

  it('the static tokens of the same users get the same names, groups and rights', async () => {
    const bob = TEST_USERS.find((u) => u.id === 'bob')!;
    const review = await kube(staticTokenOf(bob), '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      method: 'POST',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(review.body).toMatchObject({
      status: {
        userInfo: { username: 'bob@example.com', groups: ['bookinfo-viewers', 'system:authenticated'] },
      },
    });
    expect((await kube(staticTokenOf(bob), VS_PATH)).status).toBe(200);
  });

  it('an expired ID token is refused with 401', async () => {
    provider.setIdTokenTtl(2);
    let short: string;
    try {
      short = (await signIn('alice')).id_token;
    } finally {
      provider.setIdTokenTtl(3600);
    }
    const { exp } = jwtPart(short, 1) as { exp: number };
    expect(exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(2);
    expect((await kube(short, VS_PATH)).status).toBe(200);
    const deadline = Date.now() + 10_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await kube(short, VS_PATH)).status;
    }
    expect(status).toBe(401);
    expect(Date.now() / 1000).toBeGreaterThanOrEqual(exp);
    // A fresh sign-in works again.
    expect((await kube((await signIn('alice')).id_token, VS_PATH)).status).toBe(200);
  });
});
