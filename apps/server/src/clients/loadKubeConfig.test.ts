import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { selfSignedCertificate } from '@sextant/testkit/authProxy';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadKubeConfig } from './kube.client.ts';

const NO_FILE = { kubeconfig: undefined, context: undefined };
const IN_POD = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };

const kubeconfigYaml = (server: string) =>
  [
    'apiVersion: v1',
    'kind: Config',
    'current-context: home',
    'clusters: [{name: home, cluster: {server: "' + server + '"}}]',
    'users: [{name: me, user: {token: t}}]',
    'contexts: [{name: home, context: {cluster: home, user: me}}]',
  ].join('\n');

describe('loadKubeConfig without KUBECONFIG', () => {
  let root: string;
  let serviceAccountDir: string;
  let homeDir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sextant-kubeconfig-'));
    serviceAccountDir = join(root, 'serviceaccount');
    homeDir = join(root, 'home');
    mkdirSync(serviceAccountDir);
    mkdirSync(homeDir);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const serviceAccount = (files: { token?: string; ca?: string; namespace?: string }) => {
    if (files.token !== undefined) writeFileSync(join(serviceAccountDir, 'token'), files.token);
    if (files.ca !== undefined) writeFileSync(join(serviceAccountDir, 'ca.crt'), files.ca);
    if (files.namespace !== undefined) writeFileSync(join(serviceAccountDir, 'namespace'), files.namespace);
  };
  const homeConfig = () => {
    mkdirSync(join(homeDir, '.kube'));
    writeFileSync(join(homeDir, '.kube', 'config'), kubeconfigYaml('https://home.example:6443'));
  };
  const load = (env: Record<string, string>) => loadKubeConfig(NO_FILE, { env, serviceAccountDir, homeDir });

  it("uses the pod's service account: token file, CA and namespace", () => {
    serviceAccount({ token: 'sa-token', ca: 'CA', namespace: 'istio-system\n' });
    homeConfig(); // in a pod the service account wins
    const kc = load(IN_POD);
    expect(kc.getCurrentCluster()).toMatchObject({
      server: 'https://10.96.0.1:443',
      caFile: join(serviceAccountDir, 'ca.crt'),
      skipTLSVerify: false,
    });
    expect(kc.getCurrentUser()?.authProvider).toEqual({
      name: 'tokenFile',
      config: { tokenFile: join(serviceAccountDir, 'token') },
    });
    expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe('istio-system');
  });

  it('brackets an IPv6 service host', () => {
    serviceAccount({ token: 't', ca: 'CA' });
    const kc = load({ KUBERNETES_SERVICE_HOST: 'fd00:10:96::1', KUBERNETES_SERVICE_PORT: '443' });
    expect(kc.getCurrentCluster()?.server).toBe('https://[fd00:10:96::1]:443');
  });

  it('falls back to ~/.kube/config outside a pod, or in one without a token', () => {
    homeConfig();
    expect(load({}).getCurrentCluster()?.server).toBe('https://home.example:6443');
    expect(load(IN_POD).getCurrentCluster()?.server).toBe('https://home.example:6443');
  });

  it('KUBECONFIG wins over the service account', () => {
    serviceAccount({ token: 't', ca: 'CA' });
    const file = join(root, 'kc.yaml');
    writeFileSync(file, kubeconfigYaml('https://file.example:6443'));
    const kc = loadKubeConfig(
      { kubeconfig: file, context: undefined },
      { env: IN_POD, serviceAccountDir, homeDir },
    );
    expect(kc.getCurrentCluster()?.server).toBe('https://file.example:6443');
  });

  it.each([
    [
      'nothing at all',
      {},
      {},
      /^KUBECONFIG is not set, not in a cluster \(KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set\), and there is no .*home\/\.kube\/config: set KUBECONFIG \(--kubeconfig\)$/,
    ],
    [
      'a pod without a token',
      IN_POD,
      {},
      /^KUBECONFIG is not set, not in a cluster with a service account \(no token at .*serviceaccount\/token; automountServiceAccountToken: false\?\), and there is no .*config: set KUBECONFIG/,
    ],
    [
      'an empty token',
      IN_POD,
      { token: '\n', ca: 'CA' },
      /^KUBECONFIG is not set and the service-account token .*token is empty$/,
    ],
    [
      'no CA',
      IN_POD,
      { token: 't' },
      /^KUBECONFIG is not set and the service account has no CA certificate at .*serviceaccount\/ca\.crt$/,
    ],
  ])('throws one line naming KUBECONFIG: %s', (_name, env, files, message) => {
    serviceAccount(files);
    expect(() => load(env)).toThrow(message);
  });
});

/**
 * The in-cluster config against an https API server whose certificate only the service account's
 * ca.crt vouches for: requests carry the token, and a rotated token is sent within a minute.
 */
describe('loadKubeConfig in a pod, against an https API server', () => {
  let server: Server;
  let root: string;
  const seen: string[] = [];

  beforeAll(async () => {
    const cert = await selfSignedCertificate();
    server = createServer(cert, (req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    root = mkdtempSync(join(tmpdir(), 'sextant-incluster-'));
    writeFileSync(join(root, 'ca.crt'), cert.cert);
    writeFileSync(join(root, 'token'), 'token-1');
  });
  afterAll(async () => {
    vi.useRealTimers();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  it('sends the token over TLS checked with ca.crt, and the rotated one after a minute', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const port = String((server.address() as AddressInfo).port);
    const kc = loadKubeConfig(NO_FILE, {
      env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port },
      serviceAccountDir: root,
      homeDir: root,
    });
    const core = kc.makeApiClient(CoreV1Api);
    await core.listNamespace();
    writeFileSync(join(root, 'token'), 'token-2');
    vi.advanceTimersByTime(30_000);
    await core.listNamespace();
    vi.advanceTimersByTime(31_000);
    await core.listNamespace();
    expect(seen).toEqual(['Bearer token-1', 'Bearer token-1', 'Bearer token-2']);
  });
});
