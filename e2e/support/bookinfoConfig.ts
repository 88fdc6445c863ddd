import { versionSubsetsRule, weightedRoute } from '@sextant/mesh-sim';

/**
 * Routing for Bookinfo's reviews as a user would `kubectl apply -f -` it: a DestinationRule with
 * subsets v1-v3 and a VirtualService splitting between subsets by `split` (subset -> weight);
 * `route` adds fields to the HTTP route (e.g. ones the form does not model). A stream of JSON
 * objects: a `kind: List` would make kubectl fetch /openapi/v2, which mesh-sim does not serve.
 */
export function reviewsConfig(split: Record<string, number>, route: Record<string, unknown> = {}): string {
  return [
    versionSubsetsRule('reviews', ['v1', 'v2', 'v3'], 'bookinfo'),
    weightedRoute('reviews', split, { namespace: 'bookinfo', route }),
  ]
    .map((o) => JSON.stringify(o))
    .join('\n');
}
