import type {
  ServiceConfigBadges,
  ServiceIstioConfig,
  ServiceListItem,
  ServicePort,
  ValidationSeverity,
} from '@sextant/contracts';
import type { WriteAccess } from '../../api/permissions.ts';
import { trafficShiftHref } from '../istio/wizard/trafficShiftUrl.ts';
import type { WizardKind } from '../istio/wizard/wizardConfig.ts';

/** "http 9080/TCP", "9080": a port as the tables show it. */
export function formatPort(p: ServicePort): string {
  const number = p.protocol ? `${p.port}/${p.protocol}` : String(p.port);
  return p.name ? `${p.name} ${number}` : number;
}

/** The services of several namespaces' lists, sorted by namespace, then name. */
export function serviceRows(lists: readonly (readonly ServiceListItem[])[]): ServiceListItem[] {
  return lists
    .flat()
    .slice()
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

export type RoutingState =
  | { kind: 'unknown' }
  | { kind: 'none' }
  | { kind: 'configured'; objects: Array<'VS' | 'DR'>; severity: ValidationSeverity | 'valid' };

/** What the list's Routing column says: unknown (config unreadable), none, or VS/DR with their worst finding. */
export function routingState(config: ServiceConfigBadges | undefined): RoutingState {
  if (!config) return { kind: 'unknown' };
  const objects = [...(config.hasVS ? (['VS'] as const) : []), ...(config.hasDR ? (['DR'] as const) : [])];
  if (objects.length === 0) return { kind: 'none' };
  return { kind: 'configured', objects, severity: config.worstSeverity ?? 'valid' };
}

export interface WizardAction {
  kind: WizardKind;
  label: string;
  /** Absent when the action cannot run; `reason` says why. */
  href?: string;
  reason?: string;
}

const ACTIONS: ReadonlyArray<{ kind: WizardKind; label: string; versions: number }> = [
  { kind: 'shift', label: 'Shift traffic', versions: 2 },
  { kind: 'header', label: 'Route by header', versions: 2 },
  { kind: 'fault', label: 'Inject fault', versions: 1 },
  { kind: 'timeout', label: 'Set timeout', versions: 1 },
];

/**
 * The routing wizards for a service: they split between the `version` labels of its workloads, so
 * shifting and routing by header need two versions, faults and timeouts one.
 */
export function wizardActions(
  namespace: string,
  service: string,
  versions: readonly string[],
  /** May the user create the VirtualService; view-only still opens the wizards, to see the config. */
  access: WriteAccess = { allowed: true },
): WizardAction[] {
  return ACTIONS.map(({ kind, label, versions: needed }) => {
    if (!access.allowed && !access.viewOnly) return { kind, label, reason: access.reason };
    if (versions.length >= needed) {
      return { kind, label, href: trafficShiftHref({ namespace, service, versions: [...versions], kind }) };
    }
    const reason =
      versions.length === 0
        ? `No workload of ${service} has a version label`
        : `Needs two versions of ${service}; it has one (${versions[0]})`;
    return { kind, label, reason };
  });
}

/**
 * The objects that configure traffic *to* the service (relation `host`). The wizards create a
 * VirtualService named after the service (and a DestinationRule unless one exists); when routing
 * is there already, editing it is usually what is wanted.
 */
export function existingRouting(config: readonly ServiceIstioConfig[]): ServiceIstioConfig[] {
  return config.filter((c) => c.relation === 'host');
}

/** "2 of 3", "1": ready replicas against desired, when both are known. */
export function formatReplicas(replicas: number | undefined, ready: number | undefined): string {
  if (replicas === undefined) return '—';
  if (ready === undefined) return String(replicas);
  return `${ready} of ${replicas} ready`;
}
