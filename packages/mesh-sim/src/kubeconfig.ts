import { stringify } from 'yaml';

/** A kubeconfig for the simulated cluster; kubectl and @kubernetes/client-node read it unchanged. */
export function kubeconfigYaml(server: string, contextName = 'mesh-sim'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: contextName, cluster: { server } }],
    users: [{ name: `${contextName}-user`, user: { token: 'mesh-sim' } }],
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
