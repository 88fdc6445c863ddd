import type { IDestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1/DestinationRule';
import type { IGateway } from '@kubernetes-models/istio/networking.istio.io/v1/Gateway';
import type { IVirtualService } from '@kubernetes-models/istio/networking.istio.io/v1/VirtualService';
import type { IPeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication';

/**
 * What the graph, health, badges and mTLS need to know about the cluster, as plain data. The server
 * fills it from its watch caches (usually through `toClusterState`); tests write it by hand.
 */
export interface ClusterState {
  /** The cluster name Istio's telemetry uses in `source_cluster`/`destination_cluster` (Istio's default: "Kubernetes"). */
  clusterName: string;
  mesh: MeshSettings;
  namespaces: readonly NamespaceInfo[];
  workloads: readonly WorkloadInfo[];
  services: readonly ServiceInfo[];
  serviceEntries: readonly ServiceEntryInfo[];
  virtualServices: readonly IstioObject<VirtualServiceSpec>[];
  destinationRules: readonly IstioObject<DestinationRuleSpec>[];
  gateways: readonly IstioObject<GatewaySpec>[];
  peerAuthentications: readonly IstioObject<PeerAuthenticationSpec>[];
}

/** The MeshConfig values that change how config is read. */
export interface MeshSettings {
  /** Where mesh-wide policies live (`istio-system` unless istiod runs with another root namespace). */
  rootNamespace: string;
  /** `enableAutoMtls`, on by default since Istio 1.5. */
  autoMtls: boolean;
  /** Kubernetes cluster domain used to qualify short hosts. */
  clusterDomain: string;
}

export const DEFAULT_MESH_SETTINGS: MeshSettings = {
  rootNamespace: 'istio-system',
  autoMtls: true,
  clusterDomain: 'cluster.local',
};

export const DEFAULT_CLUSTER_NAME = 'Kubernetes';

export type VirtualServiceSpec = NonNullable<IVirtualService['spec']>;
export type DestinationRuleSpec = NonNullable<IDestinationRule['spec']>;
export type GatewaySpec = NonNullable<IGateway['spec']>;
export type PeerAuthenticationSpec = NonNullable<IPeerAuthentication['spec']>;

/** An Istio config object: identity, age (istiod lets the oldest of conflicting objects win) and spec. */
export interface IstioObject<Spec> {
  namespace: string;
  name: string;
  /** RFC 3339 creationTimestamp; sorts oldest first as a string. */
  created?: string;
  spec: Spec;
}

export interface NamespaceInfo {
  name: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}

/** A Deployment, with what its pods tell about it. */
export interface WorkloadInfo {
  namespace: string;
  name: string;
  /** Canonical service (`service.istio.io/canonical-name`, else `app.kubernetes.io/name`, else `app`); Istio falls back to the workload name. */
  app?: string;
  /** Canonical revision (`service.istio.io/canonical-revision`, else `app.kubernetes.io/version`, else `version`); Istio falls back to "latest". */
  version?: string;
  /** Pod template labels: what Service and policy selectors match. */
  labels: Readonly<Record<string, string>>;
  /** The Deployment's annotations (where `health.sextant.io/rate` is read). */
  annotations: Readonly<Record<string, string>>;
  desiredReplicas: number;
  readyReplicas: number;
  hasSidecar: boolean;
  serviceAccount: string;
}

export interface ServicePortInfo {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

export interface ServiceInfo {
  namespace: string;
  name: string;
  /** Empty for selector-less services (they select no workload). */
  selector: Readonly<Record<string, string>>;
  ports: readonly ServicePortInfo[];
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  /** `spec.type` (ClusterIP, NodePort, LoadBalancer, ExternalName) when the object carries it. */
  type?: string;
  /** `spec.clusterIP` ("None" for a headless Service) when assigned. */
  clusterIP?: string;
}

export type ServiceEntryLocation = 'MESH_EXTERNAL' | 'MESH_INTERNAL';

export interface ServiceEntryInfo {
  namespace: string;
  name: string;
  hosts: readonly string[];
  /** Istio's default is MESH_EXTERNAL. */
  location: ServiceEntryLocation;
  /** Empty: visible to every namespace (Istio's default). */
  exportTo: readonly string[];
}

/** The telemetry name of a workload's canonical service, as Istio derives it. */
export const canonicalService = (w: WorkloadInfo): string => w.app ?? w.name;
/** The telemetry name of a workload's canonical revision, as Istio derives it. */
export const canonicalRevision = (w: WorkloadInfo): string => w.version ?? 'latest';

/** Kubernetes equality-based selector semantics; an empty selector selects nothing here (Services, Gateways). */
export function selectorMatches(
  selector: Readonly<Record<string, string>> | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

export function emptyClusterState(overrides: Partial<ClusterState> = {}): ClusterState {
  return {
    clusterName: DEFAULT_CLUSTER_NAME,
    mesh: DEFAULT_MESH_SETTINGS,
    namespaces: [],
    workloads: [],
    services: [],
    serviceEntries: [],
    virtualServices: [],
    destinationRules: [],
    gateways: [],
    peerAuthentications: [],
    ...overrides,
  };
}
