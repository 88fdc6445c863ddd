import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate, startAuthProxy, type AuthProxy } from '@sextant/testkit/authProxy';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { PrometheusClient, type PrometheusConnectionOptions } from './prometheus.client.ts';

type FetchBehaviour = (url: string) => Promise<Response>;

function clientWith(behaviour: FetchBehaviour, baseUrl = 'http://prom:9090') {
  const calls: string[] = [];
  const fakeFetch = (async (input: string | URL | Request) => {
    calls.push(String(input));
    return behaviour(String(input));
  }) as typeof fetch;
  return { client: new PrometheusClient({ baseUrl, fetch: fakeFetch, timeoutMs: 50 }), calls };
}

const networkError = (code: string) =>
  Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

describe('PrometheusClient.ping', () => {
  it('resolves on 200 from /-/ready, keeping a path prefix', async () => {
    const { client, calls } = clientWith(
      async () => new Response('Prometheus Server is Ready.'),
      'http://h/prom/',
    );
    await expect(client.ping()).resolves.toBeUndefined();
    expect(calls).toEqual(['http://h/prom/-/ready']);
  });

  it.each([
    {
      name: 'starting up (503)',
      behaviour: async () => new Response('', { status: 503 }),
      status: 503,
      message: /starting up/,
    },
    {
      name: 'HTTP 500',
      behaviour: async () => new Response('', { status: 500 }),
      status: 502,
      message: /answered HTTP 500/,
    },
    {
      name: 'HTTP 404 (wrong URL)',
      behaviour: async () => new Response('', { status: 404 }),
      status: 502,
      message: /answered HTTP 404/,
    },
    {
      name: 'connection refused',
      behaviour: async () => Promise.reject(networkError('ECONNREFUSED')),
      status: 503,
      message: /not reachable at http:\/\/prom:9090: ECONNREFUSED/,
    },
    {
      name: 'timeout',
      behaviour: async () => Promise.reject(new DOMException('The operation timed out.', 'TimeoutError')),
      status: 504,
      message: /did not answer within 50 ms/,
    },
  ])('throws $status for $name', async ({ behaviour, status, message }) => {
    const { client } = clientWith(behaviour);
    const error = await client.ping().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(status);
    expect((error as AppError).message).toMatch(message);
    expect((error as AppError).details).toEqual({ upstream: 'prometheus' });
  });

  it('times out against a real server that never answers', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as AddressInfo;
    try {
      const client = new PrometheusClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 100 });
      await expect(client.ping()).rejects.toMatchObject({ status: 504, code: 'UPSTREAM_TIMEOUT' });
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  it('503 against a real closed port', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const client = new PrometheusClient({ baseUrl: `http://127.0.0.1:${port}` });
    await expect(client.ping()).rejects.toMatchObject({
      status: 503,
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function queryClientWith(behaviour: (url: string, init: RequestInit | undefined) => Promise<Response>) {
  const calls: Array<{ url: string; body: URLSearchParams; method: string | undefined }> = [];
  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), body: init?.body as URLSearchParams, method: init?.method });
    return behaviour(String(input), init);
  }) as typeof fetch;
  const client = new PrometheusClient({ baseUrl: 'http://prom:9090', fetch: fakeFetch, queryTimeoutMs: 50 });
  return { client, calls };
}

const vector = {
  status: 'success',
  data: { resultType: 'vector', result: [{ metric: { app: 'a' }, value: [1700000000, '1.5'] }] },
};
const matrix = {
  status: 'success',
  data: {
    resultType: 'matrix',
    result: [
      {
        metric: {},
        values: [
          [1700000000, '1'],
          [1700000010, 'NaN'],
        ],
      },
    ],
  },
};

describe('PrometheusClient.query / queryRange', () => {
  it('POSTs the query with its time and a server-side timeout, and returns the vector', async () => {
    const { client, calls } = queryClientWith(async () => json(vector));
    await expect(client.query('up', 1700000000)).resolves.toEqual(vector.data.result);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('http://prom:9090/api/v1/query');
    expect(calls[0]!.method).toBe('POST');
    expect(Object.fromEntries(calls[0]!.body)).toEqual({ query: 'up', time: '1700000000', timeout: '0.05s' });
  });

  it('queryRange POSTs start, end and step and returns the matrix', async () => {
    const { client, calls } = queryClientWith(async () => json(matrix));
    await expect(client.queryRange('up', { start: 1, end: 61, step: 10 })).resolves.toEqual(
      matrix.data.result,
    );
    expect(calls[0]!.url).toBe('http://prom:9090/api/v1/query_range');
    expect(Object.fromEntries(calls[0]!.body)).toMatchObject({ start: '1', end: '61', step: '10' });
  });

  it.each([
    {
      name: 'a query Prometheus cannot parse (400 bad_data)',
      response: () => json({ status: 'error', errorType: 'bad_data', error: 'parse error at char 3' }, 400),
      status: 502,
      message: /answered HTTP 400 \(bad_data: parse error at char 3\)/,
    },
    {
      name: 'a query that fails to execute (422)',
      response: () => json({ status: 'error', errorType: 'execution', error: 'many-to-many matching' }, 422),
      status: 502,
      message: /HTTP 422 \(execution: many-to-many/,
    },
    {
      name: 'Prometheus timing out the query itself',
      response: () => json({ status: 'error', errorType: 'timeout', error: 'query timed out' }, 503),
      status: 504,
      message: /HTTP 503 \(timeout: query timed out\)/,
    },
    {
      name: 'Prometheus unavailable',
      response: () => json({ status: 'error', errorType: 'unavailable', error: 'shutting down' }, 503),
      status: 503,
      message: /HTTP 503/,
    },
    {
      name: 'a 500 without a JSON body',
      response: () => new Response('<html>oops</html>', { status: 500 }),
      status: 502,
      message: /HTTP 500 with a body that is not JSON/,
    },
    {
      name: 'a 200 that is not a vector',
      response: () => json(matrix),
      status: 502,
      message: /query answer is not as expected: resultType/,
    },
    {
      name: 'a 200 with a malformed sample',
      response: () =>
        json({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1] }] } }),
      status: 502,
      message: /not as expected: result\.0\.value/,
    },
    {
      name: 'connection refused',
      response: () => Promise.reject(networkError('ECONNREFUSED')),
      status: 503,
      message: /Prometheus is not reachable at http:\/\/prom:9090: ECONNREFUSED/,
    },
    {
      name: 'our timeout',
      response: () => Promise.reject(new DOMException('The operation timed out.', 'TimeoutError')),
      status: 504,
      message: /Prometheus did not answer within 50 ms/,
    },
  ])('$status for $name', async ({ response, status, message }) => {
    const { client } = queryClientWith(async () => response());
    const error = await client.query('up', 1).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(status);
    expect((error as AppError).message).toMatch(message);
    expect((error as AppError).details).toEqual({ upstream: 'prometheus' });
  });

  it("passes the caller's abort through as is, not as a timeout", async () => {
    const { client } = queryClientWith(
      (_url, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        ),
    );
    const controller = new AbortController();
    const pending = client.query('up', 1, { signal: controller.signal });
    controller.abort();
    const error = await pending.catch((err: unknown) => err);
    expect(error).not.toBeInstanceOf(AppError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('504 against a real server that never answers a query', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as AddressInfo;
    try {
      const client = new PrometheusClient({ baseUrl: `http://127.0.0.1:${port}`, queryTimeoutMs: 100 });
      await expect(client.query('up', 1)).rejects.toMatchObject({ status: 504, code: 'UPSTREAM_TIMEOUT' });
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });
});

describe('PrometheusClient: credentials and headers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sextant-prom-auth-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const secretFile = (name: string, text: string, mtimeSeconds = 1000) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    utimesSync(file, mtimeSeconds, mtimeSeconds);
    return file;
  };

  function recordingClient(
    connection: PrometheusConnectionOptions,
    answer: (headers: Headers) => Response = () => json(vector),
  ) {
    const seen: Array<{ url: string; headers: Headers }> = [];
    const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      seen.push({ url: String(input), headers });
      return answer(headers);
    }) as typeof fetch;
    const client = new PrometheusClient({ baseUrl: 'http://prom:9090', fetch: fakeFetch, connection });
    return { client, seen };
  }

  it('sends the bearer token (trimmed) and the extra headers with every request', async () => {
    const connection: PrometheusConnectionOptions = {
      bearerTokenFile: secretFile('token', 'tok-1\n'),
      headers: [['X-Scope-OrgID', 'tenant-a']],
    };
    const answers: Record<string, () => Response> = {
      '/-/ready': () => new Response('ready'),
      '/api/v1/query': () => json(vector),
      '/api/v1/query_range': () => json(matrix),
    };
    const seen: Array<{ path: string; headers: Headers }> = [];
    const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const path = new URL(String(input)).pathname;
      seen.push({ path, headers: new Headers(init?.headers) });
      return answers[path]!();
    }) as typeof fetch;
    const client = new PrometheusClient({ baseUrl: 'http://prom:9090', fetch: fakeFetch, connection });
    await client.ping();
    await client.query('up', 1);
    await client.queryRange('up', { start: 1, end: 2, step: 1 });
    expect(seen.map((c) => c.path)).toEqual(Object.keys(answers));
    for (const { headers } of seen) {
      expect(headers.get('authorization')).toBe('Bearer tok-1');
      expect(headers.get('x-scope-orgid')).toBe('tenant-a');
    }
  });

  it.each([
    ['a password', false],
    ['a password file', true],
  ])('sends basic auth with %s', async (_name, fromFile) => {
    const basicAuth = fromFile
      ? { username: 'sextant', passwordFile: secretFile('password', 'p:ss wörd\n') }
      : { username: 'sextant', password: 'p:ss wörd' };
    const { client, seen } = recordingClient({ basicAuth }, () => json(vector));
    await client.query('up', 1);
    const encoded = seen[0]!.headers.get('authorization')!.replace(/^Basic /, '');
    expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe('sextant:p:ss wörd');
  });

  it('picks up a rotated token file once the recheck interval has passed', async () => {
    let clock = 0;
    const file = secretFile('token', 'tok-1');
    const { client, seen } = recordingClient({
      bearerTokenFile: file,
      secretRecheckMs: 1_000,
      now: () => clock,
    });
    await client.query('up', 1);
    secretFile('token', 'tok-2', 1001);
    clock = 999;
    await client.query('up', 1);
    clock = 1_000;
    await client.query('up', 1);
    expect(seen.map((c) => c.headers.get('authorization'))).toEqual([
      'Bearer tok-1',
      'Bearer tok-1',
      'Bearer tok-2',
    ]);
  });

  it('after a 401 looks at the token file at once and retries once with the new token', async () => {
    const file = secretFile('token', 'tok-1');
    const { client, seen } = recordingClient(
      { bearerTokenFile: file, secretRecheckMs: 3_600_000 },
      (headers) =>
        headers.get('authorization') === 'Bearer tok-2'
          ? json(vector)
          : new Response('expired', { status: 401 }),
    );
    secretFile('token', 'tok-2', 1001);
    await expect(client.query('up', 1)).resolves.toEqual(vector.data.result);
    expect(seen.map((c) => c.headers.get('authorization'))).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  const refusals: Array<[string, PrometheusConnectionOptions | 'token', 401 | 403, RegExp]> = [
    [
      'no credentials',
      {},
      401,
      /^Prometheus refused Sextant's credentials at \/api\/v1\/query \(HTTP 401: no token\); Sextant sent no credentials: set PROMETHEUS_BEARER_TOKEN_FILE, PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD_FILE, or PROMETHEUS_HEADERS$/,
    ],
    [
      'a token',
      'token',
      401,
      /credentials .*; check PROMETHEUS_BEARER_TOKEN_FILE \(.*token\) and PROMETHEUS_HEADERS \(X-Scope-OrgID\)$/,
    ],
    [
      'basic auth',
      { basicAuth: { username: 'u', password: 'hunter2' } },
      401,
      /; check PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD$/,
    ],
    [
      'a tenant header, 403',
      { headers: [['X-Scope-OrgID', 'tenant-b']] },
      403,
      /^Prometheus \(or the proxy in front of it\) denied Sextant access at \/api\/v1\/query \(HTTP 403: no token\); check PROMETHEUS_HEADERS \(X-Scope-OrgID\)$/,
    ],
  ];
  it.each(refusals)(
    'a %s refusal is a 502 naming the settings to check (%s)',
    async (_n, connection, status, message) => {
      const options: PrometheusConnectionOptions =
        connection === 'token'
          ? { bearerTokenFile: secretFile('token', 'hunter2'), headers: [['X-Scope-OrgID', 'tenant-a']] }
          : connection;
      const { client } = recordingClient(options, () => new Response('no token\nmore', { status }));
      for (const call of [() => client.query('up', 1), () => client.ping()]) {
        const error = await call().catch((err: unknown) => err);
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({
          status: 502,
          code: 'UPSTREAM_BAD_RESPONSE',
          details: { upstream: 'prometheus' },
        });
        expect((error as AppError).message.replace('/-/ready', '/api/v1/query')).toMatch(message);
        expect((error as AppError).message).not.toContain('hunter2');
      }
    },
  );

  it('throws naming the setting when a token, password or CA file cannot be read', () => {
    const missing = join(dir, 'missing');
    const make = (connection: PrometheusConnectionOptions) => () =>
      new PrometheusClient({ baseUrl: 'https://prom:9090', connection });
    expect(make({ bearerTokenFile: missing })).toThrow(
      /^PROMETHEUS_BEARER_TOKEN_FILE: cannot read .*missing \(ENOENT\)/,
    );
    expect(make({ basicAuth: { username: 'u', passwordFile: missing } })).toThrow(
      /^PROMETHEUS_PASSWORD_FILE: cannot read/,
    );
    expect(make({ caFile: missing })).toThrow(/^PROMETHEUS_CA_FILE: cannot read .*missing \(ENOENT\)/);
    expect(make({ caFile: secretFile('ca.crt', 'not a certificate') })).toThrow(
      /^PROMETHEUS_CA_FILE: .*ca.crt holds no PEM certificate/,
    );
  });
});

describe('PrometheusClient: TLS to a server with a self-signed certificate', () => {
  let upstream: Server;
  let proxy: AuthProxy;
  let cert: { key: string; cert: string };
  let dir: string;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url === '/-/ready' ? 'ready' : JSON.stringify(vector));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    cert = await selfSignedCertificate();
    proxy = await startAuthProxy({
      target: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      require: { bearerToken: 'tok' },
      tls: cert,
    });
    dir = mkdtempSync(join(tmpdir(), 'sextant-prom-tls-'));
    writeFileSync(join(dir, 'ca.crt'), cert.cert);
    writeFileSync(join(dir, 'token'), 'tok');
  });
  afterAll(async () => {
    await proxy?.close();
    upstream?.closeAllConnections();
    await new Promise((resolve) => upstream?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const client = (connection: PrometheusConnectionOptions) =>
    new PrometheusClient({
      baseUrl: proxy.url,
      connection: { bearerTokenFile: join(dir, 'token'), ...connection },
    });

  it('trusts the certificate given as PROMETHEUS_CA_FILE', async () => {
    const trusting = client({ caFile: join(dir, 'ca.crt') });
    await expect(trusting.ping()).resolves.toBeUndefined();
    await expect(trusting.query('up', 1)).resolves.toEqual(vector.data.result);
  });

  it('does not trust it otherwise: 503 saying so and naming PROMETHEUS_CA_FILE', async () => {
    await expect(client({}).query('up', 1)).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(
        /^Prometheus is not reachable at https:\/\/127\.0\.0\.1:\d+: \w+: its TLS certificate is not trusted \(set PROMETHEUS_CA_FILE/,
      ),
    });
  });

  it('accepts any certificate with insecureSkipVerify', async () => {
    await expect(client({ insecureSkipVerify: true }).ping()).resolves.toBeUndefined();
  });
});
