import { authInfoSchema, namespacePermissionsSchema } from '@sextant/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { OpenIdChecks, OpenIdClient } from '../auth/openid.ts';
import type { AppConfig } from '../app.ts';
import type { ResourceRule } from '../auth/rbacRules.ts';
import { seedBookinfo } from '../testing/istioFixtures.ts';
import { makeTestApp } from '../testing/testApp.ts';
import type { FakeKubeClient } from '../testing/fakes.ts';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const READ: ResourceRule = {
  verbs: ['get', 'list', 'watch'],
  apiGroups: ['', 'apps'],
  resources: ['namespaces', 'pods', 'services', 'deployments'],
};
const ISTIO_READ: ResourceRule = {
  verbs: ['get', 'list', 'watch'],
  apiGroups: ['networking.istio.io', 'security.istio.io'],
  resources: ['*'],
};
const ISTIO_WRITE: ResourceRule = {
  verbs: ['create', 'update', 'patch', 'delete'],
  apiGroups: ['networking.istio.io', 'security.istio.io'],
  resources: ['*'],
};

/** alice edits bookinfo, bob reads it, carol may do nothing; `default` is nobody's. */
function addUsers(kube: FakeKubeClient): void {
  kube.users.set('alice-token', {
    user: { name: 'alice', groups: ['bookinfo-editors'] },
    rules: { bookinfo: [READ, ISTIO_READ, ISTIO_WRITE] },
  });
  kube.users.set('bob-token', {
    user: { name: 'bob', groups: ['bookinfo-viewers'] },
    rules: { bookinfo: [READ, ISTIO_READ] },
  });
  kube.users.set('carol-token', { user: { name: 'carol', groups: [] }, rules: {} });
}

function setup(config: Partial<AppConfig> = {}) {
  const t = makeTestApp({
    auth: { strategy: 'token', sessionSecret: SECRET, sessionTtlMs: 3_600_000 },
    ...config,
  });
  seedBookinfo(t.kube);
  addUsers(t.kube);
  return t;
}

async function signIn(app: ReturnType<typeof setup>['app'], token: string): Promise<string> {
  const res = await request(app).post('/api/auth/login').send({ token }).expect(200);
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.map((c) => c.split(';')[0]).join('; ');
}

const VS_BODY = (resourceVersion: string) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }] },
});

/** Every route of the API, each method it answers. */
const EVERY_ROUTE: Array<[method: 'get' | 'post' | 'put' | 'delete', path: string]> = [
  ['get', '/api/namespaces'],
  ['get', '/api/namespaces/graph?namespaces=bookinfo'],
  ['get', '/api/namespaces/graph/aggregate?namespaces=bookinfo'],
  ['get', `/api/namespaces/graph/replay?namespaces=bookinfo&start=1&end=1&step=60`],
  ['get', '/api/mesh/tls'],
  ['get', '/api/overview'],
  ['get', '/api/mesh'],
  ['get', '/api/namespaces/bookinfo/tls'],
  ['get', '/api/namespaces/bookinfo/istio'],
  ['post', '/api/namespaces/bookinfo/istio'],
  ['get', '/api/namespaces/bookinfo/istio/virtualservices/reviews'],
  ['post', '/api/namespaces/bookinfo/istio/virtualservices'],
  ['post', '/api/namespaces/bookinfo/istio/virtualservices?dryRun=true'],
  ['put', '/api/namespaces/bookinfo/istio/virtualservices/reviews'],
  ['delete', '/api/namespaces/bookinfo/istio/virtualservices/reviews'],
  ['get', '/api/namespaces/bookinfo/services'],
  ['get', '/api/namespaces/bookinfo/services/reviews'],
  ['get', '/api/namespaces/bookinfo/services/reviews/workloads'],
  ['get', '/api/namespaces/bookinfo/workloads'],
  ['get', '/api/namespaces/bookinfo/workloads/reviews-v1'],
  ['get', '/api/namespaces/bookinfo/apps'],
  ['get', '/api/namespaces/bookinfo/apps/reviews'],
  ['get', '/api/namespaces/bookinfo/workloads/reviews-v1/graph'],
  ['get', '/api/namespaces/bookinfo/workloads/reviews-v1/metrics'],
  ['get', '/api/namespaces/bookinfo/services/reviews/dashboard'],
  ['get', '/api/namespaces/bookinfo/permissions'],
  ['get', '/api/namespaces/bookinfo/workloads/reviews-v1/pods'],
  ['get', '/api/namespaces/bookinfo/pods/reviews-v1-x/logs?container=istio-proxy'],
];

const call = (app: ReturnType<typeof setup>['app'], method: (typeof EVERY_ROUTE)[number][0], path: string) =>
  request(app)[method](path);

describe('authentication: no session, no access', () => {
  it.each(['token', 'header'] as const)(
    '%s: every route answers 401 UNAUTHENTICATED and nothing reaches Kubernetes',
    async (strategy) => {
      const { app, kube } = setup({
        auth: strategy === 'token' ? { strategy, sessionSecret: SECRET } : { strategy },
      });
      for (const [method, path] of EVERY_ROUTE) {
        const res = await call(app, method, path).send(method === 'get' ? undefined : VS_BODY('1'));
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHENTICATED');
      }
      expect(kube.calls).toEqual([]);
      expect(kube.reviews).toEqual([]);
    },
  );

  it('answers the sign-in page without a session', async () => {
    const { app } = setup();
    const info = await request(app).get('/api/auth/info').expect(200);
    expect(authInfoSchema.parse(info.body)).toEqual({ strategy: 'token', user: null, expiresAt: null });
    expect(info.headers['cache-control']).toBe('no-store');
    await request(app).get('/api/status').expect(200);
  });

  it('anonymous: no sign-in, the server acts as itself', async () => {
    const { app } = setup({ auth: { strategy: 'anonymous' } });
    expect((await request(app).get('/api/auth/info').expect(200)).body).toEqual({
      strategy: 'anonymous',
      user: null,
      expiresAt: null,
    });
    const namespaces = await request(app).get('/api/namespaces').expect(200);
    expect(namespaces.body.map((n: { name: string }) => n.name)).toEqual(['bookinfo', 'default']);
  });
});

describe('token strategy', () => {
  it('refuses a token Kubernetes does not accept, and a bad body', async () => {
    const { app } = setup();
    const res = await request(app).post('/api/auth/login').send({ token: 'nobody' }).expect(401);
    expect(res.body.error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('Kubernetes did not accept this token'),
    });
    expect(res.headers['set-cookie']).toBeUndefined();
    const bad = await request(app).post('/api/auth/login').send({ token: '  ' }).expect(400);
    expect(bad.body.error.fieldErrors).toEqual([{ path: 'token', message: 'token is required' }]);
  });

  it('signs in with a sealed, HttpOnly, SameSite cookie that says nothing of the token', async () => {
    const { app, clock } = setup();
    const res = await request(app).post('/api/auth/login').send({ token: 'alice-token' }).expect(200);
    expect(authInfoSchema.parse(res.body)).toEqual({
      strategy: 'token',
      user: { name: 'alice', groups: ['bookinfo-editors'] },
      expiresAt: new Date(clock.now + 3_600_000).toISOString(),
    });
    const [cookie] = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(cookie).toMatch(/^sextant-session=[^;]+; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookie).not.toContain('alice-token');
    expect(Buffer.from(cookie!.split('=')[1]!.split('.')[3] ?? '', 'base64url').toString()).not.toContain(
      'alice',
    );
  });

  it('marks the cookie Secure behind a TLS proxy', async () => {
    const { app } = setup();
    const res = await request(app)
      .post('/api/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ token: 'alice-token' })
      .expect(200);
    expect(String(res.headers['set-cookie'])).toContain('; Secure');
  });

  it('shows each user only the namespaces RBAC lets them read', async () => {
    const { app } = setup();
    for (const [token, expected] of [
      ['alice-token', ['bookinfo']],
      ['bob-token', ['bookinfo']],
      ['carol-token', []],
    ] as const) {
      const cookie = await signIn(app, token);
      const res = await request(app).get('/api/namespaces').set('Cookie', cookie).expect(200);
      expect(
        res.body.map((n: { name: string }) => n.name),
        token,
      ).toEqual(expected);
    }
  });

  it("refuses a namespace's routes to a user who may not read it, whatever the route", async () => {
    const { app } = setup();
    const carol = await signIn(app, 'carol-token');
    for (const [method, path] of EVERY_ROUTE.filter(([, p]) => p.includes('/namespaces/bookinfo/'))) {
      const res = await call(app, method, path)
        .set('Cookie', carol)
        .send(method === 'get' ? undefined : VS_BODY('1'));
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.message).toBe('Kubernetes RBAC does not let carol read namespace "bookinfo"');
    }
    const graph = await request(app)
      .get('/api/namespaces/graph?namespaces=bookinfo')
      .set('Cookie', carol)
      .expect(403);
    expect(graph.body.error.message).toContain('"bookinfo"');
    const aggregate = await request(app)
      .get('/api/namespaces/graph/aggregate?namespaces=bookinfo')
      .set('Cookie', carol)
      .expect(403);
    expect(aggregate.body.error.message).toContain('"bookinfo"');
    const replay = await request(app)
      .get('/api/namespaces/graph/replay?namespaces=bookinfo&start=1&end=1&step=60')
      .set('Cookie', carol)
      .expect(403);
    expect(replay.body.error.message).toContain('"bookinfo"');
  });

  it('lets a user who may read the namespaces have the scope-first graph (its path names no namespace)', async () => {
    const { app } = setup();
    const alice = await signIn(app, 'alice-token');
    const res = await request(app)
      .get('/api/namespaces/graph/aggregate?namespaces=bookinfo')
      .set('Cookie', alice);
    expect(res.status).toBe(200);
    expect(res.body.aggregation).toMatchObject({ level: 'namespace', queries: 2 });
  });

  it('writes as the user: Kubernetes refuses bob with its own message, lets alice', async () => {
    const { app, kube } = setup();
    const rv = (kube.objects.virtualServices![0] as { metadata: { resourceVersion: string } }).metadata
      .resourceVersion;
    const bob = await signIn(app, 'bob-token');
    const refused = await request(app)
      .put('/api/namespaces/bookinfo/istio/virtualservices/reviews')
      .set('Cookie', bob)
      .send(VS_BODY(rv))
      .expect(403);
    expect(refused.body.error.message).toContain('User "bob" cannot update resource "virtualservices"');
    expect(kube.calls.filter((c) => c.op === 'replace' && !c.dryRun)).toEqual([]);
    const alice = await signIn(app, 'alice-token');
    await request(app)
      .put('/api/namespaces/bookinfo/istio/virtualservices/reviews')
      .set('Cookie', alice)
      .send(VS_BODY(rv))
      .expect(200);
    expect(kube.calls.filter((c) => c.op === 'replace' && !c.dryRun)).toHaveLength(1);
  });

  it('tells the editors what the user may write, with the reason', async () => {
    const { app } = setup();
    const bob = namespacePermissionsSchema.parse(
      (
        await request(app)
          .get('/api/namespaces/bookinfo/permissions')
          .set('Cookie', await signIn(app, 'bob-token'))
          .expect(200)
      ).body,
    );
    expect(bob.istio.virtualservices).toEqual({
      create: {
        allowed: false,
        reason: 'Kubernetes RBAC does not let bob create virtualservices in namespace bookinfo',
      },
      update: {
        allowed: false,
        reason: 'Kubernetes RBAC does not let bob update virtualservices in namespace bookinfo',
      },
      delete: {
        allowed: false,
        reason: 'Kubernetes RBAC does not let bob delete virtualservices in namespace bookinfo',
      },
    });
    const alice = namespacePermissionsSchema.parse(
      (
        await request(app)
          .get('/api/namespaces/bookinfo/permissions')
          .set('Cookie', await signIn(app, 'alice-token'))
          .expect(200)
      ).body,
    );
    expect(
      Object.values(alice.istio).every((p) => p.create.allowed && p.update.allowed && p.delete.allowed),
    ).toBe(true);
  });

  it('view-only wins over RBAC in the permissions', async () => {
    const { app } = setup({ viewOnly: true });
    const alice = await signIn(app, 'alice-token');
    const res = await request(app)
      .get('/api/namespaces/bookinfo/permissions')
      .set('Cookie', alice)
      .expect(200);
    expect(res.body.istio.virtualservices.update).toEqual({
      allowed: false,
      reason: expect.stringContaining('view-only'),
    });
    await request(app)
      .delete('/api/namespaces/bookinfo/istio/virtualservices/reviews')
      .set('Cookie', alice)
      .expect(403);
  });

  it('reviews each (user, namespace) once per 30 s, then again', async () => {
    const { app, kube, clock } = setup();
    const alice = await signIn(app, 'alice-token');
    await request(app).get('/api/namespaces').set('Cookie', alice).expect(200);
    await request(app).get('/api/namespaces/bookinfo/istio').set('Cookie', alice).expect(200);
    await request(app).get('/api/namespaces').set('Cookie', alice).expect(200);
    expect(kube.reviews.filter((r) => r.startsWith('alice '))).toEqual(['alice bookinfo', 'alice default']);
    clock.now += 31_000;
    await request(app).get('/api/namespaces').set('Cookie', alice).expect(200);
    expect(kube.reviews.filter((r) => r.startsWith('alice '))).toHaveLength(4);
  });

  it('lists only the Istio kinds the user may list', async () => {
    const { app, kube } = setup();
    kube.users.set('dave-token', {
      user: { name: 'dave', groups: [] },
      rules: {
        bookinfo: [
          READ,
          { verbs: ['list'], apiGroups: ['networking.istio.io'], resources: ['virtualservices'] },
        ],
      },
    });
    const res = await request(app)
      .get('/api/namespaces/bookinfo/istio')
      .set('Cookie', await signIn(app, 'dave-token'))
      .expect(200);
    expect(new Set(res.body.items.map((i: { kind: string }) => i.kind))).toEqual(new Set(['VirtualService']));
  });

  it('ends the session at its expiry, on sign-out, and never for a forged cookie', async () => {
    const { app, clock } = setup();
    const alice = await signIn(app, 'alice-token');
    await request(app).get('/api/namespaces').set('Cookie', alice).expect(200);
    const forged = alice.replace(/=(.)/, (_m, c: string) => `=${c === 'e' ? 'f' : 'e'}`);
    await request(app).get('/api/namespaces').set('Cookie', forged).expect(401);
    const out = await request(app).post('/api/auth/logout').set('Cookie', alice).expect(200);
    expect(out.body).toEqual({ strategy: 'token', user: null, expiresAt: null });
    expect(String(out.headers['set-cookie'])).toMatch(/sextant-session=; Max-Age=0/);
    clock.now += 3_600_000;
    const expired = await request(app).get('/api/namespaces').set('Cookie', alice).expect(401);
    expect(expired.body.error.code).toBe('UNAUTHENTICATED');
  });

  it("a session ends sooner when the token's own exp says so", async () => {
    const { app, kube, clock } = setup();
    const exp = Math.floor(clock.now / 1000) + 600;
    const jwt = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.sig`;
    kube.users.set(jwt, { user: { name: 'erin', groups: [] }, rules: {} });
    const res = await request(app).post('/api/auth/login').send({ token: jwt }).expect(200);
    expect(res.body.expiresAt).toBe(new Date(exp * 1000).toISOString());
  });

  it('a token revoked mid-session is a 401 (sign in again), not a 403', async () => {
    const { app, kube } = setup();
    const alice = await signIn(app, 'alice-token');
    kube.users.delete('alice-token');
    const res = await request(app)
      .get('/api/namespaces/bookinfo/istio/virtualservices/reviews')
      .set('Cookie', alice)
      .expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('header strategy', () => {
  it('takes the bearer token the proxy sends on every request', async () => {
    const { app } = setup({ auth: { strategy: 'header' } });
    const info = await request(app)
      .get('/api/auth/info')
      .set('Authorization', 'Bearer bob-token')
      .expect(200);
    expect(info.body).toMatchObject({ strategy: 'header', user: { name: 'bob' } });
    const res = await request(app)
      .get('/api/namespaces')
      .set('Authorization', 'Bearer bob-token')
      .expect(200);
    expect(res.body.map((n: { name: string }) => n.name)).toEqual(['bookinfo']);
    await request(app).get('/api/namespaces').set('Authorization', 'Bearer nobody').expect(401);
    await request(app).get('/api/namespaces').set('Authorization', 'Basic Ym9iOmJvYg==').expect(401);
    await request(app).post('/api/auth/login').send({ token: 'bob-token' }).expect(400);
  });

  it('reads a named header, with or without Bearer', async () => {
    const { app } = setup({ auth: { strategy: 'header', header: 'X-Forwarded-Access-Token' } });
    await request(app).get('/api/namespaces').set('X-Forwarded-Access-Token', 'alice-token').expect(200);
    await request(app)
      .get('/api/namespaces')
      .set('X-Forwarded-Access-Token', 'Bearer alice-token')
      .expect(200);
    await request(app).get('/api/namespaces').set('Authorization', 'Bearer alice-token').expect(401);
  });
});

/** An OpenID provider that issues `<user>-token` as the ID token for the code `code-<user>`. */
class FakeOpenId implements OpenIdClient {
  started: OpenIdChecks[] = [];
  async start() {
    const checks = {
      codeVerifier: `v${this.started.length}`,
      state: `s${this.started.length}`,
      nonce: `n${this.started.length}`,
    };
    this.started.push(checks);
    return { url: `https://idp.example/authorize?state=${checks.state}`, checks };
  }
  async finish(callbackUrl: URL, checks: OpenIdChecks) {
    if (callbackUrl.searchParams.get('state') !== checks.state) throw new Error('state mismatch');
    const user = callbackUrl.searchParams.get('code')?.replace(/^code-/, '');
    return { idToken: `${user}-token`, expiresAt: Math.floor(Date.UTC(2025, 0, 1, 12, 30) / 1000) };
  }
  async endSessionUrl(idToken: string, back: string) {
    return `https://idp.example/logout?hint=${idToken}&back=${encodeURIComponent(back)}`;
  }
}

describe('openid strategy', () => {
  const openidApp = () => {
    const idp = new FakeOpenId();
    const t = setup({
      auth: {
        strategy: 'openid',
        sessionSecret: SECRET,
        openid: { client: idp, redirectUrl: 'http://127.0.0.1:20001/auth/callback' },
      },
    });
    return { ...t, idp };
  };

  it('goes to the provider and comes back signed in, to the page it started from', async () => {
    const { app } = openidApp();
    const info = await request(app).get('/api/auth/info').expect(200);
    expect(info.body).toEqual({
      strategy: 'openid',
      user: null,
      expiresAt: null,
      loginUrl: '/api/auth/openid/login',
    });
    const start = await request(app).get('/api/auth/openid/login?return=/istio/bookinfo').expect(302);
    expect(start.headers.location).toBe('https://idp.example/authorize?state=s0');
    const loginCookie = String(start.headers['set-cookie']).split(';')[0]!;
    const back = await request(app)
      .get('/auth/callback?code=code-alice&state=s0')
      .set('Cookie', loginCookie)
      .expect(303);
    expect(back.headers.location).toBe('/istio/bookinfo');
    const session = ([] as string[])
      .concat(back.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('sextant-session='))!;
    const me = await request(app).get('/api/auth/info').set('Cookie', session.split(';')[0]!).expect(200);
    expect(me.body).toMatchObject({ user: { name: 'alice' }, expiresAt: '2025-01-01T12:30:00.000Z' });
  });

  it('sends a failed or forged callback back to the sign-in page with the reason', async () => {
    const { app } = openidApp();
    const noCookie = await request(app).get('/auth/callback?code=code-alice&state=s0').expect(303);
    expect(decodeURIComponent(noCookie.headers.location!)).toBe(
      '/?signInError=This sign-in has expired or was started in another browser: sign in again',
    );
    const start = await request(app).get('/api/auth/openid/login').expect(302);
    const loginCookie = String(start.headers['set-cookie']).split(';')[0]!;
    const denied = await request(app)
      .get('/auth/callback?error=access_denied&state=s0')
      .set('Cookie', loginCookie)
      .expect(303);
    expect(decodeURIComponent(denied.headers.location!)).toContain(
      'The OpenID provider refused the sign-in (access_denied)',
    );
  });

  it('never returns to another site', async () => {
    const { app } = openidApp();
    for (const target of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
      const start = await request(app)
        .get(`/api/auth/openid/login?return=${encodeURIComponent(target)}`)
        .expect(302);
      const back = await request(app)
        .get(
          '/auth/callback?code=code-alice&state=' +
            new URL(start.headers.location!).searchParams.get('state'),
        )
        .set('Cookie', String(start.headers['set-cookie']).split(';')[0]!)
        .expect(303);
      expect(back.headers.location, target).toBe('/');
    }
  });

  it('signs out of the provider too', async () => {
    const { app } = openidApp();
    const start = await request(app).get('/api/auth/openid/login').expect(302);
    const back = await request(app)
      .get('/auth/callback?code=code-bob&state=s0')
      .set('Cookie', String(start.headers['set-cookie']).split(';')[0]!);
    const session = ([] as string[])
      .concat(back.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('sextant-session='))!
      .split(';')[0]!;
    const out = await request(app)
      .post('/api/auth/logout')
      .set('Cookie', session)
      .set('Host', '127.0.0.1:20001')
      .expect(200);
    expect(out.body.endSessionUrl).toBe(
      `https://idp.example/logout?hint=bob-token&back=${encodeURIComponent('http://127.0.0.1:20001/')}`,
    );
  });
});
