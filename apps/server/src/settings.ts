import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  describeRateAnnotationError,
  MAX_QUERY_PARTS,
  parseRateAnnotation,
  parseRetention,
  type Tolerance,
} from '@sextant/mesh';
import type { AuthStrategy } from '@sextant/contracts';
import { DEFAULT_REPLAY_CONCURRENCY } from './services/graph.service.ts';
import { defaultAllowedHosts, isLoopbackHost, parseAllowedHosts, type AllowedHosts } from './hostPolicy.ts';

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
  /** How users sign in, and with whose credentials Kubernetes is called. */
  auth: AuthSettings;
  /** The change history (issue 16): where it is kept and for how long. */
  history: HistorySettings;
  /** SEXTANT_RECORDED_METRICS: read Istio's workload-level recorded series when Prometheus has them. */
  recordedMetrics: 'auto' | 'off';
  /** SEXTANT_GRAPH_QUERY_PARTS: a graph's latency queries each split into this many, run in parallel. */
  graphQueryParts: number;
  /** SEXTANT_REPLAY_CONCURRENCY: graph replays queried and built at once; later ones wait. */
  replayConcurrency: number;
}

export type HistorySettings =
  | { enabled: false }
  | {
      enabled: true;
      /** SQLite in `<SEXTANT_DATA_DIR>/history.db`, or PostgreSQL at SEXTANT_DATABASE_URL (shared by replicas). */
      store: { type: 'sqlite'; file: string } | { type: 'postgres'; url: string };
      /** Changes older than this are dropped (each object's last state stays). */
      retentionMs: number;
      /** Past this size the oldest changes go first. */
      maxBytes: number;
    };

/** Where the history lives when SEXTANT_DATA_DIR is not set: beside the working directory. */
export const DEFAULT_DATA_DIR = '.sextant-data';
const DEFAULT_RETENTION = '14d';
const DEFAULT_HISTORY_MAX_MB = 512;

/** SEXTANT_AUTH and what each strategy needs; secrets only through files or env, never flags. */
export type AuthSettings =
  | { strategy: 'anonymous' }
  | { strategy: 'token'; session: SessionSettings }
  | { strategy: 'openid'; session: SessionSettings; oidc: OidcSettings }
  | { strategy: 'header'; header: string };

export interface SessionSettings {
  /** SEXTANT_SESSION_SECRET or the contents of SEXTANT_SESSION_SECRET_FILE; undefined: random per process. */
  secret: string | undefined;
  /** The file the secret came from (for the log), if any. */
  secretFile: string | undefined;
  ttlMs: number;
}

export interface OidcSettings {
  issuerUrl: string;
  clientId: string;
  clientSecret: string | undefined;
  redirectUrl: string;
  scopes: string[];
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
  auth: 'SEXTANT_AUTH',
  'auth-header': 'SEXTANT_AUTH_HEADER',
  'session-ttl': 'SEXTANT_SESSION_TTL',
  'session-secret-file': 'SEXTANT_SESSION_SECRET_FILE',
  'oidc-issuer-url': 'SEXTANT_OIDC_ISSUER_URL',
  'oidc-client-id': 'SEXTANT_OIDC_CLIENT_ID',
  'oidc-client-secret-file': 'SEXTANT_OIDC_CLIENT_SECRET_FILE',
  'oidc-redirect-url': 'SEXTANT_OIDC_REDIRECT_URL',
  'oidc-scopes': 'SEXTANT_OIDC_SCOPES',
  history: 'SEXTANT_HISTORY',
  'data-dir': 'SEXTANT_DATA_DIR',
  'history-retention': 'SEXTANT_HISTORY_RETENTION',
  'history-max-mb': 'SEXTANT_HISTORY_MAX_MB',
  'recorded-metrics': 'SEXTANT_RECORDED_METRICS',
  'graph-query-parts': 'SEXTANT_GRAPH_QUERY_PARTS',
  'replay-concurrency': 'SEXTANT_REPLAY_CONCURRENCY',
} as const;

/**
 * Env only, no flag: a command line is visible to every user of the machine (`ps`). Offered
 * because Kubernetes' `env.valueFrom.secretKeyRef` is the usual way to hand a password over.
 */
const PASSWORD_ENV = 'PROMETHEUS_PASSWORD';
/** Env only, like PROMETHEUS_PASSWORD. */
const SESSION_SECRET_ENV = 'SEXTANT_SESSION_SECRET';
const OIDC_CLIENT_SECRET_ENV = 'SEXTANT_OIDC_CLIENT_SECRET';
/** Env only: the URL carries the database password. */
const DATABASE_URL_ENV = 'SEXTANT_DATABASE_URL';

/** Reads a secret file named by a setting; injected so parseSettings stays pure for its tests. */
export type ReadSecretFile = (path: string) => string;

type Flag = keyof typeof FLAGS;

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off', '']);

class SettingError extends Error {}

/**
 * Pure: reads `env` and `argv` (arguments after the script name) and returns the settings or one
 * line naming the bad setting, so main can print it and exit without a stack trace.
 */
export function parseSettings(
  env: Env,
  argv: readonly string[],
  readSecretFile: ReadSecretFile = (path) => readFileSync(path, 'utf8'),
): SettingsResult {
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
        auth: parseAuth(raw, env, host, readSecretFile),
        history: parseHistory(raw, env),
        recordedMetrics: parseRecordedMetrics(raw('recorded-metrics')),
        graphQueryParts: parseWholeNumber(
          raw,
          'graph-query-parts',
          DEFAULT_GRAPH_QUERY_PARTS,
          MAX_QUERY_PARTS,
        ),
        replayConcurrency: parseWholeNumber(
          raw,
          'replay-concurrency',
          DEFAULT_REPLAY_CONCURRENCY,
          MAX_REPLAY_CONCURRENCY,
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
        auth: { type: 'string' },
        'auth-header': { type: 'string' },
        'session-ttl': { type: 'string' },
        'session-secret-file': { type: 'string' },
        'oidc-issuer-url': { type: 'string' },
        'oidc-client-id': { type: 'string' },
        'oidc-client-secret-file': { type: 'string' },
        'oidc-redirect-url': { type: 'string' },
        'oidc-scopes': { type: 'string' },
        history: { type: 'string' },
        'data-dir': { type: 'string' },
        'history-retention': { type: 'string' },
        'history-max-mb': { type: 'string' },
        'recorded-metrics': { type: 'string' },
        'graph-query-parts': { type: 'string' },
        'replay-concurrency': { type: 'string' },
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

function parseRecordedMetrics(value: string | undefined): 'auto' | 'off' {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'off') return 'off';
  throw new SettingError(
    `SEXTANT_RECORDED_METRICS (--recorded-metrics): must be auto or off, got ${JSON.stringify(value)}`,
  );
}

/**
 * Default 2: a big graph's two latency queries (most of its Prometheus work) each as two queries
 * over halves of the namespaces, so a Prometheus with more than one core answers them in parallel.
 */
export const DEFAULT_GRAPH_QUERY_PARTS = 2;

const MAX_REPLAY_CONCURRENCY = 16;

/** A setting that is a whole number from 1 to `max`; `fallback` when not given. */
function parseWholeNumber(
  raw: (flag: Flag) => string | undefined,
  flag: Flag,
  fallback: number,
  max: number,
): number {
  const value = raw(flag);
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= max))
    throw new SettingError(
      `${label(flag)}: must be a whole number from 1 to ${max}, got ${JSON.stringify(value)}`,
    );
  return n;
}

function parseHistory(raw: (flag: Flag) => string | undefined, env: Env): HistorySettings {
  const enabled = parseBoolean('history', raw('history') ?? 'on');
  if (!enabled) return { enabled: false };
  const retentionText = raw('history-retention') ?? DEFAULT_RETENTION;
  const retentionMs = parseRetention(retentionText);
  if (retentionMs === undefined)
    throw new SettingError(
      `SEXTANT_HISTORY_RETENTION (--history-retention): must be a whole number of hours, days or weeks like 36h, 14d or 2w, got ${JSON.stringify(retentionText)}`,
    );
  const maxText = raw('history-max-mb') ?? String(DEFAULT_HISTORY_MAX_MB);
  const maxMb = Number(maxText);
  if (!/^\d+$/.test(maxText) || maxMb < 1)
    throw new SettingError(
      `SEXTANT_HISTORY_MAX_MB (--history-max-mb): must be a whole number of megabytes, at least 1, got ${JSON.stringify(maxText)}`,
    );
  const url = env[DATABASE_URL_ENV]?.trim();
  if (url) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:'))
      throw new SettingError(
        `${DATABASE_URL_ENV}: must be a postgres://user:password@host:port/database URL`,
      );
    return { enabled: true, store: { type: 'postgres', url }, retentionMs, maxBytes: maxMb * 1024 * 1024 };
  }
  const dir = raw('data-dir') ?? DEFAULT_DATA_DIR;
  return {
    enabled: true,
    store: { type: 'sqlite', file: path.resolve(dir, 'history.db') },
    retentionMs,
    maxBytes: maxMb * 1024 * 1024,
  };
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

const STRATEGIES: readonly AuthStrategy[] = ['anonymous', 'token', 'openid', 'header'];
const DEFAULT_SESSION_TTL = '8h';
const MIN_SESSION_SECRET = 32;

function parseAuth(
  raw: (flag: Flag) => string | undefined,
  env: Env,
  host: string,
  readSecretFile: ReadSecretFile,
): AuthSettings {
  const value = raw('auth');
  if (value === undefined) {
    if (isLoopbackHost(host)) return { strategy: 'anonymous' };
    throw new SettingError(
      `${label('auth')} must be set when ${label('host')} is ${host}, not a loopback address: token, openid or header ` +
        '(anonymous, the default on loopback, lets anyone who reaches the port act as Sextant)',
    );
  }
  const strategy = STRATEGIES.find((s) => s === value.toLowerCase());
  if (strategy === undefined) {
    throw new SettingError(`${label('auth')} must be one of ${STRATEGIES.join(', ')}, got "${value}"`);
  }
  switch (strategy) {
    case 'anonymous':
      return { strategy };
    case 'header': {
      const header = raw('auth-header') ?? 'Authorization';
      if (!HEADER_NAME.test(header))
        throw new SettingError(`${label('auth-header')} is not a header name: "${header}"`);
      return { strategy, header };
    }
    case 'token':
      return { strategy, session: parseSession(raw, env, readSecretFile) };
    case 'openid':
      return {
        strategy,
        session: parseSession(raw, env, readSecretFile),
        oidc: parseOidc(raw, env, readSecretFile),
      };
  }
}

function readSecret(
  flag: Flag,
  envName: string,
  raw: (flag: Flag) => string | undefined,
  env: Env,
  read: ReadSecretFile,
): {
  value: string | undefined;
  file: string | undefined;
} {
  const file = raw(flag);
  const fromEnv = env[envName] === undefined || env[envName] === '' ? undefined : env[envName];
  if (file !== undefined && fromEnv !== undefined) {
    throw new SettingError(`${label(flag)} and ${envName} are both set: keep one`);
  }
  if (file === undefined) return { value: fromEnv, file };
  let text: string;
  try {
    text = read(file).trim();
  } catch (err) {
    throw new SettingError(
      `${label(flag)}: cannot read ${file} (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
    );
  }
  if (text === '') throw new SettingError(`${label(flag)}: ${file} is empty`);
  return { value: text, file };
}

function parseSession(
  raw: (flag: Flag) => string | undefined,
  env: Env,
  read: ReadSecretFile,
): SessionSettings {
  const { value: secret, file } = readSecret('session-secret-file', SESSION_SECRET_ENV, raw, env, read);
  if (secret !== undefined && secret.length < MIN_SESSION_SECRET) {
    throw new SettingError(
      `${file !== undefined ? label('session-secret-file') : SESSION_SECRET_ENV} must be at least ${MIN_SESSION_SECRET} characters (e.g. openssl rand -hex 32)`,
    );
  }
  const ttl = raw('session-ttl') ?? DEFAULT_SESSION_TTL;
  const match = /^(\d+)(m|h)$/.exec(ttl);
  const ttlMs = match ? Number(match[1]) * (match[2] === 'h' ? 3_600_000 : 60_000) : NaN;
  if (!(ttlMs >= 60_000 && ttlMs <= 7 * 24 * 3_600_000)) {
    throw new SettingError(
      `${label('session-ttl')} must be minutes or hours between 1m and 168h, e.g. 8h, got "${ttl}"`,
    );
  }
  return { secret, secretFile: file, ttlMs };
}

function parseOidc(raw: (flag: Flag) => string | undefined, env: Env, read: ReadSecretFile): OidcSettings {
  const need = (flag: Flag, example: string): string => {
    const value = raw(flag);
    if (value === undefined)
      throw new SettingError(`${label(flag)} is required with SEXTANT_AUTH=openid, e.g. ${example}`);
    return value;
  };
  // Kept as written: it must equal the `iss` of the provider's tokens, trailing slash and all.
  const issuerUrl = need('oidc-issuer-url', 'https://login.example.com/realms/sextant');
  const issuer = urlOrFail('oidc-issuer-url', issuerUrl);
  const loopbackHttp = issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname);
  if (issuer.protocol !== 'https:' && !loopbackHttp) {
    throw new SettingError(
      `${label('oidc-issuer-url')} must be https (http only on loopback, for tests), got "${issuerUrl}"`,
    );
  }
  const clientId = need('oidc-client-id', 'sextant');
  const redirectUrl = need('oidc-redirect-url', 'https://sextant.example.com/auth/callback');
  const redirect = urlOrFail('oidc-redirect-url', redirectUrl);
  if (redirect.protocol !== 'https:' && redirect.protocol !== 'http:') {
    throw new SettingError(`${label('oidc-redirect-url')} must be an http(s) URL, got "${redirectUrl}"`);
  }
  if (redirect.pathname === '/' || redirect.pathname.startsWith('/api/') || redirect.search !== '') {
    throw new SettingError(
      `${label('oidc-redirect-url')} needs a path of its own outside /api and no query (e.g. /auth/callback), got "${redirectUrl}"`,
    );
  }
  const { value: clientSecret } = readSecret(
    'oidc-client-secret-file',
    OIDC_CLIENT_SECRET_ENV,
    raw,
    env,
    read,
  );
  const scopes = (raw('oidc-scopes') ?? 'openid email profile').split(/[\s,]+/).filter((s) => s !== '');
  if (!scopes.includes('openid')) {
    throw new SettingError(`${label('oidc-scopes')} must include openid, got "${scopes.join(' ')}"`);
  }
  return { issuerUrl, clientId, clientSecret, redirectUrl, scopes };
}

function urlOrFail(flag: Flag, value: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new SettingError(`${label(flag)} is not a URL: "${value}"`);
  }
}
