import type { ChangeSummary } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { relevantChanges, toMarkers } from './changeMarkers.ts';

const c = (id: number, over: Partial<ChangeSummary>): ChangeSummary => ({
  id,
  time: 1_000_000,
  kind: 'virtualServices',
  objectKind: 'VirtualService',
  namespace: 'bookinfo',
  name: 'reviews',
  operation: 'update',
  resourceVersion: String(id),
  attributed: false,
  seenLate: false,
  paths: [],
  ...over,
});

const changes = [
  c(1, {}),
  c(2, { kind: 'deployments', objectKind: 'Deployment', name: 'reviews-v2' }),
  c(3, { name: 'ratings' }),
  c(4, { kind: 'peerAuthentications', objectKind: 'PeerAuthentication', name: 'default' }),
  c(5, { kind: 'services', objectKind: 'Service', name: 'reviews' }),
];

describe('relevantChanges', () => {
  it.each([
    [{ kind: 'services', name: 'reviews' }, [1, 2, 4, 5]],
    [{ kind: 'apps', name: 'reviews' }, [1, 2, 4, 5]],
    [{ kind: 'workloads', name: 'reviews-v2' }, [1, 2, 4, 5]],
    [{ kind: 'services', name: 'ratings' }, [3, 4]],
  ] as const)('%j', (node, ids) => {
    expect(relevantChanges(changes, node).map((x) => x.id)).toEqual(ids);
  });
});

describe('toMarkers', () => {
  it('keeps the window, oldest first, each linking to its change', () => {
    const markers = toMarkers(
      [c(2, { time: 3_000_000 }), c(1, { time: 2_000_000 }), c(9, { time: 9_000_000 })],
      {
        start: 1_500,
        end: 5_000,
      },
    );
    expect(markers.map((m) => [m.id, m.time, m.label])).toEqual([
      [1, 2_000, 'VirtualService reviews changed'],
      [2, 3_000, 'VirtualService reviews changed'],
    ]);
    expect(markers[0]!.href).toBe('/changes?namespaces=bookinfo&range=0&change=1');
  });
});
