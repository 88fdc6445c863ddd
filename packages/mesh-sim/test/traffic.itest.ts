import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abortFault, versionSubsetsRule, weightedRoute } from '../src/scenarios/routing.ts';
import { sharesBy, sharesMatch, startTrafficStack, type TrafficStack } from './trafficStack.ts';

/**
 * The traffic engine end to end: config written through the simulated Kubernetes API changes
 * the metrics a real Prometheus scrapes. Every assertion polls Prometheus until the expected
 * ratio holds or a deadline passes; none sleeps a fixed time.
 */
let stack: TrafficStack;
const SCRAPE_SECONDS = 1;
/** Two scrapes per window: rate() over only post-change samples is possible one window after the first new scrape. */
const WINDOW = `${2 * SCRAPE_SECONDS}s`;

const NET = '/apis/networking.istio.io/v1/namespaces/bookinfo';
const SEC = '/apis/security.istio.io/v1/namespaces/bookinfo';

beforeAll(async () => {
  stack = await startTrafficStack({ scrapeSeconds: SCRAPE_SECONDS, tickMs: 200, loadFactor: 10 });
  // Data is flowing and rate() has a full window.
  await stack.prometheus.waitForSamples(`rate(istio_requests_total{reporter="destination"}[${WINDOW}]) > 0`, {
    timeoutMs: 30_000,
  });
});

afterAll(async () => {
  await stack?.stop();
});

const rateBy = (by: string, selector: string) =>
  `sum by (${by}) (rate(istio_requests_total{${selector}}[${WINDOW}]))`;

/** How many scrapes Prometheus has made of the sim so far: a clock that runs as slowly as the machine. */
async function scrapesSoFar(): Promise<number> {
  const [sample] = await stack.prometheus.waitForSamples('sum(count_over_time(up{job="mesh-sim"}[1h]))');
  return sample!.value;
}

/** Waits until the shares of `by` match; returns how many scrapes that took. */
async function waitForShares(
  by: string,
  selector: string,
  expected: Record<string, number>,
  timeoutMs = 30_000,
): Promise<number> {
  const start = await scrapesSoFar();
  await stack.prometheus.waitFor(
    rateBy(by, selector),
    (s) => s.length > 0 && sharesMatch(sharesBy(s, by), expected),
    {
      timeoutMs,
      intervalMs: 250,
    },
  );
  return (await scrapesSoFar()) - start;
}

async function removeIfPresent(path: string): Promise<void> {
  await stack.kube('DELETE', path).catch((e: Error) => {
    if (!/-> 404/.test(e.message)) throw e;
  });
}

const reviews = 'reporter="destination",destination_service_name="reviews"';

describe('traffic engine + real Prometheus', () => {
  it('splits reviews by pod count, then follows an 80/20 VirtualService within three scrape intervals', async () => {
    await waitForShares('destination_workload', reviews, {
      'reviews-v1': 1 / 3,
      'reviews-v2': 1 / 3,
      'reviews-v3': 1 / 3,
    });

    await stack.kube('POST', `${NET}/destinationrules`, versionSubsetsRule('reviews'));
    await stack.kube('POST', `${NET}/virtualservices`, weightedRoute('reviews', { v1: 80, v3: 20 }));
    try {
      // Counted in scrapes, not wall time, so a slow machine cannot fail it: three scrape
      // intervals after the change, plus the one already under way when it was written.
      const scrapes = await waitForShares(
        'destination_workload',
        reviews,
        { 'reviews-v1': 0.8, 'reviews-v2': 0, 'reviews-v3': 0.2 },
        30_000,
      );
      expect(scrapes).toBeLessThanOrEqual(3 + 1);
    } finally {
      await removeIfPresent(`${NET}/virtualservices/reviews`);
      await removeIfPresent(`${NET}/destinationrules/reviews`);
    }
  });

  it('a 50 % abort fault with 503 on ratings shows ~50 % 503s at the caller', async () => {
    await stack.kube('POST', `${NET}/virtualservices`, abortFault('ratings', 50, 503));
    try {
      await waitForShares('response_code', 'reporter="source",destination_service_name="ratings"', {
        '200': 0.5,
        '503': 0.5,
      });
      const flags = await stack.prometheus.waitFor(
        `sum by (response_flags) (rate(istio_requests_total{reporter="source",destination_service_name="ratings",response_code="503"}[${WINDOW}]))`,
        (s) => s.some((x) => x.metric.response_flags === 'FI' && x.value > 0),
      );
      expect(flags.find((x) => x.metric.response_flags === 'FI')).toBeDefined();
    } finally {
      await removeIfPresent(`${NET}/virtualservices/ratings`);
    }
  });

  it('PeerAuthentication STRICT makes bookinfo traffic mutual_tls only; DISABLE makes it none', async () => {
    const bookinfoInbound = 'reporter="destination",destination_workload_namespace="bookinfo"';
    const policy = (mode: string, resourceVersion?: string) => ({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', ...(resourceVersion ? { resourceVersion } : {}) },
      spec: { mtls: { mode } },
    });
    // Before: the unmeshed sleep client's plaintext requests are the `none` share.
    await stack.prometheus.waitFor(rateBy('connection_security_policy', bookinfoInbound), (s) =>
      s.some((x) => x.metric.connection_security_policy === 'none' && x.value > 0),
    );
    const created = (await stack.kube('POST', `${SEC}/peerauthentications`, policy('STRICT'))) as {
      metadata: { resourceVersion: string };
    };
    try {
      await waitForShares('connection_security_policy', bookinfoInbound, { mutual_tls: 1 });
      // The unmeshed caller is refused: productpage reports no request from an unknown source any more.
      const fromUnknown = await stack.prometheus.waitFor(
        `sum(rate(istio_requests_total{${bookinfoInbound},source_workload="unknown"}[${WINDOW}]))`,
        (s) => s.length === 0 || s[0]!.value === 0,
      );
      expect(fromUnknown.length === 0 || fromUnknown[0]!.value === 0).toBe(true);

      await stack.kube(
        'PUT',
        `${SEC}/peerauthentications/default`,
        policy('DISABLE', created.metadata.resourceVersion),
      );
      await waitForShares('connection_security_policy', bookinfoInbound, { none: 1 });
    } finally {
      await removeIfPresent(`${SEC}/peerauthentications/default`);
    }
  });

  it('details scaled to 0 answers 503 with response flag UH', async () => {
    const scale = (replicas: number) =>
      stack.kube(
        'PATCH',
        '/apis/apps/v1/namespaces/bookinfo/deployments/details-v1',
        { spec: { replicas } },
        'application/merge-patch+json',
      );
    await scale(0);
    try {
      await waitForShares('response_flags', 'reporter="source",destination_service_name="details"', {
        UH: 1,
      });
      const codes = await stack.prometheus.waitFor(
        rateBy('response_code', 'reporter="source",destination_service_name="details"'),
        (s) => sharesMatch(sharesBy(s, 'response_code'), { '503': 1 }, 0.001),
      );
      expect(codes.filter((s) => s.value > 0).map((s) => s.metric.response_code)).toEqual(['503']);
    } finally {
      await scale(1);
    }
  });
});
