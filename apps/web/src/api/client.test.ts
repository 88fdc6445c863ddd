import { namespaceListSchema } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from './apiError.ts';
import { createApiClient } from './client.ts';
import { createFreshnessStore } from './clusterFreshness.ts';
import { shouldRetry } from './queryClient.ts';

const json = (body: unknown, status = 200, statusText = '') =>
  new Response(JSON.stringify(body), { status, statusText, headers: { 'content-type': 'application/json' } });

const NAMESPACES = [
  { name: 'bookinfo', labels: { 'istio-injection': 'enabled' }, istioInjection: true, mtls: null },
];

/** A fetch that records its calls and answers with `respond`. */
function fakeFetch(respond: () => Promise<Response>) {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    return respond();
  }) as typeof fetch;
  return { fn, calls };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('api client', () => {
  it('returns the validated body on 2xx', async () => {
    const { fn, calls } = fakeFetch(async () => json(NAMESPACES));
    const result = await createApiClient(fn).request('/api/namespaces', namespaceListSchema);
    expect(result).toEqual(NAMESPACES);
    expect(calls[0]?.url).toBe('/api/namespaces');
    expect(calls[0]?.init?.method).toBe('GET');
  });

  it('adds defined query parameters and sends a JSON body', async () => {
    const { fn, calls } = fakeFetch(async () => json(NAMESPACES));
    await createApiClient(fn).request('/api/x', namespaceListSchema, {
      method: 'PUT',
      query: { namespaces: 'a,b', duration: undefined },
      body: { a: 1 },
    });
    expect(calls[0]?.url).toBe('/api/x?namespaces=a%2Cb');
    expect(calls[0]?.init?.body).toBe('{"a":1}');
    expect(calls[0]?.init?.headers).toMatchObject({ 'content-type': 'application/json' });
  });

  it.each([
    {
      name: 'network down',
      respond: () => Promise.reject(new TypeError('Failed to fetch')),
      expected: {
        status: 0,
        code: 'NETWORK_ERROR',
        message: 'Cannot reach the Sextant server',
        details: 'Failed to fetch',
      },
    },
    {
      name: '4xx envelope',
      respond: async () =>
        json({ error: { code: 'NOT_FOUND', message: 'No route for GET /nope' } }, 404, 'Not Found'),
      expected: {
        status: 404,
        code: 'NOT_FOUND',
        message: 'No route for GET /nope',
        details: undefined,
        fieldErrors: [],
      },
    },
    {
      name: '422 envelope with field errors',
      respond: async () =>
        json(
          {
            error: {
              code: 'INVALID_SPEC',
              message: 'invalid VirtualService',
              fieldErrors: [{ path: 'spec.http[0].route', message: 'required' }],
            },
          },
          422,
        ),
      expected: {
        status: 422,
        code: 'INVALID_SPEC',
        fieldErrors: [{ path: 'spec.http[0].route', message: 'required' }],
      },
    },
    {
      name: '5xx envelope with details',
      respond: async () =>
        json(
          {
            error: {
              code: 'UPSTREAM_UNAVAILABLE',
              message: 'Kubernetes is not reachable',
              details: { upstream: 'kubernetes' },
            },
          },
          503,
        ),
      expected: {
        status: 503,
        code: 'UPSTREAM_UNAVAILABLE',
        message: 'Kubernetes is not reachable',
        details: { upstream: 'kubernetes' },
      },
    },
    {
      name: '5xx without envelope (proxy HTML page)',
      respond: async () =>
        new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
      expected: {
        status: 502,
        code: 'HTTP_ERROR',
        message: 'The server answered HTTP 502 Bad Gateway',
        details: '<html>Bad Gateway</html>',
      },
    },
    {
      name: '4xx with JSON that is not an envelope',
      respond: async () => json({ message: 'nope' }, 400),
      expected: { status: 400, code: 'HTTP_ERROR', details: { message: 'nope' } },
    },
    {
      name: '2xx that is not JSON',
      respond: async () => new Response('<!doctype html><title>Sextant</title>', { status: 200 }),
      expected: {
        status: 200,
        code: 'INVALID_RESPONSE',
        message: 'The server sent a response that is not JSON (/api/namespaces)',
      },
    },
    {
      name: '2xx JSON that breaks the contract',
      respond: async () => json([{ name: 'bookinfo' }]),
      expected: {
        status: 200,
        code: 'INVALID_RESPONSE',
        message: 'The server sent an unexpected response (/api/namespaces)',
      },
    },
  ])('$name becomes an ApiError', async ({ respond, expected }) => {
    const { fn } = fakeFetch(respond);
    const error = await failure(createApiClient(fn).request('/api/namespaces', namespaceListSchema));
    expect(error).toMatchObject(expected);
  });

  it('lets an abort through untouched so React Query can cancel', async () => {
    const { fn } = fakeFetch(() => Promise.reject(new DOMException('aborted', 'AbortError')));
    await expect(createApiClient(fn).request('/api/namespaces', namespaceListSchema)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('shouldRetry', () => {
  const err = (status: number) => new ApiError({ status, code: 'X', message: 'x' });
  it.each([
    ['network error, first failure', 0, err(0), true],
    ['503, second failure', 1, err(503), true],
    ['503, third failure', 2, err(503), false],
    ['404', 0, err(404), false],
    ['403', 0, err(403), false],
    ['unknown error', 0, new Error('x'), true],
  ])('%s', (_name, failureCount, error, expected) => {
    expect(shouldRetry(failureCount, error)).toBe(expected);
  });
});

describe('cluster freshness', () => {
  const withHeaders = (status: number, headers: Record<string, string>, body: unknown = NAMESPACES) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  const STALE = {
    'sextant-stale-since': '2026-12-04T18:00:00.000Z',
    'sextant-stale-reason': 'connect ECONNREFUSED 127.0.0.1:6443',
  };

  it('follows the marker of the latest answer, error or not, and tells its subscribers once per change', async () => {
    const store = createFreshnessStore();
    let notified = 0;
    store.subscribe(() => notified++);
    let next = withHeaders(200, STALE);
    const client = createApiClient(fakeFetch(async () => next).fn, store);

    await client.request('/api/namespaces', namespaceListSchema);
    expect(store.get()).toEqual({
      since: Date.parse('2026-12-04T18:00:00Z'),
      reason: 'connect ECONNREFUSED 127.0.0.1:6443',
    });
    next = withHeaders(503, STALE, {
      error: { code: 'UPSTREAM_UNAVAILABLE', message: 'Kubernetes is down' },
    });
    await expect(client.request('/api/namespaces', namespaceListSchema)).rejects.toBeInstanceOf(ApiError);
    expect(store.get()?.since).toBe(Date.parse('2026-12-04T18:00:00Z'));
    expect(notified).toBe(1);

    next = withHeaders(200, {});
    await client.request('/api/namespaces', namespaceListSchema);
    expect(store.get()).toBeUndefined();
    expect(notified).toBe(2);
  });

  it('ignores a marker that is not a time', async () => {
    const store = createFreshnessStore();
    const client = createApiClient(
      fakeFetch(async () => withHeaders(200, { 'sextant-stale-since': 'yesterday' })).fn,
      store,
    );
    await client.request('/api/namespaces', namespaceListSchema);
    expect(store.get()).toBeUndefined();
  });
});
