import type { WorkloadPod } from '@sextant/contracts';
import type { KubeObjectJson } from './toClusterState.ts';
import { asArray, asRecord, asString, asStringMap } from './json.ts';

const SIDECAR_CONTAINER = 'istio-proxy';

const containerNames = (v: unknown): string[] =>
  asArray(v)
    .map((c) => asString(asRecord(c).name))
    .filter((n): n is string => n !== undefined);

/**
 * The pods of a Deployment (those its selector matches in its namespace), newest first, with the
 * containers whose logs one can read: app containers first, then the sidecar, then init containers.
 */
export function workloadPods(deployment: KubeObjectJson, pods: readonly KubeObjectJson[]): WorkloadPod[] {
  const namespace = deployment.metadata?.namespace;
  const matchLabels = asStringMap(asRecord(asRecord(deployment.spec).selector).matchLabels);
  if (Object.keys(matchLabels).length === 0) return [];
  return pods
    .filter(
      (p) =>
        p.metadata?.namespace === namespace &&
        Object.entries(matchLabels).every(([k, v]) => p.metadata?.labels?.[k] === v),
    )
    .map((p): WorkloadPod => {
      const spec = asRecord(p.spec);
      const status = asRecord(p.status);
      const ready = asArray(status.conditions).some(
        (c) => asRecord(c).type === 'Ready' && asRecord(c).status === 'True',
      );
      const main = containerNames(spec.containers);
      const startTime = asString(status.startTime);
      return {
        name: p.metadata?.name ?? '',
        phase: asString(status.phase) ?? 'Unknown',
        ready,
        ...(startTime !== undefined ? { startTime } : {}),
        containers: [
          ...main
            .filter((n) => n !== SIDECAR_CONTAINER)
            .map((name) => ({ name, isSidecar: false, isInit: false })),
          ...main
            .filter((n) => n === SIDECAR_CONTAINER)
            .map((name) => ({ name, isSidecar: true, isInit: false })),
          ...containerNames(spec.initContainers).map((name) => ({ name, isSidecar: false, isInit: true })),
        ],
      };
    })
    .sort((a, b) => (b.startTime ?? '').localeCompare(a.startTime ?? '') || a.name.localeCompare(b.name));
}
