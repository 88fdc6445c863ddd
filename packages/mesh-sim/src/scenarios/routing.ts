import type { KubeObject } from '../store/types.ts';

/**
 * Routing config for the Bookinfo scenario's services, as tests and demos write it through the
 * Kubernetes API (or `kubectl apply -f` the JSON): a DestinationRule with one subset per version
 * and a VirtualService splitting between subsets by weight.
 */
export interface RoutingObject extends KubeObject {
  apiVersion: 'networking.istio.io/v1';
  kind: 'DestinationRule' | 'VirtualService';
  metadata: { name: string; namespace?: string };
  spec: Record<string, unknown>;
}

/** `host`'s subsets `versions`, each selecting `version: <name>`. */
export function versionSubsetsRule(
  host: string,
  versions: readonly string[] = ['v1', 'v2', 'v3'],
  namespace?: string,
): RoutingObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: host, ...(namespace ? { namespace } : {}) },
    spec: { host, subsets: versions.map((v) => ({ name: v, labels: { version: v } })) },
  };
}

/**
 * One HTTP route for `host` splitting by `split` (subset -> weight); `route` adds fields to that
 * HTTP route (corsPolicy, timeout…).
 */
export function weightedRoute(
  host: string,
  split: Readonly<Record<string, number>>,
  { namespace, route = {} }: { namespace?: string; route?: Record<string, unknown> } = {},
): RoutingObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: host, ...(namespace ? { namespace } : {}) },
    spec: {
      hosts: [host],
      http: [
        {
          ...route,
          route: Object.entries(split).map(([subset, weight]) => ({
            destination: { host, subset },
            weight,
          })),
        },
      ],
    },
  };
}

/** All HTTP traffic for `host` with `percent` % aborted with `httpStatus` (Istio fault injection). */
export function abortFault(
  host: string,
  percent: number,
  httpStatus: number,
  { name = host, namespace }: { name?: string; namespace?: string } = {},
): RoutingObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: {
      hosts: [host],
      http: [
        {
          fault: { abort: { percentage: { value: percent }, httpStatus } },
          route: [{ destination: { host } }],
        },
      ],
    },
  };
}
