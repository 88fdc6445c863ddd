import type { GraphType, NodeType } from '@sextant/contracts';

/**
 * Kiali's node identity (kiali `graph/types.go` `Id` and `NewNodeExplicit`): which node a telemetry
 * endpoint is drawn as, per graph type, and which of its fields the node keeps.
 */

export const UNKNOWN = 'unknown';
export const PASSTHROUGH_CLUSTER = 'PassthroughCluster';
export const BLACKHOLE_CLUSTER = 'BlackHoleCluster';

/** A telemetry label value that names something (not empty, not `unknown`). */
export const isOK = (v: string): boolean => v !== '' && v !== UNKNOWN;
/** A canonical revision that names a version: `latest` is what Istio reports when there is none. */
export const isOKVersion = (v: string): boolean => isOK(v) && v !== 'latest';

/** One end of a request as telemetry names it. Workload-side fields may be empty. */
export interface Endpoint {
  cluster: string;
  serviceNamespace: string;
  service: string;
  workloadNamespace: string;
  workload: string;
  app: string;
  version: string;
}

export interface NodeIdentity {
  /** Kiali's internal id (`wl_<cluster>_<ns>_<workload>`, `vapp_…`, `app_…`, `svc_…`, `<cluster>_unknown_source`). */
  id: string;
  nodeType: Exclude<NodeType, 'box' | 'namespace'>;
  cluster: string;
  namespace: string;
  workload: string;
  app: string;
  version: string;
  service: string;
}

/** The service side of an endpoint, as an injected or ServiceEntry service node is made. */
export const serviceEndpoint = (cluster: string, namespace: string, service: string): Endpoint => ({
  cluster,
  serviceNamespace: namespace,
  service,
  workloadNamespace: '',
  workload: '',
  app: '',
  version: '',
});

/**
 * Whether a service node goes between a caller and `dest`: when asked, when the service is named
 * (not PassthroughCluster, kiali#4488) and `dest` is not drawn as a service node already.
 * Undefined when `dest` cannot be a node at all.
 */
export function injectsService(
  dest: Endpoint,
  graphType: GraphType,
  injectServiceNodes: boolean,
): boolean | undefined {
  if (!injectServiceNodes || !isOK(dest.service) || dest.service === PASSTHROUGH_CLUSTER) return false;
  const identity = nodeIdentity(dest, graphType);
  return identity && identity.nodeType !== 'service';
}

/** undefined where Kiali refuses to make a node (nothing names the endpoint). */
export function nodeIdentity(e: Endpoint, graphType: GraphType): NodeIdentity | undefined {
  const namespace = isOK(e.workloadNamespace) ? e.workloadNamespace : e.serviceNamespace;
  const made = identify(e, namespace, graphType);
  if (!made) return undefined;
  const [id, nodeType] = made;
  let { workload, app, version, service } = e;
  switch (nodeType) {
    case 'app':
      // A versioned-app node keeps its workload: app+version should be backed by one workload.
      if (graphType !== 'versionedApp') {
        workload = '';
        version = '';
      }
      service = '';
      break;
    case 'service':
      app = '';
      workload = '';
      version = '';
      break;
    case 'workload':
      if (app === UNKNOWN) app = '';
      if (version === UNKNOWN) version = '';
      service = '';
      break;
    case 'unknown':
      break;
  }
  return { id, nodeType, cluster: e.cluster, namespace, workload, app, version, service };
}

function identify(
  e: Endpoint,
  namespace: string,
  graphType: GraphType,
): [string, NodeIdentity['nodeType']] | undefined {
  const { cluster, workload, app, version, service } = e;
  if (namespace === UNKNOWN && workload === UNKNOWN && app === UNKNOWN && service === '')
    return [`${cluster}_unknown_source`, 'unknown'];
  // A request for an unknown destination (e.g. an ingress request to an unknown path): one unknown
  // service per namespace.
  if (workload === UNKNOWN && app === UNKNOWN && service === UNKNOWN)
    return [`svc_${cluster}_${namespace}_unknown`, 'service'];

  const workloadOk = isOK(workload);
  const appOk = isOK(app);
  const serviceOk = isOK(service);
  if (!workloadOk && !appOk && !serviceOk) return undefined;

  // Service graphs are built as workload graphs and reduced at the end.
  if (graphType === 'workload' || graphType === 'service') {
    if (!workloadOk && !serviceOk) return undefined;
    return workloadOk
      ? [`wl_${cluster}_${namespace}_${workload}`, 'workload']
      : [`svc_${cluster}_${namespace}_${service}`, 'service'];
  }
  if (appOk) {
    if (graphType === 'versionedApp') {
      if (workloadOk) return [`vapp_${cluster}_${namespace}_${workload}`, 'app'];
      if (isOKVersion(version)) return [`vapp_${cluster}_${namespace}_${app}_${version}`, 'app'];
    }
    return [`app_${cluster}_${namespace}_${app}`, 'app'];
  }
  if (workloadOk) return [`wl_${cluster}_${namespace}_${workload}`, 'workload'];
  return [`svc_${cluster}_${namespace}_${service}`, 'service'];
}
