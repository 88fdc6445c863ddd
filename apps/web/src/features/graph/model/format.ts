/** Number formatting shared by the canvas labels and the side panel. */

/** Requests per second: 3 significant figures at most, `0` for nothing, `<0.01` for a trickle. */
export function formatRate(rps: number): string {
  if (rps === 0) return '0';
  if (rps < 0.01) return '<0.01';
  if (rps >= 100) return String(Math.round(rps));
  if (rps >= 10) return trim(rps.toFixed(1));
  return trim(rps.toFixed(2));
}

export function formatPercent(value: number): string {
  if (value === 0) return '0%';
  if (value < 0.1) return '<0.1%';
  if (value >= 99.95 && value < 100) return '>99.9%';
  return `${trim(value >= 10 ? value.toFixed(0) : value.toFixed(1))}%`;
}

/** Milliseconds, switching to seconds from 1 s on. */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${trim((ms / 1000).toFixed(2))} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  return `${trim(ms.toFixed(1))} ms`;
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB'];

/** Bytes per second in decimal units. */
export function formatBytesPerSecond(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const text = value >= 100 || unit === 0 ? String(Math.round(value)) : trim(value.toFixed(1));
  return `${text} ${BYTE_UNITS[unit]}/s`;
}

function trim(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
