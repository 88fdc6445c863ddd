/** Kubernetes cluster domain; Istio's default and the one the simulated cluster uses. */
export const CLUSTER_DOMAIN = 'cluster.local';

/**
 * How Istio reads a host written in config: a short name (no dot) is relative to the config's
 * namespace; anything with a dot, or a wildcard, is taken as written (so `reviews.bookinfo` is
 * NOT expanded, exactly as istiod does).
 */
export function qualifyConfigHost(host: string, configNamespace: string): string {
  const lower = host.toLowerCase();
  if (lower === '*' || lower.includes('.')) return lower;
  return `${lower}.${configNamespace}.svc.${CLUSTER_DOMAIN}`;
}

/** Istio host matching: `*` matches all, `*.suffix` matches any host ending in `.suffix`, else exact. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) || host === pattern.slice(2);
  return pattern === host;
}

/** Higher is more specific: exact beats `*.long.suffix` beats `*.suffix` beats `*`. */
export function hostSpecificity(pattern: string): number {
  if (pattern === '*') return 0;
  if (pattern.startsWith('*.')) return pattern.length;
  return Number.MAX_SAFE_INTEGER;
}

/**
 * Names an application's DNS lookup would try for `address` from a pod in `namespace` (the
 * resolv.conf search path of a Kubernetes pod), most specific first.
 */
export function dnsCandidates(address: string, namespace: string): string[] {
  const host = address.toLowerCase().replace(/\.$/, '');
  if (host.endsWith(`.svc.${CLUSTER_DOMAIN}`)) return [host];
  return [
    `${host}.${namespace}.svc.${CLUSTER_DOMAIN}`,
    `${host}.svc.${CLUSTER_DOMAIN}`,
    `${host}.${CLUSTER_DOMAIN}`,
    host,
  ];
}

/** `name` and `namespace` of a Kubernetes service FQDN, or undefined for other hosts. */
export function splitServiceFqdn(fqdn: string): { name: string; namespace: string } | undefined {
  const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(fqdn);
  return m ? { name: m[1]!, namespace: m[2]! } : undefined;
}
