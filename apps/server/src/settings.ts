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
}

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
} as const;

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
    return {
      ok: true,
      settings: {
        prometheusUrl: parsePrometheusUrl(raw('prometheus-url')),
        kubeconfig: raw('kubeconfig'),
        context: raw('context'),
        host,
        port: parsePort(raw('port')),
        viewOnly: parseBoolean('view-only', flags['view-only'] ?? env.SEXTANT_VIEW_ONLY),
        staticDir: raw('static-dir'),
        healthTolerances: parseHealthRate(raw('health-rate')),
        clusterName: parseClusterName(raw('cluster-name')),
        allowedHosts: parseHosts(raw('allowed-hosts'), host),
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
