import { useQueries } from '@tanstack/react-query';
import { graphQuery, type GraphParams } from '../../../api/graph.ts';
import { formatBytesPerSecond, formatMs, formatPercent, formatRate } from '../model/format.ts';
import { hostRows, outcomeRows, PROTOCOL_TEXT, responseRows, type HostRow } from '../model/edgeResponses.ts';
import { edgeErrorPercent, nodeName, type ViewEdge } from '../model/graphView.ts';
import { CloseDetailsButton } from './CloseDetailsButton.tsx';
import { HealthBadge } from './HealthBadge.tsx';
import { Stat } from './GraphSummaryPanel.tsx';
import type { SidePanelProps } from './SidePanel.tsx';

const QUANTILES = ['50', '95', '99'] as const;

/** p50/p95/p99 of one edge: the graph fetched with each response time (shared with the page's own query when equal). */
function useEdgeQuantiles(params: GraphParams, edgeId: string, refreshMs: number) {
  const results = useQueries({
    queries: QUANTILES.map((q) => graphQuery({ ...params, responseTime: q }, refreshMs)),
  });
  return QUANTILES.map((q, i) => {
    const graph = results[i]?.data;
    const edge = graph?.elements.edges.find((e) => e.data.id === edgeId);
    return { quantile: q, value: edge?.data.responseTime, pending: results[i]?.isPending ?? true };
  });
}

export function EdgeDetails({ edge, graph, params, state, onSelect }: SidePanelProps & { edge: ViewEdge }) {
  const d = edge.data;
  const byId = new Map(graph.elements.nodes.map((n) => [n.data.id, n.data]));
  const source = byId.get(edge.source);
  const target = byId.get(edge.target);
  const r: Record<string, number | undefined> = d.traffic.rates ?? {};
  const tcp = d.traffic.protocol === 'tcp';
  const quantiles = useEdgeQuantiles(
    params,
    edge.id,
    state.queryTime === undefined ? state.refresh * 1000 : 0,
  );
  const outcomes = outcomeRows(d);
  const responses = responseRows(d);
  const errPct = edgeErrorPercent(d);
  const share = d.traffic.protocol === 'http' ? r.httpPercentReq : r.grpcPercentReq;
  return (
    <div className="details">
      <header className="details__header">
        <p className="details__kicker">
          Edge · <span className="details__protocol">{PROTOCOL_TEXT[d.traffic.protocol]}</span>
        </p>
        <h2 className="details__title details__title--edge">
          <button type="button" className="link-button" onClick={() => onSelect(edge.source)}>
            {source ? nodeName(source) : edge.source}
          </button>
          <span className="details__arrow">→</span>
          <button type="button" className="link-button" onClick={() => onSelect(edge.target)}>
            {target ? nodeName(target) : edge.target}
          </button>
        </h2>
        <CloseDetailsButton onClose={() => onSelect(undefined)} />
      </header>

      <section className="details__section">
        <h3 className="details__heading">Health</h3>
        {tcp ? (
          <p className="muted small">TCP connections carry no response codes.</p>
        ) : (
          <HealthBadge health={edge.health} />
        )}
        {d.healthReasons && d.healthReasons.length > 0 && (
          <ul className="reasons">
            {d.healthReasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        )}
      </section>

      <dl className="stats">
        {tcp ? (
          <Stat label="Throughput" value={formatBytesPerSecond(r.tcp ?? 0)} />
        ) : (
          <>
            <Stat label="Request rate" value={`${formatRate(edge.rate)} rps`} />
            <Stat
              label="Errors"
              value={formatPercent(errPct)}
              tone={errPct >= 10 ? 'bad' : errPct > 0 ? 'warn' : undefined}
            />
            {share !== undefined && <Stat label="Share of caller" value={formatPercent(share)} />}
            {d.throughput !== undefined && (
              <Stat label="Throughput" value={formatBytesPerSecond(d.throughput)} />
            )}
          </>
        )}
        <Stat
          label="mTLS"
          value={d.isMTLS === undefined ? 'not reported' : formatPercent(d.isMTLS)}
          hint={
            d.isMTLS === undefined
              ? 'No proxy at the destination reported this traffic (no sidecar there?), so mutual TLS is not confirmed'
              : 'Share of the traffic the destination received with mutual TLS'
          }
        />
      </dl>

      {!tcp && (
        <section className="details__section">
          <h3 className="details__heading">Response time</h3>
          <div className="quantiles">
            {quantiles.map((q) => (
              <div key={q.quantile} className="quantile">
                <span className="quantile__label">p{q.quantile}</span>
                <span className="quantile__value">
                  {q.value !== undefined ? formatMs(q.value) : q.pending ? '…' : '—'}
                </span>
              </div>
            ))}
          </div>
          {target?.nodeType === 'service' &&
            !target.isServiceEntry &&
            quantiles.every((q) => q.value === undefined && !q.pending) && (
              <p className="muted small">
                Measured on the service's edges to its workloads: a caller's requests to a service cannot be
                timed apart from the workload that answered them.
              </p>
            )}
        </section>
      )}

      {outcomes.length > 0 && (
        <section className="details__section">
          <h3 className="details__heading">Requests by outcome</h3>
          <table className="mini-table" aria-label="Requests by outcome">
            <tbody>
              {outcomes.map((row) => (
                <tr key={row.label} className={row.bad ? 'mini-table__bad' : undefined}>
                  <th scope="row">{row.label}</th>
                  <td>{formatRate(row.rate)} rps</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {responses.length > 0 && (
        <section className="details__section">
          <h3 className="details__heading">
            {tcp
              ? 'Connections by response flag'
              : d.traffic.protocol === 'grpc'
                ? 'Responses by gRPC status'
                : 'Responses by code'}
          </h3>
          <table className="mini-table" aria-label={tcp ? 'Connections' : 'Responses'}>
            <thead>
              <tr>
                {!tcp && <th scope="col">Code</th>}
                <th scope="col" className="mini-table__text">
                  Flags
                </th>
                <th scope="col">{tcp ? '% of connections' : '% of requests'}</th>
              </tr>
            </thead>
            <tbody>
              {responses.map((row) => (
                <tr key={`${row.code} ${row.flags}`} className={row.bad ? 'mini-table__bad' : undefined}>
                  {!tcp && (
                    <th scope="row">
                      {row.code}
                      {row.codeMeaning && <span className="mini-table__meaning"> {row.codeMeaning}</span>}
                    </th>
                  )}
                  <td className="mini-table__text" title={row.flagsMeaning || undefined}>
                    {row.flags === '-' ? 'none' : row.flags}
                  </td>
                  <td>{formatPercent(row.percent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <EdgeHosts rows={hostRows(d)} tcp={tcp} />
        </section>
      )}

      <section className="details__section">
        <h3 className="details__heading">Identities</h3>
        <dl className="kv">
          <dt>Source principal</dt>
          <dd>{d.sourcePrincipal ?? <span className="muted">none (plain text or unknown)</span>}</dd>
          <dt>Destination principal</dt>
          <dd>{d.destPrincipal ?? <span className="muted">none</span>}</dd>
        </dl>
      </section>
    </div>
  );
}

/** One destination host in a line; several (a ServiceEntry, PassthroughCluster) in a table. */
function EdgeHosts({ rows, tcp }: { rows: HostRow[]; tcp: boolean }) {
  const hosts = [...new Set(rows.map((r) => r.host))];
  if (hosts.length === 0) return null;
  if (hosts.length === 1) {
    return (
      <p className="small">
        Host <span className="chip">{hosts[0]}</span>
      </p>
    );
  }
  return (
    <table className="mini-table mini-table--wrap" aria-label="Hosts">
      <thead>
        <tr>
          {!tcp && <th scope="col">Code</th>}
          <th scope="col">Host</th>
          <th scope="col">%</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.code} ${row.host}`}>
            {!tcp && <th scope="row">{row.code}</th>}
            <td>{row.host}</td>
            <td>{formatPercent(row.percent)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
