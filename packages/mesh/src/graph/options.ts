import { GraphParamError } from './errors.ts';

/**
 * Kiali's graph request options, with Kiali's names and meanings (kiali `graph/options.go`,
 * `appender.go`): what a client written for Kiali's graph API may send.
 */

/** What a request rate measures: `requests` counts requests; the others are bytes or messages. */
export type RateHttp = 'requests' | 'none';
export type RateGrpc = 'requests' | 'sent' | 'received' | 'total' | 'none';
export type RateTcp = 'sent' | 'received' | 'total' | 'none';
/** Ambient telemetry to include: `none` (sidecar proxies only), `total` (also waypoints and ztunnel). */
export type AmbientTraffic = 'none' | 'total' | 'waypoint' | 'ztunnel';

export interface RequestedRates {
  http: RateHttp;
  grpc: RateGrpc;
  tcp: RateTcp;
  ambient: AmbientTraffic;
}

export const DEFAULT_RATES: RequestedRates = {
  http: 'requests',
  grpc: 'requests',
  tcp: 'sent',
  ambient: 'total',
};

export const RATE_HTTP_VALUES: readonly RateHttp[] = ['requests', 'none'];
export const RATE_GRPC_VALUES: readonly RateGrpc[] = ['requests', 'sent', 'received', 'total', 'none'];
export const RATE_TCP_VALUES: readonly RateTcp[] = ['sent', 'received', 'total', 'none'];
export const AMBIENT_TRAFFIC_VALUES: readonly AmbientTraffic[] = ['none', 'total', 'waypoint', 'ztunnel'];

/**
 * Kiali's appender names. `outsider` and `trafficGenerator` always run (naming them is allowed and
 * changes nothing), as in Kiali. `sidecarsCheck` is the old name of `meshCheck`.
 */
export const APPENDER_NAMES = [
  'aggregateNode',
  'ambient',
  'deadNode',
  'health',
  'idleNode',
  'istio',
  'labeler',
  'meshCheck',
  'outsider',
  'responseTime',
  'securityPolicy',
  'serviceEntry',
  'sidecarsCheck',
  'throughput',
  'trafficGenerator',
  'workloadEntry',
] as const;
export type AppenderName = (typeof APPENDER_NAMES)[number];

/**
 * The appenders to run. Kiali's default (no `appenders` parameter) runs every appender but the
 * finalizers that must be asked for by name: `health` and `labeler`.
 */
export interface Appenders {
  has(name: AppenderName): boolean;
}

const ALWAYS_NAMED = new Set<AppenderName>(['health', 'labeler']);

export function parseAppenders(value: string | undefined): Appenders {
  if (value === undefined) return { has: (name) => !ALWAYS_NAMED.has(name) };
  const names = new Set<AppenderName>();
  for (const raw of value.split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    if (!(APPENDER_NAMES as readonly string[]).includes(name))
      throw new GraphParamError('appenders', `invalid appender ${JSON.stringify(name.slice(0, 40))}`);
    names.add(name === 'sidecarsCheck' ? 'meshCheck' : (name as AppenderName));
  }
  return { has: (name) => names.has(name === 'sidecarsCheck' ? 'meshCheck' : name) };
}

export const ALL_APPENDERS: Appenders = parseAppenders(undefined);
export const NO_APPENDERS: Appenders = parseAppenders('');

export type BoxBy = 'app' | 'cluster' | 'namespace';

/** `throughput` measures response bytes (destination-reported) or request bytes (source-reported). */
export type ThroughputType = 'request' | 'response';

/** A node graph (`/api/namespaces/{ns}/{workloads|apps|services}/{name}/graph`): the node and its neighbours. */
export type NodeFocus =
  | { kind: 'workload'; namespace: string; workload: string; cluster?: string }
  | { kind: 'app'; namespace: string; app: string; version?: string; cluster?: string }
  | { kind: 'service'; namespace: string; service: string; cluster?: string };
