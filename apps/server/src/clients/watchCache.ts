import {
  makeInformer,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { describeError } from '../errors.ts';

/** What readiness and routes need to know about one watch-backed cache. */
export interface CacheStatus {
  /** true once a LIST succeeded and no error has happened since. */
  synced: boolean;
  /** One line about the last failure, cleared when the cache is synced again. */
  lastError: string | undefined;
  /** HTTP status of the last failure when the API server answered (401/403 mean RBAC, not an outage). */
  lastErrorStatus: number | undefined;
}

export interface WatchCacheOptions<T extends KubernetesObject> {
  kubeConfig: KubeConfig;
  /** API path of the collection, e.g. `/api/v1/namespaces`. */
  path: string;
  list: () => Promise<KubernetesListObject<T>>;
  logger: Logger;
  /** First retry delay after an error; doubles up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/**
 * An informer (LIST then WATCH) for one resource type, with the two things client-node's
 * `makeInformer` leaves to the caller: it restarts after an error (the informer stops for good on
 * one), and it reports whether its content can be trusted.
 */
export class WatchCache<T extends KubernetesObject> {
  private readonly informer;
  private readonly logger: Logger;
  private readonly firstRetryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private retryDelayMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private state: CacheStatus = { synced: false, lastError: undefined, lastErrorStatus: undefined };
  private changes = 0;

  constructor(options: WatchCacheOptions<T>) {
    this.logger = options.logger.child({ cache: options.path });
    this.firstRetryDelayMs = options.retryDelayMs ?? 1_000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    this.retryDelayMs = this.firstRetryDelayMs;
    this.informer = makeInformer<T>(options.kubeConfig, options.path, () =>
      this.listAndMarkSynced(options.list),
    );
    this.informer.on('error', (err: unknown) => this.onError(err));
    const changed = () => {
      this.changes++;
    };
    this.informer.on('add', changed);
    this.informer.on('update', changed);
    this.informer.on('delete', changed);
  }

  /** Starts listing and watching in the background; `status()` tells when the content is usable. */
  start(): void {
    this.stopped = false;
    void this.informer.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.informer.stop();
  }

  status(): CacheStatus {
    return { ...this.state };
  }

  list(): readonly T[] {
    return this.informer.list();
  }

  /**
   * Grows with every change to the content (watch events, relists, sync state): equal generations
   * mean an equal `list()`, so derived data can be memoized on it.
   */
  generation(): number {
    return this.changes;
  }

  private async listAndMarkSynced(
    list: () => Promise<KubernetesListObject<T>>,
  ): Promise<KubernetesListObject<T>> {
    const result = await list();
    this.changes++;
    // The informer fills its cache from `result` in the microtasks that follow this return;
    // a macrotask runs after them, so `synced` never reports a cache that is still empty.
    setImmediate(() => {
      if (this.stopped) return;
      if (!this.state.synced) this.logger.info({ items: result.items.length }, 'watch cache synced');
      this.state = { synced: true, lastError: undefined, lastErrorStatus: undefined };
      this.retryDelayMs = this.firstRetryDelayMs;
      this.changes++;
    });
    return result;
  }

  private onError(err: unknown): void {
    // stop() aborts the watch request, which the informer reports as an error: not a failure.
    if (this.stopped) return;
    const status = httpStatusOf(err);
    this.state = { synced: false, lastError: describeKubeError(err, status), lastErrorStatus: status };
    this.changes++;
    this.logger.warn(
      { err: this.state.lastError, retryInMs: this.retryDelayMs },
      'watch cache failed; retrying',
    );
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) void this.informer.start();
    }, this.retryDelayMs);
    this.retryTimer.unref();
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.maxRetryDelayMs);
  }
}

/** LIST failures carry `code` (ApiException), WATCH failures `statusCode`. */
function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, statusCode } = err as { code?: unknown; statusCode?: unknown };
  if (typeof statusCode === 'number') return statusCode;
  if (typeof code === 'number') return code;
  return undefined;
}

/** ApiException messages span several lines with headers; keep the status and the Status message. */
function describeKubeError(err: unknown, status: number | undefined): string {
  if (status === undefined) {
    // node-fetch: "request to <url with query> failed, reason: connect ECONNREFUSED 10.0.0.1:6443".
    const described = describeError(err);
    return /, reason: (.+)$/.exec(described)?.[1] ?? described;
  }
  const body = (err as { body?: unknown }).body;
  const parsed = typeof body === 'string' ? safeJsonParse(body) : body;
  const message =
    typeof parsed === 'object' &&
    parsed !== null &&
    typeof (parsed as { message?: unknown }).message === 'string'
      ? (parsed as { message: string }).message
      : undefined;
  return `Kubernetes API answered HTTP ${status}${message ? `: ${message}` : ''}`;
}

function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
