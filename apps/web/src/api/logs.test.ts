import type { LogLine } from '@sextant/contracts';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './apiError.ts';
import { followPodLogs } from './logs.ts';
import type { SessionStore } from './session.ts';

const PARAMS = { container: 'istio-proxy', tailLines: 10 };

/** A response whose body arrives in these chunks. */
function streamed(chunks: string[], status = 200): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
      controller.close();
    },
  });
  return new Response(body, { status, headers: { 'content-type': 'application/x-ndjson' } });
}

const session = (): SessionStore & { ended: number } => {
  const s = { ended: 0, reportUnauthenticated: () => void s.ended++ };
  return s as unknown as SessionStore & { ended: number };
};

async function follow(response: Response | Error) {
  const lines: LogLine[] = [];
  const fetchFn = vi.fn(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  const store = session();
  const result = followPodLogs(
    'bookinfo',
    'reviews-v1-x',
    PARAMS,
    { onLines: (l) => lines.push(...l) },
    new AbortController().signal,
    fetchFn as unknown as typeof fetch,
    store,
  );
  return { result, lines, fetchFn, store };
}

describe('followPodLogs', () => {
  it('asks for follow=true and hands over NDJSON lines split anywhere', async () => {
    const { result, lines, fetchFn } = await follow(
      streamed(['{"time":"t1","text":"a"}\n{"time":"t2",', '"text":"b"}\n', '{"time":"t3","text":"c"}\n']),
    );
    await result;
    expect(lines.map((l) => l.text)).toEqual(['a', 'b', 'c']);
    expect(String((fetchFn.mock.calls[0] as unknown[])[0])).toBe(
      '/api/namespaces/bookinfo/pods/reviews-v1-x/logs?container=istio-proxy&tailLines=10&follow=true',
    );
  });

  it.each([
    {
      name: 'a refusal with an envelope',
      response: new Response(
        JSON.stringify({ error: { code: 'NOT_FOUND', message: 'pods "x" not found' } }),
        {
          status: 404,
        },
      ),
      expected: { status: 404, code: 'NOT_FOUND', message: 'pods "x" not found' },
    },
    {
      name: 'a proxy page without one',
      response: new Response('<html>bad gateway</html>', { status: 502 }),
      expected: { status: 502, code: 'HTTP_ERROR' },
    },
    {
      name: 'the server unreachable',
      response: new TypeError('fetch failed'),
      expected: { status: 0, code: 'NETWORK_ERROR' },
    },
    {
      name: 'the stream breaking mid-way (the server says so in its last line)',
      response: streamed([
        '{"time":"t1","text":"a"}\n{"error":{"code":"UPSTREAM_UNAVAILABLE","message":"the log stream from Kubernetes broke"}}\n',
      ]),
      expected: { code: 'UPSTREAM_UNAVAILABLE', message: 'the log stream from Kubernetes broke' },
    },
  ])('rejects with an ApiError for $name', async ({ response, expected }) => {
    const { result } = await follow(response);
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject(expected);
  });

  it('tells the session store when the session has ended', async () => {
    const { result, store } = await follow(
      new Response(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'sign in again' } }), {
        status: 401,
      }),
    );
    await result.catch(() => undefined);
    expect(store.ended).toBe(1);
  });
});
