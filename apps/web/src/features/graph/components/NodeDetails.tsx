import type { EdgeData, MetricSeries, NodeMetricsKind } from '@sextant/contracts';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { nodeMetricsQuery } from '../../../api/nodeMetrics.ts';
import { formatBytesPerSecond, formatMs, formatPercent, formatRate } from '../model/format.ts';
import { nodeName, nodeTraffic, type RequestTotals, type ViewNode } from '../model/graphView.ts';
import { formatDuration } from '../urlState.ts';
import { CloseDetailsButton } from './CloseDetailsButton.tsx';
import { HealthBadge } from './HealthBadge.tsx';
import { ShapeIcon } from './Legend.tsx';
import type { SidePanelProps } from './SidePanel.tsx';
import { Sparkline } from './Sparkline.tsx';
import { useChangeMarkers } from '../../changes/useChangeMarkers.ts';
import { Stat } from './GraphSummaryPanel.tsx';
import { Link } from '../../../components/Link.tsx';
import { useWriteAccess } from '../../../api/permissions.ts';
import { trafficShiftHref } from '../../istio/wizard/trafficShiftUrl.ts';
import { serviceDetailsHref } from '../../services/servicesUrlState.ts';
import { nodeFocusOf } from '../model/nodeFocus.ts';

const KIND_TEXT: Record<ViewNode['shape'], string> = {
  app: 'App',
  workload: 'Workload',
  service: 'Service',
  serviceentry: 'Service entry',
  gateway: 'Gateway',
  unknown: 'Unknown caller',
  namespace: 'Namespace',
};

export function NodeDetails({
  node,
  graph,
  state,
  palette,
  onSelect,
  onFocusNode,
  onExpand,
}: SidePanelProps & { node: ViewNode }) {
  const edges = graph.elements.edges.map((e) => e.data);
  const outgoing = edges.filter((e) => e.source === node.id);
  const incoming = edges.filter((e) => e.target === node.id);
  const traffic = nodeTraffic(node.data, outgoing);
  const d = node.data;
  const mtls = weightedMtls(incoming);
  const names = new Map(graph.elements.nodes.map((n) => [n.data.id, n.data]));
  const neighbour = (id: string) => {
    const n = names.get(id);
    return n ? nodeName(n) : id;
  };
  return (
    <div className="details">
      <header className="details__header">
        <p className="details__kicker">
          <ShapeIcon
            shape={node.shape}
            stroke={palette.health[node.health]}
            fill="none"
            dashed={node.shape === 'unknown'}
          />
          {KIND_TEXT[node.shape]}
          {d.isServiceEntry &&
            ` · ${d.isServiceEntry.location === 'MESH_EXTERNAL' ? 'outside the mesh' : 'inside the mesh'}`}
        </p>
        <h2 className="details__title">{node.name}</h2>
        <p className="details__subtitle">
          {d.nodeType !== 'unknown' && (
            <>
              namespace <span className="chip">{d.namespace}</span>
            </>
          )}
          {d.cluster && d.cluster !== 'unknown' && <span className="muted"> · cluster {d.cluster}</span>}
        </p>
        <CloseDetailsButton onClose={() => onSelect(undefined)} />
        <NodeGraphAction node={node} state={state} onFocusNode={onFocusNode} />
        {d.nodeType === 'namespace' && <ExpandAction node={node} state={state} onExpand={onExpand} />}
      </header>

      <section className="details__section">
        <h3 className="details__heading">Health</h3>
        <HealthBadge health={node.health} />
        {node.healthReasons.length > 0 ? (
          <ul className="reasons">
            {node.healthReasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : (
          <p className="muted small">
            {node.health === 'na'
              ? 'No request traffic or replica data to judge by.'
              : 'Within the error and replica thresholds.'}
          </p>
        )}
        {node.idle && <p className="muted small">Idle: no traffic in this window.</p>}
      </section>

      <dl className="stats">
        <Stat label="Inbound" value={`${formatRate(traffic.inbound.total)} rps`} />
        <Stat label="Outbound" value={`${formatRate(traffic.outbound.total)} rps`} />
        <Stat
          label="Inbound errors"
          value={formatPercent(traffic.inbound.errorPercent)}
          tone={
            traffic.inbound.errorPercent >= 10 ? 'bad' : traffic.inbound.errorPercent > 0 ? 'warn' : undefined
          }
        />
        <Stat label="mTLS inbound" value={mtls === undefined ? '—' : formatPercent(mtls)} />
        {traffic.tcpIn > 0 && <Stat label="TCP in" value={formatBytesPerSecond(traffic.tcpIn)} />}
        {traffic.tcpOut > 0 && <Stat label="TCP out" value={formatBytesPerSecond(traffic.tcpOut)} />}
      </dl>

      {(traffic.inbound.total > 0 || traffic.outbound.total > 0) && (
        <section className="details__section">
          <h3 className="details__heading">Requests by response code</h3>
          <CodeTable
            inbound={traffic.inbound}
            outbound={traffic.outbound}
            protocols={new Set((d.traffic ?? []).map((t) => t.protocol))}
          />
        </section>
      )}

      {d.nodeType === 'namespace' ? (
        <NamespaceContents node={node} />
      ) : (
        <NodeSparklines
          node={node}
          duration={state.duration}
          queryTime={state.queryTime}
          refresh={state.refresh}
          palette={palette}
        />
      )}

      <section className="details__section" hidden={d.nodeType === 'namespace'}>
        <h3 className="details__heading">Istio config</h3>
        <TrafficShiftAction node={node} graph={graph} />
        <ServiceDetailsLink node={node} />
        {node.badges.length === 0 ? (
          <p className="muted small">
            No VirtualService, DestinationRule or sidecar issue touches this node.
          </p>
        ) : (
          <ul className="config-list">
            {node.badges.map((b) => (
              <li key={b.key}>
                <span className={`mini-badge${b.key === 'nosidecar' ? ' mini-badge--warn' : ''}`}>
                  {b.short}
                </span>
                {b.title}
              </li>
            ))}
          </ul>
        )}
        {d.isServiceEntry && (
          <p className="small">
            Hosts:{' '}
            {d.isServiceEntry.hosts.map((h) => (
              <span key={h} className="chip">
                {h}
              </span>
            ))}
          </p>
        )}
        {d.isGateway?.ingressInfo?.hostnames && (
          <p className="small">
            Gateway hosts:{' '}
            {d.isGateway.ingressInfo.hostnames.map((h) => (
              <span key={h} className="chip">
                {h}
              </span>
            ))}
          </p>
        )}
      </section>

      {(incoming.length > 0 || outgoing.length > 0) && (
        <section className="details__section">
          <h3 className="details__heading">Connections</h3>
          <ul className="connections">
            {incoming.map((e) => (
              <li key={e.id}>
                <button type="button" className="link-button" onClick={() => onSelect(e.id)}>
                  ← {neighbour(e.source)}
                </button>
                <span className="muted">{edgeRateText(e)}</span>
              </li>
            ))}
            {outgoing.map((e) => (
              <li key={e.id}>
                <button type="button" className="link-button" onClick={() => onSelect(e.id)}>
                  → {neighbour(e.target)}
                </button>
                <span className="muted">{edgeRateText(e)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** What a namespace node of the scope-first graph stands for. */
function NamespaceContents({ node }: { node: ViewNode }) {
  const a = node.data.aggregate;
  if (node.data.isInaccessible)
    return (
      <section className="details__section">
        <h3 className="details__heading">Contents</h3>
        <p className="muted small">You may not read this namespace: only its traffic with yours is shown.</p>
      </section>
    );
  if (!a) return null;
  return (
    <section className="details__section">
      <h3 className="details__heading">Contents</h3>
      <dl className="stats">
        <Stat label="Workloads" value={String(a.workloads)} />
        <Stat label="Apps" value={String(a.apps)} />
        <Stat label="Services" value={String(a.services)} />
        <Stat label="Nodes when expanded" value={`~${a.nodes}`} />
      </dl>
    </section>
  );
}

/** Draws a namespace of the scope-first graph node by node. */
function ExpandAction({
  node,
  state,
  onExpand,
}: {
  node: ViewNode;
  state: SidePanelProps['state'];
  onExpand: SidePanelProps['onExpand'];
}) {
  const d = node.data;
  if (!onExpand || d.isInaccessible) return null;
  const inGraph = state.namespaces.includes(d.namespace);
  return (
    <p className="details__actions">
      <button
        type="button"
        className="button button--small button--primary"
        title={
          inGraph
            ? 'Draw this namespace node by node, in place'
            : 'Add this namespace to the graph and draw it node by node'
        }
        onClick={() => onExpand(d.namespace)}
      >
        {inGraph ? `Expand ${d.namespace}` : `Add and expand ${d.namespace}`}
      </button>
    </p>
  );
}

/** Leads to the node graph of this node, unless the page already shows it. */
function NodeGraphAction({
  node,
  state,
  onFocusNode,
}: {
  node: ViewNode;
  state: SidePanelProps['state'];
  onFocusNode: SidePanelProps['onFocusNode'];
}) {
  const focus = nodeFocusOf(node.data, state.graphType);
  if (!focus || !onFocusNode) return null;
  const current = state.node;
  if (
    current &&
    current.kind === focus.kind &&
    current.namespace === focus.namespace &&
    current.name === focus.name &&
    (current.kind !== 'app' || focus.kind !== 'app' || current.version === focus.version)
  )
    return null;
  return (
    <p className="details__actions">
      <button
        type="button"
        className="button button--small"
        title="Show this node with what calls it and what it calls, nothing else"
        onClick={() => onFocusNode(focus)}
      >
        Show its node graph
      </button>
    </p>
  );
}

function edgeRateText(e: EdgeData): string {
  // Kiali leaves the rates out of an idle edge.
  if (e.traffic.protocol === 'tcp') return formatBytesPerSecond(e.traffic.rates?.tcp ?? 0);
  return `${formatRate(e.traffic.rates?.[e.traffic.protocol] ?? 0)} rps`;
}

function weightedMtls(edges: readonly EdgeData[]): number | undefined {
  let weighted = 0;
  let total = 0;
  for (const e of edges) {
    if (e.isMTLS === undefined) continue;
    const rate = e.traffic.rates?.[e.traffic.protocol] ?? 0;
    weighted += rate * e.isMTLS;
    total += rate;
  }
  return total > 0 ? weighted / total : undefined;
}

/** What "OK" means for the node's protocols: 2xx for HTTP, status 0 for gRPC. */
function okLabel(protocols: ReadonlySet<string>): string {
  const http = protocols.has('http');
  const grpc = protocols.has('grpc');
  if (grpc && !http) return 'OK (gRPC status 0)';
  if (grpc) return 'OK (2xx, gRPC 0)';
  return 'OK (2xx)';
}

function CodeTable({
  inbound,
  outbound,
  protocols,
}: {
  inbound: RequestTotals;
  outbound: RequestTotals;
  protocols: ReadonlySet<string>;
}) {
  const rows: Array<[string, keyof RequestTotals]> = [
    [okLabel(protocols), 'ok'],
    ['Redirect (3xx)', '3xx'],
    ['Client error (4xx)', '4xx'],
    ['Server error (5xx)', '5xx'],
    ['No response', 'noResponse'],
    ['gRPC error', 'grpcErr'],
  ];
  const shown = rows.filter(([, key]) => inbound[key] > 0 || outbound[key] > 0 || key === 'ok');
  return (
    <table className="mini-table">
      <thead>
        <tr>
          <th scope="col">Code</th>
          <th scope="col">In rps</th>
          <th scope="col">Out rps</th>
        </tr>
      </thead>
      <tbody>
        {shown.map(([label, key]) => (
          <tr
            key={key}
            className={
              key !== 'ok' && key !== '3xx' && (inbound[key] > 0 || outbound[key] > 0)
                ? 'mini-table__bad'
                : undefined
            }
          >
            <th scope="row">{label}</th>
            <td>{formatRate(inbound[key])}</td>
            <td>{formatRate(outbound[key])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function metricsTarget(
  node: ViewNode,
): { kind: NodeMetricsKind; name: string; version?: string } | undefined {
  const d = node.data;
  if (node.shape === 'unknown' || node.shape === 'serviceentry') return undefined;
  if (d.nodeType === 'workload' && d.workload) return { kind: 'workloads', name: d.workload };
  if (d.nodeType === 'service' && d.service) return { kind: 'services', name: d.service };
  if (d.app && d.app !== 'unknown') {
    return d.version ? { kind: 'apps', name: d.app, version: d.version } : { kind: 'apps', name: d.app };
  }
  return undefined;
}

function NodeSparklines({
  node,
  duration,
  queryTime,
  refresh,
  palette,
}: {
  node: ViewNode;
  duration: number;
  queryTime: number | undefined;
  refresh: number;
  palette: SidePanelProps['palette'];
}) {
  const target = metricsTarget(node);
  const inbound = node.data.traffic?.some(
    (t) => (t.rates.httpIn ?? 0) > 0 || (t.rates.grpcIn ?? 0) > 0 || (t.rates.tcpIn ?? 0) > 0,
  );
  const direction = inbound || !node.root ? 'inbound' : 'outbound';
  const query = useQuery({
    ...nodeMetricsQuery(
      {
        namespace: node.data.namespace,
        kind: target?.kind ?? 'apps',
        name: target?.name ?? '',
        version: target?.version,
        direction,
        duration,
        queryTime,
      },
      queryTime === undefined ? refresh * 1000 : 0,
    ),
    enabled: target !== undefined,
  });
  const markers = useChangeMarkers(
    node.data.namespace,
    target?.kind ?? 'apps',
    target?.name ?? '',
    query.data,
  ).map((c) => c.time);
  if (!target) return null;
  const m = query.data;
  const last = (s: MetricSeries | undefined) => s?.[s.length - 1]?.[1];
  return (
    <section className="details__section">
      <h3 className="details__heading">
        {direction === 'inbound' ? 'Inbound' : 'Outbound'}, last {formatDuration(duration)}
      </h3>
      {query.isPending && <p className="muted small">Loading series…</p>}
      {query.isError && !m && <p className="small error-text">Series unavailable: {query.error.message}</p>}
      {m && (
        <div className="sparklines">
          <SparkRow
            title="Request rate"
            value={last(m.requestRate) === undefined ? '—' : `${formatRate(last(m.requestRate)!)} rps`}
          >
            <Sparkline
              series={m.requestRate}
              label="Request rate"
              colour={palette.accent}
              start={m.start}
              end={m.end}
              markers={markers}
            />
          </SparkRow>
          <SparkRow
            title="Error rate"
            value={last(m.errorRate) === undefined ? '—' : `${formatRate(last(m.errorRate)!)} rps`}
          >
            <Sparkline
              series={m.errorRate}
              label="Error rate"
              colour={palette.health.failure}
              start={m.start}
              end={m.end}
              markers={markers}
            />
          </SparkRow>
          {m.responseTimeP95 && (
            <SparkRow
              title="Response time p95"
              value={last(m.responseTimeP95) === undefined ? '—' : formatMs(last(m.responseTimeP95)!)}
            >
              <Sparkline
                series={m.responseTimeP95}
                label="Response time p95"
                colour={palette.edge.tcp}
                start={m.start}
                end={m.end}
                markers={markers}
              />
            </SparkRow>
          )}
          {m.tcpThroughput && (
            <SparkRow
              title="TCP throughput"
              value={last(m.tcpThroughput) === undefined ? '—' : formatBytesPerSecond(last(m.tcpThroughput)!)}
            >
              <Sparkline
                series={m.tcpThroughput}
                label="TCP throughput"
                colour={palette.edge.tcp}
                start={m.start}
                end={m.end}
                markers={markers}
              />
            </SparkRow>
          )}
        </div>
      )}
    </section>
  );
}

function SparkRow({ title, value, children }: { title: string; value: string; children: ReactNode }) {
  return (
    <div className="spark-row">
      <div className="spark-row__head">
        <span className="spark-row__title">{title}</span>
        <span className="spark-row__value">{value}</span>
      </div>
      {children}
    </div>
  );
}

/**
 * Service and app nodes offer the routing wizards across the versions the graph shows; shifting
 * and routing by header need two versions, faults and timeouts apply to one as well.
 */
function TrafficShiftAction({ node, graph }: { node: ViewNode; graph: SidePanelProps['graph'] }) {
  const d = node.data;
  const offersWizards = d.nodeType === 'service' || d.nodeType === 'app';
  const access = useWriteAccess(offersWizards ? d.namespace : undefined, 'virtualservices', 'create');
  if (d.nodeType !== 'service' && d.nodeType !== 'app') return null;
  const service = d.nodeType === 'service' ? d.service : d.app;
  if (!service) return null;
  const versions = [
    ...new Set(
      graph.elements.nodes.flatMap((n) =>
        n.data.namespace === d.namespace && n.data.app === service && n.data.version ? [n.data.version] : [],
      ),
    ),
  ];
  if (versions.length === 0) {
    return (
      <p className="muted small">
        The routing wizards need the versions of {service}; show the versioned app graph to see them.
      </p>
    );
  }
  const wizards = [
    { kind: 'shift', label: 'Create traffic shift', versions: 2 },
    { kind: 'header', label: 'Route by header', versions: 2 },
    { kind: 'fault', label: 'Inject fault', versions: 1 },
    { kind: 'timeout', label: 'Set timeout', versions: 1 },
  ] as const;
  return (
    <>
      <p className="button-row">
        {wizards
          .filter((w) => versions.length >= w.versions)
          .map((w) =>
            // View-only still opens the wizard to see the config; RBAC's refusal is final for this user.
            access.allowed || access.viewOnly ? (
              <Link
                key={w.kind}
                className="button button--small"
                href={trafficShiftHref({ namespace: d.namespace, service, versions, kind: w.kind })}
              >
                {w.label}
              </Link>
            ) : (
              <button
                key={w.kind}
                type="button"
                className="button button--small"
                disabled
                title={access.reason}
              >
                {w.label}
              </button>
            ),
          )}
      </p>
      {versions.length < 2 && (
        <p className="muted small">Traffic shift and routing by header need two versions of {service}.</p>
      )}
    </>
  );
}

/** Service and app nodes link to the Service's page: its workloads, the routing that applies, the wizards. */
function ServiceDetailsLink({ node }: { node: ViewNode }) {
  const d = node.data;
  if (d.isServiceEntry || (d.nodeType !== 'service' && d.nodeType !== 'app')) return null;
  const service = d.nodeType === 'service' ? d.service : d.app;
  if (!service || service === 'unknown') return null;
  return (
    <p className="small">
      <Link href={serviceDetailsHref(d.namespace, service)}>Service details</Link>
      <span className="muted"> · workloads, routing and validations of {service}</span>
    </p>
  );
}
