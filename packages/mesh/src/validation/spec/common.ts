/** Small rules istiod applies across kinds (`pkg/config/validation/validation.go`, `agent/validation.go`). */
import { asArray, asRecord, asString, type JsonRecord } from '../../cluster/json.ts';
import { isDns1123Label } from './hosts.ts';
import { keyPath, type Problems } from './problems.ts';

/** `ValidatePort`. */
export function portProblem(port: unknown): string | undefined {
  if (typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535) return undefined;
  return `port number ${JSON.stringify(port)} must be in the range 1..65535`;
}

const HEADER_NAME = /^[-_A-Za-z0-9]+$/;

/** `ValidateHTTPHeaderName` (header matches, JWT output headers). */
export function headerNameProblem(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  return HEADER_NAME.test(name) ? undefined : `header name ${name} is not a valid header name`;
}

/** Header matches also take `@request.auth.claims.<name>` (JWT claim routing, checked separately). */
export const matchHeaderNameProblem = (name: string): string | undefined =>
  name.startsWith('@request.auth.claims') ? undefined : headerNameProblem(name);

const isInternalHeader = (name: string) => name.startsWith(':') || name.toLowerCase() === 'host';
export const isAuthorityHeader = (name: string) =>
  name.toLowerCase() === ':authority' || name.toLowerCase() === 'host';

/** `ValidateHTTPHeaderWithAuthorityOperationName`: request headers added or set. */
function headerSetOnRequestProblem(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (isInternalHeader(name) && !isAuthorityHeader(name))
    return `invalid header "${name}": header cannot have ":" prefix`;
  return undefined;
}

/** `ValidateHTTPHeaderOperationName`: request headers removed, response headers changed. */
function headerOperationProblem(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (name.toLowerCase() === 'host') return `invalid header "${name}": cannot set Host header`;
  if (isInternalHeader(name)) return `invalid header "${name}": header cannot have ":" prefix`;
  return undefined;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what Envoy refuses
const HEADER_VALUE = /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/;

/** `Headers` manipulation (`headers.request|response.set|add|remove`) on a route or destination. */
export function validateHeaderOperations(p: Problems, headers: unknown, path: string): void {
  for (const side of ['request', 'response'] as const) {
    const ops = asRecord(asRecord(headers)[side]);
    const base = `${path}.${side}`;
    for (const op of ['add', 'set'] as const) {
      for (const [name, value] of Object.entries(asRecord(ops[op]))) {
        const at = keyPath(`${base}.${op}`, name);
        p.check(at, side === 'request' ? headerSetOnRequestProblem(name) : headerOperationProblem(name));
        if (typeof value === 'string' && !HEADER_VALUE.test(value)) {
          p.add(at, `header value configuration ${JSON.stringify(value)} is invalid`);
        }
      }
    }
    for (const [i, name] of asArray(ops.remove).entries()) {
      if (typeof name === 'string') p.check(`${base}.remove[${i}]`, headerOperationProblem(name));
    }
  }
}

/** `validatePercentage` (fault injection): 0, or 0.0001 to 100. */
export function percentageProblem(percentage: unknown): string | undefined {
  const value = asRecord(percentage).value;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') return `percentage must be a number, got ${JSON.stringify(value)}`;
  if (value < 0 || value > 100 || (value > 0 && value < 0.0001)) {
    return `percentage ${value} is neither 0.0, nor in range [0.0001, 100.0]`;
  }
  return undefined;
}

/** `ValidatePercent`: an integer percent 0..100. */
export function percentProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' && value >= 0 && value <= 100
    ? undefined
    : `percentage ${JSON.stringify(value)} is not in range 0..100`;
}

const PROTOCOLS = new Set([
  'tcp',
  'udp',
  'grpc',
  'grpc-web',
  'http',
  'http_proxy',
  'http2',
  'https',
  'tls',
  'mongo',
  'redis',
  'mysql',
]);
const HTTP_PROTOCOLS = new Set(['http', 'http2', 'http_proxy', 'grpc', 'grpc-web']);
const TLS_PROTOCOLS = new Set(['https', 'tls']);

/** istio `protocol.Parse` (case-insensitive); unknown names are unsupported. */
export const isKnownProtocol = (p: string): boolean => PROTOCOLS.has(p.toLowerCase());
export const isHttpProtocol = (p: string): boolean => HTTP_PROTOCOLS.has(p.toLowerCase());
export const isTlsProtocol = (p: string): boolean => TLS_PROTOCOLS.has(p.toLowerCase());

/** `ValidateProtocol`: empty (sniffing) or a known protocol. */
export const protocolProblem = (p: string): string | undefined =>
  p === '' || isKnownProtocol(p) ? undefined : `unsupported protocol: ${p}`;

/** `ValidatePortName`. */
export const portNameProblem = (name: string): string | undefined =>
  isDns1123Label(name) ? undefined : `invalid port name: ${name}`;

/** `validateExportTo`: no duplicates (`.` counts as the own namespace), `*` alone, `~` alone (ServiceEntry). */
export function validateExportTo(
  p: Problems,
  exportTo: unknown,
  namespace: string,
  path: string,
  isServiceEntry: boolean,
): void {
  const list = asArray(exportTo);
  if (list.length === 0) return;
  const seen = new Set<string>();
  for (const [i, raw] of list.entries()) {
    const e = asString(raw) ?? '';
    const key = e === '.' ? namespace : e;
    const at = `${path}[${i}]`;
    if (seen.has(key)) {
      p.add(
        at,
        key !== e
          ? `duplicate entries in exportTo: . and current namespace ${namespace}`
          : `duplicate entries in exportTo for entry ${e}`,
      );
      continue;
    }
    if (e === '~' && !isServiceEntry) {
      p.add(at, 'exportTo "~" (no one) is only allowed on a ServiceEntry');
      continue;
    }
    if (e !== '*' && e !== '~' && e !== '.' && !isDns1123Label(key)) {
      p.add(at, `invalid exportTo value "${e}": use ".", "*" or a namespace name`);
      continue;
    }
    seen.add(key);
  }
  if (seen.has('*') && list.length > 1)
    p.add(path, 'cannot have both public (*) and non-public exportTo values for a resource');
  if (seen.has('~') && list.length > 1) p.add(path, 'cannot export service entry to no one (~) and someone');
}

/** `validateWorkloadSelector` (`matchLabels`) and `ValidateAlphaWorkloadSelector` (`labels`). */
export function validateSelectorLabels(
  p: Problems,
  selector: unknown,
  field: 'matchLabels' | 'labels',
  path: string,
): void {
  if (selector === undefined || selector === null) return;
  for (const [k, v] of Object.entries(asRecord(asRecord(selector)[field]))) {
    const value = typeof v === 'string' ? v : '';
    if (k === '') p.add(`${path}.${field}`, `empty key is not supported in selector: "${k}=${value}"`);
    if (k.includes('*') || value.includes('*')) {
      p.add(keyPath(`${path}.${field}`, k), `wildcard is not supported in selector: "${k}=${value}"`);
    }
  }
}

export const record = (v: unknown): JsonRecord => asRecord(v);
