import type { AppliedConfigRef, PodSummary, Validation, ValidationSeverity } from '@sextant/contracts';
import { validationSeveritySchema } from '@sextant/contracts';
import type { WorkloadInfo } from '../cluster/clusterState.ts';
import { asArray, asNumber, asRecord, asString, asStringMap } from '../cluster/json.ts';
import type { KubeObjectJson } from '../cluster/toClusterState.ts';
import type { IstioConfigObject } from '../validation/context.ts';

/**
 * Where each selector-based Istio kind keeps its workload selector, and whether it reaches beyond
 * its own namespace: a Gateway's selector picks gateway pods anywhere (istiod's default), the
 * policies and Sidecars apply within their namespace, or mesh-wide from the root namespace.
 */
function selectorOf(
  o: IstioConfigObject,
): { labels: Record<string, string> | undefined; anyNamespace: boolean } | undefined {
  const spec = asRecord(o.spec);
  switch (o.kind) {
    case 'Gateway':
      return { labels: asStringMap(spec.selector), anyNamespace: true };
    case 'Sidecar':
      return {
        labels: spec.workloadSelector ? asStringMap(asRecord(spec.workloadSelector).labels) : undefined,
        anyNamespace: false,
      };
    case 'PeerAuthentication':
    case 'AuthorizationPolicy':
    case 'RequestAuthentication':
      return {
        labels: spec.selector ? asStringMap(asRecord(spec.selector).matchLabels) : undefined,
        anyNamespace: false,
      };
    default:
      return undefined;
  }
}

/**
 * The selector-based objects that apply to the workload's pods: a matching selector, or (policies
 * and Sidecars) no selector in the workload's namespace or the root namespace. Gateways need a
 * non-empty selector that matches. Other kinds (routing) are matched through Services instead.
 */
export function selectorConfigFor<O extends IstioConfigObject>(
  w: WorkloadInfo,
  objects: readonly O[],
  rootNamespace: string,
): O[] {
  return objects.filter((o) => {
    const selector = selectorOf(o);
    if (!selector) return false;
    const ns = o.metadata?.namespace;
    if (!selector.anyNamespace && ns !== w.namespace && ns !== rootNamespace) return false;
    if (selector.labels === undefined || Object.keys(selector.labels).length === 0)
      return !selector.anyNamespace && (ns === w.namespace || ns === rootNamespace);
    return Object.entries(selector.labels).every(([k, v]) => w.labels[k] === v);
  });
}

const SEVERITY_ORDER: readonly ValidationSeverity[] = [...validationSeveritySchema.options];

/** The worst severity among `validations` (the schema lists them worst first). */
export function worstSeverity(validations: readonly Validation[]): ValidationSeverity | undefined {
  const found = new Set(validations.map((v) => v.severity));
  return SEVERITY_ORDER.find((s) => found.has(s));
}

/** Distinct refs sorted by kind, namespace, name; `service` wins over `selector` for the same object. */
export function sortConfigRefs<R extends AppliedConfigRef>(refs: readonly R[]): R[] {
  const byKey = new Map<string, R>();
  for (const r of refs) {
    const key = `${r.kind}/${r.namespace}/${r.name}`;
    if (!byKey.has(key)) byKey.set(key, r);
  }
  return [...byKey.values()].sort(
    (a, b) =>
      a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
}

const SIDECAR_CONTAINER = 'istio-proxy';

/** The pods of a Deployment: those its `spec.selector.matchLabels` pick in its namespace. */
export function podsOfDeployment(
  deployment: KubeObjectJson,
  pods: readonly KubeObjectJson[],
): KubeObjectJson[] {
  const match = asStringMap(asRecord(asRecord(deployment.spec).selector).matchLabels);
  const ns = deployment.metadata?.namespace;
  if (Object.keys(match).length === 0) return [];
  return pods.filter(
    (p) =>
      p.metadata?.namespace === ns && Object.entries(match).every(([k, v]) => p.metadata?.labels?.[k] === v),
  );
}

/** `docker.io/istio/proxyv2:1.24.0` -> `1.24.0`; undefined without a tag (or with a digest only). */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0]!;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > lastSlash ? withoutDigest.slice(colon + 1) : undefined;
}

/** A pod as a details page lists it: phase, readiness, restarts, the sidecar and its version. */
export function podSummary(pod: KubeObjectJson): PodSummary {
  const spec = asRecord(pod.spec);
  const status = asRecord(pod.status);
  const containers = asArray(spec.containers).map(asRecord);
  const statuses = asArray(status.containerStatuses).map(asRecord);
  const proxy = containers.find((c) => c.name === SIDECAR_CONTAINER);
  const proxyImage = proxy ? asString(proxy.image) : undefined;
  const version = proxyImage ? imageTag(proxyImage) : undefined;
  const ts = pod.metadata?.creationTimestamp;
  const created = ts instanceof Date ? ts.toISOString() : ts;
  return {
    name: pod.metadata?.name ?? '',
    phase: asString(status.phase) ?? 'Unknown',
    readyContainers: statuses.filter((s) => s.ready === true).length,
    containers: containers.length,
    restarts: statuses.reduce((sum, s) => sum + (asNumber(s.restartCount) ?? 0), 0),
    ...(created ? { created } : {}),
    ...(proxy
      ? { proxy: { ...(proxyImage ? { image: proxyImage } : {}), ...(version ? { version } : {}) } }
      : {}),
  };
}
