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
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true);
    expect(chunks.join('')).toBe(registry.serialize());
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
