import {
  ISTIO_RESOURCES,
  istioResourceOf,
  type IstioConfigItem,
  type IstioResource,
  type Validation,
  type ValidationSeverity,
} from '@sextant/contracts';

/** "3d", "5h", "12m", "40s": the age column, from an ISO timestamp and the caller's `now`. */
export function formatAge(creationTimestamp: string, now: number): string {
  const created = Date.parse(creationTimestamp);
  if (Number.isNaN(created)) return '—';
  const s = Math.max(0, Math.floor((now - created) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

const RANK: Record<ValidationSeverity, number> = { error: 3, warning: 2, info: 1 };

/** The worst severity among `validations`, or 'valid' when there are none. */
export function worstSeverity(validations: readonly Validation[]): ValidationSeverity | 'valid' {
  let worst: ValidationSeverity | 'valid' = 'valid';
  for (const v of validations) if (worst === 'valid' || RANK[v.severity] > RANK[worst]) worst = v.severity;
  return worst;
}

export interface ConfigRow {
  key: string;
  kind: IstioConfigItem['kind'];
  resource: IstioResource;
  name: string;
  namespace: string;
  creationTimestamp: string;
  validations: Validation[];
}

/** Rows of several namespaces' lists, sorted by namespace, kind, then name. */
export function configRows(items: readonly IstioConfigItem[]): ConfigRow[] {
  return items
    .map((item) => ({
      key: `${item.namespace}/${item.kind}/${item.name}`,
      kind: item.kind,
      resource: istioResourceOf(item.kind),
      name: item.name,
      namespace: item.namespace,
      creationTimestamp: item.creationTimestamp,
      validations: item.validations,
    }))
    .sort(
      (a, b) =>
        a.namespace.localeCompare(b.namespace) ||
        a.kind.localeCompare(b.kind) ||
        a.name.localeCompare(b.name),
    );
}

export const kindOfResource = (resource: IstioResource) => ISTIO_RESOURCES[resource].kind;
