import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoreV1Api, KubeConfig, type V1Namespace } from '@kubernetes/client-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../testing/fakes.ts';
import { SYNCED_STATUS } from './kube.client.ts';
import { WatchCache, type WatchCacheOptions } from './watchCache.ts';

/**
 * A minimal Kubernetes API for one collection: LIST answers with `listStatus` and `items`;
 * WATCH keeps the stream open so the test can push events.
 */
class FakeApiServer {
  listStatus = 200;
  items: V1Namespace[] = [];
  listRv = '10';
  lists = 0;
  /** The query of every WATCH, in order. */
  watches: URLSearchParams[] = [];
  private watchers: ServerResponse[] = [];
  private readonly server: Server;
  private port = 0;

  constructor() {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/api/v1/namespaces') {
        res.writeHead(404).end();
      } else if (url.searchParams.get('watch') === 'true') {
        this.watches.push(url.searchParams);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        this.watchers.push(res);
        res.on('close', () => (this.watchers = this.watchers.filter((w) => w !== res)));
      } else if (this.listStatus !== 200) {
        res.writeHead(this.listStatus, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            message: 'namespaces is forbidden',
            code: this.listStatus,
          }),
        );
      } else {
        this.lists++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'NamespaceList',
            apiVersion: 'v1',
            metadata: { resourceVersion: this.listRv },
            items: this.items,
          }),
        );
      }
    });
  }

  /** Listens on a free port, or again on the same one after `stop()` (an API server restart). */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  push(type: 'ADDED' | 'DELETED' | 'BOOKMARK', object: V1Namespace): void {
    for (const res of this.watchers) res.write(`${JSON.stringify({ type, object })}\n`);
  }

  /** An ERROR event, as the API server sends for a resourceVersion it no longer has. */
  pushGone(): void {
    const status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired' };
    for (const res of this.watchers) res.write(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
  }

  /** Ends every open watch the way the API server does at its timeout. */
  endWatches(): void {
    for (const res of this.watchers) res.end();
  }

  hasWatcher(): boolean {
    return this.watchers.length > 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function kubeConfigFor(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'u' }],
    currentContext: 'fake',
  });
  return kc;
}

const ns = (name: string, resourceVersion: string): V1Namespace => ({ metadata: { name, resourceVersion } });

describe('WatchCache', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(options: Partial<WatchCacheOptions<V1Namespace>> = {}) {
    const api = new FakeApiServer();
    const kc = kubeConfigFor(await api.start());
    const core = kc.makeApiClient(CoreV1Api);
    const clock = { now: 1_000_000 };
    const cache = new WatchCache<V1Namespace>({
      kubeConfig: kc,
      path: '/api/v1/namespaces',
      list: () => core.listNamespace(),
      logger: silentLogger,
      retryDelayMs: 20,
      maxRetryDelayMs: 50,
      maxStaleMs: 60_000,
      now: () => clock.now,
      ...options,
    });
    cleanups.push(
      () => api.stop(),
      () => cache.stop(),
    );
    return { api, cache, clock };
  }

  it('is unsynced before start, synced with the LIST content after, then follows the watch', async () => {
    const { api, cache } = await setup();
    api.items = [ns('bookinfo', '5')];
    expect(cache.status()).toMatchObject({ synced: false, usable: false, unsyncedSince: 1_000_000 });

    cache.start();
    await vi.waitFor(() => expect(cache.status().synced).toBe(true));
    expect(cache.list().map((n) => n.metadata?.name)).toEqual(['bookinfo']);

    await vi.waitFor(() => expect(api.hasWatcher()).toBe(true));
    api.push('ADDED', ns('istio-system', '11'));
    await vi.waitFor(() => expect(cache.list()).toHaveLength(2));
    api.push('DELETED', ns('bookinfo', '12'));
    await vi.waitFor(() => expect(cache.list().map((n) => n.metadata?.name)).toEqual(['istio-system']));
  });

  it('bumps its generation on sync and on every watch event, not otherwise', async () => {
    const { api, cache } = await setup();
    api.items = [ns('bookinfo', '5')];
    const before = cache.generation();
    cache.start();
    await vi.waitFor(() => expect(cache.status().synced).toBe(true));
    await vi.waitFor(() => expect(api.hasWatcher()).toBe(true));
    const synced = cache.generation();
    expect(synced).toBeGreaterThan(before);
    expect(cache.generation()).toBe(synced);
    api.push('ADDED', ns('istio-system', '11'));
    await vi.waitFor(() => expect(cache.generation()).toBeGreaterThan(synced));
  });

  it('reports a refused LIST with its status, and recovers by itself', async () => {
    const { api, cache } = await setup();
    api.listStatus = 403;
    cache.start();
    await vi.waitFor(() => expect(cache.status().lastErrorStatus).toBe(403));
    expect(cache.status()).toMatchObject({
      synced: false,
      lastError: 'Kubernetes API answered HTTP 403: namespaces is forbidden',
    });

    api.listStatus = 200;
    await vi.waitFor(() => expect(cache.status()).toEqual(SYNCED_STATUS));
  });

  it('reports an unreachable API server', async () => {
    const { api, cache } = await setup();
    await api.stop();
    cache.start();
    await vi.waitFor(() =>
      expect(cache.status().lastError).toMatch(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/),
    );
    expect(cache.status().synced).toBe(false);
  });

  it('does not report stop() as a failure', async () => {
    const { cache } = await setup();
    cache.start();
    await vi.waitFor(() => expect(cache.status().synced).toBe(true));
    await cache.stop();
    expect(cache.status().lastError).toBeUndefined();
  });

  it('watches from the LIST resourceVersion, asking for bookmarks and a server-side timeout', async () => {
    const { api, cache } = await setup({ watchTimeoutSeconds: 300 });
    cache.start();
    await vi.waitFor(() => expect(api.watches).toHaveLength(1));
    const query = api.watches[0]!;
    expect(query.get('resourceVersion')).toBe('10');
    expect(query.get('allowWatchBookmarks')).toBe('true');
    expect(Number(query.get('timeoutSeconds'))).toBeGreaterThanOrEqual(300);
    expect(Number(query.get('timeoutSeconds'))).toBeLessThan(600);
  });

  it('resumes a watch the server ended from the last resourceVersion, without a LIST', async () => {
    const { api, cache } = await setup();
    cache.start();
    await vi.waitFor(() => expect(api.watches).toHaveLength(1));
    api.push('ADDED', ns('istio-system', '11'));
    api.push('BOOKMARK', ns('', '15'));
    await vi.waitFor(() => expect(cache.list()).toHaveLength(1));
    api.endWatches();
    await vi.waitFor(() => expect(api.watches).toHaveLength(2));
    expect(api.watches[1]!.get('resourceVersion')).toBe('15');
    expect(api.lists).toBe(1);
    expect(cache.status().synced).toBe(true);
  });

  it('after an API server restart: stale since the break, then lists again and is synced with the new content', async () => {
    const { api, cache, clock } = await setup();
    api.items = [ns('bookinfo', '5'), ns('shop', '6')];
    cache.start();
    await vi.waitFor(() => expect(api.watches).toHaveLength(1));

    await api.stop();
    clock.now += 5_000;
    await vi.waitFor(() => expect(cache.status().synced).toBe(false));
    expect(cache.status()).toMatchObject({
      usable: true,
      staleSince: 1_005_000,
      unsyncedSince: 1_005_000,
      lastError: expect.stringMatching(/ECONNREFUSED|socket hang up|terminated|closed/) as unknown,
    });
    // The last content stays readable while it is stale.
    expect(cache.list().map((n) => n.metadata?.name)).toEqual(['bookinfo', 'shop']);

    // The cluster changed while its API was away, and its resourceVersions moved on.
    api.items = [ns('bookinfo', '40')];
    api.listRv = '41';
    await api.start();
    await vi.waitFor(() => expect(cache.status().synced).toBe(true));
    expect(cache.status()).toMatchObject({ usable: true, staleSince: undefined, lastError: undefined });
    expect(cache.list().map((n) => n.metadata?.name)).toEqual(['bookinfo']);
    await vi.waitFor(() => expect(api.watches.at(-1)?.get('resourceVersion')).toBe('41'));
  });

  it('stops serving stale content past its bound', async () => {
    const { api, cache, clock } = await setup({ maxStaleMs: 10_000 });
    cache.start();
    await vi.waitFor(() => expect(api.watches).toHaveLength(1));
    await api.stop();
    await vi.waitFor(() => expect(cache.status().synced).toBe(false));
    expect(cache.status().usable).toBe(true);
    clock.now += 10_001;
    expect(cache.status().usable).toBe(false);
  });

  it('lists again at once when the watch says 410 Gone', async () => {
    const { api, cache } = await setup({ retryDelayMs: 60_000 });
    cache.start();
    await vi.waitFor(() => expect(api.watches).toHaveLength(1));
    api.items = [ns('late', '20')];
    api.listRv = '20';
    api.pushGone();
    await vi.waitFor(() => expect(api.lists).toBe(2));
    await vi.waitFor(() => expect(cache.status().synced).toBe(true));
    expect(cache.list().map((n) => n.metadata?.name)).toEqual(['late']);
  });

  it('tells subscribers each LIST whole (relisted), each watch event, and again after a 410 gap', async () => {
    const { api, cache } = await setup({ retryDelayMs: 60_000 });
    const events: string[] = [];
    const unsubscribe = cache.subscribe((e) =>
      events.push(
        e.type === 'relisted'
          ? `relisted ${e.objects.map((o) => o.metadata?.name).join(',')}`
          : `${e.type} ${e.object.metadata?.name}`,
      ),
    );
    api.items = [ns('bookinfo', '5')];
    cache.start();
    await vi.waitFor(() => expect(api.hasWatcher()).toBe(true));
    api.push('ADDED', ns('shop', '11'));
    api.push('DELETED', ns('bookinfo', '12'));
    await vi.waitFor(() => expect(events).toHaveLength(3));
    // A gap: what happened in it is only in the next LIST, which the history compares.
    api.items = [ns('shop', '11'), ns('late', '20')];
    api.listRv = '20';
    api.pushGone();
    await vi.waitFor(() => expect(events).toHaveLength(4));
    expect(events).toEqual(['relisted bookinfo', 'upsert shop', 'delete bookinfo', 'relisted shop,late']);
    unsubscribe();
    api.push('ADDED', ns('after', '21'));
    await vi.waitFor(() => expect(cache.list()).toHaveLength(3));
    expect(events).toHaveLength(4);
  });

  it('treats a silent watch as dead and lists again', async () => {
    const { api, cache } = await setup({ watchIdleMs: 100 });
    cache.start();
    await vi.waitFor(() => expect(api.lists).toBeGreaterThanOrEqual(2));
    expect(cache.status().lastError ?? 'synced again').toMatch(/silent|synced again/);
  });
});
