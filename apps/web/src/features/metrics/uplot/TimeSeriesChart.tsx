import type { DashboardSeries, DashboardUnit } from '@sextant/contracts';
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useDocumentTheme } from '../../../lib/useDocumentTheme.ts';
import { toColumns } from '../chartData.ts';
import { formatTick, formatValue } from '../units.ts';

/**
 * The one place that imports uPlot (as cytoscape/ is for the graph): a time series chart with a
 * hover tooltip and drag-to-select. Colours come from CSS variables, read again when the theme
 * changes, so both themes draw with the app's palette.
 */

export interface SeriesStyle {
  /** Index into the `--chart-N` palette (wraps). */
  color: number;
  dash: number[] | undefined;
}

interface Props {
  title: string;
  unit: DashboardUnit;
  series: readonly DashboardSeries[];
  styles: readonly SeriesStyle[];
  /** The time axis, unix seconds: the window asked for, however few points came back. */
  window: { start: number; end: number };
  /** A window dragged over the chart, unix seconds. */
  onSelectWindow?: (from: number, to: number) => void;
  height?: number;
  /** Config changes in the window (unix seconds): a dashed line each, so a step in a line has its cause beside it. */
  markers?: readonly { time: number; operation: 'create' | 'update' | 'delete' }[];
}

const PALETTE_SIZE = 8;
const NO_MARKERS: NonNullable<Props['markers']> = [];

export function chartColor(slot: number): string {
  return `var(--chart-${(slot % PALETTE_SIZE) + 1})`;
}

interface Hover {
  idx: number;
  left: number;
  top: number;
}

export function TimeSeriesChart({
  title,
  unit,
  series,
  styles,
  window: timeWindow,
  onSelectWindow,
  height = 180,
  markers = NO_MARKERS,
}: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useDocumentTheme();
  const columns = useMemo(() => toColumns(series), [series]);
  const [hover, setHover] = useState<Hover | undefined>(undefined);
  // The latest props, for the chart's callbacks: a refresh replaces the data of the chart on
  // screen (a hover or a drag in progress survives it); only new series, a new unit or a theme
  // change build a new chart.
  const latest = useRef({ series, styles, timeWindow, onSelectWindow, markers });
  latest.current = { series, styles, timeWindow, onSelectWindow, markers };
  const shape = `${series.map((s) => s.label).join('\n')}|${styles
    .map((st) => `${st.color}:${st.dash?.join(',') ?? ''}`)
    .join(';')}`;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const { series, styles } = latest.current;
    const css = getComputedStyle(document.documentElement);
    const cssVar = (name: string) => css.getPropertyValue(name).trim();
    const resolve = (slot: number) => cssVar(`--chart-${(slot % PALETTE_SIZE) + 1}`);
    const axisColor = cssVar('--text-muted');
    const markerColors = { change: cssVar('--warning-border'), delete: cssVar('--danger-border') };
    const gridColor = cssVar('--border');
    const axis: uPlot.Axis = {
      stroke: axisColor,
      grid: { stroke: gridColor, width: 1 },
      ticks: { stroke: gridColor, width: 1 },
      font: '11px system-ui, sans-serif',
    };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: false },
      cursor: {
        drag: { x: true, y: false, setScale: false },
        points: { size: 6 },
      },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      scales: {
        x: { time: true, range: () => [latest.current.timeWindow.start, latest.current.timeWindow.end] },
        // Every unit here counts something: from zero, so a small wobble does not look like a cliff.
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        axis,
        {
          ...axis,
          size: 56,
          values: (_u, ticks) => ticks.map((t) => formatTick(t, unit)),
        },
      ],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: resolve(styles[i]?.color ?? i),
          width: 1.5,
          ...(styles[i]?.dash ? { dash: styles[i].dash } : {}),
        })),
      ],
      hooks: {
        draw: [
          (u) => {
            const ctx = u.ctx;
            const { top, height: h } = u.bbox;
            ctx.save();
            ctx.lineWidth = Math.max(1, devicePixelRatio);
            ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
            for (const m of latest.current.markers) {
              const x = Math.round(u.valToPos(m.time, 'x', true));
              if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
              ctx.strokeStyle = m.operation === 'delete' ? markerColors.delete : markerColors.change;
              ctx.beginPath();
              ctx.moveTo(x, top);
              ctx.lineTo(x, top + h);
              ctx.stroke();
            }
            ctx.restore();
          },
        ],
        setCursor: [
          (u) => {
            const idx = u.cursor.idx;
            setHover(
              idx === null || idx === undefined
                ? undefined
                : { idx, left: u.cursor.left ?? 0, top: u.cursor.top ?? 0 },
            );
          },
        ],
        setSelect: [
          (u) => {
            if (u.select.width < 2) return;
            const from = u.posToVal(u.select.left, 'x');
            const to = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            latest.current.onSelectWindow?.(from, to);
          },
        ],
      },
    };
    // Empty until the data effect below fills it, in the same commit.
    const chart = new uPlot(opts, [[], ...series.map(() => [])], el);
    plot.current = chart;
    const resize = new ResizeObserver(() => {
      chart.setSize({ width: Math.max(200, el.clientWidth), height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [shape, unit, height, theme]);

  useEffect(() => {
    plot.current?.setData([columns.times, ...columns.values]);
  }, [columns, shape, unit, height, theme, timeWindow.start, timeWindow.end]);

  const markerKey = markers.map((m) => `${m.time}:${m.operation}`).join(',');
  useEffect(() => {
    plot.current?.redraw(false);
  }, [markerKey]);

  const time = hover ? columns.times[hover.idx] : undefined;
  const rows =
    hover && time !== undefined
      ? series
          .map((s, i) => ({ s, i, value: columns.values[i]?.[hover.idx] ?? null }))
          .filter((r) => r.value !== null)
      : [];
  const width = host.current?.clientWidth ?? 0;
  return (
    <div
      className="ts-chart"
      role="img"
      aria-label={`${title} chart${markers.length ? `, ${markers.length} config change${markers.length === 1 ? '' : 's'} marked` : ''}`}
      data-points={columns.times.length}
      data-markers={markers.length}
    >
      <div ref={host} className="ts-chart__canvas" />
      {hover && time !== undefined && rows.length > 0 && (
        <div
          className="ts-chart__tooltip"
          role="tooltip"
          style={{
            // Beside the cursor, on whichever side has room.
            left: hover.left > width / 2 ? undefined : hover.left + 64,
            right: hover.left > width / 2 ? width - hover.left + 8 : undefined,
            top: Math.max(0, hover.top - 8),
          }}
        >
          <div className="ts-chart__tooltip-time">{new Date(time * 1000).toLocaleTimeString()}</div>
          {rows.map(({ s, i, value }) => (
            <div key={s.label} className="ts-chart__tooltip-row">
              <span
                className="ts-chart__swatch"
                style={{ background: chartColor(styles[i]?.color ?? i) }}
                aria-hidden="true"
              />
              <span className="ts-chart__tooltip-label">{s.label}</span>
              <span className="ts-chart__tooltip-value">{formatValue(value!, unit)}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
