/**
 * Rounds a rate or percentage for the wire: two decimals from 1 up, three significant digits
 * below, so 0.004 req/s stays visible instead of becoming 0.
 */
export function round(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return 0;
  if (Math.abs(v) >= 1) return Math.round(v * 100) / 100;
  return Number(v.toPrecision(3));
}
