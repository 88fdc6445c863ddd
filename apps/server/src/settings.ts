import { parseArgs } from 'node:util';
import { describeRateAnnotationError, parseRateAnnotation, type Tolerance } from '@sextant/mesh';
import { defaultAllowedHosts, parseAllowedHosts, type AllowedHosts } from './hostPolicy.ts';

/** Everything the server reads from its environment (DESIGN.md, "Server settings"). */
export interface Settings {
  prometheusUrl: string;
  /** Path (or `:`-separated paths) of the kubeconfig; undefined: in-cluster or ~/.kube/config. */
  kubeconfig: string | undefined;
  /** kubeconfig context to use instead of the current one. */
  context: string | undefined;
  host: string;
  port: number;
  viewOnly: boolean;
  /** Directory of the built web app; undefined: the caller picks a default (or serves no UI). */
  staticDir: string | undefined;
  /** Error-rate tolerances replacing the defaults (annotation format); undefined: DESIGN.md's defaults. */
  healthTolerances: readonly Tolerance[] | undefined;
  /**
   * The name of the cluster the server watches, as Istio's `source_cluster`/`destination_cluster`
   * labels call it (Kiali's `kubernetes_config.cluster_name`); undefined: `Kubernetes`, Kiali's default.
   */
  clusterName: string | undefined;
  /**
   * The Host headers the server answers (403 for others): the entries of SEXTANT_ALLOWED_HOSTS,
   * else the bound address, `localhost` and `127.0.0.1` (and `[::1]` for an IPv6 bind) on any port.
   */
  allowedHosts: AllowedHosts;
  /** How the server authenticates to Prometheus and trusts its certificate. */
  prometheus: PrometheusConnection;
}

/**
 * Credentials and TLS for Prometheus. Secrets come from files where possible (Kubernetes mounts
 * Secrets and projected service-account tokens as files, and rotates them there); never log them.
 */
export interface PrometheusConnection {
  /** Sent as `Authorization: Bearer <contents>`; re-read when the file changes. */
  bearerTokenFile: string | undefined;
  basicAuth: PrometheusBasicAuth | undefined;
  /** Extra headers on every request, e.g. `X-Scope-OrgID` for a Mimir/Cortex tenant. */
  headers: ReadonlyArray<readonly [name: string, value: string]>;
  /** PEM file of the CA(s) that signed Prometheus' certificate; replaces the system's CAs. */
  caFile: string | undefined;
  insecureSkipVerify: boolean;
}

export type PrometheusBasicAuth =
  | { username: string; password: string; passwordFile?: undefined }
  | { username: string; password?: undefined; passwordFile: string };

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; error: string };

type Env = Readonly<Record<string, string | undefined>>;

/** Each setting is an env variable and a CLI flag; the flag wins. */
const FLAGS = {
  'prometheus-url': 'PROMETHEUS_URL',
  kubeconfig: 'KUBECONFIG',
  context: 'SEXTANT_CONTEXT',
  host: 'SEXTANT_HOST',
  port: 'SEXTANT_PORT',
  'view-only': 'SEXTANT_VIEW_ONLY',
  'static-dir': 'SEXTANT_STATIC_DIR',
  'health-rate': 'SEXTANT_HEALTH_RATE',
  'cluster-name': 'SEXTANT_CLUSTER_NAME',
  'allowed-hosts': 'SEXTANT_ALLOWED_HOSTS',
  'prometheus-bearer-token-file': 'PROMETHEUS_BEARER_TOKEN_FILE',
  'prometheus-username': 'PROMETHEUS_USERNAME',
  'prometheus-password-file': 'PROMETHEUS_PASSWORD_FILE',
  'prometheus-headers': 'PROMETHEUS_HEADERS',
  'prometheus-ca-file': 'PROMETHEUS_CA_FILE',
  'prometheus-insecure-skip-verify': 'PROMETHEUS_INSECURE_SKIP_VERIFY',
} as const;

/**
 * Env only, no flag: a command line is visible to every user of the machine (`ps`). Offered
 * because Kubernetes' `env.valueFrom.secretKeyRef` is the usual way to hand a password over.
 */
const PASSWORD_ENV = 'PROMETHEUS_PASSWORD';

type Flag = keyof typeof FLAGS;

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off', '']);

class SettingError extends Error {}

/**
 * Pure: reads `env` and `argv` (arguments after the script name) and returns the settings or one
 * line naming the bad setting, so main can print it and exit without a stack trace.
 */
export function parseSettings(env: Env, argv: readonly string[]): SettingsResult {
  try {
    const flags = parseFlags(argv);
    const raw = (flag: Flag): string | undefined => {
      const value = flags[flag] ?? env[FLAGS[flag]];
      return value === undefined || value.trim() === '' ? undefined : value.trim();
    };
    const host = raw('host') ?? '127.0.0.1';
    const prometheusUrl = parsePrometheusUrl(raw('prometheus-url'));
    return {
      ok: true,
      settings: {
        prometheusUrl,
        kubeconfig: raw('kubeconfig'),
        context: raw('context'),
        host,
        port: parsePort(raw('port')),
        viewOnly: parseBoolean('view-only', flags['view-only'] ?? env.SEXTANT_VIEW_ONLY),
        staticDir: raw('static-dir'),
        healthTolerances: parseHealthRate(raw('health-rate')),
        clusterName: parseClusterName(raw('cluster-name')),
        allowedHosts: parseHosts(raw('allowed-hosts'), host),
        prometheus: parsePrometheusConnection(
          raw,
          env[PASSWORD_ENV],
          flags['prometheus-insecure-skip-verify'] ?? env.PROMETHEUS_INSECURE_SKIP_VERIFY,
          prometheusUrl,
        ),
      },
    };
  } catch (err) {
    if (err instanceof SettingError) return { ok: false, error: err.message };
    throw err;
  }
}

function parseFlags(argv: readonly string[]): Partial<Record<Flag, string>> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'prometheus-url': { type: 'string' },
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        // A bare `--view-only` turns it on; SEXTANT_VIEW_ONLY=false cannot then turn it off.
        'view-only': { type: 'boolean' },
        'static-dir': { type: 'string' },
        'health-rate': { type: 'string' },
        'cluster-name': { type: 'string' },
        'allowed-hosts': { type: 'string' },
        'prometheus-bearer-token-file': { type: 'string' },
        'prometheus-username': { type: 'string' },
        'prometheus-password-file': { type: 'string' },
        'prometheus-headers': { type: 'string' },
        'prometheus-ca-file': { type: 'string' },
        'prometheus-insecure-skip-verify': { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new SettingError(
      `command line: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
  }
  const out: Partial<Record<Flag, string>> = {};
  for (const flag of Object.keys(FLAGS) as Flag[]) {
    const value = values[flag];
    if (value !== undefined) out[flag] = String(value);
  }
  return out;
}

function label(flag: Flag): string {
  return `${FLAGS[flag]} (--${flag})`;
}

function parsePrometheusUrl(value: string | undefined): string {
  if (value === undefined) {
    throw new SettingError(
      `${label('prometheus-url')} is required, e.g. PROMETHEUS_URL=http://127.0.0.1:9090`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingError(`${label('prometheus-url')} is not a URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SettingError(`${label('prometheus-url')} must be an http(s) URL, got "${value}"`);
  }
  // fetch refuses such a URL, and the server logs PROMETHEUS_URL: the password would end up in logs.
  if (url.username !== '' || url.password !== '') {
    throw new SettingError(
      `${label('prometheus-url')} must not contain credentials: use PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD_FILE`,
    );
  }
  // Keep a path prefix (Prometheus behind a proxy), drop a trailing slash so clients can append paths.
  return value.replace(/\/+$/, '');
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 20001;
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw new SettingError(`${label('port')} must be a port number 0-65535, got "${value}"`);
  }
  return port;
}

function parseBoolean(flag: Flag, value: string | undefined): boolean {
  const word = (value ?? '').trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new SettingError(`${label(flag)} must be true or false, got "${value}"`);
}

/** Same format as the `health.sextant.io/rate` annotation, e.g. `5XX|0/5/10/http/inbound;4XX/10/20/http`. */
function parseHealthRate(value: string | undefined): readonly Tolerance[] | undefined {
  if (value === undefined) return undefined;
  const parsed = parseRateAnnotation(value);
  if (parsed.ok) return parsed.tolerances;
  throw new SettingError(
    `${label('health-rate')} is not valid: ${parsed.errors.map(describeRateAnnotationError).join('; ')}`,
  );
}

/** The name is compared with Istio's cluster labels; whitespace in it is a typo, not part of a name. */
function parseClusterName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/\s/.test(value))
    throw new SettingError(`${label('cluster-name')} must not contain spaces, got "${value}"`);
  return value;
}

/** `a.example,b.example:8443` or `*` (any Host: unsafe, it leaves DNS rebinding open). */
function parseHosts(value: string | undefined, bindHost: string): AllowedHosts {
  if (value === undefined) return defaultAllowedHosts(bindHost);
  const parsed = parseAllowedHosts(value);
  if (parsed.ok) return parsed.hosts;
  throw new SettingError(`${label('allowed-hosts')} ${parsed.error}`);
}

/** RFC 9110 token characters: what a header name may be made of. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Set by the client itself; a copy from the settings would contradict it. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
]);

function parsePrometheusConnection(
  raw: (flag: Flag) => string | undefined,
  passwordEnv: string | undefined,
  skipVerify: string | undefined,
  prometheusUrl: string,
): PrometheusConnection {
  const bearerTokenFile = raw('prometheus-bearer-token-file');
  const basicAuth = parseBasicAuth(raw('prometheus-username'), raw('prometheus-password-file'), passwordEnv);
  if (bearerTokenFile !== undefined && basicAuth !== undefined) {
    throw new SettingError(
      `${label('prometheus-bearer-token-file')} and ${label('prometheus-username')} are both set: Prometheus takes one Authorization, choose a bearer token or basic auth`,
    );
  }
  const headers = parseHeaders(raw('prometheus-headers'));
  const authorization = headers.find(([name]) => name.toLowerCase() === 'authorization');
  if (authorization !== undefined && (bearerTokenFile !== undefined || basicAuth !== undefined)) {
    throw new SettingError(
      `${label('prometheus-headers')} sets Authorization, which ${bearerTokenFile !== undefined ? 'PROMETHEUS_BEARER_TOKEN_FILE' : 'PROMETHEUS_USERNAME'} sets too: keep one`,
    );
  }
  const caFile = raw('prometheus-ca-file');
  const insecureSkipVerify = parseBoolean('prometheus-insecure-skip-verify', skipVerify);
  const https = prometheusUrl.startsWith('https:');
  if (!https && (caFile !== undefined || insecureSkipVerify)) {
    const flag = caFile !== undefined ? 'prometheus-ca-file' : 'prometheus-insecure-skip-verify';
    throw new SettingError(`${label(flag)} is set, but PROMETHEUS_URL is not https: "${prometheusUrl}"`);
  }
  if (caFile !== undefined && insecureSkipVerify) {
    throw new SettingError(
      `${label('prometheus-ca-file')} and ${label('prometheus-insecure-skip-verify')} are both set: a CA is only checked when verifying`,
    );
  }
  return { bearerTokenFile, basicAuth, headers, caFile, insecureSkipVerify };
}

function parseBasicAuth(
  username: string | undefined,
  passwordFile: string | undefined,
  passwordEnv: string | undefined,
): PrometheusBasicAuth | undefined {
  // A password may well start or end with a space: only an empty one counts as unset.
  const password = passwordEnv === undefined || passwordEnv === '' ? undefined : passwordEnv;
  if (username === undefined) {
    if (passwordFile !== undefined || password !== undefined) {
      const which = passwordFile !== undefined ? label('prometheus-password-file') : PASSWORD_ENV;
      throw new SettingError(`${which} is set without ${label('prometheus-username')}`);
    }
    return undefined;
  }
  if (username.includes(':')) {
    throw new SettingError(
      `${label('prometheus-username')} must not contain ":" (basic auth separates it from the password with one)`,
    );
  }
  if (passwordFile !== undefined && password !== undefined) {
    throw new SettingError(`${label('prometheus-password-file')} and ${PASSWORD_ENV} are both set: keep one`);
  }
  if (passwordFile !== undefined) return { username, passwordFile };
  if (password !== undefined) return { username, password };
  throw new SettingError(
    `${label('prometheus-username')} is set without a password: set ${label('prometheus-password-file')} or ${PASSWORD_ENV}`,
  );
}

/** `X-Scope-OrgID=tenant-a,X-Other=b`: a value runs to the next comma, so it cannot hold one. */
function parseHeaders(value: string | undefined): Array<[string, string]> {
  if (value === undefined) return [];
  const headers: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const entry of value.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    const name = (eq < 0 ? entry : entry.slice(0, eq)).trim();
    // The value is not quoted back: it may be a secret.
    if (eq < 0) throw new SettingError(`${label('prometheus-headers')} entry "${name}" has no "=value"`);
    const headerValue = entry.slice(eq + 1).trim();
    if (!HEADER_NAME.test(name)) {
      throw new SettingError(`${label('prometheus-headers')} entry "${name}" is not a header name`);
    }
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new SettingError(`${label('prometheus-headers')} must not set ${name}: the client sets it`);
    }
    if (headerValue === '' || /[\r\n\0]/.test(headerValue)) {
      throw new SettingError(`${label('prometheus-headers')} entry "${name}" needs a value on one line`);
    }
    if (seen.has(name.toLowerCase())) {
      throw new SettingError(`${label('prometheus-headers')} sets ${name} twice`);
    }
    seen.add(name.toLowerCase());
    headers.push([name, headerValue]);
  }
  if (headers.length === 0)
    throw new SettingError(`${label('prometheus-headers')} must list at least one Name=value`);
  return headers;
}
