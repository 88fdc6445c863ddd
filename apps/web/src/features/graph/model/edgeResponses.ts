import type { EdgeData, Protocol } from '@sextant/contracts';

/**
 * An edge's outcomes as the side panel lists them: requests/s by class of outcome (from the
 * edge's rates) and Kiali's `responses` (code x response flag, code x host) as rows. Pure.
 */

export const PROTOCOL_TEXT: Record<Protocol, string> = { http: 'HTTP', grpc: 'gRPC', tcp: 'TCP' };

/** gRPC status codes by number (grpc/grpc doc/statuscodes.md). */
const GRPC_STATUS = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

/** Envoy's response flags that show up in Istio's metrics, in words (for tooltips). */
const FLAG_TEXT: Record<string, string> = {
  UH: 'no healthy upstream',
  UF: 'upstream connection failure',
  UO: 'upstream overflow (circuit breaker)',
  NR: 'no route configured',
  URX: 'upstream retry limit exceeded',
  UT: 'upstream request timeout',
  UC: 'upstream connection termination',
  UR: 'upstream remote reset',
  LR: 'connection local reset',
  DC: 'downstream connection termination',
  FI: 'fault injected: aborted',
  DI: 'fault injected: delayed',
  RL: 'rate limited',
  UAEX: 'unauthorized (external authorization)',
  RLSE: 'rate limit service error',
  DPE: 'downstream protocol error',
  UPE: 'upstream protocol error',
  NC: 'no upstream cluster',
};

/** The name of a gRPC status ("14" -> "UNAVAILABLE"); undefined for anything else (HTTP codes on a gRPC edge). */
export function grpcStatusName(code: string): string | undefined {
  return /^\d{1,2}$/.test(code) ? GRPC_STATUS[Number(code)] : undefined;
}

/** What a response code means, next to the number; empty when the number says it all. */
export function codeMeaning(protocol: Protocol, code: string): string {
  if (protocol === 'grpc') {
    if (code === '-') return 'no status';
    const name = grpcStatusName(code);
    if (name) return name;
  }
  if (code === '0') return 'no response';
  return '';
}

/** `UT,URX` -> "upstream request timeout, upstream retry limit exceeded"; `-` -> "". */
export function flagsMeaning(flags: string): string {
  if (flags === '-' || flags === '') return '';
  return flags
    .split(',')
    .map((f) => FLAG_TEXT[f] ?? f)
    .join(', ');
}

export function isErrorCode(protocol: Protocol, code: string): boolean {
  switch (protocol) {
    case 'grpc':
      // Istio may report an HTTP status for gRPC (no grpc-status came back): judge it as HTTP.
      return code.length === 3 ? code.startsWith('4') || code.startsWith('5') : code !== '0';
    case 'http':
      return code === '0' || code.startsWith('4') || code.startsWith('5');
    case 'tcp':
      return false;
  }
}

export interface OutcomeRow {
  label: string;
  /** Requests/s. */
  rate: number;
  bad: boolean;
}

/**
 * Requests/s by class of outcome, adding up to the edge's request rate. HTTP: 2xx (the rest),
 * 3xx, 4xx, 5xx, no response; gRPC: OK (the rest) and errors (any non-OK status). TCP has none.
 * Classes without traffic are left out, except the first.
 */
export function outcomeRows(edge: EdgeData): OutcomeRow[] {
  // Kiali leaves rates out of an idle edge.
  const r: Record<string, number | undefined> = edge.traffic.rates ?? {};
  const nonEmpty = (rows: OutcomeRow[]) => rows.filter((row, i) => i === 0 || row.rate > 0);
  switch (edge.traffic.protocol) {
    case 'http': {
      const total = r.http ?? 0;
      const [x3, x4, x5, none] = [r.http3xx ?? 0, r.http4xx ?? 0, r.http5xx ?? 0, r.httpNoResponse ?? 0];
      return nonEmpty([
        { label: '2xx', rate: Math.max(0, total - x3 - x4 - x5 - none), bad: false },
        { label: '3xx', rate: x3, bad: false },
        { label: '4xx', rate: x4, bad: true },
        { label: '5xx', rate: x5, bad: true },
        { label: 'No response', rate: none, bad: true },
      ]);
    }
    case 'grpc': {
      const total = r.grpc ?? 0;
      const errors = r.grpcErr ?? 0;
      return nonEmpty([
        { label: 'OK', rate: Math.max(0, total - errors), bad: false },
        { label: 'Error (non-OK status)', rate: errors, bad: true },
      ]);
    }
    case 'tcp':
      return [];
  }
}

export interface ResponseRow {
  code: string;
  /** Next to the code: "UNAVAILABLE", "no response"; empty for plain HTTP codes. */
  codeMeaning: string;
  /** Envoy's response flags, `-` for none. */
  flags: string;
  flagsMeaning: string;
  /** Kiali's number for this code and flag: a percentage of the edge's requests (or connections). */
  percent: number;
  bad: boolean;
}

/** `responses` as one row per code and flag, the largest share first. */
export function responseRows(edge: EdgeData): ResponseRow[] {
  const protocol = edge.traffic.protocol;
  const rows: ResponseRow[] = [];
  for (const [code, detail] of Object.entries(edge.traffic.responses ?? {})) {
    for (const [flags, percent] of Object.entries(detail.flags ?? {})) {
      rows.push({
        code,
        codeMeaning: codeMeaning(protocol, code),
        flags,
        flagsMeaning: flagsMeaning(flags),
        percent,
        bad: isErrorCode(protocol, code) || (flags !== '-' && flags !== ''),
      });
    }
  }
  return rows.sort((a, b) => b.percent - a.percent || a.code.localeCompare(b.code));
}

export interface HostRow {
  code: string;
  host: string;
  percent: number;
}

/** `responses` as one row per code and destination host, the largest share first. */
export function hostRows(edge: EdgeData): HostRow[] {
  const rows: HostRow[] = [];
  for (const [code, detail] of Object.entries(edge.traffic.responses ?? {})) {
    for (const [host, percent] of Object.entries(detail.hosts ?? {})) rows.push({ code, host, percent });
  }
  return rows.sort((a, b) => b.percent - a.percent || a.code.localeCompare(b.code));
}
