import { vi } from 'vitest';

export interface FakeRequest {
  method: string;
  path: string;
  search: string;
  body: unknown;
}

export interface FakeAnswer {
  status?: number;
  body: unknown;
}

type Route = FakeAnswer | ((request: FakeRequest) => FakeAnswer);

/**
 * Stands in for the Sextant server behind the app's one fetch wrapper: `routes` maps
 * `"METHOD /path"` to an answer (or a function of the request); anything else is the server's 404.
 * Routes can be swapped mid-test (`server.routes[...] = ...`) to end a session.
 */
export function installFakeServer(routes: Record<string, Route>) {
  const calls: FakeRequest[] = [];
  const fetchMock = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input), 'http://sextant.test');
    const request: FakeRequest = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      search: url.search,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(request);
    const route = routes[`${request.method} ${request.path}`];
    const answer: FakeAnswer =
      route === undefined
        ? {
            status: 404,
            body: { error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${request.path}` } },
          }
        : typeof route === 'function'
          ? route(request)
          : route;
    return new Response(JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { routes, calls };
}

export const unauthenticated = (message = 'Your session has expired: sign in again'): FakeAnswer => ({
  status: 401,
  body: { error: { code: 'UNAUTHENTICATED', message } },
});
