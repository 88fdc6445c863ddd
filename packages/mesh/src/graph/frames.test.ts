import { describe, expect, it } from 'vitest';
import { framesFromMatrices, frameTimes } from './frames.ts';

describe('frameTimes', () => {
  it.each([
    { start: 100, end: 100, step: 30, want: [100] },
    { start: 100, end: 160, step: 30, want: [100, 130, 160] },
    { start: 100, end: 170, step: 30, want: [100, 130, 160] },
    { start: 100, end: 90, step: 30, want: [] },
  ])('$start..$end by $step', ({ start, end, step, want }) => {
    expect(frameTimes(start, end, step)).toEqual(want);
  });

  it('refuses a step that is not a positive whole number of seconds', () => {
    expect(() => frameTimes(0, 10, 0)).toThrow(RangeError);
    expect(() => frameTimes(0, 10, 1.5)).toThrow(RangeError);
  });
});

describe('framesFromMatrices', () => {
  const a = { destination_workload: 'a' };
  const b = { destination_workload: 'b' };

  it('gives each frame the points of its time, per query, as an instant query would', () => {
    const frames = framesFromMatrices(
      {
        requestsIn: [
          {
            metric: a,
            values: [
              [100, '1'],
              [130, '2'],
              [160, '3'],
            ],
          },
          // Absent at 130 (e.g. `> 0` filtered it): not in that frame.
          {
            metric: b,
            values: [
              [100, '5'],
              [160, '+Inf'],
            ],
          },
        ],
        tcpIn: [],
      },
      [100, 130, 160],
    );
    expect(frames).toEqual([
      {
        requestsIn: [
          { metric: a, value: 1 },
          { metric: b, value: 5 },
        ],
        tcpIn: [],
      },
      { requestsIn: [{ metric: a, value: 2 }], tcpIn: [] },
      {
        requestsIn: [
          { metric: a, value: 3 },
          { metric: b, value: Infinity },
        ],
        tcpIn: [],
      },
    ]);
  });

  it('matches float timestamps to whole-second frames and ignores points between frames', () => {
    const frames = framesFromMatrices(
      {
        q: [
          {
            metric: a,
            values: [
              [100.0, '1'],
              [115, '9'],
              [130.0004, '2'],
            ],
          },
        ],
      },
      [100, 130],
    );
    expect(frames.map((f) => f.q?.map((s) => s.value))).toEqual([[1], [2]]);
  });

  it('leaves a failed query (absent) absent in every frame', () => {
    const frames = framesFromMatrices<'ok' | 'failed'>({ ok: [] }, [1, 2]);
    expect(frames).toEqual([{ ok: [] }, { ok: [] }]);
    expect(frames.every((f) => !('failed' in f))).toBe(true);
  });
});
