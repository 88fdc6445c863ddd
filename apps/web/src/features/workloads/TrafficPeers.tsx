import { Link } from '../../components/Link.tsx';
import { formatMs, formatPercent, formatRate, formatBytesPerSecond } from '../graph/model/format.ts';
import type { TrafficPeer } from './nodeTraffic.ts';

/** Callers or callees with rate, errors, p95 and mTLS, from the node graph's edges. */
export function TrafficPeers({
  label,
  peers,
  empty,
}: {
  label: string;
  peers: readonly TrafficPeer[];
  empty: string;
}) {
  if (peers.length === 0) return <p className="muted">{empty}</p>;
  return (
    <div className="table-card">
      <table className="table workload-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{label === 'Inbound traffic' ? 'From' : 'To'}</th>
            <th scope="col">Protocol</th>
            <th scope="col">Rate</th>
            <th scope="col">Errors</th>
            <th scope="col">p95</th>
            <th scope="col">mTLS</th>
          </tr>
        </thead>
        <tbody>
          {peers.map((p) => (
            <tr key={p.id}>
              <th scope="row" className="table__name">
                {p.href ? <Link href={p.href}>{p.name}</Link> : p.name}
                <span className="muted small peer-kind">
                  {' '}
                  {p.kind === 'unknown' ? '' : `${p.kind}, ${p.namespace}`}
                </span>
              </th>
              <td>{p.protocol.toUpperCase()}</td>
              <td>{p.protocol === 'tcp' ? formatBytesPerSecond(p.rate) : `${formatRate(p.rate)} req/s`}</td>
              <td className={p.errorPercent ? 'error-rate--bad' : undefined}>
                {p.errorPercent === undefined ? '–' : formatPercent(p.errorPercent)}
              </td>
              <td>{p.responseTimeMs === undefined ? '–' : formatMs(p.responseTimeMs)}</td>
              <td>
                {p.mtlsPercent === undefined ? (
                  <span className="muted">unknown</span>
                ) : p.mtlsPercent >= 100 ? (
                  <span className="mtls-badge" title="All of this traffic used mutual TLS">
                    mTLS
                  </span>
                ) : p.mtlsPercent > 0 ? (
                  `${formatPercent(p.mtlsPercent)} mTLS`
                ) : (
                  <span className="workload-warning">plain text</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
