import type { ChangeSummary, DashboardKind, HistoryKind } from '@sextant/contracts';
import { changeTitle, encodeChangesView, DEFAULT_CHANGES_VIEW } from './changesView.ts';

/** A change drawn on a chart: a vertical line at its time. */
export interface ChangeMarker {
  id: number;
  /** Unix seconds. */
  time: number;
  operation: ChangeSummary['operation'];
  label: string;
  href: string;
}

/** Kinds that act on a whole namespace: every chart of the namespace may show their effect. */
const NAMESPACE_WIDE: ReadonlySet<HistoryKind> = new Set([
  'namespaces',
  'peerAuthentications',
  'authorizationPolicies',
  'requestAuthentications',
  'sidecars',
]);

/**
 * The changes that may explain what a node's charts show: config named like the node (a
 * VirtualService or DestinationRule `reviews` for the service, app or workload `reviews`), its
 * Deployments (`reviews-v1`), its Service, and namespace-wide policy. A guess by name, as Istio's
 * own conventions make it; the Changes page has the rest.
 */
export function relevantChanges(
  changes: readonly ChangeSummary[],
  node: { kind: DashboardKind; name: string },
): ChangeSummary[] {
  const base = node.kind === 'workloads' ? node.name.replace(/-v\d+$/, '') : node.name;
  return changes.filter(
    (c) =>
      NAMESPACE_WIDE.has(c.kind) ||
      c.name === node.name ||
      c.name === base ||
      (c.kind === 'deployments' && c.name.startsWith(`${base}-`)),
  );
}

export function toMarkers(
  changes: readonly ChangeSummary[],
  window: { start: number; end: number },
): ChangeMarker[] {
  return changes
    .map((c) => ({
      id: c.id,
      time: c.time / 1000,
      operation: c.operation,
      label: changeTitle(c),
      href: `/changes?${encodeChangesView({ ...DEFAULT_CHANGES_VIEW, namespaces: [c.namespace], range: 0, open: c.id })}`,
    }))
    .filter((m) => m.time >= window.start && m.time <= window.end)
    .sort((a, b) => a.time - b.time);
}
