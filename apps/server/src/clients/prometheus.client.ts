import type { PromVectorEntry } from '@sextant/mesh';
import { z } from 'zod';
import { upstreamBadResponse, upstreamTimeout, upstreamUnavailable } from '../errors.ts';

/** One series of a range query: `[unix seconds, "value"]` pairs as Prometheus sends them. */
export interface PromMatrixEntry {
  metric: Readonly<Record<string, string>>;
  values: ReadonlyArray<readonly [number, string]>;
}

export interface QueryOptions {
  /** Aborts the request (e.g. a sibling query of the same graph failed). */
  signal?: AbortSignal;
}

export interface RangeQuery {
  /** Unix seconds. */
  start: number;
  end: number;
  /** Seconds between points. */
  step: number;
}

/**
 * Everything the server asks Prometheus. Failures are AppErrors naming Prometheus: 503 unreachable
 * or starting up, 504 too slow, 502 for any answer that is not a result (including Prometheus'
 * own 4xx for a query it refuses: that is our bug or an incompatible Prometheus, not the user's).
 */
export interface MetricsClient {
  /** Resolves when Prometheus answers `/-/ready` with 200; throws an AppError (502/503/504) otherwise. */
  ping(): Promise<void>;
  /** `/api/v1/query` evaluated at `time` (unix seconds); the instant vector. */
  query(promql: string, time: number, options?: QueryOptions): Promise<PromVectorEntry[]>;
  /** `/api/v1/query_range`; the matrix. */
  queryRange(promql: string, range: RangeQuery, options?: QueryOptions): Promise<PromMatrixEntry[]>;
}

export interface PrometheusClientOptions {
  /** Base URL, possibly with a path prefix, without a trailing slash. */
  baseUrl: string;
  /** For `/-/ready`. */
  timeoutMs?: number;
  /** For queries; also sent to Prometheus as `timeout` so it stops evaluating when we stop waiting. */
  queryTimeoutMs?: number;
  /** Injected so tests need no network. */
  fetch?: typeof fetch;
}

/** Prometheus' error body, sent with 4xx/5xx statuses. */
const errorBodySchema = z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() });

export class PrometheusClient implements MetricsClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly queryTimeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(options: PrometheusClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.queryTimeoutMs = options.queryTimeoutMs ?? 10_000;
    this.fetchFn = options.fetch ?? fetch;
  }

  async ping(): Promise<void> {
    const response = await this.request('/-/ready', this.timeoutMs);
    // Drain the body so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status === 503) {
      throw upstreamUnavailable('prometheus', 'Prometheus is starting up (/-/ready answered 503)');
    }
    if (!response.ok) {
      throw upstreamBadResponse('prometheus', `Prometheus /-/ready answered HTTP ${response.status}`);
    }
  }

  async query(promql: string, time: number, options: QueryOptions = {}): Promise<PromVectorEntry[]> {
    const data = await this.api('/api/v1/query', { query: promql, time: String(time) }, options);
    return checkResult(data, 'vector', 'query') as PromVectorEntry[];
  }

  async queryRange(
    promql: string,
    range: RangeQuery,
    options: QueryOptions = {},
  ): Promise<PromMatrixEntry[]> {
    const data = await this.api(
      '/api/v1/query_range',
      { query: promql, start: String(range.start), end: String(range.end), step: String(range.step) },
      options,
    );
    return checkResult(data, 'matrix', 'query_range') as PromMatrixEntry[];
  }

  /**
   * POST with a form body: Prometheus accepts it on both query endpoints, and a graph of many
   * namespaces makes PromQL longer than some proxies allow in a URL.
   */
  private async api(path: string, params: Record<string, string>, options: QueryOptions): Promise<unknown> {
    const body = new URLSearchParams({ ...params, timeout: `${this.queryTimeoutMs / 1000}s` });
    const response = await this.request(path, this.queryTimeoutMs, {
      method: 'POST',
      body,
      signal: options.signal,
    });
    let json: unknown;
    try {
      json = await response.json();
    } catch (err) {
      if (isAbort(err)) throw this.timeoutOrAbort(err, path, options.signal);
      throw upstreamBadResponse(
        'prometheus',
        `Prometheus ${path} answered HTTP ${response.status} with a body that is not JSON`,
        err,
      );
    }
    if (!response.ok) throw this.errorAnswer(path, response.status, json);
    const success = z.object({ status: z.literal('success'), data: z.unknown() }).safeParse(json);
    if (!success.success) throw upstreamBadResponse('prometheus', `Prometheus ${path} answered without data`);
    return success.data.data;
  }

  /** Prometheus says why in `errorType`; a `timeout` is a timeout however it is sent. */
  private errorAnswer(path: string, status: number, json: unknown): Error {
    const parsed = errorBodySchema.safeParse(json);
    const why = parsed.success
      ? `${parsed.data.errorType}: ${firstLine(parsed.data.error)}`
      : 'no error body';
    const message = `Prometheus ${path} answered HTTP ${status} (${why})`;
    if (parsed.success && parsed.data.errorType === 'timeout') return upstreamTimeout('prometheus', message);
    if (status === 503) return upstreamUnavailable('prometheus', message);
    return upstreamBadResponse('prometheus', message);
  }

  private async request(
    path: string,
    timeoutMs: number,
    init: { method?: string; body?: URLSearchParams; signal?: AbortSignal | undefined } = {},
  ): Promise<Response> {
    const url = `${this.baseUrl}${path}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([timeout, init.signal]) : timeout;
    try {
      return await this.fetchFn(url, {
        method: init.method ?? 'GET',
        ...(init.body ? { body: init.body } : {}),
        signal,
      });
    } catch (err) {
      if (isAbort(err)) throw this.timeoutOrAbort(err, path, init.signal, timeoutMs);
      throw upstreamUnavailable(
        'prometheus',
        `Prometheus is not reachable at ${this.baseUrl}: ${networkReason(err)}`,
        err,
      );
    }
  }

  /** The caller's own abort passes through untouched; anything else that aborted is our timeout. */
  private timeoutOrAbort(
    err: unknown,
    path: string,
    callerSignal: AbortSignal | undefined,
    timeoutMs = this.queryTimeoutMs,
  ): unknown {
    if (callerSignal?.aborted) return err;
    return upstreamTimeout(
      'prometheus',
      `Prometheus did not answer within ${timeoutMs} ms (${this.baseUrl}${path})`,
      err,
    );
  }
}

/**
 * Checks a `data` object of Prometheus' answer in place. Hand-written rather than a zod schema: a
 * 100-namespace graph brings ~25k series of 20 labels, which zod copied in ~300 ms (npm run
 * bench:graph); this walk takes a few.
 */
function checkResult(data: unknown, resultType: 'vector' | 'matrix', endpoint: string): unknown[] {
  const fail = (where: string) =>
    upstreamBadResponse('prometheus', `Prometheus ${endpoint} answer is not as expected: ${where}`);
  if (!isObject(data)) throw fail('data is not an object');
  if (data.resultType !== resultType)
    throw fail(`resultType is ${JSON.stringify(data.resultType)}, expected "${resultType}"`);
  const result = data.result;
  if (!Array.isArray(result)) throw fail('result is not an array');
  for (let i = 0; i < result.length; i++) {
    const entry: unknown = result[i];
    if (!isObject(entry) || !isLabels(entry.metric)) throw fail(`result.${i}.metric is not a label set`);
    if (resultType === 'vector') {
      if (!isSample(entry.value)) throw fail(`result.${i}.value is not [time, "value"]`);
    } else if (!Array.isArray(entry.values) || !entry.values.every(isSample)) {
      throw fail(`result.${i}.values is not a list of [time, "value"]`);
    }
  }
  return result;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isLabels(v: unknown): boolean {
  if (!isObject(v)) return false;
  for (const key in v) if (typeof v[key] !== 'string') return false;
  return true;
}

function isSample(v: unknown): boolean {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'string';
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** undici hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`. */
function networkReason(err: unknown): string {
  const cause = err instanceof Error ? err.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? code : cause.message;
  }
  return err instanceof Error ? err.message : String(err);
}
