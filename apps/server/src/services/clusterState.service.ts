import { toClusterState, type ClusterState, type ClusterStateSettings, type GraphError } from '@sextant/mesh';
import type { KubeClient, KubeKind, KubeObjects, KubeStatuses } from '../clients/kube.client.ts';
import { CLUSTER_STATE_KINDS } from '../clients/kube.client.ts';
import { ALL_NAMESPACES, scopeObjects, type NamespaceScope } from '../auth/namespaceScope.ts';

export interface ClusterView {
  state: ClusterState;
  /** The cache content `state` was built from. */
  objects: KubeObjects;
  statuses: KubeStatuses;
  /** One entry per distinct failure among the caches, naming the kinds it affects; empty when all are synced. */
  errors: GraphError[];
}

/**
 * The cluster as `@sextant/mesh` sees it, built from the watch caches. Converting thousands of
 * objects costs milliseconds, so the result is kept until a cache changes.
 */
const MAX_SCOPED_VIEWS = 64;

export class ClusterStateSource {
  private memo: { revision: string; view: ClusterView } | undefined;
  /** Users' views of the last revision, by scope key: few users see few distinct scopes. */
  private scoped: { revision: string; views: Map<string, ClusterView> } | undefined;

  constructor(
    private readonly kube: KubeClient,
    private readonly settings: ClusterStateSettings = {},
  ) {}

  current(scope: NamespaceScope = ALL_NAMESPACES): ClusterView {
    const whole = this.whole();
    if (scope.all) return whole.view;
    if (this.scoped?.revision !== whole.revision)
      this.scoped = { revision: whole.revision, views: new Map() };
    const known = this.scoped.views.get(scope.key);
    if (known) return known;
    const objects = scopeObjects(whole.view.objects, scope);
    const view: ClusterView = { ...whole.view, objects, state: this.build(objects) };
    if (this.scoped.views.size >= MAX_SCOPED_VIEWS) this.scoped.views.clear();
    this.scoped.views.set(scope.key, view);
    return view;
  }

  private whole(): { revision: string; view: ClusterView } {
    const snapshot = this.kube.snapshot();
    if (this.memo?.revision === snapshot.revision) return this.memo;
    const view: ClusterView = {
      state: this.build(snapshot.objects),
      objects: snapshot.objects,
      statuses: snapshot.statuses,
      errors: describeUnsynced(snapshot.statuses),
    };
    this.memo = { revision: snapshot.revision, view };
    return this.memo;
  }

  /** The state of other cache content, with the same settings (e.g. the cluster after a deletion). */
  build(objects: KubeObjects): ClusterState {
    return toClusterState(objects, this.settings);
  }
}

/**
 * "Kubernetes data is incomplete (pods, services): connect ECONNREFUSED ..." once per distinct
 * reason, so an API server outage is one line and not nine. Stale content that is still served is
 * complete as of its time: the responses' staleness marker says so, not an error.
 */
export function describeUnsynced(statuses: KubeStatuses): GraphError[] {
  const byReason = new Map<string, KubeKind[]>();
  for (const kind of CLUSTER_STATE_KINDS) {
    const status = statuses[kind];
    if (status.synced || status.usable) continue;
    const reason = status.lastError ?? 'not synced yet';
    byReason.set(reason, [...(byReason.get(reason) ?? []), kind]);
  }
  return [...byReason].map(([reason, kinds]) => ({
    source: 'kubernetes' as const,
    message: `Kubernetes data is incomplete (${kinds.join(', ')}): ${reason}`,
  }));
}
