import type { LogLine } from '@sextant/contracts';
import {
  accessLogSeverity,
  parseAccessLogLine,
  type AccessLogRecord,
  type AccessLogSeverity,
} from '@sextant/mesh';

/** A line as the log view shows it: its place in the stream (a stable key), raw text, parsed access-log fields. */
export interface LogRow {
  id: number;
  time: string;
  text: string;
  access: AccessLogRecord | undefined;
}

/** The most lines a view keeps; older ones drop off the top while following. */
export const MAX_ROWS = 5000;

export function toRows(lines: readonly LogLine[], firstId: number, parse: boolean): LogRow[] {
  return lines.map((l, i) => ({
    id: firstId + i,
    time: l.time,
    text: l.text,
    access: parse ? parseAccessLogLine(l.text) : undefined,
  }));
}

/** Appends while keeping at most `max` rows, the newest. */
export function appendRows(rows: readonly LogRow[], added: readonly LogRow[], max = MAX_ROWS): LogRow[] {
  const all = rows.length === 0 ? [...added] : [...rows, ...added];
  return all.length > max ? all.slice(all.length - max) : all;
}

/** Rows whose raw line contains `search`, ignoring case; all rows for an empty search. */
export function filterRows(rows: readonly LogRow[], search: string): readonly LogRow[] {
  const needle = search.trim().toLowerCase();
  if (needle === '') return rows;
  return rows.filter((r) => r.text.toLowerCase().includes(needle));
}

/** `text` cut around each case-insensitive occurrence of `search`, for highlighting. */
export function highlightParts(text: string, search: string): Array<{ text: string; match: boolean }> {
  const needle = search.trim().toLowerCase();
  if (needle === '') return [{ text, match: false }];
  const parts: Array<{ text: string; match: boolean }> = [];
  const lower = text.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, at)) {
    if (i > at) parts.push({ text: text.slice(at, i), match: false });
    parts.push({ text: text.slice(i, i + needle.length), match: true });
    at = i + needle.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), match: false });
  return parts;
}

/** `12:00:01.234` in the viewer's time zone; the full timestamp goes in the title. */
export function shortTime(time: string): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return time;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/**
 * Where the request went, short: the service of an outbound cluster (`reviews.bookinfo:9080`), the
 * local port of an inbound one (`inbound :9080`), else the upstream host.
 */
export function upstreamLabel(record: AccessLogRecord): string {
  const cluster = record.upstreamCluster;
  if (cluster) {
    const [direction, port, , host] = cluster.split('|');
    if (direction === 'inbound') return `inbound :${port}`;
    if (direction === 'outbound' && host)
      return `${host.replace(/\.svc\.cluster\.local$/, '')}${port ? `:${port}` : ''}`;
    return cluster;
  }
  return record.upstreamHost ?? '-';
}

export type CodeTone = AccessLogSeverity;
export const codeTone = (record: AccessLogRecord): CodeTone => accessLogSeverity(record);

/** Envoy's response flags and what each means, for the flag chips' titles. */
export const RESPONSE_FLAG_MEANINGS: Readonly<Record<string, string>> = {
  UH: 'No healthy upstream hosts',
  UF: 'Upstream connection failure',
  UO: 'Upstream overflow (circuit breaking)',
  NR: 'No route configured',
  URX: 'Upstream retry limit exceeded',
  UT: 'Upstream request timeout',
  UC: 'Upstream connection termination',
  DC: 'Downstream connection termination',
  LH: 'Local service failed health check',
  LR: 'Connection local reset',
  UR: 'Upstream remote reset',
  DI: 'Request delayed by fault injection',
  FI: 'Request aborted by fault injection',
  RL: 'Rate limited locally',
  UAEX: 'Denied by the external authorization service',
  RLSE: 'Rate limit service error',
  SI: 'Stream idle timeout',
  NC: 'Upstream cluster not found',
  DT: 'Request or connection exceeded max duration',
};

/** The choices of the "since" picker, in seconds (undefined: everything kept). */
export const SINCE_CHOICES: ReadonlyArray<{ label: string; seconds: number | undefined }> = [
  { label: 'All kept', seconds: undefined },
  { label: 'Last 1 minute', seconds: 60 },
  { label: 'Last 5 minutes', seconds: 300 },
  { label: 'Last 15 minutes', seconds: 900 },
  { label: 'Last hour', seconds: 3600 },
  { label: 'Last 24 hours', seconds: 86_400 },
];

export const TAIL_CHOICES: readonly number[] = [100, 500, 1000, 5000];
