import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetricsHandler, createMetricsServer, type MetricsServer } from './handler.ts';
import { CounterFamily, MetricsRegistry } from './registry.ts';
import { TEXT_FORMAT_CONTENT_TYPE } from './textFormat.ts';

let server: MetricsServer;
const registry = new MetricsRegistry();
const family = registry.register(new CounterFamily('demo_total'));

beforeAll(async () => {
  // Enough series for several chunks, so the streaming path is exercised.
  for (let i = 0; i < 20_000; i++) family.get(`i="${i}",pad="${'x'.repeat(40)}"`).value = i;
  server = await createMetricsServer(createMetricsHandler(registry), 0);
});
afterAll(async () => {
  await server.close();
});

describe('metrics HTTP handler', () => {
  it('serves the whole exposition at /metrics in the text format', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TEXT_FORMAT_CONTENT_TYPE);
    expect(await res.text()).toBe(registry.serialize());
  });

  it('serves a shard of the exposition for ?shard=i&shards=n', async () => {
    const texts = await Promise.all(
      [0, 1].map(async (i) => (await fetch(`${server.url}?shard=${i}&shards=2`)).text()),
    );
    expect(texts[0]).toBe(registry.serialize({ index: 0, count: 2 }));
    const samples = texts
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('demo_total{'));
    expect(samples).toHaveLength(20_000);
  });

  it.each([
    ['shard=2&shards=2', 'shard: an integer from 0 to 1'],
    ['shard=0', 'shards: an integer from 1 to 1024'],
    ['shards=3', 'shard: an integer from 0 to 2'],
    ['shard=0&shards=0', 'shards: an integer from 1 to 1024'],
    ['shard=x&shards=2', 'shard: an integer'],
  ])('refuses ?%s with 400 naming the field', async (query, message) => {
    const res = await fetch(`${server.url}?${query}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(message);
  });

  it.each([
    ['GET', '/other', 404],
    ['POST', '/metrics', 405],
    ['HEAD', '/metrics', 200],
  ])('%s %s -> %d', async (method, path, status) => {
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { method });
    expect(res.status).toBe(status);
    await res.arrayBuffer();
  });

  it('listens on loopback', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  });
});
