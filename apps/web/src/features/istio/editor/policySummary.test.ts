import { emptyTrafficPolicyForm } from '@sextant/mesh';
import { describe, expect, it } from 'vitest';
import { policySummary } from './policySummary.ts';

describe('policySummary', () => {
  it.each([
    { what: 'nothing set', policy: emptyTrafficPolicyForm(), summary: [] },
    {
      what: 'a cleared field counts as unset',
      policy: { ...emptyTrafficPolicyForm(), outlierDetection: { interval: undefined } },
      summary: [],
    },
    {
      what: 'every part',
      policy: {
        loadBalancer: 'LEAST_CONN' as const,
        connectionPool: { http1MaxPendingRequests: 1 },
        outlierDetection: { consecutive5xxErrors: 1 },
        tlsMode: 'ISTIO_MUTUAL' as const,
      },
      summary: ['load balancer LEAST_CONN', 'connection pool', 'outlier detection', 'TLS ISTIO_MUTUAL'],
    },
  ])('$what', ({ policy, summary }) => {
    expect(policySummary(policy)).toEqual(summary);
  });
});
