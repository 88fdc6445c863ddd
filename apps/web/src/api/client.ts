import { errorEnvelopeSchema } from '@sextant/contracts';
import type { z } from 'zod';
import { ApiError } from './apiError.ts';
import { clusterFreshness, type FreshnessStore } from './clusterFreshness.ts';
import { sessionStore, type SessionStore } from './session.ts';

// Not imported from auth.ts, which imports this module.
const AUTH_ROUTES = '/api/auth/';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Undefined values are left out, so callers can pass optional filters as they are. */
  query?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

export interface ApiClient {
  /** Calls the server and returns the body validated by `schema`; every failure is an ApiError. */
  request<S extends z.ZodType>(path: string, schema: S, options?: RequestOptions): Promise<z.infer<S>>;
}

/**
 * The one place the web app calls fetch (STYLE.md habit 1); `fetchFn` is injected by tests. Every
 * answer, error or not, tells `freshness` whether the server's cluster data is live, and a 401
 * UNAUTHENTICATED tells `session` the session has ended (the auth routes' own 401s excepted: a
 * refused token at sign-in is an answer to show, not an ended session).
 */
export function createApiClient(
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
  freshness: FreshnessStore = clusterFreshness,
  session: SessionStore = sessionStore,
): ApiClient {
  return {
    async request(path, schema, options = {}) {
      const response = await send(fetchFn, withQuery(path, options.query), options);
      freshness.report(response.headers);
      const body = await readJson(response);
      if (!response.ok) {
        const error = errorFromResponse(response, body);
        if (error.code === 'UNAUTHENTICATED' && !path.startsWith(AUTH_ROUTES))
          session.reportUnauthenticated();
        throw error;
      }
      if (!body.ok) {
        throw new ApiError({
          status: response.status,
          code: 'INVALID_RESPONSE',
          message: `The server sent a response that is not JSON (${path})`,
        });
      }
      const parsed = schema.safeParse(body.value);
      if (!parsed.success) {
        throw new ApiError({
          status: response.status,
          code: 'INVALID_RESPONSE',
          message: `The server sent an unexpected response (${path})`,
          details: parsed.error.issues,
        });
      }
      return parsed.data;
    },
  };
}

export const api = createApiClient();

async function send(fetchFn: typeof fetch, url: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    return await fetchFn(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    // React Query cancels superseded requests; it must see its own AbortError, not a failure.
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({
      status: 0,
      code: 'NETWORK_ERROR',
      message: 'Cannot reach the Sextant server',
      details: error instanceof Error ? error.message : String(error),
    });
  }
}

type JsonBody = { ok: true; value: unknown } | { ok: false; text: string };

async function readJson(response: Response): Promise<JsonBody> {
  const text = await response.text().catch(() => '');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, text };
  }
}

function errorFromResponse(response: Response, body: JsonBody): ApiError {
  const envelope = body.ok ? errorEnvelopeSchema.safeParse(body.value) : undefined;
  if (envelope?.success) {
    const { code, message, details, fieldErrors } = envelope.data.error;
    return new ApiError({ status: response.status, code, message, details, fieldErrors });
  }
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  return new ApiError({
    status: response.status,
    code: 'HTTP_ERROR',
    message: `The server answered HTTP ${response.status}${statusText}`,
    details: body.ok ? body.value : body.text.slice(0, 500),
  });
}

function withQuery(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, value);
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}
