import type { ConfigEntry, VirtualServiceSpec } from './cluster.ts';
import { byAge, selectorMatches } from './cluster.ts';
import { hostMatches, hostSpecificity, qualifyConfigHost } from './hosts.ts';

export type HttpRoute = NonNullable<VirtualServiceSpec['http']>[number];
export type HttpMatch = NonNullable<HttpRoute['match']>[number];
export type TcpRoute = NonNullable<VirtualServiceSpec['tcp']>[number];

/** What a request looks like to route matching. Header names are lower case. */
export interface RequestAttributes {
  method: string;
  /** Path with query string, e.g. `/productpage?u=normal`. */
  path: string;
  headers: Readonly<Record<string, string>>;
  authority: string;
}

/** Where the routing happens: a sidecar (`mesh`) or a gateway (its `namespace/name` keys). */
export interface RouteContext {
  gatewayKeys: readonly string[] | undefined;
  port: number;
  sourceLabels: Readonly<Record<string, string>>;
  sourceNamespace: string;
}

/** `gateways` entries are `ns/name` or a name relative to the VirtualService's namespace. */
function qualifyGateway(name: string, vsNamespace: string): string {
  return name === 'mesh' || name.includes('/') ? name : `${vsNamespace}/${name}`;
}

function appliesTo(gateways: readonly string[] | undefined, vsNamespace: string, ctx: RouteContext): boolean {
  const bound =
    gateways && gateways.length > 0 ? gateways.map((g) => qualifyGateway(g, vsNamespace)) : ['mesh'];
  if (!ctx.gatewayKeys) return bound.includes('mesh');
  return bound.some((g) => ctx.gatewayKeys!.includes(g));
}

function visibleFrom(vs: ConfigEntry<VirtualServiceSpec>, namespace: string): boolean {
  const exportTo = vs.spec.exportTo;
  if (!exportTo || exportTo.length === 0) return true;
  return exportTo.some((e) => e === '*' || (e === '.' ? vs.namespace === namespace : e === namespace));
}

/**
 * The VirtualService that routes `host` in this context: the most specific matching host wins,
 * then the oldest object (istiod ignores later conflicting VirtualServices for sidecars).
 */
export function selectVirtualService(
  services: readonly ConfigEntry<VirtualServiceSpec>[],
  host: string,
  ctx: RouteContext,
): ConfigEntry<VirtualServiceSpec> | undefined {
  let best: ConfigEntry<VirtualServiceSpec> | undefined;
  let bestScore = -1;
  for (const vs of [...services].sort(byAge)) {
    if (!appliesTo(vs.spec.gateways, vs.namespace, ctx) || !visibleFrom(vs, ctx.sourceNamespace)) continue;
    for (const raw of vs.spec.hosts ?? []) {
      const pattern = qualifyConfigHost(raw, vs.namespace);
      if (!hostMatches(pattern, host)) continue;
      const score = hostSpecificity(pattern);
      if (score > bestScore) {
        best = vs;
        bestScore = score;
      }
    }
  }
  return best;
}

interface StringMatchView {
  exact?: string;
  prefix?: string;
  regex?: string;
}

/** Istio string match; regexes are RE2 full matches, approximated by an anchored JS RegExp. */
export function stringMatches(
  m: StringMatchView | undefined,
  value: string | undefined,
  ignoreCase = false,
): boolean {
  if (!m) return true;
  if (value === undefined) return false;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (m.exact !== undefined) return v === (ignoreCase ? m.exact.toLowerCase() : m.exact);
  if (m.prefix !== undefined) return v.startsWith(ignoreCase ? m.prefix.toLowerCase() : m.prefix);
  if (m.regex !== undefined) {
    try {
      return new RegExp(`^(?:${m.regex})$`, ignoreCase ? 'i' : '').test(v);
    } catch {
      return false;
    }
  }
  // An empty match object (`{}`) matches presence in Istio's header semantics.
  return true;
}

function splitPath(path: string): { pathOnly: string; query: URLSearchParams } {
  const q = path.indexOf('?');
  return q < 0
    ? { pathOnly: path, query: new URLSearchParams() }
    : { pathOnly: path.slice(0, q), query: new URLSearchParams(path.slice(q + 1)) };
}

/** One `match` block: every condition in it must hold. */
export function httpMatchHolds(
  match: HttpMatch,
  req: RequestAttributes,
  ctx: RouteContext,
  vsNamespace: string,
): boolean {
  const { pathOnly, query } = splitPath(req.path);
  const uri = match.uri as StringMatchView | undefined;
  // Envoy compares exact/regex paths without the query string and prefixes against the full :path.
  if (
    uri &&
    !stringMatches(uri, uri.prefix !== undefined ? req.path : pathOnly, match.ignoreUriCase === true)
  )
    return false;
  if (!stringMatches(match.method as StringMatchView | undefined, req.method)) return false;
  if (!stringMatches(match.authority as StringMatchView | undefined, req.authority)) return false;
  if (!stringMatches(match.scheme as StringMatchView | undefined, 'http')) return false;
  for (const [name, m] of Object.entries(match.headers ?? {})) {
    if (!stringMatches(m as StringMatchView, req.headers[name.toLowerCase()])) return false;
  }
  for (const [name, m] of Object.entries(match.withoutHeaders ?? {})) {
    const value = req.headers[name.toLowerCase()];
    if (value !== undefined && stringMatches(m as StringMatchView, value)) return false;
  }
  for (const [name, m] of Object.entries(match.queryParams ?? {})) {
    const value = query.get(name);
    if (!stringMatches(m as StringMatchView, value ?? undefined)) return false;
  }
  if (match.port !== undefined && match.port !== ctx.port) return false;
  if (match.sourceLabels && !selectorMatches(match.sourceLabels, ctx.sourceLabels)) return false;
  if (match.sourceNamespace !== undefined && match.sourceNamespace !== ctx.sourceNamespace) return false;
  if (match.gateways && match.gateways.length > 0 && !gatewaysInclude(match.gateways, vsNamespace, ctx))
    return false;
  return true;
}

/** Index of the first HTTP route whose match list holds (no `match` = catch-all), or -1: no route (404 NR). */
export function firstMatchingHttpRoute(
  routes: readonly HttpRoute[],
  req: RequestAttributes,
  ctx: RouteContext,
  vsNamespace: string,
): number {
  return routes.findIndex(
    (r) => !r.match || r.match.length === 0 || r.match.some((m) => httpMatchHolds(m, req, ctx, vsNamespace)),
  );
}

function gatewaysInclude(gateways: readonly string[], vsNamespace: string, ctx: RouteContext): boolean {
  const keys = ctx.gatewayKeys ?? ['mesh'];
  return gateways.some((g) => keys.includes(qualifyGateway(g, vsNamespace)));
}

export function firstMatchingTcpRoute(
  routes: readonly TcpRoute[],
  ctx: RouteContext,
  vsNamespace: string,
): number {
  return routes.findIndex(
    (r) =>
      !r.match ||
      r.match.length === 0 ||
      r.match.some(
        (m) =>
          (m.port === undefined || m.port === ctx.port) &&
          (!m.sourceLabels || selectorMatches(m.sourceLabels, ctx.sourceLabels)) &&
          (m.sourceNamespace === undefined || m.sourceNamespace === ctx.sourceNamespace) &&
          (!m.gateways || m.gateways.length === 0 || gatewaysInclude(m.gateways, vsNamespace, ctx)),
      ),
  );
}
