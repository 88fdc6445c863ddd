import { stringify } from 'yaml';

/**
 * A kubeconfig for the simulated cluster; kubectl and @kubernetes/client-node read it unchanged.
 * The API is plain HTTP on loopback: client-node only talks HTTP to a cluster marked
 * `insecure-skip-tls-verify`, so the cluster entry says so. With authentication on, the API is
 * HTTPS with a self-signed certificate (`caCert`) and the user is the admin's `token`.
 */
export function kubeconfigYaml(
  server: string,
  contextName = 'mesh-sim',
  auth?: { token: string; caCert: string },
): string {
  const cluster = auth
    ? { server, 'certificate-authority-data': Buffer.from(auth.caCert).toString('base64') }
    : { server, 'insecure-skip-tls-verify': true };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: contextName, cluster }],
    users: [{ name: `${contextName}-user`, user: { token: auth?.token ?? 'mesh-sim' } }],
    contexts: [
      {
        name: contextName,
        context: { cluster: contextName, user: `${contextName}-user`, namespace: 'default' },
      },
    ],
    'current-context': contextName,
    preferences: {},
  });
}
