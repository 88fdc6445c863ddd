import type { Graph, GraphType } from '@sextant/contracts';
import { buildGraph, type BoxBy } from '@sextant/mesh';
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
  includeIdle?: boolean;
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
      includeIdle: options.includeIdle ?? false,
      boxBy: options.boxBy ?? ['namespace', 'app'],
      durationSeconds: 60,
      queryTime: fixture.time,
    },
    results: fixture.results,
    cluster: fixture.cluster,
  });
}
