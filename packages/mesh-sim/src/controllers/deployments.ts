import { createHash } from 'node:crypto';
import type { ObjectStore } from '../store/store.ts';
import type { KubeObject } from '../store/types.ts';
import { stableJson } from '../store/stableJson.ts';
import { admitPod } from './injection.ts';

const DEPLOYMENTS = { group: 'apps', resource: 'deployments' };
const PODS = { group: '', resource: 'pods' };

const asRecord = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Deterministic pseudo-random suffixes, so a seeded scenario yields the same pod names every run. */
export class NameSuffixes {
  private counter = 0;
  constructor(private readonly seed: string) {}
  next(length: number): string {
    const digest = createHash('sha256').update(`${this.seed}:${this.counter++}`).digest();
    return [...digest.subarray(0, length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  }
}

export function templateHash(template: unknown): string {
  const digest = createHash('sha256').update(stableJson(template)).digest();
  return [...digest.subarray(0, 10)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

function podIP(index: number): string {
  return `10.244.${Math.floor(index / 250) % 250}.${(index % 250) + 2}`;
}

/**
 * The Deployment controller and the kubelet in one: keeps `spec.replicas` running, ready pods per
 * deployment (replacing them when the pod template changes) and reports the deployment status.
 */
export function reconcileDeployment(
  store: ObjectStore,
  deployment: KubeObject,
  names: NameSuffixes,
  nextIp: () => number,
  now: () => Date,
): void {
  const spec = asRecord(deployment.spec);
  const template = asRecord(spec.template);
  const desired = Number(spec.replicas ?? 1);
  const hash = templateHash(template);
  const namespace = deployment.metadata.namespace;
  const owned = store
    .list(PODS, namespace)
    .filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === deployment.metadata.uid));
  const current = owned.filter((p) => p.metadata.labels?.['pod-template-hash'] === hash);
  for (const stale of owned.filter((p) => p.metadata.labels?.['pod-template-hash'] !== hash))
    store.delete(PODS, namespace, stale.metadata.name);
  for (const extra of current.slice(desired)) store.delete(PODS, namespace, extra.metadata.name);
  for (let i = current.length; i < desired; i++) {
    const templateMeta = asRecord(template.metadata);
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${deployment.metadata.name}-${hash}-${names.next(5)}`,
        namespace,
        labels: { ...(templateMeta.labels as Record<string, string>), 'pod-template-hash': hash },
        annotations: { ...(templateMeta.annotations as Record<string, string> | undefined) },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: deployment.metadata.name,
            uid: deployment.metadata.uid!,
            controller: true,
          },
        ],
      },
      spec: {
        ...asRecord(template.spec),
        nodeName: 'sim-node-1',
        serviceAccountName: asRecord(template.spec).serviceAccountName ?? 'default',
      },
    };
    const admitted = admitPod(store, pod);
    const started = now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    const containers = (asRecord(admitted.spec).containers as Record<string, unknown>[] | undefined) ?? [];
    admitted.status = {
      phase: 'Running',
      podIP: podIP(nextIp()),
      hostIP: '192.168.49.2',
      startTime: started,
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        type,
        status: 'True',
        lastTransitionTime: started,
      })),
      containerStatuses: containers.map((c) => ({
        name: c.name,
        image: c.image,
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: started } },
      })),
    };
    store.create(PODS, admitted);
  }
  const ready = Math.min(
    desired,
    store
      .list(PODS, namespace)
      .filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === deployment.metadata.uid)).length,
  );
  const status = {
    observedGeneration: deployment.metadata.generation,
    replicas: ready,
    updatedReplicas: ready,
    readyReplicas: ready,
    availableReplicas: ready,
    ...(ready < desired ? { unavailableReplicas: desired - ready } : {}),
    conditions: [
      {
        type: 'Available',
        status: ready >= desired ? 'True' : 'False',
        reason: ready >= desired ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        message:
          ready >= desired
            ? 'Deployment has minimum availability.'
            : 'Deployment does not have minimum availability.',
      },
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${deployment.metadata.name}-${hash}" has successfully progressed.`,
      },
    ],
  };
  const latest = store.get(DEPLOYMENTS, namespace, deployment.metadata.name);
  if (!latest || latest.metadata.uid !== deployment.metadata.uid) return;
  if (stableJson(latest.status) !== stableJson(status)) {
    store.update(DEPLOYMENTS, { ...latest, status });
  }
}
