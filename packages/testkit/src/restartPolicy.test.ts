import { describe, expect, it } from 'vitest';
import { decideRestart, DEFAULT_RESTART_POLICY, type RestartPolicy } from './restartPolicy.ts';

const policy: RestartPolicy = { maxFailures: 5, windowMs: 60_000, initialDelayMs: 500, maxDelayMs: 3_000 };

describe('decideRestart', () => {
  it.each([
    { earlier: [], now: 1_000, expected: { action: 'restart', delayMs: 500, failuresInWindow: 1 } },
    { earlier: [1_000], now: 2_000, expected: { action: 'restart', delayMs: 1_000, failuresInWindow: 2 } },
    {
      earlier: [1_000, 2_000],
      now: 3_000,
      expected: { action: 'restart', delayMs: 2_000, failuresInWindow: 3 },
    },
    // Capped at maxDelayMs.
    {
      earlier: [1_000, 2_000, 3_000],
      now: 4_000,
      expected: { action: 'restart', delayMs: 3_000, failuresInWindow: 4 },
    },
    // The fifth failure within a minute gives up.
    {
      earlier: [1_000, 2_000, 3_000, 4_000],
      now: 5_000,
      expected: { action: 'give-up', failuresInWindow: 5 },
    },
    // Failures older than the window are forgotten: the backoff starts over.
    {
      earlier: [1_000, 2_000, 3_000, 4_000],
      now: 64_000,
      expected: { action: 'restart', delayMs: 500, failuresInWindow: 1 },
    },
    // A failure exactly windowMs old is forgotten too.
    {
      earlier: [1_000, 2_000, 3_000, 40_000],
      now: 63_000,
      expected: { action: 'restart', delayMs: 1_000, failuresInWindow: 2 },
    },
  ])('$earlier then a failure at $now: $expected.action', ({ earlier, now, expected }) => {
    expect(decideRestart(earlier, now, policy)).toMatchObject(expected);
  });

  it('returns the failures to pass in next time, this one included', () => {
    const first = decideRestart([], 10, policy);
    const second = decideRestart(first.recentFailures, 20, policy);
    expect(second.recentFailures).toEqual([10, 20]);
    expect(decideRestart(second.recentFailures, 70_000, policy).recentFailures).toEqual([70_000]);
  });

  it('by default gives up at the fifth failure within a minute', () => {
    let failures: number[] = [];
    const actions = [0, 1, 2, 3, 4].map((i) => {
      const decision = decideRestart(failures, i * 10_000);
      failures = decision.recentFailures;
      return decision.action;
    });
    expect(actions).toEqual(['restart', 'restart', 'restart', 'restart', 'give-up']);
    expect(DEFAULT_RESTART_POLICY.windowMs).toBe(60_000);
  });
});
