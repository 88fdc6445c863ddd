import {
  HISTORY_KINDS,
  istioResourceSchema,
  type ChangeSummary,
  type HistoryKind,
  type IstioResource,
} from '@sextant/contracts';
import { DEFAULT_VIEW, encodeViewState } from '../graph/urlState.ts';
import { istioDetailsHref } from '../istio/listUrlState.ts';
import { serviceDetailsHref } from '../services/servicesUrlState.ts';
import { workloadDetailsHref } from '../workloads/workloadsUrlState.ts';

/**
 * The Changes page's view state and wording, pure: the URL keeps the filters and the open change,
 * and each change says what happened, who did it, and where to look next.
 */
export interface ChangesViewState {
  namespaces: string[];
  kinds: HistoryKind[];
  /** How far back, seconds; 0: everything the server keeps. */
  range: number;
  /** The change whose diff is open. */
  open: number | undefined;
}

export const RANGES: ReadonlyArray<{ seconds: number; label: string }> = [
  { seconds: 3600, label: 'Last hour' },
  { seconds: 6 * 3600, label: 'Last 6 hours' },
  { seconds: 86_400, label: 'Last day' },
  { seconds: 7 * 86_400, label: 'Last week' },
  { seconds: 0, label: 'Everything kept' },
];

export const DEFAULT_CHANGES_VIEW: Readonly<ChangesViewState> = Object.freeze({
  namespaces: [],
  kinds: [],
  range: 86_400,
  open: undefined,
});

const list = (text: string | null) => [...new Set((text ?? '').split(',').filter(Boolean))];

export function decodeChangesView(search: string): ChangesViewState {
  const q = new URLSearchParams(search);
  const range = Number(q.get('range'));
  const open = Number(q.get('change'));
  return {
    namespaces: list(q.get('namespaces')),
    kinds: list(q.get('kinds')).filter((k): k is HistoryKind =>
      (HISTORY_KINDS as readonly string[]).includes(k),
    ),
    range:
      RANGES.some((r) => r.seconds === range) && q.get('range') !== null ? range : DEFAULT_CHANGES_VIEW.range,
    open: Number.isSafeInteger(open) && open > 0 ? open : undefined,
  };
}

export function encodeChangesView(state: ChangesViewState): string {
  const q = new URLSearchParams();
  if (state.namespaces.length) q.set('namespaces', state.namespaces.join(','));
  if (state.kinds.length) q.set('kinds', state.kinds.join(','));
  if (state.range !== DEFAULT_CHANGES_VIEW.range) q.set('range', String(state.range));
  if (state.open !== undefined) q.set('change', String(state.open));
  return q.toString().replace(/%2C/gi, ',');
}

export const KIND_LABELS: Readonly<Record<HistoryKind, string>> = {
  namespaces: 'Namespaces',
  deployments: 'Deployments',
  services: 'Services',
  virtualServices: 'VirtualServices',
  destinationRules: 'DestinationRules',
  gateways: 'Gateways',
  serviceEntries: 'ServiceEntries',
  peerAuthentications: 'PeerAuthentications',
  sidecars: 'Sidecars',
  authorizationPolicies: 'AuthorizationPolicies',
  requestAuthentications: 'RequestAuthentications',
};

const VERBS = { create: 'created', update: 'changed', delete: 'deleted' } as const;

/** "VirtualService reviews changed". */
export const changeTitle = (c: ChangeSummary): string => `${c.objectKind} ${c.name} ${VERBS[c.operation]}`;

/** Who made it: a user through Sextant, or seen in the cluster (kubectl, a controller, CI). */
export function authorText(c: ChangeSummary): string {
  if (c.attributed) return `by ${c.author ?? 'anonymous'} through Sextant`;
  return 'seen in the cluster (kubectl or another client)';
}

/** The object's page, while it exists. */
export function objectHref(c: ChangeSummary): string | undefined {
  if (c.operation === 'delete') return undefined;
  switch (c.kind) {
    case 'namespaces':
      return '/namespaces';
    case 'services':
      return serviceDetailsHref(c.namespace, c.name);
    case 'deployments':
      return workloadDetailsHref(c.namespace, c.name);
    default: {
      const resource = istioResourceSchema.safeParse(c.kind.toLowerCase());
      return resource.success
        ? istioDetailsHref(c.namespace, resource.data as IstioResource, c.name)
        : undefined;
    }
  }
}

/** The window the graph links show on each side of a change. */
export const GRAPH_WINDOW_SECONDS = 300;

/**
 * The namespace's graph over the five minutes before the change (`before`) or after it: its
 * traffic and, from the history, its config of that moment.
 */
export function graphHref(c: ChangeSummary, side: 'before' | 'after', nowMs: number): string {
  const at = Math.floor(c.time / 1000);
  const end = side === 'before' ? at - 1 : Math.min(at + GRAPH_WINDOW_SECONDS, Math.floor(nowMs / 1000));
  const search = encodeViewState({
    ...DEFAULT_VIEW,
    namespaces: [c.namespace],
    duration: GRAPH_WINDOW_SECONDS,
    queryTime: end,
    refresh: 0,
  });
  return `/graph?${search}`;
}

/** Changes by day, newest first, as the timeline shows them. */
export function byDay(
  changes: readonly ChangeSummary[],
  dayOf: (ms: number) => string,
): Array<{ day: string; changes: ChangeSummary[] }> {
  const out: Array<{ day: string; changes: ChangeSummary[] }> = [];
  for (const c of changes) {
    const day = dayOf(c.time);
    const last = out.at(-1);
    if (last?.day === day) last.changes.push(c);
    else out.push({ day, changes: [c] });
  }
  return out;
}
