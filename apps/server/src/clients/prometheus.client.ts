import { readFileSync } from 'node:fs';
import type { PromVectorEntry } from '@sextant/mesh';
import { Agent, fetch as undiciFetch } from 'undici';
import { z } from 'zod';
import { upstreamBadResponse, upstreamTimeout, upstreamUnavailable } from '../errors.ts';
import { FileSecret } from './fileSecret.ts';

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
  /** Injected so tests need no network; replaces the TLS options (`caFile`, `insecureSkipVerify`). */
  fetch?: typeof fetch;
  /** Credentials, headers and TLS; the names follow the settings (PROMETHEUS_BEARER_TOKEN_FILE...). */
  connection?: PrometheusConnectionOptions;
}

/**
 * How to authenticate to Prometheus and trust its certificate. The files are read when the client
 * is built (an unreadable one throws an Error whose message starts with the setting's name); the
 * token and password files again whenever they change.
 */
export interface PrometheusConnectionOptions {
  bearerTokenFile?: string | undefined;
  basicAuth?:
    { username: string; password?: string | undefined; passwordFile?: string | undefined } | undefined;
  headers?: ReadonlyArray<readonly [string, string]>;
  /** PEM file of the CA(s) to trust instead of the system's. */
  caFile?: string | undefined;
  insecureSkipVerify?: boolean;
  /** How often the token or password file is looked at for a change; default 5 s. */
  secretRecheckMs?: number;
  now?: () => number;
}

/** Builds the headers of each request; secrets read from files are re-read when the files change. */
class Credentials {
  private readonly token: FileSecret | undefined;
  private readonly username: string | undefined;
  private readonly password: FileSecret | string | undefined;
  private readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The settings to check when Prometheus refuses the request. */
  readonly hint: string;

  constructor(options: PrometheusConnectionOptions) {
    const secretOptions = { recheckMs: options.secretRecheckMs, now: options.now };
    this.token =
      options.bearerTokenFile === undefined
        ? undefined
        : new FileSecret(options.bearerTokenFile, {
            setting: 'PROMETHEUS_BEARER_TOKEN_FILE',
            ...secretOptions,
          });
    const basic = options.basicAuth;
    this.username = basic?.username;
    this.password =
      basic?.passwordFile !== undefined
        ? new FileSecret(basic.passwordFile, { setting: 'PROMETHEUS_PASSWORD_FILE', ...secretOptions })
        : basic?.password;
    this.headers = options.headers ?? [];
    const names = this.headers.map(([name]) => name);
    const headerHint = names.length > 0 ? ` and PROMETHEUS_HEADERS (${names.join(', ')})` : '';
    if (this.token !== undefined) {
      this.hint = `check PROMETHEUS_BEARER_TOKEN_FILE (${this.token.path})${headerHint}`;
    } else if (basic !== undefined) {
      const password = basic.passwordFile !== undefined ? 'PROMETHEUS_PASSWORD_FILE' : 'PROMETHEUS_PASSWORD';
      this.hint = `check PROMETHEUS_USERNAME and ${password}${headerHint}`;
    } else if (names.length > 0) {
      this.hint = `check PROMETHEUS_HEADERS (${names.join(', ')})`;
    } else {
      this.hint =
        'Sextant sent no credentials: set PROMETHEUS_BEARER_TOKEN_FILE, PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD_FILE, or PROMETHEUS_HEADERS';
    }
  }

  async forRequest(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [name, value] of this.headers) out[name] = value;
    if (this.token !== undefined) {
      out.Authorization = `Bearer ${await this.token.value()}`;
    } else if (this.username !== undefined) {
      const password = typeof this.password === 'string' ? this.password : await this.password?.value();
      out.Authorization = `Basic ${Buffer.from(`${this.username}:${password ?? ''}`).toString('base64')}`;
    }
    return out;
  }

  /** After a 401: true when a secret file changed since it was last read, so a retry may pass. */
  async refreshed(): Promise<boolean> {
    const secret = this.token ?? (this.password instanceof FileSecret ? this.password : undefined);
    return secret === undefined ? false : secret.refresh();
  }
}

/** fetch through an undici Agent that trusts the given CA, or nothing at all. */
function tlsFetch(options: PrometheusConnectionOptions): typeof fetch {
  let ca: string | undefined;
  if (options.caFile !== undefined) {
    try {
      ca = readFileSync(options.caFile, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new Error(`PROMETHEUS_CA_FILE: cannot read ${options.caFile} (${code ?? String(err)})`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
      throw new Error(`PROMETHEUS_CA_FILE: ${options.caFile} holds no PEM certificate`);
    }
  }
  const dispatcher = new Agent({
    connect: { ...(ca !== undefined ? { ca } : {}), rejectUnauthorized: options.insecureSkipVerify !== true },
  });
  // undici's own fetch: Node's built-in one bundles another undici version whose dispatcher API differs.
  return ((input: string, init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher })) as unknown as typeof fetch;
}

/** Prometheus' error body, sent with 4xx/5xx statuses. */
const errorBodySchema = z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() });

export class PrometheusClient implements MetricsClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly queryTimeoutMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly credentials: Credentials;

  /** Throws an Error naming the setting when a token, password or CA file cannot be read. */
  constructor(options: PrometheusClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.queryTimeoutMs = options.queryTimeoutMs ?? 10_000;
    const connection = options.connection ?? {};
    this.credentials = new Credentials(connection);
    this.fetchFn = options.fetch ?? tlsFetch(connection);
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

  /**
   * Every call goes through here, so every request carries the credentials. A 401 or 403 is a
   * setting to fix, whatever the endpoint: it becomes a 502 naming the settings to check. After a
   * 401 the token (or password) file is looked at at once, and the request retried if it changed.
   */
  private async request(
    path: string,
    timeoutMs: number,
    init: { method?: string; body?: URLSearchParams; signal?: AbortSignal | undefined } = {},
  ): Promise<Response> {
    let response = await this.send(path, timeoutMs, init);
    if (response.status === 401 && (await this.credentials.refreshed())) {
      await response.arrayBuffer().catch(() => undefined);
      response = await this.send(path, timeoutMs, init);
    }
    if (response.status === 401 || response.status === 403) {
      const body = await response.text().catch(() => '');
      throw this.refused(path, response.status, body);
    }
    return response;
  }

  private async send(
    path: string,
    timeoutMs: number,
    init: { method?: string; body?: URLSearchParams; signal?: AbortSignal | undefined },
  ): Promise<Response> {
    const url = `${this.baseUrl}${path}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([timeout, init.signal]) : timeout;
    const headers = await this.credentials.forRequest();
    try {
      // Reading a secret file may have taken long enough for the caller to give up.
      signal.throwIfAborted();
      return await this.fetchFn(url, {
        method: init.method ?? 'GET',
        headers,
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

  private refused(path: string, status: 401 | 403, body: string): Error {
    const said = firstLine(body.trim());
    const answer = `HTTP ${status}${said === '' ? '' : `: ${said}`}`;
    const what =
      status === 401
        ? "Prometheus refused Sextant's credentials"
        : 'Prometheus (or the proxy in front of it) denied Sextant access';
    return upstreamBadResponse('prometheus', `${what} at ${path} (${answer}); ${this.credentials.hint}`);
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
    if (typeof code !== 'string') return cause.message;
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
      return `${code}: its TLS certificate is not for this host name`;
    return isCertificateError(code)
      ? `${code}: its TLS certificate is not trusted (set PROMETHEUS_CA_FILE to the CA that signed it)`
      : code;
  }
  return err instanceof Error ? err.message : String(err);
}

/** OpenSSL's verification codes (SELF_SIGNED_CERT_IN_CHAIN, CERT_HAS_EXPIRED...) and Node's name check. */
function isCertificateError(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code);
}
