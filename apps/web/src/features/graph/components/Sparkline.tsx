import type { MetricSeries } from '@sextant/contracts';

interface Props {
  series: MetricSeries;
  /** Accessible name, e.g. "Request rate over the last 10 minutes". */
  label: string;
  colour: string;
  /** Window start and end (unix seconds): gaps at either end stay visible. */
  start: number;
  end: number;
  width?: number;
  height?: number;
  /** Config changes in the window (unix seconds), drawn as dashed lines. */
  markers?: readonly number[];
}

/** A line with a soft fill; no axes — the number beside it gives the scale. */
export function Sparkline({
  series,
  label,
  colour,
  start,
  end,
  width = 220,
  height = 40,
  markers = [],
}: Props) {
  const max = Math.max(0, ...series.map(([, v]) => v));
  const span = Math.max(1, end - start);
  const x = (t: number) => ((t - start) / span) * width;
  const y = (v: number) => height - 2 - (max > 0 ? (v / max) * (height - 4) : 0);
  const points = series.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`);
  const line = points.length ? `M${points.join('L')}` : '';
  const first = series[0];
  const last = series[series.length - 1];
  const area =
    first && last ? `${line}L${x(last[0]).toFixed(1)},${height}L${x(first[0]).toFixed(1)},${height}Z` : '';
  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      width={width}
      height={height}
      role="img"
      aria-label={
        markers.length
          ? `${label}, ${markers.length} config change${markers.length === 1 ? '' : 's'} marked`
          : label
      }
      data-markers={markers.length}
    >
      {markers.map((t) => (
        <line key={t} className="sparkline__marker" x1={x(t)} x2={x(t)} y1={0} y2={height} />
      ))}
      {area && <path d={area} fill={colour} opacity={0.14} />}
      {line && <path d={line} fill="none" stroke={colour} strokeWidth={1.6} strokeLinejoin="round" />}
      {!line && (
        <text x={width / 2} y={height / 2 + 4} textAnchor="middle" className="sparkline__empty">
          no data
        </text>
      )}
    </svg>
  );
}
