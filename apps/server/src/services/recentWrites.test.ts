import type { IstioObjectJson } from '@sextant/contracts';
import type { KubeObjectJson } from '@sextant/mesh';
import { describe, expect, it } from 'vitest';
import { RecentWrites } from './recentWrites.ts';

const dr = (name: string, resourceVersion: string): IstioObjectJson => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name, namespace: 'bookinfo', resourceVersion },
  spec: { host: name },
});

function setup() {
  const clock = { now: 0 };
  const recent = new RecentWrites(() => clock.now, 1_000, 2);
  const cache = new Map<string, KubeObjectJson>();
  const pending = () => recent.pending((o) => cache.get(o.metadata.name)).map((o) => o.metadata.name);
  return { clock, recent, cache, pending };
}

describe('RecentWrites', () => {
  it('keeps a created object until the cache holds it', () => {
    const { recent, cache, pending } = setup();
    recent.remember(dr('reviews', '5'), undefined);
    expect(pending()).toEqual(['reviews']);
    cache.set('reviews', dr('reviews', '5'));
    expect(pending()).toEqual([]);
  });

  it('keeps a replaced object while the cache still holds the version it replaced', () => {
    const { recent, cache, pending } = setup();
    cache.set('reviews', dr('reviews', '4'));
    recent.remember(dr('reviews', '5'), cache.get('reviews'));
    expect(pending()).toEqual(['reviews']);
    // Someone else's later write reached the cache first: theirs is the truth now.
    cache.set('reviews', dr('reviews', '9'));
    expect(pending()).toEqual([]);
  });

  it('drops entries after the TTL, on forget, and the oldest beyond the limit', () => {
    const { clock, recent, pending } = setup();
    recent.remember(dr('a', '1'), undefined);
    clock.now = 1_001;
    expect(pending()).toEqual([]);
    recent.remember(dr('a', '2'), undefined);
    recent.remember(dr('b', '3'), undefined);
    recent.remember(dr('c', '4'), undefined);
    expect(pending()).toEqual(['b', 'c']);
    recent.forget(dr('b', '3'));
    expect(pending()).toEqual(['c']);
  });
});
