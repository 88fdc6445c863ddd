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
