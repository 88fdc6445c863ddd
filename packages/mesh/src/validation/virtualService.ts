import type { ObjectRef, Validation } from '@sextant/contracts';
import type { JsonRecord } from '../cluster/json.ts';
import { asArray, asNumber, asRecord, asString, asStringList } from '../cluster/json.ts';
import { exportScope, scopesOverlap, type ValidationContext } from './context.ts';
import { gatewaySet, resolveGateway } from './gateways.ts';
import { describeHost, finding, formatList } from './finding.ts';

export function validateVirtualService(
  ref: ObjectRef,
  spec: JsonRecord,
  ctx: ValidationContext,
): Validation[] {
  const out: Validation[] = [];
  asStringList(spec.gateways).forEach((g, i) =>
    out.push(...checkGateway(ref, g, `spec.gateways[${i}]`, ctx)),
  );

  asArray(spec.http).forEach((raw, i) => {
    const rule = asRecord(raw);
    const base = `spec.http[${i}]`;
    asArray(rule.match).forEach((m, j) =>
      asStringList(asRecord(m).gateways).forEach((g, k) =>
        out.push(...checkGateway(ref, g, `${base}.match[${j}].gateways[${k}]`, ctx)),
      ),
    );
    out.push(...checkRoute(ref, rule.route, `${base}.route`, ctx));
    if (rule.mirror !== undefined)
      out.push(...checkDestination(ref, asRecord(rule.mirror), `${base}.mirror`, ctx));
    asArray(rule.mirrors).forEach((m, k) =>
      out.push(
        ...checkDestination(ref, asRecord(asRecord(m).destination), `${base}.mirrors[${k}].destination`, ctx),
      ),
    );
  });
  for (const protocol of ['tcp', 'tls'] as const) {
    asArray(spec[protocol]).forEach((raw, i) =>
      out.push(...checkRoute(ref, asRecord(raw).route, `spec.${protocol}[${i}].route`, ctx)),
    );
  }

  out.push(...unreachableRoutes(ref, asArray(spec.http), 'spec.http', isHttpMatchAll));
  out.push(...unreachableRoutes(ref, asArray(spec.tcp), 'spec.tcp', isEmptyMatch));
  out.push(...hostConflicts(ref, spec, ctx));
  return out;
}

function checkGateway(ref: ObjectRef, gateway: string, path: string, ctx: ValidationContext): Validation[] {
  const resolved = resolveGateway(gateway, ref.namespace);
  if (resolved === 'mesh') return [];
  const out: Validation[] = [];
  const id = `${resolved.namespace}/${resolved.name}`;
  if (resolved.legacy) {
    out.push(finding('VS_GATEWAY_LEGACY_NAME', ref, path, `Gateway "${gateway}" is better written "${id}"`));
  }
  if (!ctx.hasGateway(resolved.namespace, resolved.name)) {
    out.push(finding('VS_GATEWAY_NOT_FOUND', ref, path, `Gateway "${id}" not found`));
  }
  return out;
}

/** The destinations of one HTTP/TCP/TLS rule: each destination, the weights, and repeats. */
function checkRoute(ref: ObjectRef, rawRoute: unknown, path: string, ctx: ValidationContext): Validation[] {
  const out: Validation[] = [];
  const route = asArray(rawRoute).map(asRecord);
  const seen = new Set<string>();
  let sum = 0;
  let anyWeight = false;
  let invalid = false;
  route.forEach((d, k) => {
    const dest = asRecord(d.destination);
    const destPath = `${path}[${k}].destination`;
    out.push(...checkDestination(ref, dest, destPath, ctx));

    const host = asString(dest.host);
    if (host) {
      const key = [
        ctx.qualify(host, ref.namespace),
        asString(dest.subset) ?? '',
        asNumber(asRecord(dest.port).number) ?? '',
      ].join('|');
      if (seen.has(key)) {
        const subset = asString(dest.subset);
        const what = subset ? `Host "${host}", subset "${subset}"` : `Host "${host}"`;
        out.push(
          finding('VS_DUPLICATE_DESTINATION', ref, destPath, `${what} already appears earlier in this route`),
        );
      }
      seen.add(key);
    }

    if (d.weight === undefined) return;
    anyWeight = true;
    const w = d.weight;
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0) {
      invalid = true;
      out.push(
        finding(
          'VS_WEIGHT_INVALID',
          ref,
          `${path}[${k}].weight`,
          `Weight ${JSON.stringify(w)} is not a non-negative integer`,
        ),
      );
      return;
    }
    sum += w;
  });

  const only = route.length === 1 ? route[0]?.weight : undefined;
  if (typeof only === 'number' && !invalid && only < 100) {
    out.push(
      finding(
        'VS_SINGLE_DEST_WEIGHT',
        ref,
        `${path}[0].weight`,
        `Weight ${only} has no effect: the only destination of a route receives all of its traffic`,
      ),
    );
  } else if ((route.length > 1 || anyWeight) && !invalid && sum !== 100) {
    out.push(
      finding(
        'VS_WEIGHT_SUM_NOT_100',
        ref,
        path,
        `Weights sum to ${sum}, not 100${route.some((d) => d.weight === undefined) ? ' (unset weights count as 0)' : ''}`,
      ),
    );
  }
  return out;
}

/** A route destination or mirror: host, port and subset. */
function checkDestination(
  ref: ObjectRef,
  dest: JsonRecord,
  path: string,
  ctx: ValidationContext,
): Validation[] {
  const host = asString(dest.host);
  if (!host) return [];
  const fqdn = ctx.qualify(host, ref.namespace);
  if (fqdn.includes('*')) return [];
  const service = ctx.serviceByFqdn(fqdn);
  if (!service && ctx.serviceEntriesFor(fqdn, ref.namespace).length === 0) {
    return [
      finding(
        'VS_DEST_HOST_NOT_FOUND',
        ref,
        `${path}.host`,
        `Host ${describeHost(host, fqdn)} matches no Service or ServiceEntry visible from namespace ${ref.namespace}`,
      ),
    ];
  }
  const out: Validation[] = [];
  const port = asNumber(asRecord(dest.port).number);
  if (
    service &&
    port !== undefined &&
    service.ports.length > 0 &&
    !service.ports.some((p) => p.port === port)
  ) {
    out.push(
      finding(
        'VS_DEST_PORT_NOT_FOUND',
        ref,
        `${path}.port.number`,
        `Service ${service.namespace}/${service.name} has no port ${port} (ports: ${service.ports.map((p) => p.port).join(', ')})`,
      ),
    );
  }
  const subset = asString(dest.subset);
  if (subset) {
    const rules = ctx.destinationRulesFor(fqdn, ref.namespace);
    const names = (spec: unknown) =>
      asArray(asRecord(spec).subsets).map((s) => asString(asRecord(s).name) ?? '?');
    if (!rules.some((r) => names(r.spec).includes(subset))) {
      const defined = rules.flatMap((r) => names(r.spec));
      const detail =
        rules.length === 0
          ? `no DestinationRule configures host ${describeHost(host, fqdn)}`
          : `DestinationRule ${formatList(rules.map((r) => `${r.namespace}/${r.name}`))} defines ${
              defined.length ? formatList(defined) : 'no subsets'
            }`;
      out.push(
        finding('VS_SUBSET_NOT_FOUND', ref, `${path}.subset`, `Subset "${subset}" not found: ${detail}`),
      );
    }
  }
  return out;
}

/** HTTP match fields that never narrow which requests match. */
const NEUTRAL_HTTP_MATCH_FIELDS = new Set(['name', 'ignoreUriCase', 'statPrefix']);
const CATCH_ALL_REGEXES = new Set(['.*', '/.*', '.+', '^.*$', '^/.*$']);

function isCatchAllUri(value: unknown): boolean {
  const entries = Object.entries(asRecord(value));
  if (entries.length !== 1) return false;
  const [kind, v] = entries[0]!;
  return (
    (kind === 'prefix' && (v === '/' || v === '')) || (kind === 'regex' && CATCH_ALL_REGEXES.has(String(v)))
  );
}

/** One HTTP match entry that every request satisfies (`{}`, `uri: {prefix: /}`, ...). */
function isHttpMatchAll(m: JsonRecord): boolean {
  return Object.entries(m).every(
    ([k, v]) => NEUTRAL_HTTP_MATCH_FIELDS.has(k) || (k === 'uri' && isCatchAllUri(v)),
  );
}

const isEmptyMatch = (m: JsonRecord): boolean => Object.keys(m).length === 0;

/** A rule without match, or with a match entry that matches everything, catches all traffic: later rules never run. */
function unreachableRoutes(
  ref: ObjectRef,
  rules: readonly unknown[],
  path: string,
  matchAll: (m: JsonRecord) => boolean,
): Validation[] {
  const catchAll = rules.findIndex((r) => {
    const match = asArray(asRecord(r).match);
    return match.length === 0 || match.some((m) => matchAll(asRecord(m)));
  });
  if (catchAll < 0) return [];
  return rules.slice(catchAll + 1).map((r, k) => {
    const i = catchAll + 1 + k;
    const name = asString(asRecord(r).name);
    return finding(
      'VS_UNREACHABLE_ROUTE',
      ref,
      `${path}[${i}]`,
      `Route ${name ? `"${name}" ` : ''}is never reached: ${path}[${catchAll}] before it matches every request`,
    );
  });
}

function hostConflicts(ref: ObjectRef, spec: JsonRecord, ctx: ValidationContext): Validation[] {
  const hosts = asStringList(spec.hosts);
  if (hosts.length === 0) return [];
  const gateways = gatewaySet(spec, ref.namespace);
  const scope = exportScope(asStringList(spec.exportTo), ref.namespace);

  return hosts.flatMap((host, i) => {
    const fqdn = ctx.qualify(host, ref.namespace);
    const others: string[] = [];
    const shared = new Set<string>();
    for (const claim of ctx.virtualServicesClaiming(fqdn)) {
      if (claim.namespace === ref.namespace && claim.name === ref.name) continue;
      if (!scopesOverlap(scope, claim.scope)) continue;
      const common = [...claim.gateways].filter((g) => gateways.has(g));
      if (common.length === 0) continue;
      others.push(`${claim.namespace}/${claim.name}`);
      for (const g of common) shared.add(g);
    }
    if (others.length === 0) return [];
    return [
      finding(
        'VS_HOST_CONFLICT',
        ref,
        `spec.hosts[${i}]`,
        `Host ${describeHost(host, fqdn)} is also claimed by VirtualService ${formatList(others)} on ${formatList(
          [...shared],
        )}: which routes apply is ambiguous`,
      ),
    ];
  });
}
