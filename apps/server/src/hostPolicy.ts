/**
 * Which `Host` headers the server answers (SEXTANT_ALLOWED_HOSTS). Without authentication, a page
 * on any site can make a browser send requests to a console on 127.0.0.1 by pointing its own DNS
 * name there (DNS rebinding); the browser then treats the console as that site and lets the page
 * read the answers. Checking the Host header stops it: the rebound request carries the attacker's
 * name, never one of ours.
 */

/** One allowed host: a lower-case name, IPv4 address or bracketed IPv6 address; no port: any port. */
export interface HostEntry {
  host: string;
  port?: number;
}

/** `*`: any Host header (unsafe: leaves DNS rebinding open). */
export type AllowedHosts = '*' | readonly HostEntry[];

const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const IPV6 = /^\[[0-9a-f:.]+(%[0-9a-z._~-]+)?\]$/;
/** `host`, `host:port`, `[v6]`, `[v6]:port`: what a Host header or an allow-list entry looks like. */
const HOST_PORT = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/;

/** `example.com:8080` -> {host, port}; undefined for anything that is not a host with an optional port. */
export function parseHostPort(value: string): HostEntry | undefined {
  const lower = value.trim().toLowerCase();
  // A bare IPv6 address (`::1`) in the allow-list: more than one colon and no brackets.
  const text = !lower.startsWith('[') && lower.split(':').length > 2 ? `[${lower}]` : lower;
  const match = HOST_PORT.exec(text);
  if (!match) return undefined;
  const host = match[1]!;
  if (!NAME.test(host) && !IPV6.test(host)) return undefined;
  if (match[2] === undefined) return { host };
  const port = Number(match[2]);
  return port >= 1 && port <= 65535 ? { host, port } : undefined;
}

export type AllowedHostsResult = { ok: true; hosts: AllowedHosts } | { ok: false; error: string };

/** `a.example,b.example:8443,[::1]` or `*`; an error names the first bad entry. */
export function parseAllowedHosts(value: string): AllowedHostsResult {
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) return { ok: false, error: 'must list at least one host (or *)' };
  if (entries.includes('*')) return { ok: true, hosts: '*' };
  const hosts: HostEntry[] = [];
  for (const entry of entries) {
    const parsed = parseHostPort(entry);
    if (!parsed) {
      return {
        ok: false,
        error: `entry ${JSON.stringify(entry)} is not a host or host:port (e.g. sextant.example.com, 10.0.0.5:20001, [::1])`,
      };
    }
    hosts.push(parsed);
  }
  return { ok: true, hosts };
}

/** The bound address, `localhost` and `127.0.0.1` (and `[::1]` for an IPv6 bind), on any port. */
export function defaultAllowedHosts(bindHost: string): HostEntry[] {
  const bound = parseHostPort(bindHost)?.host;
  const ipv6 = bound?.startsWith('[') ?? false;
  const names = [bound, 'localhost', '127.0.0.1', ...(ipv6 ? ['[::1]'] : [])];
  return [...new Set(names.filter((n): n is string => n !== undefined))].map((host) => ({ host }));
}

/** Whether a request's Host header names one of `allowed`; a missing or malformed header never does. */
export function isHostAllowed(hostHeader: string | undefined, allowed: AllowedHosts): boolean {
  if (allowed === '*') return true;
  const parsed = hostHeader === undefined ? undefined : parseHostPort(hostHeader);
  if (!parsed) return false;
  return allowed.some((e) => e.host === parsed.host && (e.port === undefined || e.port === parsed.port));
}

/** For messages and logs: `localhost, 127.0.0.1:8080`. */
export function formatAllowedHosts(allowed: AllowedHosts): string {
  if (allowed === '*') return '*';
  return allowed.map((e) => (e.port === undefined ? e.host : `${e.host}:${e.port}`)).join(', ');
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface OriginCheck {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
}

/**
 * Why a request may not change anything, or undefined when it may. Reads are always allowed (the
 * Host check already covers them). A write must come from the console's own pages: its `Origin`
 * names the host it was sent to; without an Origin, a browser's `Sec-Fetch-Site` must say
 * same-origin or none (typed by the user). Scripts (curl, kubectl-style tools) send neither header
 * and keep working: they cannot be driven by a web page.
 */
export function crossOriginProblem(check: OriginCheck): string | undefined {
  if (SAFE_METHODS.has(check.method)) return undefined;
  if (check.origin !== undefined) {
    return sameOrigin(check.origin, check.host)
      ? undefined
      : `Origin ${JSON.stringify(check.origin.slice(0, 100))} does not match the host the request was sent to`;
  }
  const site = check.secFetchSite?.toLowerCase();
  if (site === undefined || site === 'same-origin' || site === 'none') return undefined;
  return `a ${site} request (Sec-Fetch-Site) may not change anything`;
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return false; // `null` (sandboxed frames, file://) included
  }
  if (originUrl.protocol !== 'http:' && originUrl.protocol !== 'https:') return false;
  // Read the Host header with the Origin's scheme, so default ports compare equal (`x:443` = `https://x`).
  try {
    return new URL(`${originUrl.protocol}//${host}`).host === originUrl.host;
  } catch {
    return false;
  }
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host.trim());
}

/**
 * The startup warning for a server reachable from other machines without authentication
 * (SEXTANT_AUTH=anonymous set on purpose), or undefined on a loopback address.
 */
export function exposureWarning(bindHost: string, viewOnly: boolean): string | undefined {
  if (isLoopbackHost(bindHost)) return undefined;
  const what = viewOnly
    ? 'can see every namespace, service and Istio object this server can read'
    : 'can read and change Istio config with the permissions of this server (set SEXTANT_VIEW_ONLY=true to refuse every change)';
  return (
    `SEXTANT_HOST is ${bindHost}, not a loopback address, and SEXTANT_AUTH is anonymous: ` +
    `anyone who can reach this port ${what}. Restrict who reaches it (NetworkPolicy, firewall, ` +
    'kubectl port-forward) and list the names it is reached by in SEXTANT_ALLOWED_HOSTS.'
  );
}
