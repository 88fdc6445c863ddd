import { describe, expect, it } from 'vitest';
import { badgeSpot, type Box } from './overlay.ts';

const center = { x: 100, y: 100 };
const size = { w: 20, h: 12, margin: 4 };
const above = { x: 90, y: 100 - 18 - 12 - 4 };

describe('badgeSpot', () => {
  it.each<[string, Box[], { x: number; y: number }]>([
    ['nothing in the way: above the node', [], above],
    ['an edge label above: to the right', [{ x: 80, y: 60, w: 40, h: 14 }], { x: 122, y: 76 }],
    [
      'labels above and right: to the left',
      [
        { x: 80, y: 60, w: 40, h: 14 },
        { x: 120, y: 70, w: 40, h: 14 },
      ],
      { x: 58, y: 76 },
    ],
    ['boxed in everywhere: above, as before', [{ x: 0, y: 0, w: 300, h: 300 }], above],
  ])('%s', (_, labels, expected) => expect(badgeSpot(center, 18, size, labels)).toEqual(expected));
});
