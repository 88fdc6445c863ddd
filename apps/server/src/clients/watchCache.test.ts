import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoreV1Api, KubeConfig, type V1Namespace } from '@kubernetes/client-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../testing/fakes.ts';
import { WatchCache } from './watchCache.ts';

/**
 * A minimal Kubernetes API for one collection: LIST answers with `listStatus` and `items`;
 * WATCH keeps the stream open so the test can push events.
 */
class FakeApiServer {
  listStatus = 200;
  items: V1Namespace[] = [];
  private watchers: ServerResponse[] = [];
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/api/v1/namespaces') {
        res.writeHead(404).end();
      } else if (url.searchParams.get('watch') === 'true') {
        res.writeHead(200, { 'content-type': 'application/json' });
        this.watchers.push(res);
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
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'NamespaceList',
            apiVersion: 'v1',
            metadata: { resourceVersion: '10' },
            items: this.items,
          }),
        );
      }
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  push(type: 'ADDED' | 'DELETED', object: V1Namespace): void {
    for (const res of this.watchers) res.write(`${JSON.stringify({ type, object })}\n`);
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

  async function setup() {
    const api = new FakeApiServer();
    const kc = kubeConfigFor(await api.start());
    const core = kc.makeApiClient(CoreV1Api);
    const cache = new WatchCache<V1Namespace>({
      kubeConfig: kc,
      path: '/api/v1/namespaces',
      list: () => core.listNamespace(),
      logger: silentLogger,
      retryDelayMs: 20,
    });
    cleanups.push(
      () => api.stop(),
      () => cache.stop(),
    );
    return { api, cache };
  }

  it('is unsynced before start, synced with the LIST content after, then follows the watch', async () => {
    const { api, cache } = await setup();
    api.items = [ns('bookinfo', '5')];
    expect(cache.status()).toEqual({ synced: false, lastError: undefined, lastErrorStatus: undefined });

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
    await vi.waitFor(() =>
      expect(cache.status()).toEqual({ synced: true, lastError: undefined, lastErrorStatus: undefined }),
    );
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
});
