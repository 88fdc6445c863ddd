import { Highlighted } from './Highlighted.tsx';
import { shortTime, type LogRow } from './logsView.ts';

/** An application container's lines as written, with the kubelet's time beside each. */
export function PlainLogLines({ rows, search }: { rows: readonly LogRow[]; search: string }) {
  return (
    <ol className="logs-lines" aria-label="Log lines">
      {rows.map((row) => (
        <li key={row.id} className="logs-lines__line">
          <time className="logs-lines__time" dateTime={row.time} title={row.time}>
            {shortTime(row.time)}
          </time>
          <span className="logs-lines__text">
            <Highlighted text={row.text} search={search} />
          </span>
        </li>
      ))}
    </ol>
  );
}
