import type { Health } from '@sextant/contracts';
import type { WorkloadInfo } from '../cluster/clusterState.ts';
import type { PromSample } from '../graph/types.ts';
import { escapePromString } from '../promql/escape.ts';
import { entityHealth } from './entityHealth.ts';
import { healthCodeOf, type RatesByCode } from './requestHealth.ts';
import type { Tolerance } from './tolerance.ts';

/**
 * Request rates for the health of workloads and apps outside the graph (Overview, lists, detail
 * pages), from one query: what each workload's own proxy reported receiving (`reporter="destination"`)
 * and sending (`reporter="source"`), by workload, app and code. Each request counts once per
 * direction. A request that never reached a pod (a Deployment scaled to 0: 503 `UH`) counts for
 * its caller's outbound health, not for the workload it never reached, as in Kiali.
 */

type Direction = 'inbound' | 'outbound';

const SIDE: Record<Direction, { prefix: 'destination' | 'source'; reporter: string }> = {
  inbound: { prefix: 'destination', reporter: 'destination' },
  outbound: { prefix: 'source', reporter: 'source' },
};

const CODE_LABELS = ['request_protocol', 'response_code', 'grpc_response_status'];

/**
 * The health query: one for all namespaces (the Overview) or one namespace (`namespace`). The two
 * directions carry different label sets and a `direction` label, so `or` keeps both.
 */
export function requestHealthQuery(rateSeconds: number, namespace?: string): string {
  const part = (direction: Direction) => {
    const { prefix, reporter } = SIDE[direction];
    const ns =
      namespace === undefined ? '' : `,${prefix}_workload_namespace="${escapePromString(namespace)}"`;
    const by = [
      `${prefix}_workload_namespace`,
      `${prefix}_workload`,
      `${prefix}_canonical_service`,
      ...CODE_LABELS,
    ].join(',');
    return (
      `label_replace(sum by (${by}) (rate(istio_requests_total{reporter="${reporter}"${ns}}[${rateSeconds}s])), ` +
      `"direction", "${direction}", "", "")`
    );
  };
  return `${part('inbound')} or ${part('outbound')}`;
}

type MutableRates = { http: Map<string, number>; grpc: Map<string, number> };

/** Rates by `namespace/name` of workloads and of apps (canonical services). */
export interface RatesIndex {
  workloads: ReadonlyMap<string, RatesByCode>;
  apps: ReadonlyMap<string, RatesByCode>;
}

export interface HealthRates {
  inbound: RatesIndex;
  outbound: RatesIndex;
}

export const healthKey = (namespace: string, name: string): string => `${namespace}/${name}`;

/** The samples of `requestHealthQuery` indexed by direction, workload and app. */
export function healthRates(samples: readonly PromSample[]): HealthRates {
  const index = () => ({ workloads: new Map<string, MutableRates>(), apps: new Map<string, MutableRates>() });
  const out = { inbound: index(), outbound: index() };
  const add = (
    map: Map<string, MutableRates>,
    key: string,
    protocol: 'http' | 'grpc',
    code: string,
    v: number,
  ) => {
    let rates = map.get(key);
    if (!rates) map.set(key, (rates = { http: new Map(), grpc: new Map() }));
    rates[protocol].set(code, (rates[protocol].get(code) ?? 0) + v);
  };
  for (const { metric, value } of samples) {
    const direction = metric['direction'];
    if ((direction !== 'inbound' && direction !== 'outbound') || !Number.isFinite(value) || value <= 0)
      continue;
    const counted = healthCodeOf(metric);
    if (!counted) continue;
    const { protocol: p, code } = counted;
    const { prefix } = SIDE[direction];
    const namespace = metric[`${prefix}_workload_namespace`] ?? '';
    const workload = metric[`${prefix}_workload`];
    const app = metric[`${prefix}_canonical_service`];
    if (workload && workload !== 'unknown')
      add(out[direction].workloads, healthKey(namespace, workload), p, code, value);
    if (app && app !== 'unknown') add(out[direction].apps, healthKey(namespace, app), p, code, value);
  }
  return out;
}

/** A workload's health: its pods, and the requests its proxy received and sent. */
export function workloadHealth(
  w: WorkloadInfo,
  rates: HealthRates | null,
  tolerances: readonly Tolerance[],
  who?: string,
): Health {
  const key = healthKey(w.namespace, w.name);
  return entityHealth({
    replicas: [{ name: w.name, desired: w.desiredReplicas, ready: w.readyReplicas }],
    inbound: rates?.inbound.workloads.get(key),
    outbound: rates?.outbound.workloads.get(key),
    tolerances,
    ...(who === undefined ? {} : { who }),
  });
}

/** An app's health: the pods of all its workloads, and the requests the app received and sent. */
export function appHealth(
  app: { name: string; namespace: string; workloads: readonly WorkloadInfo[] },
  rates: HealthRates | null,
  tolerances: readonly Tolerance[],
  who?: string,
): Health {
  const key = healthKey(app.namespace, app.name);
  return entityHealth({
    replicas: app.workloads.map((w) => ({
      name: w.name,
      desired: w.desiredReplicas,
      ready: w.readyReplicas,
    })),
    inbound: rates?.inbound.apps.get(key),
    outbound: rates?.outbound.apps.get(key),
    tolerances,
    ...(who === undefined ? {} : { who }),
  });
}
