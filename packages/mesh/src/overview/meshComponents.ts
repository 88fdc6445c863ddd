import type { MeshComponent, MeshStatus, Validation } from '@sextant/contracts';
import type { ClusterState } from '../cluster/clusterState.ts';
import { replicaFinding } from '../health/replicaHealth.ts';
import { combineFindings } from '../health/status.ts';

/** What the Mesh page needs of a Deployment: the server reads it off the cached object. */
export interface DeploymentFacts {
  namespace: string;
  name: string;
  /** The Deployment's labels and its pod template's, the template's winning on a clash. */
  labels: Readonly<Record<string, string>>;
  /** Container images, in order. */
  images: readonly string[];
  desiredReplicas: number;
  readyReplicas: number;
}

/**
 * Which part of the mesh a Deployment is, by the labels Istio's charts put on it: `app=istiod`
 * (or `istio=pilot`) for the control plane, `istio=ingressgateway` / `istio=egressgateway` for
 * the gateways (custom gateways keep the label by convention, `istio: <name>-ingressgateway` too).
 */
export function componentRole(labels: Readonly<Record<string, string>>): MeshComponent['role'] | undefined {
  if (labels['app'] === 'istiod' || labels['istio'] === 'pilot') return 'istiod';
  const istio = labels['istio'] ?? '';
  if (istio === 'ingressgateway' || istio.endsWith('-ingressgateway')) return 'ingressgateway';
  if (istio === 'egressgateway' || istio.endsWith('-egressgateway')) return 'egressgateway';
  return undefined;
}

/**
 * The Istio version a Deployment runs: the tag of its proxy or pilot image (`docker.io/istio/pilot:1.24.2`
 * -> `1.24.2`; digests say nothing readable), else `istio.io/rev`, else `app.kubernetes.io/version`.
 */
export function componentVersion(d: Pick<DeploymentFacts, 'images' | 'labels'>): string | null {
  const istioImage = d.images.find((i) => /(^|\/)(pilot|proxyv2|istiod)[:@]/.test(i)) ?? d.images[0];
  const tag = istioImage ? imageTag(istioImage) : undefined;
  if (tag) return tag;
  return d.labels['istio.io/rev'] || d.labels['app.kubernetes.io/version'] || null;
}

function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0]!;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  if (colon < 0) return undefined;
  const tag = withoutDigest.slice(colon + 1);
  return tag === 'latest' ? undefined : tag;
}

export function meshComponent(d: DeploymentFacts, role: MeshComponent['role']): MeshComponent {
  return {
    namespace: d.namespace,
    name: d.name,
    role,
    version: componentVersion(d),
    desiredReplicas: d.desiredReplicas,
    readyReplicas: d.readyReplicas,
    health: combineFindings([
      replicaFinding({ name: d.name, desired: d.desiredReplicas, ready: d.readyReplicas }),
    ]),
  };
}

export interface MeshStatusInput {
  state: ClusterState;
  deployments: readonly DeploymentFacts[];
  /** Namespaces the user may read: config totals count only these. */
  namespaces: readonly string[];
  /** null while the mTLS policies cannot be read. */
  mtlsStatus: MeshStatus['mtls']['status'];
  objectsByNamespace: ReadonlyMap<string, number>;
  findings: readonly Validation[];
}

export function meshStatus(input: MeshStatusInput): Omit<MeshStatus, 'errors'> {
  const components = input.deployments
    .map((d) => ({ d, role: componentRole(d.labels) }))
    .filter((c): c is { d: DeploymentFacts; role: MeshComponent['role'] } => c.role !== undefined)
    .sort((a, b) => a.d.namespace.localeCompare(b.d.namespace) || a.d.name.localeCompare(b.d.name))
    .map(({ d, role }) => meshComponent(d, role));
  const root = input.state.mesh.rootNamespace;
  const rootPolicy = input.state.peerAuthentications
    .filter((p) => p.namespace === root && Object.keys(p.spec.selector?.matchLabels ?? {}).length === 0)
    .sort((a, b) => (a.created ?? '').localeCompare(b.created ?? '') || a.name.localeCompare(b.name))[0];
  const mode = rootPolicy?.spec.mtls?.mode;
  const readable = new Set(input.namespaces);
  const findings = input.findings.filter((v) => readable.has(v.objectRef.namespace));
  return {
    rootNamespace: root,
    controlPlane: components.filter((c) => c.role === 'istiod'),
    gateways: components.filter((c) => c.role !== 'istiod'),
    mtls: {
      meshPolicyMode:
        rootPolicy === undefined
          ? null
          : mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE'
            ? mode
            : 'UNSET',
      status: input.mtlsStatus,
    },
    config: {
      namespaces: input.namespaces.length,
      objects: input.namespaces.reduce((n, ns) => n + (input.objectsByNamespace.get(ns) ?? 0), 0),
      errors: findings.filter((v) => v.severity === 'error').length,
      warnings: findings.filter((v) => v.severity === 'warning').length,
    },
  };
}
