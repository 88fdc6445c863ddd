/** Host names as Istio config writes them, resolved to what telemetry reports in `destination_service`. */

export const serviceFqdn = (namespace: string, name: string, clusterDomain: string): string =>
  `${name}.${namespace}.svc.${clusterDomain}`;

/**
 * Qualifies a host written in a VirtualService/DestinationRule of `configNamespace`: a short name is
 * relative to that namespace; `name.ns` (ns being an existing namespace) is read as a service in
 * `ns` like Kiali reads it, although istiod takes dotted hosts literally, so badges and tools agree
 * with what users meant; anything else (FQDNs, external hosts, wildcards) is kept as written.
 */
export function qualifyHost(
  host: string,
  configNamespace: string,
  knownNamespaces: ReadonlySet<string>,
  clusterDomain: string,
): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (h === '*' || h.startsWith('*.')) return h;
  const parts = h.split('.');
  if (parts.length === 1) return serviceFqdn(configNamespace, h, clusterDomain);
  if (parts.length === 2 && knownNamespaces.has(parts[1]!))
    return serviceFqdn(parts[1]!, parts[0]!, clusterDomain);
  return h;
}

/** Istio host matching: `*` matches everything, `*.suffix` any host under suffix, anything else itself. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

/**
 * The Kubernetes Service a host of a DestinationRule/VirtualService in `configNamespace` names, read
 * like `qualifyHost` (short names, `name.ns`, `name.ns.svc[.any cluster domain]`); undefined for
 * wildcards and hosts outside the cluster.
 */
export function serviceOfHost(
  host: string,
  configNamespace: string,
  knownNamespaces: ReadonlySet<string>,
): { namespace: string; name: string } | undefined {
  const trimmed = host.trim();
  if (trimmed === '') return undefined;
  // The cluster domain does not matter here: any `name.ns.svc...` host is a Service.
  const qualified = qualifyHost(trimmed, configNamespace, knownNamespaces, 'cluster.local');
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.|$)/.exec(qualified);
  return m ? { namespace: m[2]!, name: m[1]! } : undefined;
}
