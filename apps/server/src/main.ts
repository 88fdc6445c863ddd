import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeConfig } from '@kubernetes/client-node';
import pino from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createApp } from './app.ts';
import { InformerKubeClient, loadKubeConfig } from './clients/kube.client.ts';
import { PrometheusClient } from './clients/prometheus.client.ts';
import { describeError } from './errors.ts';
import { exposureWarning, formatAllowedHosts } from './hostPolicy.ts';
import { OpenIdConnectClient } from './auth/openid.ts';
import type { AuthConfig } from './auth/authenticator.ts';
import { openChangeStore, startChangeHistory, type ChangeHistory } from './history/history.ts';
import {
  parseSettings,
  type AuthSettings,
  type HistorySettings,
  type PrometheusConnection,
} from './settings.ts';

/**
 * Where `npm run build -w @sextant/web` puts the web app: the same from src/main.ts and from the
 * bundle apps/server/dist/main.mjs (the runtime image keeps that layout).
 */
const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));
const SHUTDOWN_GRACE_MS = 5_000;

/** Configuration problems end the process with one line naming the setting, no stack trace. */
function fail(message: string): never {
  console.error(`sextant: ${message}`);
  process.exit(1);
}

/** Set by the bundle (scripts/bundle.ts), which has no package.json beside it; absent from source. */
declare const SEXTANT_BUILD_VERSION: string | undefined;

/** The version in apps/server/package.json; `unknown` if it cannot be read (never fatal). */
function serverVersion(): string {
  if (typeof SEXTANT_BUILD_VERSION === 'string') return SEXTANT_BUILD_VERSION;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

function resolveStaticDir(configured: string | undefined): string | undefined {
  if (configured === undefined)
    return existsSync(path.join(DEFAULT_STATIC_DIR, 'index.html')) ? DEFAULT_STATIC_DIR : undefined;
  const dir = path.resolve(configured);
  if (!existsSync(path.join(dir, 'index.html'))) {
    fail(`SEXTANT_STATIC_DIR (--static-dir): ${dir} has no index.html (build the web app: npm run build)`);
  }
  return dir;
}

/** What the log may say about the Prometheus connection: kinds, file paths and header names, never a secret. */
function describePrometheusAuth(connection: PrometheusConnection): Record<string, unknown> {
  return {
    credentials:
      connection.bearerTokenFile !== undefined
        ? `bearer token from ${connection.bearerTokenFile}`
        : connection.basicAuth !== undefined
          ? `basic auth as ${connection.basicAuth.username}`
          : 'none',
    headers: connection.headers.map(([name]) => name),
    tls: connection.insecureSkipVerify
      ? 'not verified'
      : connection.caFile !== undefined
        ? `CA from ${connection.caFile}`
        : 'system CAs',
  };
}

function authConfig(auth: AuthSettings): AuthConfig {
  switch (auth.strategy) {
    case 'anonymous':
      return { strategy: 'anonymous' };
    case 'header':
      return { strategy: 'header', header: auth.header };
    case 'token':
      return { strategy: 'token', sessionSecret: auth.session.secret, sessionTtlMs: auth.session.ttlMs };
    case 'openid':
      return {
        strategy: 'openid',
        sessionSecret: auth.session.secret,
        sessionTtlMs: auth.session.ttlMs,
        openid: { client: new OpenIdConnectClient(auth.oidc), redirectUrl: auth.oidc.redirectUrl },
      };
  }
}

/** What the log may say about sign-in: the strategy and where things come from, never a secret. */
function describeAuth(auth: AuthSettings): Record<string, unknown> {
  switch (auth.strategy) {
    case 'anonymous':
      return { strategy: 'anonymous' };
    case 'header':
      return { strategy: 'header', header: auth.header };
    case 'token':
    case 'openid':
      return {
        strategy: auth.strategy,
        sessionKey:
          auth.session.secretFile ??
          (auth.session.secret === undefined ? 'random' : 'SEXTANT_SESSION_SECRET'),
        sessionTtlMinutes: auth.session.ttlMs / 60_000,
        ...(auth.strategy === 'openid'
          ? { issuer: auth.oidc.issuerUrl, clientId: auth.oidc.clientId, redirectUrl: auth.oidc.redirectUrl }
          : {}),
      };
  }
}

/** Opens the history store and starts recording (before the caches start, so it sees their first LIST). */
async function openHistory(
  settings: HistorySettings,
  kube: InformerKubeClient,
  logger: pino.Logger,
): Promise<ChangeHistory | undefined> {
  if (!settings.enabled) return undefined;
  let store;
  try {
    store = await openChangeStore(settings);
  } catch (err) {
    const setting =
      settings.store.type === 'sqlite'
        ? `SEXTANT_DATA_DIR (--data-dir): cannot keep the change history in ${settings.store.file}`
        : 'SEXTANT_DATABASE_URL: cannot open the change history database';
    fail(`${setting}: ${describeError(err)} (SEXTANT_HISTORY=off runs without it)`);
  }
  return startChangeHistory({
    store,
    kube,
    now: Date.now,
    logger,
    retentionMs: settings.retentionMs,
    maxBytes: settings.maxBytes,
  });
}

async function main(): Promise<void> {
  const parsed = parseSettings(process.env, process.argv.slice(2));
  if (!parsed.ok) fail(parsed.error);
  const settings = parsed.settings;
  const staticDir = resolveStaticDir(settings.staticDir);

  let kubeConfig: KubeConfig;
  try {
    kubeConfig = loadKubeConfig(settings);
  } catch (err) {
    const message = describeError(err);
    fail(/^(KUBECONFIG|SEXTANT_CONTEXT)\b/.test(message) ? message : `KUBECONFIG: ${message}`);
  }

  const logger = pino({ name: 'sextant' });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const kube = new InformerKubeClient(kubeConfig, logger);
  let metrics: PrometheusClient;
  try {
    metrics = new PrometheusClient({ baseUrl: settings.prometheusUrl, connection: settings.prometheus });
  } catch (err) {
    fail(describeError(err));
  }
  const history = await openHistory(settings.history, kube, logger);
  const app = createApp({
    kube,
    metrics,
    logger,
    registry,
    ...(history ? { history } : {}),
    config: {
      viewOnly: settings.viewOnly,
      version: serverVersion(),
      staticDir,
      ...(settings.healthTolerances ? { health: { tolerances: settings.healthTolerances } } : {}),
      ...(settings.clusterName ? { clusterName: settings.clusterName } : {}),
      graph: {
        recordedMetrics: settings.recordedMetrics,
        queryParts: settings.graphQueryParts,
        replayConcurrency: settings.replayConcurrency,
      },
      allowedHosts: settings.allowedHosts,
      auth: authConfig(settings.auth),
    },
  });

  const server = createServer(app);
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE')
      fail(`SEXTANT_PORT (--port): ${settings.host}:${settings.port} is already in use`);
    if (err.code === 'EADDRNOTAVAIL') fail(`SEXTANT_HOST (--host): cannot listen on ${settings.host}`);
    fail(`cannot listen on ${settings.host}:${settings.port}: ${describeError(err)}`);
  });
  server.listen(settings.port, settings.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : settings.port;
    const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
    kube.start();
    logger.info(
      {
        url: `http://${host}:${port}`,
        kubernetes: kubeConfig.getCurrentCluster()?.server,
        prometheus: settings.prometheusUrl,
        prometheusAuth: describePrometheusAuth(settings.prometheus),
        viewOnly: settings.viewOnly,
        staticDir: staticDir ?? null,
        allowedHosts: formatAllowedHosts(settings.allowedHosts),
        auth: describeAuth(settings.auth),
        history: history?.store.description ?? 'off',
      },
      'Sextant listening',
    );
    const warning =
      settings.auth.strategy === 'anonymous' ? exposureWarning(settings.host, settings.viewOnly) : undefined;
    if (warning !== undefined) logger.warn(warning);
    if (
      (settings.auth.strategy === 'token' || settings.auth.strategy === 'openid') &&
      settings.auth.session.secret === undefined
    ) {
      logger.warn(
        'SEXTANT_SESSION_SECRET(_FILE) is not set: sessions are sealed with a random key, so they end when the server restarts and replicas cannot share them',
      );
    }
    if (settings.prometheus.insecureSkipVerify) {
      logger.warn(
        "PROMETHEUS_INSECURE_SKIP_VERIFY is true: Prometheus' certificate is not checked, so its credentials can be intercepted",
      );
    }
    if (settings.allowedHosts === '*') {
      logger.warn('SEXTANT_ALLOWED_HOSTS is *: any Host header is answered, which leaves DNS rebinding open');
    }
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Browsers hold keep-alive connections open; without this close() would wait for them.
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
    server.closeIdleConnections();
    server.close(() => {
      void Promise.allSettled([kube.stop(), history?.stop()]).finally(() => process.exit(0));
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main();
