import { upstreamBadResponse, upstreamTimeout, upstreamUnavailable } from '../errors.ts';

/** Everything the server asks Prometheus; grows query/queryRange for the graph. */
export interface MetricsClient {
  /** Resolves when Prometheus answers `/-/ready` with 200; throws an AppError (502/503/504) otherwise. */
  ping(): Promise<void>;
}

export interface PrometheusClientOptions {
  /** Base URL, possibly with a path prefix, without a trailing slash. */
  baseUrl: string;
  timeoutMs?: number;
  /** Injected so tests need no network. */
  fetch?: typeof fetch;
}

export class PrometheusClient implements MetricsClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(options: PrometheusClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.fetchFn = options.fetch ?? fetch;
  }

  async ping(): Promise<void> {
    const response = await this.request('/-/ready');
    // Drain the body so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status === 503) {
      throw upstreamUnavailable('prometheus', 'Prometheus is starting up (/-/ready answered 503)');
    }
    if (!response.ok) {
      throw upstreamBadResponse('prometheus', `Prometheus /-/ready answered HTTP ${response.status}`);
    }
  }

  private async request(path: string): Promise<Response> {
    const url = `${this.baseUrl}${path}`;
    try {
      return await this.fetchFn(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
        throw upstreamTimeout(
          'prometheus',
          `Prometheus did not answer within ${this.timeoutMs} ms (${url})`,
          err,
        );
      }
      throw upstreamUnavailable(
        'prometheus',
        `Prometheus is not reachable at ${this.baseUrl}: ${networkReason(err)}`,
        err,
      );
    }
  }
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
