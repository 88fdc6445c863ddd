import { useQuery } from '@tanstack/react-query';
import { graphQuery, type GraphParams } from '../../api/graph.ts';
import { WORKLOADS_REFRESH_MS } from '../../api/workloads.ts';
import { nodeTraffic, type TrafficSubject } from './nodeTraffic.ts';

/** Seconds of traffic the Traffic tab and the callers/callees summarise. */
const TRAFFIC_WINDOW_SECONDS = 120;

/**
 * The subject's callers and callees from its node graph, without service nodes so each edge joins
 * two workloads (or apps). Not suspending: the page shows while the graph is on its way.
 */
export function useNodeTraffic(subject: TrafficSubject) {
  const params: GraphParams = {
    namespaces: [subject.namespace],
    graphType: subject.kind === 'app' ? 'app' : 'workload',
    duration: TRAFFIC_WINDOW_SECONDS,
    queryTime: undefined,
    // A service's graph needs its service node: its callers on one side, its workloads on the other.
    injectServiceNodes: subject.kind === 'service',
    boxBy: [],
    idleNodes: false,
    responseTime: '95',
    node: { kind: subject.kind, namespace: subject.namespace, name: subject.name },
  };
  const query = useQuery(graphQuery(params, WORKLOADS_REFRESH_MS));
  return {
    traffic: query.data ? nodeTraffic(query.data, subject) : undefined,
    graph: query.data,
    error: query.error,
    isLoading: query.isLoading,
    /** The last refresh failed: what is shown is from `updatedAt`. */
    isStale: query.isError && query.data !== undefined,
    updatedAt: query.dataUpdatedAt,
    refetch: () => void query.refetch(),
    graphErrors: query.data?.errors ?? [],
  };
}
