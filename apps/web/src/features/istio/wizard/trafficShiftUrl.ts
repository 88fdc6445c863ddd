import { isWizardKind, type WizardKind } from './wizardConfig.ts';

/**
 * `/istio/wizards/traffic-shift?namespace=…&service=…&versions=v1,v2[&kind=header|fault|timeout]`:
 * what the graph hands the wizard; no `kind` is the traffic shift.
 */
export interface TrafficShiftTarget {
  namespace: string;
  service: string;
  versions: string[];
  kind?: WizardKind;
}

export function trafficShiftHref(target: TrafficShiftTarget): string {
  const params = new URLSearchParams({
    namespace: target.namespace,
    service: target.service,
    versions: [...target.versions].sort().join(','),
  });
  if (target.kind && target.kind !== 'shift') params.set('kind', target.kind);
  return `/istio/wizards/traffic-shift?${params.toString().replaceAll('%2C', ',')}`;
}

export function parseTrafficShiftTarget(search: string): TrafficShiftTarget | undefined {
  const params = new URLSearchParams(search);
  const namespace = params.get('namespace');
  const service = params.get('service');
  if (!namespace || !service) return undefined;
  const versions = [
    ...new Set(
      (params.get('versions') ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    ),
  ];
  const kind = params.get('kind');
  return isWizardKind(kind) && kind !== 'shift'
    ? { namespace, service, versions, kind }
    : { namespace, service, versions };
}
