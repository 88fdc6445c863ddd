import { parseDurationMs } from './duration.ts';
import type { HttpRoute } from './virtualService.ts';

/** The retry conditions the simulation distinguishes (Envoy's `x-envoy-retry-on` vocabulary). */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  attempts: number;
  perTryTimeoutMs: number | undefined;
  connectFailure: boolean;
  /** Any 5xx, connect failure or per-try timeout. */
  fiveXx: boolean;
  /** 502, 503, 504 and connect failures. */
  gatewayError: boolean;
  /** Resets, including per-try timeouts. */
  reset: boolean;
  statusCodes: ReadonlySet<number>;
  /** gRPC statuses retried on gRPC requests (`unavailable`, `cancelled`... in `retryOn`). */
  grpcStatuses: ReadonlySet<number>;
}

/** Envoy's gRPC retry conditions and the status each one names. */
const GRPC_RETRY_ON: Readonly<Record<string, number>> = {
  cancelled: 1,
  'deadline-exceeded': 4,
  'resource-exhausted': 8,
  internal: 13,
  unavailable: 14,
};

/** Istio's retry policy for routes without `retries` (pilot's DefaultPolicy). */
export const ISTIO_DEFAULT_RETRY_ON =
  'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';

export function parseRetryOn(
  retryOn: string,
  attempts: number,
  perTryTimeoutMs: number | undefined,
): RetryPolicy {
  const tokens = retryOn
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const codes = new Set<number>();
  for (const t of tokens) if (/^\d{3}$/.test(t)) codes.add(Number(t));
  // Istio's default policy lists 503 as its retriable status code; a `retriable-status-codes`
  // written without numbers is read the same way.
  if (tokens.includes('retriable-status-codes') && codes.size === 0) codes.add(503);
  if (tokens.includes('retriable-4xx')) codes.add(409);
  return {
    attempts,
    perTryTimeoutMs,
    connectFailure: tokens.includes('connect-failure') || tokens.includes('refused-stream'),
    fiveXx: tokens.includes('5xx'),
    gatewayError: tokens.includes('gateway-error'),
    reset: tokens.includes('reset'),
    statusCodes: codes,
    grpcStatuses: new Set(
      tokens.flatMap((t) => (Object.hasOwn(GRPC_RETRY_ON, t) ? [GRPC_RETRY_ON[t]!] : [])),
    ),
  };
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = parseRetryOn(ISTIO_DEFAULT_RETRY_ON, 2, undefined);
export const NO_RETRIES: RetryPolicy = parseRetryOn('', 0, undefined);

export function retryPolicyOf(route: HttpRoute | undefined): RetryPolicy {
  const retries = route?.retries;
  if (!retries) return DEFAULT_RETRY_POLICY;
  const attempts = retries.attempts ?? 2;
  if (attempts <= 0) return NO_RETRIES;
  return parseRetryOn(
    retries.retryOn ?? ISTIO_DEFAULT_RETRY_ON,
    attempts,
    parseDurationMs(retries.perTryTimeout),
  );
}

export type AttemptFailure =
  | { kind: 'connect' }
  | { kind: 'timeout' }
  | { kind: 'status'; code: number }
  /** A gRPC server's non-OK status behind an HTTP 200. */
  | { kind: 'grpc'; status: number };

/** Whether Envoy would retry an attempt that ended this way. */
export function isRetriable(policy: RetryPolicy, failure: AttemptFailure): boolean {
  switch (failure.kind) {
    case 'connect':
      return policy.connectFailure || policy.fiveXx || policy.gatewayError || policy.reset;
    case 'timeout':
      return policy.fiveXx || policy.gatewayError || policy.reset;
    case 'status': {
      const c = failure.code;
      if (policy.statusCodes.has(c)) return true;
      if (policy.fiveXx && c >= 500) return true;
      return policy.gatewayError && (c === 502 || c === 503 || c === 504);
    }
    case 'grpc':
      return policy.grpcStatuses.has(failure.status);
  }
}
