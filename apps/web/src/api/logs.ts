import {
  errorEnvelopeSchema,
  logLineSchema,
  podLogsSchema,
  workloadPodsSchema,
  type LogLine,
} from '@sextant/contracts';
import { queryOptions } from '@tanstack/react-query';
import { ApiError } from './apiError.ts';
import { api, type ApiClient } from './client.ts';
import { sessionStore, type SessionStore } from './session.ts';

/** Every logs query key starts with `logKeys.all`. */
export const logKeys = {
  all: ['logs'] as const,
  pods: (namespace: string, workload: string) => [...logKeys.all, 'pods', namespace, workload] as const,
  snapshot: (namespace: string, pod: string, params: PodLogParams) =>
    [...logKeys.all, 'snapshot', namespace, pod, params] as const,
};

/** Pods come and go with rollouts: the picker follows them. */
const PODS_REFRESH_MS = 10_000;

export interface PodLogParams {
  container: string;
  tailLines: number;
  /** Undefined: from the start of what the kubelet kept. */
  sinceSeconds?: number | undefined;
}

const ns = (namespace: string) => `/api/namespaces/${encodeURIComponent(namespace)}`;
const logsPath = (namespace: string, pod: string) => `${ns(namespace)}/pods/${encodeURIComponent(pod)}/logs`;

function logsQuery(params: PodLogParams, follow: boolean): Record<string, string | undefined> {
  return {
    container: params.container,
    tailLines: String(params.tailLines),
    sinceSeconds: params.sinceSeconds === undefined ? undefined : String(params.sinceSeconds),
    ...(follow ? { follow: 'true' } : {}),
  };
}

/** The pods of a workload with their containers, for the logs' pod and container pickers. */
export function workloadPodsQuery(namespace: string, workload: string, client: ApiClient = api) {
  return queryOptions({
    queryKey: logKeys.pods(namespace, workload),
    queryFn: ({ signal }) =>
      client.request(`${ns(namespace)}/workloads/${encodeURIComponent(workload)}/pods`, workloadPodsSchema, {
        signal,
      }),
    refetchInterval: PODS_REFRESH_MS,
  });
}

/** A container's log as it is now (not following). */
export function podLogsQuery(namespace: string, pod: string, params: PodLogParams, client: ApiClient = api) {
  return queryOptions({
    queryKey: logKeys.snapshot(namespace, pod, params),
    queryFn: ({ signal }) =>
      client.request(logsPath(namespace, pod), podLogsSchema, { signal, query: logsQuery(params, false) }),
    // A log is read once; "Refresh" or "Follow" get newer lines.
    staleTime: Infinity,
  });
}

export interface FollowHandlers {
  /** The server accepted: lines follow. */
  onOpen?(): void;
  /** Lines as they arrive, a batch per network chunk. */
  onLines(lines: LogLine[]): void;
}

/**
 * Follows a container's log: the server's NDJSON stream read with fetch, one `LogLine` a line,
 * until `signal` aborts (which closes the server's request to Kubernetes too) or the stream ends.
 * Rejects with an ApiError when the server refuses or the stream breaks; resolves when it ends.
 */
export async function followPodLogs(
  namespace: string,
  pod: string,
  params: PodLogParams,
  handlers: FollowHandlers,
  signal: AbortSignal,
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
  session: SessionStore = sessionStore,
): Promise<void> {
  const search = new URLSearchParams(
    Object.entries(logsQuery(params, true)).filter((e): e is [string, string] => e[1] !== undefined),
  );
  let response: Response;
  try {
    response = await fetchFn(`${logsPath(namespace, pod)}?${search}`, {
      headers: { accept: 'application/x-ndjson' },
      signal,
    });
  } catch (error) {
    if (signal.aborted) return;
    throw new ApiError({
      status: 0,
      code: 'NETWORK_ERROR',
      message: 'Cannot reach the Sextant server',
      details: error instanceof Error ? error.message : String(error),
    });
  }
  if (!response.ok || !response.body) throw await errorOf(response, session);
  handlers.onOpen?.();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      pending += value;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      const lines: LogLine[] = [];
      for (const part of parts) {
        if (part === '') continue;
        const json: unknown = JSON.parse(part);
        const line = logLineSchema.safeParse(json);
        if (line.success) lines.push(line.data);
        else {
          // The server's last word when Kubernetes broke the stream mid-way.
          const failure = errorEnvelopeSchema.safeParse(json);
          if (lines.length > 0) handlers.onLines(lines);
          throw new ApiError({
            status: 502,
            code: failure.success ? failure.data.error.code : 'INVALID_RESPONSE',
            message: failure.success ? failure.data.error.message : 'The server sent an unexpected log line',
          });
        }
      }
      if (lines.length > 0) handlers.onLines(lines);
    }
  } catch (error) {
    if (signal.aborted) return;
    if (error instanceof ApiError) throw error;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'The log stream from the server broke' });
  }
}

async function errorOf(response: Response, session: SessionStore): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const envelope = errorEnvelopeSchema.safeParse(body);
  if (!envelope.success)
    return new ApiError({
      status: response.status,
      code: 'HTTP_ERROR',
      message: `The server answered HTTP ${response.status}`,
    });
  const { code, message, details, fieldErrors } = envelope.data.error;
  if (code === 'UNAUTHENTICATED') session.reportUnauthenticated();
  return new ApiError({ status: response.status, code, message, details, fieldErrors });
}
