import { useState } from 'react';
import { Highlighted } from './Highlighted.tsx';
import { codeTone, RESPONSE_FLAG_MEANINGS, shortTime, upstreamLabel, type LogRow } from './logsView.ts';

/** The sidecar's access log in columns; a click on a row shows its raw line. Other lines (startup messages) span the row. */
export function AccessLogTable({ rows, search }: { rows: readonly LogRow[]; search: string }) {
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <table className="logs-table" aria-label="Access log">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Method</th>
          <th scope="col">Path</th>
          <th scope="col">Code</th>
          <th scope="col">Flags</th>
          <th scope="col" className="logs-table__num">
            Duration
          </th>
          <th scope="col">Upstream</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const open = expanded.has(row.id);
          const a = row.access;
          const timeCell = (
            <td className="logs-table__time">
              <button
                type="button"
                className="logs-table__toggle"
                aria-expanded={open}
                aria-label={`${open ? 'Hide' : 'Show'} the raw line at ${row.time}`}
                title={row.time}
                onClick={() => toggle(row.id)}
              >
                <span aria-hidden="true" className="logs-table__chevron">
                  {open ? '▾' : '▸'}
                </span>
                {shortTime(a?.startTime ?? row.time)}
              </button>
            </td>
          );
          return [
            a ? (
              <tr
                key={row.id}
                className={`logs-table__row logs-table__row--${codeTone(a)}`}
                data-code={a.responseCode}
              >
                {timeCell}
                <td className="logs-table__method">{a.method ?? 'TCP'}</td>
                <td className="logs-table__path" title={a.path}>
                  <Highlighted text={a.path ?? (a.authority ? a.authority : '-')} search={search} />
                </td>
                <td>
                  <span className={`logs-code logs-code--${codeTone(a)}`}>{a.responseCode || '-'}</span>
                </td>
                <td>
                  {a.responseFlags.length === 0 ? (
                    <span className="muted">-</span>
                  ) : (
                    <span className="logs-flags">
                      {a.responseFlags.map((f) => (
                        <span key={f} className="logs-flag" title={RESPONSE_FLAG_MEANINGS[f] ?? f}>
                          {f}
                        </span>
                      ))}
                    </span>
                  )}
                </td>
                <td className="logs-table__num">{a.durationMs} ms</td>
                <td
                  className="logs-table__upstream"
                  title={[a.upstreamCluster, a.upstreamHost].filter(Boolean).join(' → ')}
                >
                  {upstreamLabel(a)}
                </td>
              </tr>
            ) : (
              <tr key={row.id} className="logs-table__row logs-table__row--other">
                {timeCell}
                <td colSpan={6} className="logs-table__text">
                  <Highlighted text={row.text} search={search} />
                </td>
              </tr>
            ),
            open && (
              <tr key={`${row.id}-raw`} className="logs-table__raw">
                <td colSpan={7}>
                  <code>
                    <Highlighted text={row.text} search={search} />
                  </code>
                </td>
              </tr>
            ),
          ];
        })}
      </tbody>
    </table>
  );
}
