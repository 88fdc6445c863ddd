/**
 * startStack with authentication in mesh-sim: the server and kubectl go on working through the
 * admin token of the kubeconfig, the sign-in scenario's RBAC is applied, and the test users'
 * static tokens get exactly their rights.
 */
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, startStack, staticTokenOf, TEST_USERS, type Stack } from '../src/index.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    scenario: 'bookinfo',
    meshSimAuth: { testUserTokens: true },
    bookinfoRbac: true,
  });
});
afterAll(async () => {
  await stack?.stop();
});

function kubeStatus(token: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${stack.urls.kubeApi}${path}`,
      { ca: stack.kubeApiCaCert, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('error', reject);
    req.end();
  });
}

const tokenOf = (id: string) => staticTokenOf(TEST_USERS.find((u) => u.id === id)!);

describe('startStack({ meshSimAuth, bookinfoRbac })', () => {
  it('serves the API over HTTPS and hands out the admin token and the CA', () => {
    expect(stack.urls.kubeApi).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.adminToken).toMatch(/^\S{20,}$/);
    expect(stack.kubeApiCaCert).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('the server reads the cluster with the kubeconfig, as does kubectl', async () => {
    const namespaces = await fetch(`${stack.urls.sextant}/api/namespaces`);
    expect(namespaces.status).toBe(200);
    expect(await namespaces.json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'bookinfo' })]),
    );
    const bindings = await kubectl(stack.kubeconfig, ['get', 'rolebindings', '-n', 'bookinfo', '-o', 'name']);
    expect(bindings.split('\n').filter(Boolean).sort()).toEqual([
      'rolebinding.rbac.authorization.k8s.io/bookinfo-editors-edit',
      'rolebinding.rbac.authorization.k8s.io/bookinfo-editors-istio-config',
      'rolebinding.rbac.authorization.k8s.io/bookinfo-viewers-istio-config',
      'rolebinding.rbac.authorization.k8s.io/bookinfo-viewers-view',
    ]);
  });

  it('the test users’ static tokens get their rights in bookinfo', async () => {
    const vs = '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices';
    expect(await kubeStatus(tokenOf('alice'), vs)).toBe(200);
    expect(await kubeStatus(tokenOf('bob'), '/api/v1/namespaces/bookinfo')).toBe(200);
    expect(await kubeStatus(tokenOf('carol'), '/api/v1/namespaces/bookinfo/pods')).toBe(403);
    expect(await kubeStatus('no-such-token', vs)).toBe(401);
  });
});
