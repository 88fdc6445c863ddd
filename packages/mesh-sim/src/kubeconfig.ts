import { stringify } from 'yaml';

/**
 * A kubeconfig for the simulated cluster; kubectl and @kubernetes/client-node read it unchanged.
 * The API is plain HTTP on loopback: client-node only talks HTTP to a cluster marked
 * `insecure-skip-tls-verify`, so the cluster entry says so. With authentication on, `token` is the
 * admin's; off, any token does.
 */
export function kubeconfigYaml(server: string, contextName = 'mesh-sim', token = 'mesh-sim'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: contextName, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: `${contextName}-user`, user: { token } }],
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
