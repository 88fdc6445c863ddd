import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { PrometheusClient } from './prometheus.client.ts';

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
