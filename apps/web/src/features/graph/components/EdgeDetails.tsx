import { useQueries } from '@tanstack/react-query';
import { graphQuery, type GraphParams } from '../../../api/graph.ts';
import { formatBytesPerSecond, formatMs, formatPercent, formatRate } from '../model/format.ts';
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
  const r = d.traffic.rates;
  const tcp = d.traffic.protocol === 'tcp';
  const quantiles = useEdgeQuantiles(
    params,
    edge.id,
    state.queryTime === undefined ? state.refresh * 1000 : 0,
  );
  const codes = Object.entries(d.traffic.responses).sort(([a], [b]) => a.localeCompare(b));
  const errPct = edgeErrorPercent(d);
  const share = d.traffic.protocol === 'http' ? r.httpPercentReq : r.grpcPercentReq;
  return (
    <div className="details">
      <header className="details__header">
        <p className="details__kicker">Edge · {d.traffic.protocol.toUpperCase()}</p>
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
        <Stat label="mTLS" value={d.isMTLS === undefined ? 'unknown' : formatPercent(d.isMTLS)} />
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
        </section>
      )}

      {!tcp && (
        <section className="details__section">
          <h3 className="details__heading">Requests by code</h3>
          <table className="mini-table">
            <tbody>
              {[
                [
                  '2xx',
                  Math.max(
                    0,
                    edge.rate -
                      (r.http3xx ?? 0) -
                      (r.http4xx ?? 0) -
                      (r.http5xx ?? 0) -
                      (r.httpNoResponse ?? 0),
                  ),
                ],
                ['3xx', r.http3xx ?? 0],
                ['4xx', r.http4xx ?? 0],
                ['5xx', r.http5xx ?? 0],
                ['No response', r.httpNoResponse ?? 0],
                ['gRPC errors', r.grpcErr ?? 0],
              ]
                .filter(([label, v]) => (v as number) > 0 || label === '2xx')
                .map(([label, v]) => (
                  <tr
                    key={label as string}
                    className={label !== '2xx' && label !== '3xx' ? 'mini-table__bad' : undefined}
                  >
                    <th scope="row">{label}</th>
                    <td>{formatRate(v as number)} rps</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      )}

      {codes.length > 0 && (
        <section className="details__section">
          <h3 className="details__heading">Response flags and hosts</h3>
          <table className="mini-table mini-table--wrap">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Flags</th>
                <th scope="col">Hosts</th>
              </tr>
            </thead>
            <tbody>
              {codes.map(([code, detail]) => (
                <tr key={code}>
                  <th scope="row">{code}</th>
                  <td>{shares(detail.flags, (f) => (f === '-' ? 'none' : f))}</td>
                  <td>{shares(detail.hosts, (h) => h)}</td>
                </tr>
              ))}
            </tbody>
          </table>
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

function shares(map: Record<string, number>, name: (key: string) => string): string {
  return Object.entries(map)
    .sort(([, a], [, b]) => b - a)
    .map(([k, v]) => (v >= 99.95 ? name(k) : `${name(k)} ${formatPercent(v)}`))
    .join(', ');
}
