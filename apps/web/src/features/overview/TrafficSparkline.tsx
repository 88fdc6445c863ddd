import type { MetricSeries } from '@sextant/contracts';

interface Props {
  requests: MetricSeries;
  errors: MetricSeries;
  /** Window (unix seconds), so a namespace whose traffic began late shows where it began. */
  start: number;
  end: number;
  label: string;
  width?: number;
}

const HEIGHT = 36;

/** Requests as a line with a soft fill, failed requests on the same scale below it; no axes. */
export function TrafficSparkline({ requests, errors, start, end, label, width: WIDTH = 160 }: Props) {
  const max = Math.max(0, ...requests.map(([, v]) => v));
  const span = Math.max(1, end - start);
  const x = (t: number) => (((t - start) / span) * WIDTH).toFixed(1);
  const y = (v: number) => (HEIGHT - 2 - (max > 0 ? (v / max) * (HEIGHT - 4) : 0)).toFixed(1);
  const path = (s: MetricSeries) => (s.length ? `M${s.map(([t, v]) => `${x(t)},${y(v)}`).join('L')}` : '');
  const line = path(requests);
  const first = requests[0];
  const last = requests.at(-1);
  const area = first && last ? `${line}L${x(last[0])},${HEIGHT}L${x(first[0])},${HEIGHT}Z` : '';
  const errorLine = errors.some(([, v]) => v > 0) ? path(errors) : '';
  return (
    <svg
      className="ov-spark"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      width={WIDTH}
      height={HEIGHT}
      role="img"
      aria-label={label}
    >
      {area && <path className="ov-spark__area" d={area} />}
      {line && <path className="ov-spark__line" d={line} />}
      {errorLine && <path className="ov-spark__errors" d={errorLine} />}
      {/* The latest point, so a series that began a moment ago still shows where it stands. */}
      {last && <circle className="ov-spark__now" cx={x(last[0])} cy={y(last[1])} r={2.5} />}
      {!line && (
        <text x={WIDTH / 2} y={HEIGHT / 2 + 4} textAnchor="middle" className="ov-spark__empty">
          no traffic
        </text>
      )}
    </svg>
  );
}
