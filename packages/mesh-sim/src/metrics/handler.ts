import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsRegistry, Shard } from './registry.ts';
import { TEXT_FORMAT_CONTENT_TYPE } from './textFormat.ts';

export type MetricsHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Most shards a scrape may ask for (a shard per namespace of a 100-namespace mesh, and more). */
export const MAX_SHARDS = 1024;

/**
 * `?shard=i&shards=n`: the i-th of n parts of the exposition (series spread by a hash of their
 * labels), so Prometheus scrapes a big mesh as n targets, each small enough for its timeout, as it
 * scrapes Istio's sidecars one pod at a time. Neither: the whole exposition. An error names the field.
 */
export function parseShard(params: URLSearchParams): Shard | undefined | { error: string } {
  const index = params.get('shard');
  const count = params.get('shards');
  if (index === null && count === null) return undefined;
  if (count === null || !/^\d+$/.test(count) || Number(count) < 1 || Number(count) > MAX_SHARDS)
    return { error: `shards: an integer from 1 to ${MAX_SHARDS} is required with shard` };
  if (index === null || !/^\d+$/.test(index) || Number(index) >= Number(count))
    return { error: `shard: an integer from 0 to ${Number(count) - 1} is required with shards` };
  return { index: Number(index), count: Number(count) };
}

/**
 * `GET /metrics` in the text format, streamed chunk by chunk with back-pressure so a scrape of
 * ~100k series never builds one huge string and lets the traffic timer run between chunks.
 */
export function createMetricsHandler(registry: MetricsRegistry, path = '/metrics'): MetricsHandler {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    const shard = parseShard(url.searchParams);
    if (shard && 'error' in shard) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`${shard.error}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': TEXT_FORMAT_CONTENT_TYPE });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    void streamChunks(registry.chunks(undefined, shard), res);
  };
}

async function streamChunks(chunks: Iterator<Buffer>, res: ServerResponse): Promise<void> {
  let closed = false;
  res.once('close', () => (closed = true));
  for (let next = chunks.next(); !next.done; next = chunks.next()) {
    if (closed) return;
    if (!res.write(next.value)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  if (!closed) res.end();
}

export interface MetricsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1 (port 0 = any free port). */
export function createMetricsServer(
  handler: MetricsHandler,
  port = 0,
  host = '127.0.0.1',
): Promise<MetricsServer> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actual = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host}:${actual}/metrics`,
        port: actual,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections();
            server.close((err) => (err ? fail(err) : done()));
          }),
      });
    });
  });
}
