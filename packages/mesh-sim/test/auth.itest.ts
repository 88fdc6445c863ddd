import { execFile, spawn, spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMeshSim, type MeshSim } from '../src/index.ts';
import type { KubeObject } from '../src/store/types.ts';

const KUBECTL = process.env.KUBECTL ?? 'kubectl';
const hasKubectl = spawnSync(KUBECTL, ['version', '--client'], { stdio: 'ignore' }).status === 0;
const run = promisify(execFile);

const TOKENS = { alice: 'alice-token', bob: 'bob-token', carol: 'carol-token' };
const CLIENT_ID = 'sextant';
const RBAC = 'rbac.authorization.k8s.io/v1';
const READ = ['get', 'list', 'watch'];

const rbacObjects: KubeObject[] = [
  {
    apiVersion: RBAC,
    kind: 'Role',
    metadata: { name: 'istio-editor', namespace: 'bookinfo' },
    rules: [
      { apiGroups: ['', 'apps'], resources: ['*'], verbs: READ },
      { apiGroups: ['networking.istio.io', 'security.istio.io'], resources: ['*'], verbs: ['*'] },
    ],
  },
  {
    apiVersion: RBAC,
    kind: 'Role',
    metadata: { name: 'reader', namespace: 'bookinfo' },
    rules: [
      {
        apiGroups: ['', 'apps', 'networking.istio.io', 'security.istio.io'],
        resources: ['*'],
        verbs: READ,
      },
    ],
  },
  {
    apiVersion: RBAC,
    kind: 'RoleBinding',
    metadata: { name: 'alice-edits-istio', namespace: 'bookinfo' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'istio-editor' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
  },
  {
    apiVersion: RBAC,
    kind: 'RoleBinding',
    metadata: { name: 'readers', namespace: 'bookinfo' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
    subjects: [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bob' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'oidc:mesh-viewers' },
    ],
  },
];

interface SignOptions {
  audience?: string;
  expiresIn?: string | number;
  /** Another private key than the issuer's (the token then names a key the issuer does not publish). */
  key?: CryptoKey;
}

/** A tiny OpenID provider: discovery document + JWKS, the key pair to sign ID tokens with. */
interface Issuer {
  url: string;
  server: Server;
  sign(claims: JWTPayload, options?: SignOptions): Promise<string>;
}

async function startIssuer(): Promise<Issuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let url = '';
  const server = createServer((req, res) => {
    const body =
      req.url === '/.well-known/openid-configuration'
        ? { issuer: url, jwks_uri: `${url}/keys`, id_token_signing_alg_values_supported: ['RS256'] }
        : req.url === '/keys'
          ? { keys: [jwk] }
          : undefined;
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sign = (claims: JWTPayload, options: SignOptions = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(url)
      .setAudience(options.audience ?? CLIENT_ID)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key ?? privateKey);
  return { url, server, sign };
}

let sim: MeshSim;
let issuer: Issuer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mesh-sim-auth-'));
  await writeFile(join(dir, 'empty-kubeconfig'), '');
  issuer = await startIssuer();
  sim = await startMeshSim({
    scenario: 'bookinfo',
    kubeconfigOut: join(dir, 'kubeconfig'),
    objects: rbacObjects,
    auth: {
      tokens: [
        { token: TOKENS.alice, user: 'alice', uid: '1001', groups: ['bookinfo-team'] },
        { token: TOKENS.bob, user: 'bob', uid: '1002' },
        { token: TOKENS.carol, user: 'carol' },
      ],
      oidc: {
        issuerUrl: issuer.url,
        clientId: CLIENT_ID,
        usernameClaim: 'email',
        groupsClaim: 'groups',
        groupsPrefix: 'oidc:',
      },
    },
  });
  await writeFile(join(dir, 'ca.crt'), sim.caCert!);
});
afterAll(async () => {
  await sim?.stop();
  await new Promise((resolve) => issuer?.server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const connection = (token: string) => [
  '--server',
  sim.kubeApi,
  '--certificate-authority',
  join(dir, 'ca.crt'),
  '--token',
  token,
  '--cache-dir',
  join(dir, 'cache'),
];

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Real kubectl with `--server`, `--token` and the CA: no kubeconfig, as a user given a token would. */
async function kubectlAs(token: string, ...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(KUBECTL, [...connection(token), ...args], {
      timeout: 30_000,
      env: { ...process.env, KUBECONFIG: join(dir, 'empty-kubeconfig') },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function kubectlWithInput(token: string, input: string, ...args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(KUBECTL, [...connection(token), ...args], {
      env: { ...process.env, KUBECONFIG: join(dir, 'empty-kubeconfig') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

const virtualService = (name: string) =>
  JSON.stringify({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace: 'bookinfo' },
    spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] },
  });

const forbiddenLine = (message: string) => `Error from server (Forbidden): ${message}`;

describe.skipIf(!hasKubectl)('real kubectl --token against mesh-sim with RBAC', () => {
  it('alice (edits Istio config in bookinfo) reads bookinfo, writes Istio kinds, nothing else', async () => {
    expect((await kubectlAs(TOKENS.alice, 'get', 'pods', '-n', 'bookinfo')).stdout).toMatch(/productpage-v1/);
    const created = await kubectlWithInput(TOKENS.alice, virtualService('alice-vs'), 'create', '-f', '-');
    expect(created).toMatchObject({ code: 0, stdout: expect.stringMatching(/alice-vs created/) });
    expect((await kubectlAs(TOKENS.alice, 'delete', 'vs', 'alice-vs', '-n', 'bookinfo')).code).toBe(0);

    const pod = (await kubectlAs(TOKENS.alice, 'get', 'pods', '-n', 'bookinfo', '-o', 'name')).stdout
      .split('\n')[0]!
      .replace('pod/', '');
    const deletePod = await kubectlAs(TOKENS.alice, 'delete', 'pod', pod, '-n', 'bookinfo');
    expect(deletePod.code).not.toBe(0);
    expect(deletePod.stderr).toContain(
      forbiddenLine(
        `pods "${pod}" is forbidden: User "alice" cannot delete resource "pods" in API group "" in the namespace "bookinfo"`,
      ),
    );
    const scale = await kubectlAs(
      TOKENS.alice,
      'scale',
      'deployment',
      'reviews-v1',
      '--replicas=0',
      '-n',
      'bookinfo',
    );
    expect(scale.stderr).toMatch(/cannot patch resource "deployments\/scale" in API group "apps"/);
    const elsewhere = await kubectlAs(TOKENS.alice, 'get', 'pods', '-n', 'default');
    expect(elsewhere.stderr).toContain(
      forbiddenLine(
        'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
      ),
    );
  });

  it('bob (reader) lists and gets but cannot create or delete', async () => {
    const list = await kubectlAs(TOKENS.bob, 'get', 'vs,dr,deployments', '-n', 'bookinfo');
    expect(list.code).toBe(0);
    expect((await kubectlAs(TOKENS.bob, 'get', 'deployment', 'reviews-v1', '-n', 'bookinfo')).code).toBe(0);
    const create = await kubectlWithInput(TOKENS.bob, virtualService('bob-vs'), 'create', '-f', '-');
    expect(create.stderr).toContain(
      'virtualservices.networking.istio.io is forbidden: User "bob" cannot create resource "virtualservices" in API group "networking.istio.io" in the namespace "bookinfo"',
    );
    const del = await kubectlAs(TOKENS.bob, 'delete', 'deployment', 'reviews-v1', '-n', 'bookinfo');
    expect(del.stderr).toContain(
      forbiddenLine(
        'deployments.apps "reviews-v1" is forbidden: User "bob" cannot delete resource "deployments" in API group "apps" in the namespace "bookinfo"',
      ),
    );
  });

  it('carol (no bindings) is refused, at the cluster scope too, until a RoleBinding names her', async () => {
    const pods = await kubectlAs(TOKENS.carol, 'get', 'pods', '-n', 'bookinfo');
    expect(pods.code).not.toBe(0);
    expect(pods.stderr).toContain('User "carol" cannot list resource "pods"');
    const namespaces = await kubectlAs(TOKENS.carol, 'get', 'namespaces');
    expect(namespaces.stderr).toContain(
      forbiddenLine(
        'namespaces is forbidden: User "carol" cannot list resource "namespaces" in API group "" at the cluster scope',
      ),
    );
    // RBAC is read live: a binding made now applies to the next request, and its removal too.
    const admin = sim.adminToken!;
    // (`kubectl create rolebinding` sends protobuf, which mesh-sim takes only for access reviews.)
    const bindingJson = JSON.stringify({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'carol-reads', namespace: 'bookinfo' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'carol' }],
    });
    const bind = await kubectlWithInput(admin, bindingJson, 'create', '-f', '-');
    expect(bind.code).toBe(0);
    expect((await kubectlAs(TOKENS.carol, 'get', 'pods', '-n', 'bookinfo')).code).toBe(0);
    expect((await kubectlAs(admin, 'delete', 'rolebinding', 'carol-reads', '-n', 'bookinfo')).code).toBe(0);
    expect((await kubectlAs(TOKENS.carol, 'get', 'pods', '-n', 'bookinfo')).code).not.toBe(0);
  });

  it('kubectl auth can-i answers per user', async () => {
    const canI = async (token: string, ...args: string[]) => {
      const r = await kubectlAs(token, 'auth', 'can-i', ...args);
      return `${r.stdout.trim()}:${r.code}`;
    };
    expect(await canI(TOKENS.alice, 'create', 'virtualservices.networking.istio.io', '-n', 'bookinfo')).toBe(
      'yes:0',
    );
    expect(await canI(TOKENS.alice, 'delete', 'pods', '-n', 'bookinfo')).toBe('no:1');
    expect(await canI(TOKENS.alice, 'get', 'pods', '-n', 'default')).toBe('no:1');
    expect(await canI(TOKENS.bob, 'get', 'pods', '-n', 'bookinfo')).toBe('yes:0');
    expect(await canI(TOKENS.bob, 'update', 'destinationrules.networking.istio.io', '-n', 'bookinfo')).toBe(
      'no:1',
    );
    expect(await canI(TOKENS.carol, 'get', 'pods', '-n', 'bookinfo')).toBe('no:1');
    expect(await canI(sim.adminToken!, 'delete', 'namespaces')).toBe('yes:0');
    expect(await canI(TOKENS.carol, 'get', '/apis')).toBe('yes:0');
    expect(await canI(TOKENS.carol, 'get', '/logs')).toBe('no:1');

    const list = await kubectlAs(TOKENS.bob, 'auth', 'can-i', '--list', '-n', 'bookinfo');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^\*\.networking\.istio\.io\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    expect(list.stdout).toMatch(
      /^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m,
    );
    expect(list.stdout).toMatch(/^\s+\[\/api\/\*\]\s+\[\]\s+\[get\]$/m);
  });

  it('kubectl auth whoami names the user and groups', async () => {
    const whoami = await kubectlAs(TOKENS.alice, 'auth', 'whoami', '-o', 'json');
    expect(whoami.code).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({
      kind: 'SelfSubjectReview',
      status: {
        userInfo: { username: 'alice', uid: '1001', groups: ['bookinfo-team', 'system:authenticated'] },
      },
    });
    const table = await kubectlAs(sim.adminToken!, 'auth', 'whoami');
    expect(table.stdout).toMatch(/Username\s+mesh-sim-admin/);
    expect(table.stdout).toMatch(/Groups\s+\[system:masters system:authenticated\]/);
  });

  it('a bad token is 401 Unauthorized', async () => {
    const r = await kubectlAs('not-a-token', 'get', 'pods', '-n', 'bookinfo');
    expect(r.code).not.toBe(0);
    // "(Unauthorized)", or "(the server has asked for the client to provide credentials)" when
    // the 401 comes at discovery: kubectl words a real cluster's 401 the same two ways.
    expect(r.stderr).toMatch(
      /^error: You must be logged in to the server \((Unauthorized|the server has asked)/m,
    );
  });

  it('the kubeconfig mesh-sim writes carries the admin token', async () => {
    const { stdout } = await run(KUBECTL, ['--kubeconfig', join(dir, 'kubeconfig'), 'get', 'clusterroles'], {
      timeout: 30_000,
    });
    expect(stdout).toMatch(/^cluster-admin\s/m);
    expect(stdout).toMatch(/^system:discovery\s/m);
  });

  describe('OIDC ID tokens (--oidc-issuer-url, verified against the issuer JWKS)', () => {
    const claims = { sub: 'u-42', email: 'dana@example.com', email_verified: true, groups: ['mesh-viewers'] };

    it('accepts a token signed by the issuer: user from the email claim, prefixed groups', async () => {
      const token = await issuer.sign(claims);
      const whoami = await kubectlAs(token, 'auth', 'whoami', '-o', 'json');
      expect(JSON.parse(whoami.stdout)).toMatchObject({
        status: {
          userInfo: { username: 'dana@example.com', groups: ['oidc:mesh-viewers', 'system:authenticated'] },
        },
      });
      expect((await kubectlAs(token, 'get', 'vs', '-n', 'bookinfo')).code).toBe(0);
      const del = await kubectlAs(token, 'delete', 'deployment', 'details-v1', '-n', 'bookinfo');
      expect(del.stderr).toContain('User "dana@example.com" cannot delete resource "deployments"');
    });

    it.each<[string, () => Promise<string>]>([
      ['the wrong audience', () => issuer.sign(claims, { audience: 'someone-else' })],
      ['an expired token', () => issuer.sign(claims, { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
      [
        'a key the issuer does not publish',
        async () => {
          const other = await generateKeyPair('RS256');
          return issuer.sign(claims, { key: other.privateKey });
        },
      ],
      ['an unverified email', () => issuer.sign({ ...claims, email_verified: false })],
    ])('refuses %s with 401', async (_, makeToken) => {
      const r = await kubectlAs(await makeToken(), 'get', 'vs', '-n', 'bookinfo');
      expect(r.stderr).toMatch(/^error: You must be logged in to the server/m);
    });
  });
});

describe('the HTTP answers themselves', () => {
  /** One HTTPS request trusting the sim's CA; the body is read unless `keepOpen` (a watch). */
  const call = (
    path: string,
    token?: string,
    init: { method?: string; body?: string; keepOpen?: boolean } = {},
  ): Promise<{ status: number; json: () => unknown; response: IncomingMessage }> =>
    new Promise((resolve, reject) => {
      const req = request(
        `${sim.kubeApi}${path}`,
        {
          method: init.method ?? 'GET',
          ca: sim.caCert,
          headers: {
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...(init.body ? { 'Content-Type': 'application/json' } : {}),
          },
        },
        (response) => {
          if (init.keepOpen) {
            resolve({ status: response.statusCode ?? 0, json: () => undefined, response });
            return;
          }
          let text = '';
          response.on('data', (c: Buffer) => (text += c.toString()));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, json: () => JSON.parse(text) as unknown, response }),
          );
        },
      );
      req.once('error', reject);
      req.end(init.body);
    });

  it('no credentials: 401 Status', async () => {
    const response = await call('/api/v1/namespaces/bookinfo/pods');
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('discovery is open to every authenticated user; the rest of the paths are not', async () => {
    for (const path of ['/api', '/apis', '/version', '/api/v1', '/apis/apps/v1', '/openapi/v3'])
      expect((await call(path, TOKENS.carol)).status, path).toBe(200);
    const response = await call('/metrics-nope', TOKENS.carol);
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({
      reason: 'Forbidden',
      message: 'forbidden: User "carol" cannot get path "/metrics-nope"',
    });
  });

  it('a watch is authorized at its start', async () => {
    const denied = await call('/api/v1/namespaces/default/pods?watch=true', TOKENS.alice);
    expect(denied.status).toBe(403);
    expect(denied.json()).toMatchObject({
      message:
        'pods is forbidden: User "alice" cannot watch resource "pods" in API group "" in the namespace "default"',
      details: { kind: 'pods' },
    });
    const allowed = await call('/api/v1/namespaces/bookinfo/pods?watch=true', TOKENS.alice, {
      keepOpen: true,
    });
    expect(allowed.status).toBe(200);
    allowed.response.destroy();
  });

  it('SelfSubjectAccessReview, SelfSubjectRulesReview and SubjectAccessReview', async () => {
    const post = (path: string, token: string, body: unknown) =>
      call(path, token, { method: 'POST', body: JSON.stringify(body) });
    const ssar = await post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', TOKENS.alice, {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {
        resourceAttributes: {
          namespace: 'bookinfo',
          verb: 'patch',
          group: 'networking.istio.io',
          resource: 'virtualservices',
        },
      },
    });
    expect(ssar.status).toBe(201);
    expect(ssar.json()).toMatchObject({
      status: {
        allowed: true,
        reason:
          'RBAC: allowed by RoleBinding "alice-edits-istio/bookinfo" of Role "istio-editor" to User "alice"',
      },
    });
    const rules = await post('/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', TOKENS.bob, {
      spec: { namespace: 'bookinfo' },
    });
    expect(rules.json()).toMatchObject({
      status: {
        incomplete: false,
        resourceRules: expect.arrayContaining([
          {
            verbs: READ,
            apiGroups: ['', 'apps', 'networking.istio.io', 'security.istio.io'],
            resources: ['*'],
          },
        ]),
      },
    });
    const sarBody = {
      spec: { user: 'bob', resourceAttributes: { namespace: 'bookinfo', verb: 'get', resource: 'pods' } },
    };
    const refused = await post('/apis/authorization.k8s.io/v1/subjectaccessreviews', TOKENS.alice, sarBody);
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({
      message:
        'subjectaccessreviews.authorization.k8s.io is forbidden: User "alice" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope',
    });
    const sar = await post('/apis/authorization.k8s.io/v1/subjectaccessreviews', sim.adminToken!, sarBody);
    expect(sar.json()).toMatchObject({ status: { allowed: true } });
    const bad = await post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', TOKENS.alice, {
      spec: {},
    });
    expect(bad.status).toBe(422);
  });
});

describe('@kubernetes/client-node with a user token', () => {
  const clientFor = (token: string) => {
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'sim', server: sim.kubeApi, caData: Buffer.from(sim.caCert!).toString('base64') }],
      users: [{ name: 'u', token }],
      contexts: [{ name: 'sim', cluster: 'sim', user: 'u' }],
      currentContext: 'sim',
    });
    return kc;
  };

  it('bob lists bookinfo pods; listing namespaces is a 403 ApiException with the Status body', async () => {
    const core = clientFor(TOKENS.bob).makeApiClient(k8s.CoreV1Api);
    expect((await core.listNamespacedPod({ namespace: 'bookinfo' })).items.length).toBeGreaterThan(0);
    const error = (await core.listNamespace().catch((e: unknown) => e)) as k8s.ApiException<string>;
    expect(error).toBeInstanceOf(k8s.ApiException);
    expect(error.code).toBe(403);
    expect(JSON.parse(error.body)).toMatchObject({
      reason: 'Forbidden',
      message:
        'namespaces is forbidden: User "bob" cannot list resource "namespaces" in API group "" at the cluster scope',
    });
  });

  it('alice creates and deletes a DestinationRule in bookinfo', async () => {
    const custom = clientFor(TOKENS.alice).makeApiClient(k8s.CustomObjectsApi);
    const target = {
      group: 'networking.istio.io',
      version: 'v1',
      namespace: 'bookinfo',
      plural: 'destinationrules',
    };
    await custom.createNamespacedCustomObject({
      ...target,
      body: {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: 'alice-dr' },
        spec: { host: 'ratings' },
      },
    });
    await custom.deleteNamespacedCustomObject({ ...target, name: 'alice-dr' });
  });
});
