import type { ValidationSeverity } from '@sextant/contracts';

/**
 * Every finding the validator can emit. Codes are stable identifiers: UIs, docs and users' ignore
 * lists key on them, so a code is never renamed or reused; a check that changes meaning gets a new
 * code. `kiali` names the closest Kiali check for users who know those (README.md has the table).
 */
export const VALIDATION_CODES = {
  VS_DEST_HOST_NOT_FOUND: {
    severity: 'error',
    kiali: 'KIA1101',
    meaning: 'A route or mirror destination host matches no Service or visible ServiceEntry.',
  },
  VS_DEST_PORT_NOT_FOUND: {
    severity: 'warning',
    meaning: 'A destination port is not a port of the destination Service.',
  },
  VS_SUBSET_NOT_FOUND: {
    severity: 'error',
    kiali: 'KIA1107',
    meaning: 'A destination subset is not defined by any DestinationRule visible for that host.',
  },
  VS_WEIGHT_INVALID: {
    severity: 'error',
    meaning: 'A weight is not a non-negative integer.',
  },
  VS_WEIGHT_SUM_NOT_100: {
    severity: 'warning',
    meaning:
      'A route with several destinations (or any weight set) has weights not summing to 100; unset weights count as 0.',
  },
  VS_SINGLE_DEST_WEIGHT: {
    severity: 'warning',
    kiali: 'KIA1104',
    meaning: 'The only destination of a route has a weight below 100; it receives all traffic anyway.',
  },
  VS_DUPLICATE_DESTINATION: {
    severity: 'warning',
    kiali: 'KIA1105',
    meaning: 'The same host + subset (+ port) appears twice in one route.',
  },
  VS_HOST_CONFLICT: {
    severity: 'warning',
    kiali: 'KIA1106',
    meaning:
      'Another VirtualService visible to the same namespaces claims the same host on a shared gateway (or the mesh).',
  },
  VS_GATEWAY_NOT_FOUND: {
    severity: 'error',
    kiali: 'KIA1102',
    meaning: 'A gateway reference (`ns/name`, `name`) names no Gateway; `mesh` is reserved and always valid.',
  },
  VS_GATEWAY_LEGACY_NAME: {
    severity: 'info',
    kiali: 'KIA1108',
    meaning: 'A gateway is referenced as `name.namespace[...]`; `namespace/name` is the preferred form.',
  },
  VS_UNREACHABLE_ROUTE: {
    severity: 'warning',
    meaning: 'A route follows a catch-all route (no match, or a match that matches every request).',
  },
  DR_HOST_NOT_FOUND: {
    severity: 'warning',
    kiali: 'KIA0202',
    meaning: 'The host matches no Service or visible ServiceEntry, so the rule has no effect.',
  },
  DR_SUBSET_NO_WORKLOAD: {
    severity: 'warning',
    kiali: 'KIA0203',
    meaning: "A subset's labels match no workload behind the host's Service.",
  },
  DR_MULTIPLE_FOR_HOST: {
    severity: 'warning',
    kiali: 'KIA0201',
    meaning:
      'Another DestinationRule in the same namespace configures the same host and subset (or the whole host).',
  },
  DR_TLS_DISABLE_WITH_STRICT: {
    severity: 'error',
    kiali: 'KIA0207',
    meaning:
      'The rule makes clients send plaintext (`tls.mode: DISABLE`) to workloads whose PeerAuthentication is STRICT.',
  },
  SELECTOR_NO_WORKLOAD: {
    severity: 'warning',
    kiali: 'KIA0004',
    meaning:
      'A workload selector (PeerAuthentication, Sidecar, AuthorizationPolicy, RequestAuthentication, Gateway, DestinationRule) matches no workload.',
  },
} as const satisfies Record<string, { severity: ValidationSeverity; kiali?: string; meaning: string }>;

export type ValidationCode = keyof typeof VALIDATION_CODES;
