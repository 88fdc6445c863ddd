/**
 * When a supervised child that died by itself is started again: at once the first time, then
 * after doubling delays, and not at all once it has failed too often in a short time (a child
 * that cannot stay up is broken, and restarting it forever would hide that).
 */
export interface RestartPolicy {
  /** Failures within `windowMs` (this one included) at which supervision gives up. */
  maxFailures: number;
  windowMs: number;
  /** Delay before the first restart in a window; doubled for each further failure in it. */
  initialDelayMs: number;
  maxDelayMs: number;
}

/** 5 failures within a minute: give up. Restarts after 0.5 s, 1 s, 2 s, 4 s. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  maxFailures: 5,
  windowMs: 60_000,
  initialDelayMs: 500,
  maxDelayMs: 10_000,
};

export type RestartDecision =
  | { action: 'restart'; delayMs: number; failuresInWindow: number; recentFailures: number[] }
  | { action: 'give-up'; failuresInWindow: number; recentFailures: number[] };

/**
 * `earlierFailures`: times (ms) of the child's earlier failures, as returned in the previous
 * decision's `recentFailures`; `now`: the time of this failure.
 */
export function decideRestart(
  earlierFailures: readonly number[],
  now: number,
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
): RestartDecision {
  const recentFailures = [...earlierFailures.filter((at) => now - at < policy.windowMs), now];
  const failuresInWindow = recentFailures.length;
  if (failuresInWindow >= policy.maxFailures) return { action: 'give-up', failuresInWindow, recentFailures };
  const delayMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (failuresInWindow - 1));
  return { action: 'restart', delayMs, failuresInWindow, recentFailures };
}
