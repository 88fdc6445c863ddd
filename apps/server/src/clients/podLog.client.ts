import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { unauthenticated, type AppError } from '../errors.ts';
import { fromKubeStatus, kubeStatusSchema, toKubeAppError } from './kubeErrors.ts';

/** What `kubectl logs` would ask for; lines always come with the kubelet's timestamps. */
export interface PodLogRequest {
  container?: string | undefined;
  tailLines?: number | undefined;
  sinceSeconds?: number | undefined;
}

/** A container's stdout through the API server's `pods/{name}/log` (the `pods/log` subresource in RBAC). */
export interface PodLogApi {
  /** The log as it is now, each line prefixed with its RFC 3339 timestamp and a space. */
  readPodLog(namespace: string, pod: string, request: PodLogRequest): Promise<string>;
  /**
   * `follow=true`: text chunks (timestamped lines, split anywhere) as the container writes them,
   * until the API server ends the stream or `signal` aborts, which closes the upstream request.
   * Rejects, before any chunk, with an AppError when Kubernetes refuses (400, 403, 404...).
   */
  followPodLog(
    namespace: string,
    pod: string,
    request: PodLogRequest,
    signal: AbortSignal,
  ): Promise<AsyncIterable<string>>;
}

export interface PodLogStreamOptions {
  requestTimeoutMs: number;
  credentials: 'server' | 'user';
}

/**
 * `GET .../pods/{pod}/log?follow=true` as a stream. client-node's `Log` class hides the API
 * server's Status on a refusal (every failure becomes "Error occurred in log request") and drops
 * `tailLines=0`, so the request is made here with the kubeconfig's credentials and TLS settings.
 */
export async function openPodLogStream(
  kubeConfig: KubeConfig,
  namespace: string,
  pod: string,
  request: PodLogRequest,
  signal: AbortSignal,
  options: PodLogStreamOptions,
): Promise<AsyncIterable<string>> {
  const what = `follow the log of pod ${namespace}/${pod}`;
  const cluster = kubeConfig.getCurrentCluster();
  const url = new URL(
    `${cluster?.server ?? ''}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`,
  );
  for (const [key, value] of Object.entries({ follow: true, timestamps: true, ...podLogQuery(request) }))
    url.searchParams.set(key, String(value));
  const requestOptions: RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(requestOptions);
  // Only the wait for the answer is bounded; the stream itself lasts as long as the browser stays.
  const answered = new AbortController();
  const timer = setTimeout(
    () => answered.abort(new DOMException('timeout', 'TimeoutError')),
    options.requestTimeoutMs,
  );
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const expired = (): AppError =>
    unauthenticated(
      'Kubernetes no longer accepts your credentials (they expired or were revoked): sign in again',
      { upstream: 'kubernetes' },
    );
  let response: IncomingMessage;
  try {
    response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(
        url,
        { ...requestOptions, method: 'GET', signal: AbortSignal.any([signal, answered.signal]) },
        resolve,
      );
      req.once('error', reject);
      req.end();
    });
  } catch (err) {
    throw toKubeAppError(err, what, options.requestTimeoutMs);
  } finally {
    clearTimeout(timer);
  }
  if (response.statusCode !== 200) {
    const body = await readAll(response).catch(() => '');
    const parsed = kubeStatusSchema.safeParse(safeJson(body));
    const code = response.statusCode ?? 502;
    if (code === 401 && options.credentials === 'user') throw expired();
    throw fromKubeStatus(code, parsed.success ? parsed.data : undefined, what);
  }
  signal.addEventListener('abort', () => response.destroy(), { once: true });
  response.setEncoding('utf8');
  return (async function* () {
    try {
      for await (const chunk of response) yield chunk as string;
    } catch (err) {
      // The browser leaving aborts the request: that is the end, not a failure.
      if (!signal.aborted) throw toKubeAppError(err, what, 0);
    }
  })();
}

/** The query parameters of a log request, those set. */
export function podLogQuery(request: PodLogRequest): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (request.container !== undefined) out.container = request.container;
  if (request.tailLines !== undefined) out.tailLines = request.tailLines;
  if (request.sinceSeconds !== undefined) out.sinceSeconds = request.sinceSeconds;
  return out;
}

async function readAll(stream: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
