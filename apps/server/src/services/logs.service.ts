import type { LogLine, PodLogs, PodLogsQuery, WorkloadPod } from '@sextant/contracts';
import { workloadPods } from '@sextant/mesh';
import { ALL_NAMESPACES, type NamespaceScope } from '../auth/namespaceScope.ts';
import type { KubeApi, KubeKind } from '../clients/kube.client.ts';
import { aggregateStatus, assertUsable } from '../clients/kube.client.ts';
import type { PodLogRequest } from '../clients/podLog.client.ts';
import { notFound } from '../errors.ts';
import type { ClusterStateSource } from './clusterState.service.ts';

const POD_KINDS: readonly KubeKind[] = ['namespaces', 'deployments', 'pods'];

/**
 * A kubelet line with `timestamps=true`: RFC 3339 time, one space, the text. A line without one
 * (a proxy in front of the API server that drops the option) keeps its text with no time.
 */
export function splitTimestamp(line: string): LogLine {
  const space = line.indexOf(' ');
  const time = space > 0 ? line.slice(0, space) : '';
  return /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(time)
    ? { time, text: line.slice(space + 1) }
    : { time: '', text: line };
}

/** Text chunks split anywhere -> whole lines, as they complete. */
export async function* linesOf(chunks: AsyncIterable<string>): AsyncIterable<LogLine> {
  let pending = '';
  for await (const chunk of chunks) {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      yield splitTimestamp(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
    }
  }
  if (pending !== '') yield splitTimestamp(pending);
}

const requestOf = (query: PodLogsQuery): PodLogRequest => ({
  container: query.container,
  tailLines: query.tailLines,
  sinceSeconds: query.sinceSeconds,
});

/**
 * Pods of a workload from the watch caches (the user's scope), and their containers' logs straight
 * from the API server with the user's credentials, so RBAC's `pods/log` decides who reads them.
 */
export class LogsService {
  constructor(private readonly cluster: ClusterStateSource) {}

  pods(namespace: string, workload: string, scope: NamespaceScope = ALL_NAMESPACES): WorkloadPod[] {
    const view = this.cluster.current(scope);
    assertUsable(aggregateStatus(view.statuses, POD_KINDS));
    const deployment = view.objects.deployments.find(
      (d) => d.metadata?.namespace === namespace && d.metadata?.name === workload,
    );
    if (!deployment) throw notFound(`deployments.apps "${workload}" not found in namespace ${namespace}`);
    return workloadPods(deployment, view.objects.pods);
  }

  async snapshot(api: KubeApi, namespace: string, pod: string, query: PodLogsQuery): Promise<PodLogs> {
    const text = await api.readPodLog(namespace, pod, requestOf(query));
    const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n').map(splitTimestamp);
    return { pod, container: query.container ?? '', lines };
  }

  async follow(
    api: KubeApi,
    namespace: string,
    pod: string,
    query: PodLogsQuery,
    signal: AbortSignal,
  ): Promise<AsyncIterable<LogLine>> {
    return linesOf(await api.followPodLog(namespace, pod, requestOf(query), signal));
  }
}
