/**
 * Error-rate tolerances: which response codes count, and at which share of requests a node or edge
 * becomes Degraded or Failure. The same shape serves the defaults, the server's config and the
 * `health.sextant.io/rate` annotation (see README.md).
 */

export type RequestProtocol = 'http' | 'grpc';
export type Direction = 'inbound' | 'outbound';

/** One alternative of a tolerance's code list. */
export type CodeMatcher =
  /** Same length as the code; `X` stands for any digit (`5XX`, `404`, `0`). */
  | { kind: 'pattern'; pattern: string }
  /** Inclusive numeric range, for gRPC statuses (`1-16`). */
  | { kind: 'range'; from: number; to: number }
  /** `-`: no status at all (a gRPC request that got no gRPC status, e.g. a reset). */
  | { kind: 'none' };

export interface Tolerance {
  /** The code list as written, for reasons shown to users. */
  codes: string;
  matchers: readonly CodeMatcher[];
  /** Percent of requests; the rate must also be above zero. */
  degraded: number;
  failure: number;
  protocol: RequestProtocol | '*';
  direction: Direction | '*';
}

export function codeMatches(matcher: CodeMatcher, code: string): boolean {
  switch (matcher.kind) {
    case 'pattern':
      if (matcher.pattern.length !== code.length) return false;
      for (let i = 0; i < code.length; i++) {
        const p = matcher.pattern[i];
        const c = code[i]!;
        if (p === 'X' ? !(c >= '0' && c <= '9') : p !== c) return false;
      }
      return true;
    case 'range': {
      if (!/^\d+$/.test(code)) return false;
      const n = Number(code);
      return n >= matcher.from && n <= matcher.to;
    }
    case 'none':
      return code === '-';
  }
}

export const toleranceMatches = (t: Tolerance, code: string): boolean =>
  t.matchers.some((m) => codeMatches(m, code));

export type CodeListError = { kind: 'emptyCodes' } | { kind: 'badCode'; code: string };

/** Parses `5XX|0`, `4XX`, `1-16|-`... */
export function parseCodeList(
  text: string,
): { ok: true; matchers: CodeMatcher[] } | { ok: false; error: CodeListError } {
  const parts = text
    .split('|')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, error: { kind: 'emptyCodes' } };
  const matchers: CodeMatcher[] = [];
  for (const part of parts) {
    if (part === '-') {
      matchers.push({ kind: 'none' });
      continue;
    }
    const range = /^(\d{1,3})-(\d{1,3})$/.exec(part);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (from > to) return { ok: false, error: { kind: 'badCode', code: part } };
      matchers.push({ kind: 'range', from, to });
      continue;
    }
    if (/^[0-9Xx]{1,3}$/.test(part)) {
      matchers.push({ kind: 'pattern', pattern: part.toUpperCase() });
      continue;
    }
    return { ok: false, error: { kind: 'badCode', code: part } };
  }
  return { ok: true, matchers };
}

/** Builds a tolerance from trusted literals (defaults, tests); throws on a bad code list. */
export function tolerance(
  codes: string,
  degraded: number,
  failure: number,
  protocol: RequestProtocol | '*' = '*',
  direction: Direction | '*' = '*',
): Tolerance {
  const parsed = parseCodeList(codes);
  if (!parsed.ok) throw new Error(`bad code list "${codes}"`);
  return { codes, matchers: parsed.matchers, degraded, failure, protocol, direction };
}

/**
 * DESIGN.md defaults: HTTP 5xx and no response (code 0) degrade above 0 % and fail at 10 %; 4xx
 * degrade at 10 % and fail at 20 %; gRPC errors (status 1-16) and no status count like 5xx.
 */
export const DEFAULT_TOLERANCES: readonly Tolerance[] = [
  tolerance('5XX|0', 0, 10, 'http'),
  tolerance('4XX', 10, 20, 'http'),
  tolerance('1-16|-', 0, 10, 'grpc'),
];

/** Health settings passed into the graph; `tolerances` replace the defaults as a whole. */
export interface HealthConfig {
  tolerances: readonly Tolerance[];
}

export const DEFAULT_HEALTH_CONFIG: HealthConfig = { tolerances: DEFAULT_TOLERANCES };
