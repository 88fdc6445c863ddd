/** Host and name rules of istiod (`pkg/config/validation/agent`, `pkg/config/labels`). */

const DNS1123_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_LABEL = /^(?:\*|(?:\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;
const MAX_LABEL = 63;
const MAX_NAME = 255;

export const isDns1123Label = (v: string): boolean => v.length <= MAX_LABEL && DNS1123_LABEL.test(v);
const isWildcardLabel = (v: string): boolean => v.length <= MAX_LABEL && WILDCARD_LABEL.test(v);

function preconditions(name: string): string | undefined {
  if (name.length > MAX_NAME) return `domain name "${name}" too long (max ${MAX_NAME})`;
  if (name.length === 0) return 'empty domain name not allowed';
  return undefined;
}

function labelsProblem(domain: string): string | undefined {
  const parts = domain.split('.');
  const tld = parts[parts.length - 1] ?? '';
  if (/^[+-]?\d+$/.test(tld))
    return `domain name "${domain}" invalid (top level domain "${tld}" cannot be all-numeric)`;
  for (const [i, label] of parts.entries()) {
    // A trailing dot (`istio.io.`) is allowed.
    if (i === parts.length - 1 && label === '') return undefined;
    if (!isDns1123Label(label)) return `domain name "${domain}" invalid (label "${label}" invalid)`;
  }
  return undefined;
}

/** `ValidateFQDN`: DNS-1123 labels, no wildcard. */
export const fqdnProblem = (fqdn: string): string | undefined => preconditions(fqdn) ?? labelsProblem(fqdn);

/** `ValidateWildcardDomain`: an FQDN whose first label may be `*`, `*foo` or `*-foo`. */
export function wildcardDomainProblem(domain: string): string | undefined {
  const pre = preconditions(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!isWildcardLabel(first)) return `domain name "${domain}" invalid (label "${first}" invalid)`;
  return dot < 0 ? undefined : labelsProblem(domain.slice(dot + 1));
}

/** `ValidateWildcardDomainForVirtualServiceBoundToGateway`: as above, plus `outbound_.<port>_...` SNI names. */
export function gatewayBoundHostProblem(sni: boolean, domain: string): string | undefined {
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (sni && first === 'outbound_' && !preconditions(domain)) {
    return /outbound_.([0-8].*).*/.test(domain)
      ? undefined
      : `domain name "${domain}" invalid (label "${first}" invalid)`;
  }
  return wildcardDomainProblem(domain);
}

/** `ValidatePartialWildCard`: `*` only alone or as the whole first label. */
export const partialWildcardProblem = (host: string): string | undefined =>
  host.includes('*') && host.length !== 1 && !host.startsWith('*.')
    ? `partial wildcard "${host}" not allowed`
    : undefined;

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIPv6(input: string): boolean {
  const zone = input.indexOf('%');
  const s = zone >= 0 ? input.slice(0, zone) : input;
  if (zone >= 0 && zone === input.length - 1) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const all = [...head, ...tail];
  let count = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!isIPv4(last)) return false;
    all.pop();
    count += 1;
  }
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? count < 8 : count === 8;
}

/** Go's `netip.ParseAddr`, as istiod uses it for addresses. */
export const isIpAddress = (s: string): boolean => isIPv4(s) || (s.includes(':') && isIPv6(s));

/** `ValidateIPSubnet`: an address, or one `/` and a prefix length that fits it. */
export function ipSubnetProblem(subnet: string): string | undefined {
  const slash = subnet.split('/');
  if (slash.length === 2) {
    const [addr = '', bits = ''] = slash;
    const max = isIPv4(addr) ? 32 : addr.includes(':') && isIPv6(addr) && !addr.includes('%') ? 128 : -1;
    const ok = max > 0 && /^(?:0|[1-9]\d*)$/.test(bits) && Number(bits) <= max;
    return ok ? undefined : `${subnet} is not a valid CIDR block`;
  }
  return isIpAddress(subnet) ? undefined : `${subnet} is not a valid IP`;
}

function hostnamePartProblems(hostname: string, isGateway: boolean): string[] {
  const out: string[] = [];
  if (hostname !== '*' && !hostname.includes('.')) out.push('short names (non FQDN) are not allowed');
  const err = wildcardDomainProblem(hostname);
  // A gateway also takes an IP address as its host.
  if (err && !(isGateway && isIpAddress(hostname))) out.push(err);
  const partial = partialWildcardProblem(hostname);
  if (partial) out.push(partial);
  return out;
}

/**
 * `ValidateNamespaceSlashWildcardHostname`: Gateway server hosts (`ns/host`, or a bare host) and
 * Sidecar egress hosts (`ns/host` only; the namespace may be `*`, `.` or `~`).
 */
export function namespaceSlashHostProblems(hostname: string, isGateway: boolean): string[] {
  const slash = hostname.indexOf('/');
  if (slash < 0) {
    return isGateway ? hostnamePartProblems(hostname, true) : ['host must be of form namespace/dnsName'];
  }
  const ns = hostname.slice(0, slash);
  const name = hostname.slice(slash + 1);
  const out: string[] = [];
  if (ns === '' || name === '') out.push('config namespace and dnsName in host entry cannot be empty');
  const special = isGateway ? ['*', '.'] : ['*', '.', '~'];
  if (!special.includes(ns) && !isDns1123Label(ns)) {
    out.push(`invalid namespace value "${ns}" in ${isGateway ? 'gateway' : 'sidecar'}`);
  }
  out.push(...hostnamePartProblems(name, isGateway));
  return out;
}

const isWild = (h: string) => h.startsWith('*');

/** istio `host.Name.Matches`: either host covers the other (wildcards on either side). */
export function hostsOverlap(a: string, b: string): boolean {
  if (isWild(a) && isWild(b))
    return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (isWild(a)) return b.endsWith(a.slice(1));
  if (isWild(b)) return a.endsWith(b.slice(1));
  return a === b;
}

/** istio `host.Name.SubsetOf`: every name `a` matches is matched by `b`. */
export function hostSubsetOf(a: string, b: string): boolean {
  if (isWild(a)) return isWild(b) && a.slice(1).endsWith(b.slice(1));
  if (isWild(b)) return a.endsWith(b.slice(1));
  return a === b;
}
