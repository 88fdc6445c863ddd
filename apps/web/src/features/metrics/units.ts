import type { DashboardUnit } from '@sextant/contracts';

/** How the dashboard writes a value of each unit: short, with the unit, at most 3 significant digits. */
export function formatValue(value: number, unit: DashboardUnit): string {
  switch (unit) {
    case 'rps':
      return `${number(value)} req/s`;
    case 'ms':
      return value >= 1000 ? `${number(value / 1000)} s` : `${number(value)} ms`;
    case 'bytes':
      return scaled(value, 'B');
    case 'Bps':
      return scaled(value, 'B/s');
  }
}

/** Axis ticks: the same, shorter where the unit is in the panel's title. */
export function formatTick(value: number, unit: DashboardUnit): string {
  switch (unit) {
    case 'rps':
      return number(value);
    case 'ms':
      return value >= 1000 ? `${number(value / 1000)}s` : `${number(value)}ms`;
    case 'bytes':
    case 'Bps':
      return scaled(value, 'B').replace(' ', '');
  }
}

export const UNIT_NAMES: Record<DashboardUnit, string> = {
  rps: 'requests per second',
  ms: 'milliseconds',
  bytes: 'bytes',
  Bps: 'bytes per second',
};

const PREFIXES = ['', 'k', 'M', 'G', 'T'];

/** Decimal prefixes, as Prometheus' and Grafana's byte units. */
function scaled(value: number, unit: string): string {
  let v = value;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < PREFIXES.length - 1) {
    v /= 1000;
    i++;
  }
  return `${number(v)} ${PREFIXES[i]}${unit}`;
}

function number(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 100) return String(Math.round(v));
  if (abs >= 10) return trim(v.toFixed(1));
  if (abs >= 0.01) return trim(v.toFixed(2));
  return String(Number(v.toPrecision(2)));
}

function trim(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
