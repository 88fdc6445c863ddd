import { useSyncExternalStore } from 'react';

/** The server's marker on responses built from cluster data its watches no longer keep live. */
export const STALE_SINCE_HEADER = 'sextant-stale-since';
export const STALE_REASON_HEADER = 'sextant-stale-reason';

export interface ClusterStaleness {
  /** Since when the cluster data may be stale (epoch ms). */
  since: number;
  /** Why, as the server put it (the Kubernetes API's last error). */
  reason: string | undefined;
}

export interface FreshnessStore {
  get(): ClusterStaleness | undefined;
  subscribe(listener: () => void): () => void;
  /** Every server response reports; the latest one wins (no marker = fresh again). */
  report(headers: Headers): void;
}

export function createFreshnessStore(): FreshnessStore {
  let current: ClusterStaleness | undefined;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    report(headers) {
      const next = stalenessOf(headers);
      if (next?.since === current?.since && next?.reason === current?.reason) return;
      current = next;
      for (const listener of listeners) listener();
    },
  };
}

export function stalenessOf(headers: Headers): ClusterStaleness | undefined {
  const raw = headers.get(STALE_SINCE_HEADER);
  const since = raw === null ? NaN : Date.parse(raw);
  if (Number.isNaN(since)) return undefined;
  return { since, reason: headers.get(STALE_REASON_HEADER) ?? undefined };
}

/** The app's store, fed by the API client. */
export const clusterFreshness = createFreshnessStore();

/** Undefined while the cluster data is live. */
export function useClusterStaleness(store: FreshnessStore = clusterFreshness): ClusterStaleness | undefined {
  return useSyncExternalStore(store.subscribe, store.get);
}
