import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareGraphs } from './conformance/compareGraph.ts';
import { loadFixtures, type GraphJson } from './conformance/fixture.ts';
import {
  runOrder,
  startConformanceEnvironment,
  type ConformanceEnvironment,
  type FixtureResult,
} from './conformance/harness.ts';
import { formatResult, formatSummary } from './conformance/report.ts';

/**
 * Kiali's graph API tests, as data (conformance/README.md): each fixture's raw counters sit in one
 * real Prometheus, mesh-sim holds its namespaces, and the Sextant server's graph must equal Kiali's
 * golden graph field by field. One test per Kiali test, so the table shows which ones pass.
 */

const fixtures = await loadFixtures();

describe('conformance comparison', () => {
  it.each(fixtures.map((f) => [f.id, f] as const))(
    '%s: the golden graph scores 1.0 against itself with other ids and order',
    (_id, fixture) => {
      expect(
        compareGraphs(fixture.expected, shuffled(fixture.expected), fixture.expectedDecimals).score,
      ).toBe(1);
    },
  );

  it('counts a rate that prints differently, a missing field and an extra field', () => {
    const fixture = fixtures.find((f) => f.id === 'app-graph')!;
    const actual = shuffled(fixture.expected);
    const reviews = actual.elements.nodes.find((n) => n.data.app === 'reviews')!.data as any;
    reviews.traffic.find((t: any) => t.protocol === 'http').rates.httpOut = 124.004; // prints "124.00"
    reviews.traffic.find((t: any) => t.protocol === 'grpc').rates.grpcOut = 50.5;
    delete reviews.destServices;
    reviews.health = 'Healthy';
    const result = compareGraphs(fixture.expected, actual, fixture.expectedDecimals);
    const node = result.elements.find((e) => e.label === 'app east:bookinfo/reviews')!;
    expect(node.differences).toEqual([
      'node app east:bookinfo/reviews: destServices[0].cluster expected "east" got (absent)',
      'node app east:bookinfo/reviews: destServices[0].namespace expected "bookinfo" got (absent)',
      'node app east:bookinfo/reviews: destServices[0].name expected "reviews" got (absent)',
      'node app east:bookinfo/reviews: traffic[grpc].rates.grpcOut expected 50 got 50.5',
      'node app east:bookinfo/reviews: health expected (absent) got "Healthy"',
    ]);
    expect(node.score).toBeCloseTo(6 / 11);
  });
});

describe('Kiali graph conformance (real Prometheus, mesh-sim, server)', () => {
  let env: ConformanceEnvironment | undefined;
  const results: FixtureResult[] = [];
  const started = Date.now();

  beforeAll(async () => {
    env = await startConformanceEnvironment(fixtures, { onProgress: (m) => console.log(m) });
  });

  afterAll(async () => {
    const table = results.flatMap((r) => formatResult(r, 5));
    console.log([...table, formatSummary(results, (Date.now() - started) / 1000)].join('\n'));
    await env?.stop();
  });

  it("the TSDB answers Kiali's own queries as each fixture says", async () => {
    for (const fixture of fixtures) expect(await env!.checkTsdb(fixture), fixture.id).toEqual([]);
  });

  for (const fixture of runOrder(fixtures)) {
    it(`${fixture.kialiTest} (${fixture.id})`, async () => {
      const result = await env!.run(fixture);
      results.push(result);
      console.log(formatResult(result).join('\n'));
      expect(result.tsdbProblems).toEqual([]);
      expect(result.comparison.score, result.error ?? "the graph differs from Kiali's (see above)").toBe(1);
    });
  }
});

/** The same graph under other ids, with nodes, edges and traffic lists in reverse order. */
function shuffled(graph: GraphJson): GraphJson {
  const copy = structuredClone(graph);
  const id = (old: unknown) => `other-${String(old)}`;
  for (const { data } of copy.elements.nodes) {
    data.id = id(data.id);
    if (data.parent !== undefined) data.parent = id(data.parent);
    if (Array.isArray(data.traffic)) data.traffic.reverse();
  }
  for (const { data } of copy.elements.edges) {
    data.id = id(data.id);
    data.source = id(data.source);
    data.target = id(data.target);
  }
  copy.elements.nodes.reverse();
  copy.elements.edges.reverse();
  return copy;
}
