import type { RequestHandler } from 'express';
import { aggregateStatus, CLUSTER_STATE_KINDS, type KubeClient } from '../clients/kube.client.ts';

/** ISO 8601 time since which the cluster data in the response may be stale (see DESIGN.md). */
export const STALE_SINCE_HEADER = 'Sextant-Stale-Since';
/** One line on why: the watch caches' last error. */
export const STALE_REASON_HEADER = 'Sextant-Stale-Reason';

/**
 * Marks every API response while the cluster caches serve content their watches no longer keep
 * live (the API server went away and they are listing again): the web app shows since when, so a
 * user never takes minutes-old topology or config for the present. Responses of a fresh cluster
 * carry no marker.
 */
export function clusterFreshness(kube: KubeClient): RequestHandler {
  return (_req, res, next) => {
    const status = aggregateStatus(kube.statuses(), CLUSTER_STATE_KINDS);
    if (!status.synced && status.staleSince !== undefined) {
      res.setHeader(STALE_SINCE_HEADER, new Date(status.staleSince).toISOString());
      if (status.lastError) res.setHeader(STALE_REASON_HEADER, headerSafe(status.lastError));
    }
    next();
  };
}

/** Header values are one line of visible ASCII. */
const headerSafe = (text: string): string =>
  text
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, 300);
