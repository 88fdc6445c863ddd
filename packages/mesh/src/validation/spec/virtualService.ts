/** istiod's `ValidateVirtualService` (`pkg/config/validation/validation.go`, `virtualservice.go`). */
import { asArray, asNumber, asRecord, asString, type JsonRecord } from '../../cluster/json.ts';
import {
  headerNameProblem,
  isAuthorityHeader,
  matchHeaderNameProblem,
  percentageProblem,
  portProblem,
  validateExportTo,
  validateHeaderOperations,
} from './common.ts';
import { durationNanos, durationProblem } from './duration.ts';
import {
  fqdnProblem,
  gatewayBoundHostProblem,
  hostSubsetOf,
  hostsOverlap,
  ipSubnetProblem,
  isDns1123Label,
  isIpAddress,
  wildcardDomainProblem,
} from './hosts.ts';
import type { Problems } from './problems.ts';
import { entries, isSet, keyPath } from './problems.ts';
import { regexProblem } from './regex.ts';

const MESH = 'mesh';

/** Envoy's `x-envoy-retry-on` and `x-envoy-retry-grpc-on` policies, as istiod lists them. */
const RETRY_ON = new Set([
  '5xx',
  'gateway-error',
  'reset',
  'reset-before-request',
  'connect-failure',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'envoy-ratelimited',
  'http3-post-connect-failure',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
]);

/** HTTP status codes Go's `http.StatusText` knows: a retryOn entry may be one of these. */
const KNOWN_STATUS = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307,
  308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421,
  422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

const HTTP_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
]);

const GRPC_STATUSES = new Set([
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
]);

export function validateVirtualServiceSpec(p: Problems, spec: JsonRecord, namespace: string): void {
  const hosts = asArray(spec.hosts).map((h) => asString(h) ?? '');
  const gateways = asArray(spec.gateways).map((g) => asString(g) ?? '');
  const isDelegate = hosts.length === 0;
  if (isDelegate) {
    if (gateways.length > 0)
      p.add('spec.gateways', 'delegate virtual service must have no gateways specified');
    if (asArray(spec.tls).length > 0)
      p.add('spec.tls', 'delegate virtual service must have no tls route specified');
    if (asArray(spec.tcp).length > 0)
      p.add('spec.tcp', 'delegate virtual service must have no tcp route specified');
  }
  validateGatewayNames(p, spec.gateways, 'spec.gateways');
  const appliesToGateway = gateways.length > 0 && !gateways.includes(MESH);
  const appliesToMesh = !appliesToGateway;
  const sni = asArray(spec.tls).some((t) =>
    asArray(asRecord(t).match).some((m) => asArray(asRecord(m).sniHosts).length > 0),
  );

  let allHostsValid = true;
  for (const [i, host] of hosts.entries()) {
    const err = appliesToGateway ? gatewayBoundHostProblem(sni, host) : wildcardDomainProblem(host);
    if (err) {
      if (!isIpAddress(host)) {
        p.add(`spec.hosts[${i}]`, err);
        allHostsValid = false;
      }
    } else if (appliesToMesh && host === '*') {
      p.add(
        `spec.hosts[${i}]`,
        'wildcard host * is not allowed for virtual services bound to the mesh gateway',
      );
      allHostsValid = false;
    }
  }
  if (allHostsValid) {
    for (let i = 0; i < hosts.length; i++) {
      for (let j = i + 1; j < hosts.length; j++) {
        if (hostsOverlap(hosts[i] ?? '', hosts[j] ?? '')) {
          p.add(`spec.hosts[${j}]`, `duplicate hosts in virtual service: ${hosts[i]} & ${hosts[j]}`);
        }
      }
    }
  }

  if (asArray(spec.http).length === 0 && asArray(spec.tcp).length === 0 && asArray(spec.tls).length === 0) {
    p.add('spec', 'http, tcp or tls must be provided in virtual service');
  }
  if (!appliesToGateway) {
    for (const [route, path] of entries(spec.http, 'spec.http')) {
      for (const [match, mPath] of entries(route.match, `${path}.match`)) {
        for (const field of ['headers', 'withoutHeaders'] as const) {
          for (const name of Object.keys(asRecord(match[field]))) {
            if (name.startsWith('@request.auth.claims')) {
              p.add(
                keyPath(`${mPath}.${field}`, name),
                `JWT claim based routing (key: ${name}) is only supported for gateway`,
              );
            }
          }
        }
      }
    }
  }
  for (const [route, path] of entries(spec.http, 'spec.http')) validateHttpRoute(p, route, path, isDelegate);
  for (const [route, path] of entries(spec.tls, 'spec.tls'))
    validateTlsRoute(p, route, path, hosts, appliesToGateway);
  for (const [route, path] of entries(spec.tcp, 'spec.tcp')) validateTcpRoute(p, route, path);
  validateExportTo(p, spec.exportTo, namespace, 'spec.exportTo', false);
}

/** `validateGatewayNames`; like istiod, it stops at the first name without a `/`. */
function validateGatewayNames(p: Problems, value: unknown, path: string): void {
  for (const [i, raw] of asArray(value).entries()) {
    const name = asString(raw) ?? '';
    const at = `${path}[${i}]`;
    const slash = name.indexOf('/');
    if (slash < 0) {
      p.check(at, fqdnProblem(name));
      return;
    }
    const ns = name.slice(0, slash);
    const gw = name.slice(slash + 1);
    if (ns === '' || gw === '') p.add(at, 'config namespace and gateway name cannot be empty');
    if (!isDns1123Label(ns)) p.add(at, `invalid value for namespace: "${ns}"`);
    if (!isDns1123Label(gw)) p.add(at, `invalid value for gateway name: "${gw}"`);
  }
}

function validateHttpRoute(p: Problems, http: JsonRecord, path: string, isDelegate: boolean): void {
  const isRoot = isSet(http, 'delegate');
  const routes = asArray(http.route);
  if (isRoot) {
    if (isSet(http, 'redirect')) p.add(`${path}.redirect`, 'root HTTP route must not specify redirect');
    if (routes.length > 0) p.add(`${path}.route`, 'root HTTP route must not specify route');
  } else {
    if (isDelegate && isSet(http, 'delegate'))
      p.add(`${path}.delegate`, 'delegate HTTP route cannot contain delegate');
    if (isSet(http, 'redirect')) {
      if (routes.length > 0) p.add(`${path}.redirect`, 'HTTP route cannot contain both route and redirect');
      if (isSet(http, 'fault')) p.add(`${path}.fault`, 'HTTP route cannot contain both fault and redirect');
      if (isSet(http, 'rewrite'))
        p.add(`${path}.rewrite`, 'HTTP route rule cannot contain both rewrite and redirect');
    } else if (routes.length === 0 && !isSet(http, 'directResponse')) {
      p.add(`${path}.route`, 'HTTP route or redirect is required');
    }
  }

  for (const [match, mPath] of entries(http.match, `${path}.match`)) {
    validateHttpMatch(p, match, mPath, isRoot || isDelegate);
  }
  validateHeaderOperations(p, http.headers, `${path}.headers`);
  validateCors(p, http.corsPolicy, `${path}.corsPolicy`);
  validateFault(p, http.fault, `${path}.fault`);

  if (isSet(http, 'mirrorPercent')) {
    const v = asNumber(asRecord(http.mirrorPercent).value);
    if (v !== undefined && v > 100)
      p.add(`${path}.mirrorPercent`, `mirror_percent must have a max value of 100 (it has ${v})`);
  }
  if (isSet(http, 'mirrorPercentage')) {
    const v = asNumber(asRecord(http.mirrorPercentage).value);
    if (v !== undefined && v > 100)
      p.add(`${path}.mirrorPercentage.value`, `mirror_percentage must have a max value of 100 (it has ${v})`);
    if (v !== undefined && v < 0)
      p.add(`${path}.mirrorPercentage.value`, `mirror_percentage must have a min value of 0 (it has ${v})`);
  }
  if (isSet(http, 'mirror')) validateDestination(p, http.mirror, `${path}.mirror`);
  for (const [mirror, at] of entries(http.mirrors, `${path}.mirrors`)) {
    if (!isSet(mirror, 'destination')) {
      p.add(at, 'destination is required for mirrors');
      continue;
    }
    validateDestination(p, mirror.destination, `${at}.destination`);
    const v = asNumber(asRecord(mirror.percentage).value);
    if (v !== undefined && v > 100)
      p.add(`${at}.percentage.value`, `mirror percentage must have a max value of 100 (it has ${v})`);
    if (v !== undefined && v < 0)
      p.add(`${at}.percentage.value`, `mirror percentage must have a min value of 0 (it has ${v})`);
  }
  validateRedirect(p, http.redirect, `${path}.redirect`);
  validateRetries(p, http.retries, `${path}.retries`);
  validateRewrite(p, http.rewrite, `${path}.rewrite`);
  validateAuthorityRewrite(p, http, path);
  validateRouteDestinations(p, http.route, `${path}.route`, true);
  if (isSet(http, 'timeout')) p.check(`${path}.timeout`, durationProblem(http.timeout));
  if (isSet(http, 'directResponse')) {
    const status = asRecord(http.directResponse).status;
    p.check(`${path}.directResponse.status`, httpStatusProblem(status));
  }
}

function validateHttpMatch(p: Problems, match: JsonRecord, path: string, delegating: boolean): void {
  const stringMatches: [string, unknown][] = [
    ['uri', match.uri],
    ['scheme', match.scheme],
    ['method', match.method],
    ['authority', match.authority],
  ];
  for (const [name, header] of Object.entries(asRecord(match.headers))) {
    const at = keyPath(`${path}.headers`, name);
    if (header === null) p.add(at, `header match ${name} cannot be null`);
    p.check(at, matchHeaderNameProblem(name));
    stringMatches.push([at.slice(path.length + 1), header]);
  }
  for (const [name, header] of Object.entries(asRecord(match.withoutHeaders))) {
    const at = keyPath(`${path}.withoutHeaders`, name);
    if (header === null) p.add(at, `withoutHeaders match ${name} cannot be null`);
    p.check(at, matchHeaderNameProblem(name));
    if (delegating && isSet(asRecord(header), 'regex'))
      p.add(`${at}.regex`, `withoutHeaders match ${name} does not support regex match for delegating`);
  }
  for (const [name, qp] of Object.entries(asRecord(match.queryParams))) {
    stringMatches.push([keyPath('queryParams', name), qp]);
  }
  for (const [field, sm] of stringMatches) {
    const regex = asRecord(sm).regex;
    if (regex === undefined || regex === null) continue;
    const at = `${path}.${field}.regex`;
    if (delegating) p.add(at, `${field} match does not support regex match for delegating`);
    else p.check(at, typeof regex === 'string' ? regexProblem(regex) : 'regex must be a string');
  }
  if (isSet(match, 'port') && match.port !== 0) p.check(`${path}.port`, portProblem(match.port));
  validateGatewayNames(p, match.gateways, `${path}.gateways`);
  const sourceNamespace = asString(match.sourceNamespace);
  if (sourceNamespace && !isDns1123Label(sourceNamespace)) {
    p.add(`${path}.sourceNamespace`, `sourceNamespace match ${sourceNamespace} is invalid`);
  }
}

function validateCors(p: Problems, value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  const cors = asRecord(value);
  for (const [origin, at] of entries(cors.allowOrigins, `${path}.allowOrigins`)) {
    const m = asString(origin.exact) ?? asString(origin.prefix) ?? asString(origin.regex) ?? '';
    if (m === '') {
      p.add(at, `'' is not a valid match type for CORS allow origins`);
      continue;
    }
    if (typeof origin.regex === 'string') p.check(`${at}.regex`, regexProblem(origin.regex));
  }
  for (const [i, method] of asArray(cors.allowMethods).entries()) {
    if (typeof method === 'string' && !HTTP_METHODS.has(method)) {
      p.add(`${path}.allowMethods[${i}]`, `"${method}" is not a supported HTTP method`);
    }
  }
  for (const field of ['allowHeaders', 'exposeHeaders'] as const) {
    for (const [i, name] of asArray(cors[field]).entries()) {
      if (typeof name === 'string' && name !== '*')
        p.check(`${path}.${field}[${i}]`, headerNameProblem(name));
    }
  }
  if (isSet(cors, 'maxAge')) {
    const err = durationProblem(cors.maxAge);
    p.check(`${path}.maxAge`, err);
    const nanos = durationNanos(cors.maxAge);
    if (!err && nanos !== undefined && nanos % 1_000_000_000n !== 0n) {
      p.add(`${path}.maxAge`, 'max_age duration is accurate only to seconds precision');
    }
  }
}

export function httpStatusProblem(status: unknown): string | undefined {
  const n = typeof status === 'number' ? status : Number.NaN;
  return n >= 200 && n <= 600 ? undefined : `HTTP status ${JSON.stringify(status)} is not in range 200-599`;
}

function validateFault(p: Problems, value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  const fault = asRecord(value);
  if (!isSet(fault, 'abort') && !isSet(fault, 'delay'))
    p.add(path, 'HTTP fault injection must have an abort and/or a delay');
  if (isSet(fault, 'abort')) {
    const abort = asRecord(fault.abort);
    p.check(`${path}.abort.percentage.value`, percentageProblem(abort.percentage));
    if (isSet(abort, 'grpcStatus')) {
      const s = abort.grpcStatus;
      if (typeof s !== 'string' || !GRPC_STATUSES.has(s)) {
        p.add(
          `${path}.abort.grpcStatus`,
          `gRPC status ${JSON.stringify(s)} is not supported; use a name such as "NOT_FOUND"`,
        );
      }
    } else if (isSet(abort, 'http2Error')) {
      p.add(`${path}.abort.http2Error`, 'HTTP/2 abort fault injection not supported yet');
    } else if (isSet(abort, 'httpStatus')) {
      p.check(`${path}.abort.httpStatus`, httpStatusProblem(abort.httpStatus));
    }
  }
  if (isSet(fault, 'delay')) {
    const delay = asRecord(fault.delay);
    p.check(`${path}.delay.percentage.value`, percentageProblem(delay.percentage));
    if (isSet(delay, 'fixedDelay')) p.check(`${path}.delay.fixedDelay`, durationProblem(delay.fixedDelay));
    if (isSet(delay, 'exponentialDelay')) {
      p.check(`${path}.delay.exponentialDelay`, durationProblem(delay.exponentialDelay));
      p.add(`${path}.delay.exponentialDelay`, 'exponentialDelay not supported yet');
    }
  }
}

function validateRedirect(p: Problems, value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  const r = asRecord(value);
  if (!r.uri && !r.authority && !isSet(r, 'port') && !isSet(r, 'derivePort') && !r.scheme) {
    p.add(path, 'redirect must specify URI, authority, scheme, or port');
    return;
  }
  const code = asNumber(r.redirectCode);
  if (code !== undefined && code !== 0 && (code < 300 || code > 399)) {
    p.add(`${path}.redirectCode`, `${code} is not a valid redirect code, must be 3xx`);
    return;
  }
  if (r.scheme && r.scheme !== 'http' && r.scheme !== 'https') {
    p.add(`${path}.scheme`, 'invalid redirect scheme, must be "http" or "https"');
    return;
  }
  const port = asNumber(r.port);
  if (port !== undefined && port > 0) p.check(`${path}.port`, portProblem(port));
}

function validateRetries(p: Problems, value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  const retries = asRecord(value);
  const attempts = isSet(retries, 'attempts') ? retries.attempts : 0;
  if (typeof attempts !== 'number' || !Number.isInteger(attempts)) {
    p.add(`${path}.attempts`, `attempts must be an integer, got ${JSON.stringify(attempts)}`);
  } else if (attempts < 0) {
    p.add(`${path}.attempts`, 'attempts cannot be negative');
  } else if (
    attempts === 0 &&
    (isSet(retries, 'perTryTimeout') || !!retries.retryOn || isSet(retries, 'retryRemoteLocalities'))
  ) {
    p.add(`${path}.attempts`, 'http retry policy configured when attempts are set to 0 (disabled)');
  }
  if (isSet(retries, 'perTryTimeout'))
    p.check(`${path}.perTryTimeout`, durationProblem(retries.perTryTimeout));
  const retryOn = asString(retries.retryOn);
  if (retryOn) {
    for (const policy of retryOn.split(',')) {
      const status = /^[+-]?\d+$/.test(policy) ? Number(policy) : 0;
      if (!KNOWN_STATUS.has(status) && !RETRY_ON.has(policy)) {
        p.add(`${path}.retryOn`, `"${policy}" is not a valid retryOn policy`);
      }
    }
  }
}

function validateRewrite(p: Problems, value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  const r = asRecord(value);
  const regexRewrite = isSet(r, 'uriRegexRewrite');
  if (r.uri && regexRewrite) {
    p.add(path, 'rewrite may only contain one of URI or UriRegexRewrite');
    return;
  }
  if (!r.uri && !regexRewrite && !r.authority) {
    p.add(path, 'rewrite must specify at least one of URI, UriRegexRewrite, or authority');
    return;
  }
  if (regexRewrite) {
    const rr = asRecord(r.uriRegexRewrite);
    const match = asString(rr.match) ?? '';
    if (match === '' || !rr.rewrite) {
      p.add(
        `${path}.uriRegexRewrite`,
        'UriRegexRewrite requires both Rewrite and Match fields to be specified',
      );
    } else {
      p.check(`${path}.uriRegexRewrite.match`, regexProblem(match));
    }
  }
}

/** `validateAuthorityRewrite`: the authority is rewritten in one place only. */
function validateAuthorityRewrite(p: Problems, http: JsonRecord, path: string): void {
  let current = asString(asRecord(http.rewrite).authority) ?? '';
  const request = asRecord(asRecord(http.headers).request);
  for (const op of ['set', 'add'] as const) {
    for (const [k, v] of Object.entries(asRecord(request[op]))) {
      if (!isAuthorityHeader(k)) continue;
      if (current !== '') {
        p.add(
          keyPath(`${path}.headers.request.${op}`, k),
          `authority header cannot be set multiple times: have "${current}", attempting to set "${String(v)}"`,
        );
        return;
      }
      current = String(v);
    }
  }
}

function validateDestination(p: Problems, value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  const d = asRecord(value);
  const host = asString(d.host) ?? '';
  if (host === '*') p.add(`${path}.host`, `invalid destination host ${host}`);
  else p.check(`${path}.host`, wildcardDomainProblem(host));
  if (d.subset !== undefined && d.subset !== '') {
    const subset = asString(d.subset) ?? '';
    if (!isDns1123Label(subset)) p.add(`${path}.subset`, `subset name is invalid: ${subset}`);
  }
  if (isSet(d, 'port')) p.check(`${path}.port.number`, portProblem(asRecord(d.port).number));
}

function validateRouteDestinations(p: Problems, value: unknown, path: string, http: boolean): void {
  const list = asArray(value);
  let total = 0;
  for (const [dest, at] of entries(value, path)) {
    if (!isSet(dest, 'destination')) p.add(`${at}.destination`, 'destination is required');
    if (http) validateHeaderOperations(p, dest.headers, `${at}.headers`);
    validateDestination(p, dest.destination, `${at}.destination`);
    const weight = asNumber(dest.weight) ?? 0;
    if (weight < 0) p.add(`${at}.weight`, `weight ${weight} < 0`);
    total += weight;
  }
  if (list.length > 1 && total === 0) p.add(path, 'total destination weight = 0');
}

function validateTlsRoute(
  p: Problems,
  tls: JsonRecord,
  path: string,
  hosts: readonly string[],
  toGateway: boolean,
): void {
  if (asArray(tls.match).length === 0)
    p.add(`${path}.match`, 'TLS route must have at least one match condition');
  for (const [match, mPath] of entries(tls.match, `${path}.match`)) {
    const sniHosts = asArray(match.sniHosts).map((h) => asString(h) ?? '');
    if (sniHosts.length === 0) p.add(`${mPath}.sniHosts`, 'TLS match must have at least one SNI host');
    for (const [i, sni] of sniHosts.entries()) {
      const at = `${mPath}.sniHosts[${i}]`;
      const err = toGateway ? gatewayBoundHostProblem(true, sni) : wildcardDomainProblem(sni);
      if (err) {
        if (!isIpAddress(sni)) p.add(at, err);
        continue;
      }
      if (!hosts.some((h) => hostSubsetOf(sni, h))) {
        p.add(
          at,
          `SNI host "${sni}" is not a compatible subset of any of the virtual service hosts: [${hosts.join(', ')}]`,
        );
      }
    }
    validateL4Match(p, match, mPath);
  }
  if (asArray(tls.route).length === 0) p.add(`${path}.route`, 'TLS route is required');
  validateRouteDestinations(p, tls.route, `${path}.route`, false);
}

function validateTcpRoute(p: Problems, tcp: JsonRecord, path: string): void {
  for (const [match, mPath] of entries(tcp.match, `${path}.match`)) validateL4Match(p, match, mPath);
  if (asArray(tcp.route).length === 0) p.add(`${path}.route`, 'TCP route is required');
  validateRouteDestinations(p, tcp.route, `${path}.route`, false);
}

function validateL4Match(p: Problems, match: JsonRecord, path: string): void {
  for (const [i, subnet] of asArray(match.destinationSubnets).entries()) {
    p.check(`${path}.destinationSubnets[${i}]`, ipSubnetProblem(asString(subnet) ?? ''));
  }
  if (isSet(match, 'port') && match.port !== 0) p.check(`${path}.port`, portProblem(match.port));
  validateGatewayNames(p, match.gateways, `${path}.gateways`);
}
