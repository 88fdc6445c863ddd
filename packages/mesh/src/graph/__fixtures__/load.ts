import { existsSync, readFileSync } from 'node:fs';
import type { ClusterState } from '../../cluster/clusterState.ts';
import type { KubeObjectsByKind } from '../../cluster/toClusterState.ts';
import { toClusterState } from '../../cluster/toClusterState.ts';
import { GRAPH_QUERY_IDS } from '../queries.ts';
import type { GraphQueryResults, PromVectorEntry } from '../types.ts';
import { toSamples } from '../types.ts';

/**
 * A fixture directory holds Prometheus' `/api/v1/query` answer to each graph query (one JSON file
 * per query id, for `namespaces=bookinfo`), `kubernetes.json` (the objects by kind) and `time.json`
 * (the query time). See README.md.
 */
export type FixtureName = 'bookinfo' | 'bookinfo-sim';

export interface Fixture {
  time: number;
  results: GraphQueryResults;
  objects: KubeObjectsByKind;
  cluster: ClusterState;
}

const read = (dir: FixtureName, name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./${dir}/${name}.json`, import.meta.url), 'utf8'));

export function loadFixture(dir: FixtureName): Fixture {
  const results: GraphQueryResults = {};
  for (const id of GRAPH_QUERY_IDS) {
    // Recorded before the throughput query existed: its answer is the response bytes of destinations.
    const file = id === 'throughput' ? 'responseBytesIn' : id;
    if (!existsSync(new URL(`./${dir}/${file}.json`, import.meta.url))) continue;
    const answer = read(dir, file) as { data: { result: PromVectorEntry[] } };
    results[id] = toSamples(answer.data.result);
  }
  const objects = read(dir, 'kubernetes') as KubeObjectsByKind;
  return {
    time: (read(dir, 'time') as { time: number }).time,
    results,
    objects,
    cluster: toClusterState(objects),
  };
}
