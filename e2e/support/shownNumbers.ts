/**
 * Numbers as the web app shows them ("8.37 rps", "13.4 kB/s", "3.6%", "<0.01", ">99.9%") read
 * back into the interval of API values they can stand for, so a spec can check that the page shows
 * the API's number without copying the app's formatting code.
 */

export interface ShownRange {
  /** Inclusive bounds of the values the text rounds from. */
  min: number;
  max: number;
}

const MULTIPLIER: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9 };

/** Braille blanks the canvas puts before a label to leave room for the mTLS lock. */
const LOCK_ROOM = /^[\u2800\s]+/;

export function shownRange(text: string): ShownRange {
  const t = text.replace(LOCK_ROOM, '').trim();
  const m = /^([<>])?(\d+(?:\.(\d+))?)\s*(%|rps|([kMG]?)B\/s)?(?:\s+err)?$/.exec(t);
  if (!m) throw new Error(`not a number as the app shows one: "${text}"`);
  const [, bound, digits, fraction = '', unit = '', prefix = ''] = m;
  const n = Number(digits);
  const scale = MULTIPLIER[prefix] ?? 1;
  // The app writes "<0.01" for a trickle and ">99.9%" for all but a trickle.
  if (bound === '<') return { min: Number.MIN_VALUE, max: n * scale };
  if (bound === '>') return { min: (n + 0.05) * scale, max: unit === '%' ? 100 : Infinity };
  // A bare 0 (rates, percentages) is exactly nothing; bytes/s are rounded to whole bytes.
  if (n === 0 && !unit.endsWith('B/s')) return { min: 0, max: 0 };
  const half = 0.5 * 10 ** -fraction.length;
  return { min: (n - half) * scale, max: (n + half) * scale };
}

/** Whether `text` is what the app shows for `value`; trailing zeros may be dropped, so rounding is all that is checked. */
export function shows(text: string, value: number): boolean {
  const { min, max } = shownRange(text);
  const eps = 1e-9 * Math.max(1, Math.abs(value));
  return value >= min - eps && value <= max + eps;
}

/** Throws a readable message when the page does not show `value`. */
export function expectShown(text: string | undefined, value: number | undefined, what: string): void {
  if (text === undefined) throw new Error(`${what}: the page shows nothing, the API says ${value}`);
  if (value === undefined) throw new Error(`${what}: the page shows "${text}", the API has no value`);
  if (!shows(text, value)) throw new Error(`${what}: the page shows "${text}", the API says ${value}`);
}

/** The graph API's JSON, as much of it as the specs read (DESIGN.md "The graph"). */
export interface ApiNode {
  id: string;
  nodeType: string;
  namespace: string;
  app?: string;
  version?: string;
  service?: string;
  workload?: string;
  health?: string;
  healthReasons?: string[];
  traffic?: Array<{ protocol: string; rates?: Record<string, number> }>;
  isBox?: string;
}

export interface ApiEdge {
  id: string;
  source: string;
  target: string;
  traffic: {
    protocol: 'http' | 'grpc' | 'tcp';
    rates?: Record<string, number>;
    responses?: Record<string, { flags?: Record<string, number>; hosts?: Record<string, number> }>;
  };
  isMTLS?: number;
  health?: string;
}

export interface ApiGraph {
  timestamp: number;
  duration: number;
  graphType: string;
  elements: { nodes: Array<{ data: ApiNode }>; edges: Array<{ data: ApiEdge }> };
}

/** The health level the canvas draws (test hook `health`) for an API health status. */
export function healthLevel(status: string | undefined): string {
  switch (status) {
    case 'Healthy':
      return 'healthy';
    case 'Degraded':
      return 'degraded';
    case 'Failure':
    case 'Not Ready':
      return 'failure';
    default:
      return 'na';
  }
}

/** The word the side panel's health badge says for an API health status. */
export function healthWord(status: string | undefined): string {
  const words: Record<string, string> = {
    healthy: 'Healthy',
    degraded: 'Degraded',
    failure: 'Failure',
    na: 'No health data',
  };
  return words[healthLevel(status)]!;
}
