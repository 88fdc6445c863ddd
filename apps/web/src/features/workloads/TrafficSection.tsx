import { lazy, Suspense } from 'react';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { Link } from '../../components/Link.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { StaleBanner } from '../../components/StaleBanner.tsx';
import { formatRate } from '../graph/model/format.ts';
import type { TrafficPeer, TrafficSubject } from './nodeTraffic.ts';
import { TrafficPeers } from './TrafficPeers.tsx';
import { useNodeTraffic } from './useNodeTraffic.ts';
import { nodeGraphHref } from './workloadsUrlState.ts';
import './traffic.css';

/** Cytoscape and the graph's view model in their own chunk: pages without traffic never load it. */
const NodeGraph = lazy(() => import('./NodeGraph.tsx'));

/**
 * Inbound and outbound peers in full (the Traffic tab) or, `compact`, as the node graph with a
 * short who-calls-whom list under it (the Overview).
 */
export function TrafficSection({ subject, compact = false }: { subject: TrafficSubject; compact?: boolean }) {
  return compact ? <CompactTraffic subject={subject} /> : <FullTraffic subject={subject} />;
}

/** The Traffic tab: inbound and outbound peers with rate, errors, p95 and mTLS. */
function FullTraffic({ subject }: { subject: TrafficSubject }) {
  const { traffic, graph, error, isLoading, isStale, updatedAt, refetch, graphErrors } =
    useNodeTraffic(subject);
  if (isLoading) return <LoadingState label="Loading traffic…" />;
  if (!traffic || !graph)
    return <ErrorPanel title="Traffic could not be read" error={error} onRetry={refetch} />;
  const notes = graphErrors.map((e) => (
    <p key={e.message} className="muted small">
      {e.message}
    </p>
  ));
  return (
    <div className="stack">
      {isStale && error && <StaleBanner updatedAt={updatedAt} error={error} onRetry={refetch} />}
      <h2 className="section-title">Inbound</h2>
      <TrafficPeers
        label="Inbound traffic"
        peers={traffic.inbound}
        empty="No inbound traffic in the last 2 minutes."
      />
      <h2 className="section-title">Outbound</h2>
      <TrafficPeers
        label="Outbound traffic"
        peers={traffic.outbound}
        empty="No outbound traffic in the last 2 minutes."
      />
      {notes}
    </div>
  );
}

/** The node graph, its states, and the peers' names and numbers under it. */
function CompactTraffic({ subject }: { subject: TrafficSubject }) {
  const { traffic, graph, error, isLoading, isStale, updatedAt, refetch, graphErrors } =
    useNodeTraffic(subject);
  const graphLink = (
    <p className="small">
      <Link href={nodeGraphHref(subject.kind, subject.namespace, subject.name)}>
        Open in the traffic graph
      </Link>
    </p>
  );
  if (isLoading)
    return (
      <div className="node-graph node-graph--state">
        <LoadingState label="Loading callers and callees…" />
      </div>
    );
  if (!traffic || !graph)
    return (
      <div className="node-graph-section">
        <ErrorPanel title="Callers and callees could not be read" error={error} onRetry={refetch} />
        {graphLink}
      </div>
    );
  const notes = graphErrors.map((e) => (
    <p key={e.message} className="muted small">
      {e.message}
    </p>
  ));
  const quiet = traffic.inbound.length === 0 && traffic.outbound.length === 0;
  return (
    <div className="node-graph-section">
      {isStale && error && <StaleBanner updatedAt={updatedAt} error={error} onRetry={refetch} />}
      {quiet ? (
        <div className="node-graph node-graph--state node-graph--empty" role="status">
          <p className="node-graph__empty-title">No traffic in the last 2 minutes</p>
          <p className="muted small">
            Nothing called {subject.name} and it called nothing. Callers and callees appear here once requests
            flow.
          </p>
        </div>
      ) : (
        <>
          <Suspense
            fallback={
              <div className="node-graph node-graph--state">
                <LoadingState label="Drawing the node graph…" />
              </div>
            }
          >
            <NodeGraph graph={graph} subject={subject} />
          </Suspense>
          <div className="peers-summary">
            <PeerNames
              title="Called by"
              peers={traffic.inbound}
              none="Nothing called it in the last 2 minutes."
            />
            {subject.kind === 'service' ? (
              <PeerNames
                title="Routes to"
                peers={traffic.outbound}
                none="No request reached a workload in the last 2 minutes."
              />
            ) : (
              <PeerNames
                title="Calls"
                peers={traffic.outbound}
                none="It called nothing in the last 2 minutes."
              />
            )}
          </div>
        </>
      )}
      {notes}
      {graphLink}
    </div>
  );
}

function PeerNames({ title, peers, none }: { title: string; peers: readonly TrafficPeer[]; none: string }) {
  return (
    <div>
      <h3 className="peers-summary__title">{title}</h3>
      {peers.length === 0 ? (
        <p className="muted small">{none}</p>
      ) : (
        <ul className="peers-summary__list" aria-label={title}>
          {peers.map((p) => (
            <li key={p.id}>
              <span className="table__name">{p.href ? <Link href={p.href}>{p.name}</Link> : p.name}</span>{' '}
              <span className="muted small">
                {p.protocol === 'tcp' ? 'TCP' : `${formatRate(p.rate)} req/s`}
                {p.errorPercent ? `, ${Math.round(p.errorPercent * 10) / 10}% errors` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
