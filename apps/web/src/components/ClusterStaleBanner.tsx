import type { ClusterStaleness } from '../api/clusterFreshness.ts';
import './ClusterStaleBanner.css';

/**
 * Shown on every page while the server serves cluster data its watches no longer keep live (the
 * Kubernetes API went away): the user sees since when topology and config may be old, and that
 * nothing needs doing, since the server reconnects by itself.
 */
export function ClusterStaleBanner({ staleness }: { staleness: ClusterStaleness }) {
  return (
    <div className="banner banner--stale cluster-stale" role="status" aria-label="Cluster data is stale">
      <span className="banner__icon" aria-hidden="true">
        !
      </span>
      <p className="banner__text">
        <strong>Cluster data as of {new Date(staleness.since).toLocaleTimeString()}.</strong> Sextant lost its
        connection to the Kubernetes API and is reconnecting by itself; namespaces, services, Istio config and
        the graph&apos;s topology may have changed since.
        {staleness.reason && <span className="cluster-stale__reason"> ({staleness.reason})</span>}
      </p>
    </div>
  );
}
