/** `/istio/wizards/traffic-shift?namespace=…&service=…&versions=v1,v2`: what the graph hands the wizard. */
export interface TrafficShiftTarget {
  namespace: string;
  service: string;
  versions: string[];
}

export function trafficShiftHref(target: TrafficShiftTarget): string {
  const params = new URLSearchParams({
    namespace: target.namespace,
    service: target.service,
    versions: [...target.versions].sort().join(','),
  });
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
  return { namespace, service, versions };
}
