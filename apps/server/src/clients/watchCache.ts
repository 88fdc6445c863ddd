import {
  Watch,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { describeError } from '../errors.ts';

/** What readiness and routes need to know about one watch-backed cache. */
export interface CacheStatus {
  /** true while the content is complete and live: a LIST succeeded and its watch has not broken since. */
  synced: boolean;
  /**
   * true while the content may be served: synced, or a LIST succeeded and the watch broke less than
   * `maxStaleMs` ago (the content is then stale, see `staleSince`). Never after a 401/403.
   */
  usable: boolean;
  /** When the content stopped being live (epoch ms); undefined while synced or before the first LIST. */
  staleSince: number | undefined;
  /** When the cache stopped being synced, or started without being synced yet (epoch ms); undefined while synced. */
  unsyncedSince: number | undefined;
  /** One line about the last failure, cleared when the cache is synced again. */
  lastError: string | undefined;
  /** HTTP status of the last failure when the API server answered (401/403 mean RBAC, not an outage). */
  lastErrorStatus: number | undefined;
}

/** The part of client-node's `Watch` the cache uses; tests may pass their own. */
export interface Watcher {
  watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController>;
}

/**
 * What happened to a cache: one object from the watch, or a whole new LIST (at start and after
 * every gap, when events may have been missed: a listener compares it with what it knew).
 */
export type CacheEvent<T> =
  { type: 'upsert' | 'delete'; object: T } | { type: 'relisted'; objects: readonly T[] };

export interface WatchCacheOptions<T extends KubernetesObject> {
  kubeConfig: KubeConfig;
  /** API path of the collection, e.g. `/api/v1/namespaces`. */
  path: string;
  /** LISTs the collection; `signal` aborts a LIST that takes longer than `listTimeoutMs`. */
  list: (signal: AbortSignal) => Promise<KubernetesListObject<T>>;
  logger: Logger;
  /** First retry delay after an error; doubles (with jitter) up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** How long stale content may still be served after the watch broke; default 5 min. */
  maxStaleMs?: number;
  /** Server-side watch timeout, picked per watch in [min, 2 x min) like client-go; default 300 s. */
  watchTimeoutSeconds?: number;
  /** A watch that delivers nothing (no event, no bookmark) for this long is dead; default timeout + 30 s. */
  watchIdleMs?: number;
  listTimeoutMs?: number;
  now?: () => number;
  random?: () => number;
  watcher?: Watcher;
}

/** Thrown inside the loop to leave a watch: the API server said 410 Gone, or the watch went silent. */
class WatchEnded extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
  }
}

/**
 * A reflector (LIST, then WATCH from the list's resourceVersion) for one resource type that always
 * recovers: after any failure (a watch error, 410 Gone, a dropped or silent connection, a failed
 * LIST) it LISTs again and re-watches, with backoff, until it is synced again. client-node's
 * informer resumes a broken watch from its old resourceVersion without a new LIST and never says
 * it is synced again, so an API server restart left its caches unusable for good.
 *
 * While it re-lists, the last content stays readable for `maxStaleMs`, marked stale since the
 * moment the watch broke (`status().staleSince`), so responses can say how old their data may be.
 */
export class WatchCache<T extends KubernetesObject> {
  private readonly logger: Logger;
  private readonly options: WatchCacheOptions<T>;
  private readonly watcher: Watcher;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly firstRetryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly maxStaleMs: number;
  private objects = new Map<string, T>();
  private listed: T[] | undefined;
  private resourceVersion: string | undefined;
  private synced = false;
  private hasListed = false;
  private staleSince: number | undefined;
  private unsyncedSince: number;
  private lastError: string | undefined;
  private lastErrorStatus: number | undefined;
  private changes = 0;
  private running = false;
  private stopped = true;
  /** Ends the current wait (LIST, watch or backoff) early; set while one is in progress. */
  private interrupt: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private readonly listeners = new Set<(event: CacheEvent<T>) => void>();

  constructor(options: WatchCacheOptions<T>) {
    this.options = options;
    this.logger = options.logger.child({ cache: options.path });
    this.watcher = options.watcher ?? new Watch(options.kubeConfig);
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.firstRetryDelayMs = options.retryDelayMs ?? 1_000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    this.maxStaleMs = options.maxStaleMs ?? 5 * 60_000;
    this.unsyncedSince = this.now();
  }

  /** Starts listing and watching in the background; `status()` tells when the content is usable. */
  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = true;
    this.loop = this.run().finally(() => {
      this.running = false;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.interrupt?.();
    await this.loop;
  }

  status(): CacheStatus {
    const rbac = this.lastErrorStatus === 401 || this.lastErrorStatus === 403;
    const staleFor = this.staleSince === undefined ? undefined : this.now() - this.staleSince;
    return {
      synced: this.synced,
      usable: this.synced || (!rbac && staleFor !== undefined && staleFor <= this.maxStaleMs),
      staleSince: this.synced ? undefined : this.staleSince,
      unsyncedSince: this.synced ? undefined : this.unsyncedSince,
      lastError: this.lastError,
      lastErrorStatus: this.lastErrorStatus,
    };
  }

  /** Calls `listener` after each change to the content; returns the unsubscribe. */
  subscribe(listener: (event: CacheEvent<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: CacheEvent<T>): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.logger.warn({ err: describeError(err) }, 'a cache listener failed');
      }
    }
  }

  list(): readonly T[] {
    this.listed ??= [...this.objects.values()];
    return this.listed;
  }

  /**
   * Grows with every change to the content (watch events, relists, sync state): equal generations
   * mean an equal `list()` and `status()` (but for the passing of time), so derived data can be
   * memoized on it.
   */
  generation(): number {
    return this.changes;
  }

  private async run(): Promise<void> {
    let delay = this.firstRetryDelayMs;
    while (!this.stopped) {
      try {
        if (this.resourceVersion === undefined) await this.relist();
        const started = this.now();
        const received = await this.watchOnce();
        // A watch the server ends (its timeout) is resumed from the last resourceVersion, as
        // client-go does; one that ends at once with nothing in it is a failure in disguise.
        if (received === 0 && this.now() - started < 1_000)
          throw new WatchEnded('the API server closed the watch at once');
        delay = this.firstRetryDelayMs;
      } catch (err) {
        if (this.stopped) break;
        const gone = httpStatusOf(err) === 410;
        this.fail(err);
        this.resourceVersion = undefined;
        // 410 Gone only says our resourceVersion is too old: list again at once, once.
        const wait = gone && delay === this.firstRetryDelayMs ? 0 : delay;
        if (!gone || wait > 0) delay = Math.min(delay * 2, this.maxRetryDelayMs);
        await this.sleep(wait * (0.8 + 0.4 * this.random()));
      }
    }
  }

  private async relist(): Promise<void> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.listTimeoutMs ?? 60_000);
    this.interrupt = () => controller.abort();
    let result: KubernetesListObject<T>;
    try {
      result = await this.options.list(controller.signal);
    } finally {
      clearTimeout(timer);
      this.interrupt = undefined;
    }
    if (this.stopped) return;
    const objects = new Map<string, T>();
    for (const item of result.items ?? []) objects.set(keyOf(item), item);
    this.objects = objects;
    this.resourceVersion = result.metadata?.resourceVersion ?? '';
    const wasSynced = this.synced;
    this.synced = true;
    this.hasListed = true;
    this.staleSince = undefined;
    this.lastError = undefined;
    this.lastErrorStatus = undefined;
    this.changed();
    if (!wasSynced) this.logger.info({ items: objects.size }, 'watch cache synced');
    this.emit({ type: 'relisted', objects: [...objects.values()] });
  }

  /** One WATCH from `resourceVersion`, until the server ends it (resolves: events seen) or it fails. */
  private watchOnce(): Promise<number> {
    const minTimeout = this.options.watchTimeoutSeconds ?? 300;
    const timeoutSeconds = Math.floor(minTimeout * (1 + this.random()));
    const idleMs = this.options.watchIdleMs ?? (timeoutSeconds + 30) * 1000;
    return new Promise<number>((resolve, reject) => {
      let received = 0;
      let settled = false;
      let controller: AbortController | undefined;
      let idle: NodeJS.Timeout | undefined;
      const finish = (err?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(idle);
        this.interrupt = undefined;
        controller?.abort();
        if (err === undefined || err === null) resolve(received);
        else reject(err);
      };
      const armIdle = (): void => {
        clearTimeout(idle);
        idle = setTimeout(
          () => finish(new WatchEnded(`the watch was silent for ${Math.round(idleMs / 1000)} s`)),
          idleMs,
        );
        idle.unref();
      };
      this.interrupt = () => finish();
      armIdle();
      const onEvent = (phase: string, object: unknown): void => {
        if (settled) return;
        received++;
        armIdle();
        try {
          this.apply(phase, object);
        } catch (err) {
          finish(err);
        }
      };
      this.watcher
        .watch(
          this.options.path,
          { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
          onEvent,
          (err) => finish(err ?? undefined),
        )
        .then(
          (c) => {
            controller = c;
            if (settled) c.abort();
          },
          (err: unknown) => finish(err),
        );
    });
  }

  private apply(phase: string, raw: unknown): void {
    const object = raw as T & { code?: unknown; message?: unknown };
    switch (phase) {
      case 'ADDED':
      case 'MODIFIED':
        this.objects.set(keyOf(object), object);
        this.changed();
        this.emit({ type: 'upsert', object });
        break;
      case 'DELETED':
        this.objects.delete(keyOf(object));
        this.changed();
        this.emit({ type: 'delete', object });
        break;
      case 'BOOKMARK':
        break;
      case 'ERROR': {
        const code = typeof object.code === 'number' ? object.code : undefined;
        const message = typeof object.message === 'string' ? object.message : 'watch error';
        throw new WatchEnded(message, code);
      }
      default:
        return;
    }
    const version = object.metadata?.resourceVersion;
    if (version) this.resourceVersion = version;
  }

  private fail(err: unknown): void {
    const status = httpStatusOf(err);
    const description = describeKubeError(err, status);
    const wasSynced = this.synced;
    if (wasSynced) {
      this.synced = false;
      this.unsyncedSince = this.now();
      this.staleSince = this.unsyncedSince;
    } else if (this.hasListed && this.staleSince === undefined) {
      this.staleSince = this.now();
    }
    const changed = wasSynced || description !== this.lastError || status !== this.lastErrorStatus;
    this.lastError = description;
    this.lastErrorStatus = status;
    if (changed) this.changed();
    this.logger.warn({ err: description, wasSynced }, 'watch cache failed; listing again');
  }

  private changed(): void {
    this.changes++;
    this.listed = undefined;
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.interrupt = () => {
        this.interrupt = undefined;
        done();
      };
    });
  }
}

const keyOf = (object: KubernetesObject): string =>
  `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;

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
  if (err instanceof WatchEnded)
    return status === undefined ? err.message : `Kubernetes API answered HTTP ${status}: ${err.message}`;
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
