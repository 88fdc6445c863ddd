import type { Graph, GraphType } from '@sextant/contracts';
import { buildGraph, DEFAULT_RATES, parseAppenders, type BoxBy } from '@sextant/mesh';
// The recorded Prometheus answers and cluster objects of packages/mesh (see its README there):
// real graphs for the page's pure logic, built by the same code the server runs.
import {
  loadFixture,
  type FixtureName,
} from '../../../../../../packages/mesh/src/graph/__fixtures__/load.ts';

export interface FixtureGraphOptions {
  fixture?: FixtureName;
  graphType?: GraphType;
  injectServiceNodes?: boolean;
  boxBy?: BoxBy[];
  idleNodes?: boolean;
}

const cache = new Map<FixtureName, ReturnType<typeof loadFixture>>();

/** A Bookinfo graph built from the mesh package's fixtures (Node only: it reads files). */
export function bookinfoGraph(options: FixtureGraphOptions = {}): Graph {
  const name = options.fixture ?? 'bookinfo';
  let fixture = cache.get(name);
  if (!fixture) cache.set(name, (fixture = loadFixture(name)));
  return buildGraph({
    options: {
      graphType: options.graphType ?? 'versionedApp',
      namespaces: ['bookinfo'],
      injectServiceNodes: options.injectServiceNodes ?? true,
      appenders: parseAppenders(
        `deadNode,health,istio,meshCheck,responseTime,securityPolicy,serviceEntry,throughput${options.idleNodes ? ',idleNode' : ''}`,
      ),
      rates: DEFAULT_RATES,
      boxBy: options.boxBy ?? ['namespace', 'app'],
      durationSeconds: 60,
      queryTime: fixture.time,
    },
    results: fixture.results,
    cluster: fixture.cluster,
  });
}
