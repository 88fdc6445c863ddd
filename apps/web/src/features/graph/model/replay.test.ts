import { describe, expect, it } from 'vitest';
import {
  batchCount,
  batchOf,
  batchWindow,
  decodeReplay,
  encodeReplay,
  frameAtOrAfter,
  frameCount,
  frameDuration,
  frameIndex,
  frameTime,
  replayStep,
  replayWindow,
  timelineFraction,
} from './replay.ts';

describe('replay windows', () => {
  it.each([
    { range: 300, now: 1_000_007, want: { start: 999_705, end: 1_000_005 }, step: 5 },
    { range: 3600, now: 1_000_007, want: { start: 996_360, end: 999_960 }, step: 60 },
    { range: 21600, now: 1_000_007, want: { start: 978_120, end: 999_720 }, step: 360 },
  ])('the last $range s: 60 steps ending on a step', ({ range, now, want, step }) => {
    const w = replayWindow(range, now);
    expect(w).toEqual(want);
    expect(replayStep(w)).toBe(step);
    expect(frameCount(w)).toBe(61);
    expect(frameTime(w, 60)).toBe(w.end);
  });

  it('picks the frame at or before a time, clamped; the first without a time', () => {
    const w = { start: 1000, end: 1600 };
    expect([undefined, 0, 1000, 1009, 1010, 1599, 1600, 9999].map((t) => frameIndex(w, t))).toEqual([
      0, 0, 0, 0, 1, 59, 60, 60,
    ]);
    // A change at 1005 shows from the frame at 1010.
    expect([999, 1000, 1005, 1010, 1601].map((t) => frameAtOrAfter(w, t))).toEqual([0, 0, 1, 1, 60]);
  });

  it('cuts 61 frames into batches of 20, 20, 20 and 1', () => {
    const w = { start: 1000, end: 1600 };
    expect(batchCount(w)).toBe(4);
    expect([0, 19, 20, 60].map(batchOf)).toEqual([0, 0, 1, 3]);
    expect([0, 1, 2, 3].map((k) => batchWindow(w, k))).toEqual([
      { start: 1000, end: 1190 },
      { start: 1200, end: 1390 },
      { start: 1400, end: 1590 },
      { start: 1600, end: 1600 },
    ]);
  });

  it('gives each frame at least a step of traffic', () => {
    expect(frameDuration(60, { start: 0, end: 300 })).toBe(60);
    expect(frameDuration(60, { start: 0, end: 21600 })).toBe(360);
  });

  it('reads back what it writes; refuses nonsense', () => {
    expect(decodeReplay(encodeReplay({ start: 1000, end: 1600 }))).toEqual({ start: 1000, end: 1600 });
    for (const bad of [undefined, '', '1600..1000', '0..10', 'a..b', '1000-1600', '1..999999999'])
      expect(decodeReplay(bad)).toBeUndefined();
  });

  it('places times on the timeline', () => {
    const w = { start: 1000, end: 2000 };
    expect([500, 1000, 1250, 2000, 3000].map((t) => timelineFraction(w, t))).toEqual([0, 0, 0.25, 1, 1]);
  });
});
