import type { V1Deployment } from '@kubernetes/client-node';
import { meshStatusSchema, type MeshStatus } from '@sextant/contracts';
import { meshStatus, meshTlsStatus, type DeploymentFacts } from '@sextant/mesh';
import type { KubeKind } from '../clients/kube.client.ts';
import { aggregateStatus, assertUsable } from '../clients/kube.client.ts';
import { canRead, type NamespaceScope } from '../auth/namespaceScope.ts';
import type { ClusterStateSource } from './clusterState.service.ts';
import { configFindings } from './configFindings.ts';

const MESH_KINDS: readonly KubeKind[] = ['namespaces', 'deployments', 'pods'];
const TLS_KINDS: readonly KubeKind[] = ['namespaces', 'peerAuthentications', 'destinationRules'];

/** The mesh's own parts, from the watch caches, as far as the user may read them. */
export class MeshService {
  constructor(private readonly cluster: ClusterStateSource) {}

  status(scope: NamespaceScope): MeshStatus {
    const view = this.cluster.current(scope);
    assertUsable(aggregateStatus(view.statuses, MESH_KINDS));
    // Readiness as the rest of Sextant counts it (from the pods); images and labels from the objects.
    const readiness = new Map(view.state.workloads.map((w) => [`${w.namespace}/${w.name}`, w]));
    const deployments: DeploymentFacts[] = [];
    for (const d of view.objects.deployments as V1Deployment[]) {
      const namespace = d.metadata?.namespace;
      const name = d.metadata?.name;
      if (!namespace || !name) continue;
      const workload = readiness.get(`${namespace}/${name}`);
      deployments.push({
        namespace,
        name,
        labels: { ...d.metadata?.labels, ...d.spec?.template?.metadata?.labels },
        images: (d.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''),
        desiredReplicas: workload?.desiredReplicas ?? d.spec?.replicas ?? 1,
        readyReplicas: workload?.readyReplicas ?? d.status?.readyReplicas ?? 0,
      });
    }
    const config = configFindings(view);
    const status: MeshStatus = {
      ...meshStatus({
        state: view.state,
        deployments,
        namespaces: view.state.namespaces.map((n) => n.name).filter((n) => canRead(scope, 'namespaces', n)),
        mtlsStatus: aggregateStatus(view.statuses, TLS_KINDS).usable ? meshTlsStatus(view.state) : null,
        objectsByNamespace: config?.objectsByNamespace ?? new Map(),
        findings: config?.findings ?? [],
      }),
      ...(config === null
        ? {
            errors: [
              {
                source: 'kubernetes' as const,
                message: 'Istio config cannot be read now: its findings are not counted.',
              },
            ],
          }
        : {}),
    };
    return meshStatusSchema.parse(status);
  }
}
