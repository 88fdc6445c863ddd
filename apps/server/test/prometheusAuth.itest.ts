import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readinessSchema } from '@sextant/contracts';
import { startMeshSim, type MeshSim } from '@sextant/mesh-sim';
import { freeLoopbackPort, startPrometheus, type RunningPrometheus } from '@sextant/mesh-sim/prometheus';
import { REPO_ROOT, spawnManaged, startServer, type ManagedChild } from '@sextant/testkit';
import { selfSignedCertificate, startAuthProxy, type AuthProxy } from '@sextant/testkit/authProxy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.ts';
import { PrometheusClient, type PrometheusConnectionOptions } from '../src/clients/prometheus.client.ts';

const TENANT = { 'X-Scope-OrgID': 'tenant-a' };
const SERIES = 'sextant_auth_itest';

/**
 * A real Prometheus behind an authenticating https proxy (bearer token or basic auth, plus Mimir's
 * tenant header), reached by the real PrometheusClient and by the server process built from the
 * settings. One Prometheus for the file; each test sets what the proxy accepts.
 */
describe('Prometheus behind an authenticating proxy', () => {
  let exporter: Server;
  let prometheus: RunningPrometheus;
  let proxy: AuthProxy;
  let dir: string;
  let caFile: string;
  let tokenFile: string;

  beforeAll(async () => {
    // Something to scrape, so the queries below return a real series.
    exporter = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(`# TYPE ${SERIES} gauge\n${SERIES}{tenant="a"} 1\n`);
    });
    await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
    prometheus = await startPrometheus({
      scrapeTargets: [`127.0.0.1:${(exporter.address() as AddressInfo).port}`],
      scrapeIntervalSeconds: 1,
    });
    const cert = await selfSignedCertificate();
    proxy = await startAuthProxy({ target: prometheus.url, require: {}, tls: cert });
    dir = await mkdtemp(join(tmpdir(), 'sextant-prom-auth-'));
    caFile = join(dir, 'ca.crt');
    tokenFile = join(dir, 'token');
    await writeFile(caFile, cert.cert);
    await prometheus.waitForSamples(SERIES);
  });

  afterAll(async () => {
    await proxy?.close();
    await prometheus?.stop();
    exporter?.closeAllConnections();
    await new Promise((resolve) => exporter?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  let mtime = 1_000;
  /** Rewrites the token file with a new mtime, as a rotation does. */
  const writeToken = async (token: string) => {
    await writeFile(tokenFile, `${token}\n`);
    mtime += 1;
    await utimes(tokenFile, mtime, mtime);
  };

  beforeEach(async () => {
    await writeToken('token-1');
    proxy.require({ bearerToken: 'token-1', headers: TENANT });
  });

  const client = (connection: PrometheusConnectionOptions) =>
    new PrometheusClient({ baseUrl: proxy.url, connection: { caFile, ...connection } });

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal');
      },
      (err: unknown) => {
        expect(err).toBeInstanceOf(AppError);
        return err as AppError;
      },
    );

  it('answers every kind of request with a token file, the tenant header and the CA', async () => {
    const before = proxy.requests.length;
    const prom = client({ bearerTokenFile: tokenFile, headers: Object.entries(TENANT) });
    await prom.ping();
    const now = Date.now() / 1000;
    const vector = await prom.query(SERIES, now);
    expect(vector.map((s) => s.metric.tenant)).toEqual(['a']);
    const matrix = await prom.queryRange(SERIES, { start: now - 60, end: now, step: 15 });
    expect(matrix.map((s) => s.metric.tenant)).toEqual(['a']);
    expect(proxy.requests.slice(before)).toEqual([
      { method: 'GET', path: '/-/ready', outcome: 'passed' },
      { method: 'POST', path: '/api/v1/query', outcome: 'passed' },
      { method: 'POST', path: '/api/v1/query_range', outcome: 'passed' },
    ]);
  });

  it('answers with basic auth', async () => {
    proxy.require({ basic: { username: 'sextant', password: 'pa55 word' }, headers: TENANT });
    await writeFile(join(dir, 'password'), 'pa55 word\n');
    const prom = client({
      basicAuth: { username: 'sextant', passwordFile: join(dir, 'password') },
      headers: Object.entries(TENANT),
    });
    await expect(prom.query(SERIES, Date.now() / 1000)).resolves.toHaveLength(1);
  });

  it('refuses clearly: no token, a wrong token, a wrong tenant', async () => {
    const none = await refusal(client({ headers: Object.entries(TENANT) }).query(SERIES, 1));
    expect(none).toMatchObject({ status: 502, code: 'UPSTREAM_BAD_RESPONSE' });
    expect(none.message).toBe(
      "Prometheus refused Sextant's credentials at /api/v1/query (HTTP 401: no bearer token); check PROMETHEUS_HEADERS (X-Scope-OrgID)",
    );

    await writeToken('token-0');
    const wrong = await refusal(
      client({ bearerTokenFile: tokenFile, headers: Object.entries(TENANT) }).ping(),
    );
    expect(wrong.message).toMatch(
      /^Prometheus refused Sextant's credentials at \/-\/ready \(HTTP 401: invalid bearer token\); check PROMETHEUS_BEARER_TOKEN_FILE \(.*token\) and PROMETHEUS_HEADERS \(X-Scope-OrgID\)$/,
    );

    await writeToken('token-1');
    const tenant = await refusal(
      client({ bearerTokenFile: tokenFile, headers: [['X-Scope-OrgID', 'tenant-b']] }).query(SERIES, 1),
    );
    expect(tenant).toMatchObject({ status: 502 });
    expect(tenant.message).toMatch(/denied Sextant access .*HTTP 403: X-Scope-OrgID tenant-b is not allowed/);
  });

  it('does not trust the proxy without the CA, and says which setting to set', async () => {
    const prom = new PrometheusClient({ baseUrl: proxy.url, connection: { bearerTokenFile: tokenFile } });
    const error = await refusal(prom.ping());
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/its TLS certificate is not trusted \(set PROMETHEUS_CA_FILE/);
    const skipping = new PrometheusClient({
      baseUrl: proxy.url,
      connection: { bearerTokenFile: tokenFile, headers: Object.entries(TENANT), insecureSkipVerify: true },
    });
    await expect(skipping.ping()).resolves.toBeUndefined();
  });

  it('picks up a rotated token file: on its next look, and at once when Prometheus refuses the old one', async () => {
    // A long interval: only the 401 makes the client look at the file again.
    const prom = client({
      bearerTokenFile: tokenFile,
      headers: Object.entries(TENANT),
      secretRecheckMs: 3_600_000,
    });
    await prom.ping();
    await writeToken('token-2');
    proxy.require({ bearerToken: 'token-2', headers: TENANT });
    const before = proxy.requests.length;
    await expect(prom.query(SERIES, Date.now() / 1000)).resolves.toHaveLength(1);
    expect(proxy.requests.slice(before).map((r) => r.outcome)).toEqual([401, 'passed']);

    // A short interval: the new token is sent before the old one stops working.
    let clock = 0;
    const polling = client({
      bearerTokenFile: tokenFile,
      headers: Object.entries(TENANT),
      secretRecheckMs: 1_000,
      now: () => clock,
    });
    await writeToken('token-3');
    clock = 1_000;
    proxy.require({ bearerToken: 'token-3', headers: TENANT });
    const mark = proxy.requests.length;
    await polling.ping();
    expect(proxy.requests.slice(mark).map((r) => r.outcome)).toEqual(['passed']);
  });

  describe('the server process, configured by its settings', () => {
    let sim: MeshSim;
    let kubeconfig: string;
    const children: ManagedChild[] = [];

    beforeAll(async () => {
      kubeconfig = join(dir, 'kubeconfig');
      sim = await startMeshSim({ scenario: 'empty', kubeconfigOut: kubeconfig });
    });
    afterAll(async () => {
      for (const child of children) await child.stop();
      await sim?.stop();
    });

    const settings = () => ({
      PROMETHEUS_BEARER_TOKEN_FILE: tokenFile,
      PROMETHEUS_HEADERS: 'X-Scope-OrgID=tenant-a',
      PROMETHEUS_CA_FILE: caFile,
    });

    it('is ready through the proxy, and not ready naming the setting when the tenant is wrong', async () => {
      const server = await startServer({
        port: await freeLoopbackPort(),
        prometheusUrl: proxy.url,
        kubeconfig,
        staticDir: undefined,
        env: settings(),
        timeoutMs: 60_000,
      });
      children.push(server.child);
      const ready = readinessSchema.parse(await (await fetch(`${server.url}/readyz`)).json());
      expect(ready.checks.prometheus).toEqual({ ok: true });

      proxy.require({ bearerToken: 'token-1', headers: { 'X-Scope-OrgID': 'tenant-z' } });
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(503);
      expect(JSON.stringify(await res.json())).toMatch(/HTTP 403.*check PROMETHEUS_BEARER_TOKEN_FILE/);
    });

    it('exits with one line naming the setting when the CA file is missing', async () => {
      const child = spawnManaged({
        name: 'sextant server (bad CA file)',
        command: process.execPath,
        args: ['--import', 'tsx', 'apps/server/src/main.ts'],
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          PROMETHEUS_URL: proxy.url,
          KUBECONFIG: kubeconfig,
          SEXTANT_PORT: '0',
          ...settings(),
          PROMETHEUS_CA_FILE: join(dir, 'missing.crt'),
        },
      });
      children.push(child);
      const exit = await child.exited;
      expect(exit.code).toBe(1);
      // The exit may be seen before the last line is read from the pipe.
      await expect
        .poll(() => child.outputTail().trim())
        .toMatch(/^sextant: PROMETHEUS_CA_FILE: cannot read .*missing\.crt \(ENOENT\)$/);
    });
  });
});
