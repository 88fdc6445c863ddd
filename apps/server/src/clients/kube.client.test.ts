import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, unsyncedStatus } from '../testing/fakes.ts';
import { aggregateStatus, CORE_KINDS, InformerKubeClient, perKind } from './kube.client.ts';
import type { CacheStatus } from './watchCache.ts';
import { SYNCED_STATUS } from './kube.client.ts';

const synced: CacheStatus = SYNCED_STATUS;

describe('aggregateStatus', () => {
  it('is synced when every kind asked about is, whatever the others', () => {
    const statuses = perKind(() => synced);
    statuses.gateways = unsyncedStatus('HTTP 404', 404);
    expect(aggregateStatus(statuses, CORE_KINDS)).toEqual(synced);
  });

  it('gives the shared error as is when every failing cache says the same', () => {
    const down: CacheStatus = unsyncedStatus('connect ECONNREFUSED', undefined);
    expect(
      aggregateStatus(
        perKind(() => down),
        CORE_KINDS,
      ),
    ).toEqual(down);
  });

  it('names the kind when failures differ, preferring one with an error over one still listing', () => {
    const statuses = perKind(() => synced);
    statuses.namespaces = unsyncedStatus(undefined, undefined);
    statuses.pods = unsyncedStatus('HTTP 403: pods is forbidden', 403);
    expect(aggregateStatus(statuses, CORE_KINDS)).toEqual(
      unsyncedStatus('pods: HTTP 403: pods is forbidden', 403),
    );
  });
});

describe('InformerKubeClient: single Istio objects through the API server', () => {
  interface Seen {
    method: string;
    path: string;
    query: Record<string, string>;
    body: unknown;
  }
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  /** A fake API server answering every request with `answer`, recording what it saw. */
  async function apiServer(answer: (seen: Seen, res: ServerResponse) => void) {
    const seen: Seen[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const entry = {
          method: req.method ?? '',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          body: text ? (JSON.parse(text) as unknown) : undefined,
        };
        seen.push(entry);
        answer(entry, res);
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { seen, url, client: (timeoutMs = 5_000) => clientFor(url, timeoutMs) };
  }

  function clientFor(server: string, requestTimeoutMs: number): InformerKubeClient {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server, skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    return new InformerKubeClient(kc, silentLogger, { requestTimeoutMs });
  }

  const json = (res: ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const vs = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '7' },
    spec: { hosts: ['reviews'], http: [{ corsPolicy: { maxAge: '1h' } }] },
  } as const;

  it('writes with dryRun=All and the sextant field manager, and returns what Kubernetes answered', async () => {
    const api = await apiServer((_, res) =>
      json(res, 200, { ...vs, metadata: { ...vs.metadata, resourceVersion: '8' } }),
    );
    const kube = api.client();
    const stored = await kube.replaceIstioObject('virtualservices', 'bookinfo', 'reviews', vs, {
      dryRun: true,
    });
    expect(stored.metadata.resourceVersion).toBe('8');
    await kube.createIstioObject(
      'authorizationpolicies',
      'bookinfo',
      { ...vs, kind: 'AuthorizationPolicy' },
      {
        dryRun: false,
      },
    );
    expect(api.seen).toEqual([
      {
        method: 'PUT',
        path: '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews',
        query: { dryRun: 'All', fieldManager: 'sextant' },
        body: vs,
      },
      {
        method: 'POST',
        path: '/apis/security.istio.io/v1/namespaces/bookinfo/authorizationpolicies',
        query: { fieldManager: 'sextant' },
        body: { ...vs, kind: 'AuthorizationPolicy' },
      },
    ]);
  });

  it('deletes with the resourceVersion as a precondition; a bare Status answer is no object', async () => {
    const api = await apiServer((_, res) => json(res, 200, { kind: 'Status', status: 'Success' }));
    const deleted = await api
      .client()
      .deleteIstioObject('sidecars', 'bookinfo', 'default', { dryRun: true, resourceVersion: '7' });
    expect(deleted).toBeUndefined();
    expect(api.seen).toEqual([
      {
        method: 'DELETE',
        path: '/apis/networking.istio.io/v1/namespaces/bookinfo/sidecars/default',
        query: { dryRun: 'All' },
        body: { preconditions: { resourceVersion: '7' } },
      },
    ]);
  });

  it('turns a Status answer into the matching AppError', async () => {
    const api = await apiServer((_, res) =>
      json(res, 409, {
        kind: 'Status',
        code: 409,
        reason: 'Conflict',
        message: 'the object has been modified',
      }),
    );
    await expect(
      api.client().replaceIstioObject('virtualservices', 'bookinfo', 'reviews', vs, { dryRun: false }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'CONFLICT',
      details: { upstream: 'kubernetes', reason: 'Conflict' },
    });
  });

  it('502 when the answer is not an Istio object', async () => {
    const api = await apiServer((_, res) => json(res, 200, { kind: 'Pod', metadata: {} }));
    await expect(api.client().getIstioObject('virtualservices', 'bookinfo', 'reviews')).rejects.toMatchObject(
      {
        status: 502,
        code: 'UPSTREAM_BAD_RESPONSE',
      },
    );
  });

  it('504 when the API server does not answer within the request timeout', async () => {
    const api = await apiServer(() => undefined);
    await expect(
      api.client(200).getIstioObject('virtualservices', 'bookinfo', 'reviews'),
    ).rejects.toMatchObject({
      status: 504,
      code: 'UPSTREAM_TIMEOUT',
      message: 'Kubernetes did not answer get virtualservices bookinfo/reviews within 200 ms',
    });
  });

  it('503 when nothing listens', async () => {
    const api = await apiServer(() => undefined);
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    await expect(api.client().getIstioObject('virtualservices', 'bookinfo', 'reviews')).rejects.toMatchObject(
      {
        status: 503,
        code: 'UPSTREAM_UNAVAILABLE',
        message: expect.stringContaining('ECONNREFUSED'),
      },
    );
  });
});
