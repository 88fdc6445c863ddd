/**
 * Sign-in against the real thing: the server (SEXTANT_AUTH=token) as a child process, mesh-sim
 * authenticating static tokens over HTTPS and deciding with RBAC (the sign-in scenario's
 * RoleBindings, applied with kubectl), and Prometheus. Every Kubernetes call a user causes is made
 * with their token: what they see and may change is what Kubernetes says.
 */
import {
  authInfoSchema,
  changeListSchema,
  errorEnvelopeSchema,
  istioConfigListSchema,
  namespaceListSchema,
  namespacePermissionsSchema,
} from '@sextant/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '@sextant/mesh-sim/prometheus';
import {
  kubectl,
  startServer,
  startStack,
  staticTokenOf,
  TEST_USERS,
  type RunningServer,
  type Stack,
} from '@sextant/testkit';

let stack: Stack;
/** A second server on the same cluster, behind a (played) authenticating proxy: SEXTANT_AUTH=header. */
let headerServer: RunningServer;

beforeAll(async () => {
  stack = await startStack({
    scenario: 'bookinfo',
    meshSimAuth: { testUserTokens: true },
    bookinfoRbac: true,
    serverEnv: { SEXTANT_AUTH: 'token', SEXTANT_SESSION_SECRET: 'signin-itest-secret-0123456789abcdef' },
  });
  headerServer = await startServer({
    port: await freeLoopbackPort(),
    prometheusUrl: stack.urls.prometheus,
    kubeconfig: stack.kubeconfig,
    staticDir: undefined,
    env: { SEXTANT_AUTH: 'header' },
    timeoutMs: 60_000,
  });
});
afterAll(async () => {
  await headerServer?.child.stop();
  await stack?.stop();
});

const tokenOf = (id: string) => staticTokenOf(TEST_USERS.find((u) => u.id === id)!);

async function api(path: string, init: RequestInit & { cookie?: string } = {}): Promise<Response> {
  const { cookie, ...rest } = init;
  return fetch(`${stack.urls.sextant}${path}`, {
    ...rest,
    headers: {
      'content-type': 'application/json',
      ...(cookie ? { cookie } : {}),
      ...(rest.headers as Record<string, string> | undefined),
    },
  });
}

async function signIn(id: string): Promise<string> {
  const res = await api('/api/auth/login', { method: 'POST', body: JSON.stringify({ token: tokenOf(id) }) });
  expect(res.status).toBe(200);
  const info = authInfoSchema.parse(await res.json());
  expect(info.user?.name).toBe(`${id}@example.com`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

const vsBody = (name: string) =>
  JSON.stringify({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace: 'bookinfo' },
    spec: { hosts: [name], http: [{ route: [{ destination: { host: 'ratings' } }] }] },
  });

describe('token sign-in against mesh-sim with RBAC', () => {
  it('refuses every API route without a session, and a token Kubernetes does not know', async () => {
    for (const [method, path] of [
      ['GET', '/api/namespaces'],
      ['GET', '/api/namespaces/graph?namespaces=bookinfo'],
      ['POST', '/api/namespaces/bookinfo/istio/virtualservices'],
    ] as const) {
      const res = await api(path, { method, ...(method === 'POST' ? { body: vsBody('x') } : {}) });
      expect(res.status, path).toBe(401);
      expect(errorEnvelopeSchema.parse(await res.json()).error.code).toBe('UNAUTHENTICATED');
    }
    const wrong = await api('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ token: 'no-such-token' }),
    });
    expect(wrong.status).toBe(401);
    // The server's own identity still works for what needs no user: probes.
    expect((await fetch(`${stack.urls.sextant}/readyz`)).status).toBe(200);
  });

  it('shows each user the namespaces RBAC lets them read', async () => {
    for (const [id, expected] of [
      ['alice', ['bookinfo']],
      ['bob', ['bookinfo']],
      ['carol', []],
    ] as const) {
      const res = await api('/api/namespaces', { cookie: await signIn(id) });
      expect(res.status).toBe(200);
      expect(
        namespaceListSchema.parse(await res.json()).map((n) => n.name),
        id,
      ).toEqual(expected);
    }
    const carol = await api('/api/namespaces/bookinfo/istio', { cookie: await signIn('carol') });
    expect(carol.status).toBe(403);
  });

  it("writes as the user: alice's VirtualService is created, bob gets Kubernetes' 403", async () => {
    const alice = await signIn('alice');
    const created = await api('/api/namespaces/bookinfo/istio/virtualservices', {
      method: 'POST',
      cookie: alice,
      body: vsBody('signin-itest'),
    });
    expect(created.status).toBe(201);
    // Kubernetes recorded who made it: our field manager, with alice's credentials.
    expect(
      await kubectl(stack.kubeconfig, [
        'get',
        'virtualservice',
        'signin-itest',
        '-n',
        'bookinfo',
        '-o',
        'name',
      ]),
    ).toContain('signin-itest');

    const bob = await signIn('bob');
    const refused = await api('/api/namespaces/bookinfo/istio/virtualservices', {
      method: 'POST',
      cookie: bob,
      body: vsBody('signin-itest-bob'),
    });
    expect(refused.status).toBe(403);
    const message = errorEnvelopeSchema.parse(await refused.json()).error.message;
    expect(message).toMatch(/bob@example\.com.*cannot create resource "virtualservices"/);

    const list = await api('/api/namespaces/bookinfo/istio', { cookie: bob });
    expect(istioConfigListSchema.parse(await list.json()).items.map((i) => i.name)).toContain('signin-itest');
  });

  it("records alice's write in the change history as hers; carol sees none of bookinfo's changes", async () => {
    const alice = await signIn('alice');
    const created = await api('/api/namespaces/bookinfo/istio/virtualservices', {
      method: 'POST',
      cookie: alice,
      body: vsBody('signin-itest-history'),
    });
    expect(created.status).toBe(201);
    const changesOf = async (cookie: string, query: string) => {
      const res = await api(`/api/changes?${query}`, { cookie });
      expect(res.status).toBe(200);
      return changeListSchema.parse(await res.json()).changes;
    };
    await expect
      .poll(
        async () =>
          (await changesOf(alice, 'namespaces=bookinfo&name=signin-itest-history')).map((c) => ({
            operation: c.operation,
            objectKind: c.objectKind,
            author: c.author,
            attributed: c.attributed,
          })),
        { timeout: 15_000 },
      )
      .toEqual([
        { operation: 'create', objectKind: 'VirtualService', author: 'alice@example.com', attributed: true },
      ]);

    const carol = await signIn('carol');
    expect(await changesOf(carol, 'name=signin-itest-history')).toEqual([]);
    const refused = await api('/api/changes?namespaces=bookinfo', { cookie: carol });
    expect(refused.status).toBe(403);
    expect(errorEnvelopeSchema.parse(await refused.json()).error.message).toContain('"bookinfo"');
  });

  it("tells the editor what bob and alice may write, from Kubernetes' rules review", async () => {
    const bob = namespacePermissionsSchema.parse(
      await (await api('/api/namespaces/bookinfo/permissions', { cookie: await signIn('bob') })).json(),
    );
    expect(bob.istio.virtualservices.update).toEqual({
      allowed: false,
      reason: 'Kubernetes RBAC does not let bob@example.com update virtualservices in namespace bookinfo',
    });
    const alice = namespacePermissionsSchema.parse(
      await (await api('/api/namespaces/bookinfo/permissions', { cookie: await signIn('alice') })).json(),
    );
    expect(alice.istio.destinationrules).toEqual({
      create: { allowed: true },
      update: { allowed: true },
      delete: { allowed: true },
    });
  });

  it('the graph is refused for a namespace the user cannot read', async () => {
    const res = await api('/api/namespaces/graph?namespaces=istio-system&graphType=app', {
      cookie: await signIn('bob'),
    });
    expect(res.status).toBe(403);
  });
});

describe('header sign-in (an authenticating proxy sends the token) against mesh-sim with RBAC', () => {
  const asProxy = (path: string, token?: string, init: RequestInit = {}) =>
    fetch(`${headerServer.url}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });

  it('acts as the user whose token the proxy sends, and refuses a request without one', async () => {
    expect((await asProxy('/api/namespaces')).status).toBe(401);
    expect((await asProxy('/api/namespaces', 'no-such-token')).status).toBe(401);
    const info = authInfoSchema.parse(await (await asProxy('/api/auth/info', tokenOf('bob'))).json());
    expect(info).toMatchObject({ strategy: 'header', user: { name: 'bob@example.com' } });
    const bob = await asProxy('/api/namespaces', tokenOf('bob'));
    expect(namespaceListSchema.parse(await bob.json()).map((n) => n.name)).toEqual(['bookinfo']);
    const carol = await asProxy('/api/namespaces', tokenOf('carol'));
    expect(namespaceListSchema.parse(await carol.json())).toEqual([]);
    const write = await asProxy('/api/namespaces/bookinfo/istio/virtualservices', tokenOf('bob'), {
      method: 'POST',
      body: vsBody('signin-itest-header'),
    });
    expect(write.status).toBe(403);
  });
});
