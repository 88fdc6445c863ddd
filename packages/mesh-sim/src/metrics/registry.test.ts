import { describe, expect, it } from 'vitest';
import { CounterFamily, HistogramFamily, MetricsRegistry } from './registry.ts';

describe('MetricsRegistry text exposition', () => {
  it('writes counters and histograms exactly in the 0.0.4 text format', () => {
    const registry = new MetricsRegistry();
    const requests = registry.register(
      new CounterFamily('demo_requests_total', 'Requests "served".\nSecond line'),
    );
    const latency = registry.register(new HistogramFamily('demo_latency_ms', [1, 10]));
    requests.get('code="200"').value += 3;
    requests.get('code="500"').value += 1;
    const h = latency.get('route="/a"');
    latency.observe(h, 0.5);
    latency.observe(h, 1); // inclusive upper bound: lands in le="1"
    latency.observe(h, 7, 2);
    latency.observe(h, 100);
    expect(registry.serialize()).toBe(
      [
        '# HELP demo_requests_total Requests "served".\\nSecond line',
        '# TYPE demo_requests_total counter',
        'demo_requests_total{code="200"} 3',
        'demo_requests_total{code="500"} 1',
        '# TYPE demo_latency_ms histogram',
        'demo_latency_ms_bucket{route="/a",le="1"} 2',
        'demo_latency_ms_bucket{route="/a",le="10"} 4',
        'demo_latency_ms_bucket{route="/a",le="+Inf"} 5',
        'demo_latency_ms_sum{route="/a"} 115.5',
        'demo_latency_ms_count{route="/a"} 5',
        '',
      ].join('\n'),
    );
    expect(registry.seriesCount).toBe(3);
    expect(registry.sampleCount).toBe(2 + 5);
  });

  it('omits families without series', () => {
    const registry = new MetricsRegistry();
    registry.register(new CounterFamily('unused_total'));
    expect(registry.serialize()).toBe('');
  });

  it('returns the same series for the same label string', () => {
    const c = new CounterFamily('x_total');
    expect(c.get('a="1"')).toBe(c.get('a="1"'));
    expect(c.size).toBe(1);
  });

  it('splits large expositions into chunks at series boundaries', () => {
    const registry = new MetricsRegistry();
    const c = registry.register(new CounterFamily('x_total'));
    for (let i = 0; i < 1000; i++) c.get(`i="${i}"`).value = i;
    const chunks = [...registry.chunks(1000)];
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(1000);
      expect(chunk.at(-1)).toBe(0x0a);
    }
    expect(Buffer.concat(chunks).toString()).toBe(registry.serialize());
  });

  it('gives a series bigger than a chunk a chunk of its own', () => {
    const registry = new MetricsRegistry();
    const c = registry.register(new CounterFamily('x_total'));
    c.get('small="1"').value = 1;
    c.get(`big="${'é'.repeat(600)}"`).value = 2;
    c.get('small="2"').value = 3;
    const chunks = [...registry.chunks(200)].map((b) => b.toString());
    expect(chunks).toEqual([
      '# TYPE x_total counter\nx_total{small="1"} 1\n',
      `x_total{big="${'é'.repeat(600)}"} 2\n`,
      'x_total{small="2"} 3\n',
    ]);
  });

  it('splits the series over shards: each in exactly one, the same one on every scrape', () => {
    const registry = new MetricsRegistry();
    const c = registry.register(new CounterFamily('x_total'));
    const h = registry.register(new HistogramFamily('h_ms', [1]));
    for (let i = 0; i < 300; i++) {
      c.get(`i="${i}"`).value = i;
      h.observe(h.get(`i="${i}"`), i);
    }
    const lines = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'));
    const shards = [0, 1, 2].map((index) => registry.serialize({ index, count: 3 }));
    const all = shards.flatMap(lines);
    expect(all.sort()).toEqual(lines(registry.serialize()).sort());
    for (const shard of shards) {
      // Spread, not all in one; each family's TYPE line once, and only where it has series.
      expect(lines(shard).length).toBeGreaterThan(300 / 3 / 2);
      expect(shard.match(/# TYPE x_total counter/g)).toHaveLength(1);
    }
    expect(registry.serialize({ index: 1, count: 3 })).toBe(shards[1]);
    // A histogram's lines stay together in one shard.
    const shardOf = (series: string) => shards.findIndex((s) => s.includes(series));
    expect(shardOf('h_ms_bucket{i="7",le="1"}')).toBe(shardOf('h_ms_count{i="7"}'));
  });

  it('rejects non-increasing bucket bounds and duplicate names', () => {
    expect(() => new HistogramFamily('h', [1, 1])).toThrow(/increase/);
    const registry = new MetricsRegistry();
    registry.register(new CounterFamily('dup_total'));
    expect(() => registry.register(new CounterFamily('dup_total'))).toThrow(/twice/);
  });

  it.each([
    [0, 0],
    [1, 0],
    [1.0001, 1],
    [10, 1],
    [11, 2],
    [Infinity, 2],
  ])('bucketIndex(%d) = %d for bounds [1,10]', (value, index) => {
    expect(new HistogramFamily('h', [1, 10]).bucketIndex(value)).toBe(index);
  });
});
