import { describe, expect, it } from 'vitest';
import { labelScale, MAX_LABEL_SCALE, MIN_NODE_LABEL_SCREEN_PX } from './labelScale.ts';

describe('labelScale', () => {
  it.each<[string, number, number]>([
    ['zoomed in: labels as styled', 1.6, 1],
    ['at 1: 13 px is readable already', 1, 1],
    ['bookinfo fitted at 1440 (zoom ~0.62): grows to keep 11 px', 0.62, 1.5],
    ['a step, not every frame', 0.8, 1.25],
    ['a big graph fitted small: capped, the level of detail takes over', 0.2, MAX_LABEL_SCALE],
    ['no zoom yet', 0, 1],
  ])('%s', (_, zoom, expected) => expect(labelScale(zoom, 13)).toBe(expected));

  it.each([0.57, 0.62, 0.7, 0.85, 1])('keeps node labels at >= 11 px on screen at zoom %s', (zoom) => {
    expect(13 * labelScale(zoom, 13) * zoom).toBeGreaterThanOrEqual(MIN_NODE_LABEL_SCREEN_PX - 1e-9);
  });
});
