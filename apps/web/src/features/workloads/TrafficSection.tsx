import { lazy, Suspense } from 'react';
import { Link } from '../../components/Link.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { formatRate } from '../graph/model/format.ts';
import type { TrafficPeer, TrafficSubject } from './nodeTraffic.ts';
import { TrafficPeers } from './TrafficPeers.tsx';
import { useNodeTraffic } from './useNodeTraffic.ts';
import { nodeGraphHref } from './workloadsUrlState.ts';
import './traffic.css';

/** Cytoscape in its own chunk: the details page does not wait for it. */
const NodeGraph = lazy(() => import('./NodeGraph.tsx'));

/** Inbound and outbound peers in full (the Traffic tab) or as a short who-calls-whom list (Overview). */
export function TrafficSection({ subject, compact = false }: { subject: TrafficSubject; compact?: boolean }) {
  const { traffic, graph, error, isLoading, graphErrors } = useNodeTraffic(subject);
  if (isLoading) return <LoadingState label="Loading traffic…" />;
  if (!traffic)
    return (
      <p className="banner banner--stale" role="status">
        <span className="banner__text">Traffic could not be read: {error?.message ?? 'no answer'}</span>
      </p>
    );
  const notes = graphErrors.map((e) => (
    <p key={e.message} className="muted small">
      {e.message}
    </p>
  ));
  if (compact)
    return (
      <div className="node-graph-section">
        {graph && (traffic.inbound.length > 0 || traffic.outbound.length > 0) && (
          <Suspense fallback={<LoadingState label="Drawing the node graph…" />}>
            <NodeGraph graph={graph} subject={subject} />
          </Suspense>
        )}
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
          {notes}
        </div>
        <p className="small">
          <Link href={nodeGraphHref(subject.kind, subject.namespace, subject.name)}>
            Open in the traffic graph
          </Link>
        </p>
      </div>
    );
  return (
    <div className="stack">
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
              <span className="table__name">{p.name}</span>{' '}
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
